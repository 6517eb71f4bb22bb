// A running job's page: poll its status and show the bar; reload when it ends for the result.
(function () {
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-finished") === "1" || !window.fetch) return;
  var url = box.getAttribute("data-status-url");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.reload(); return; }
        box.querySelector("[data-role=bar]").style.width = job.percent + "%";
        box.querySelector(".progress").setAttribute("aria-valuenow", job.percent);
        box.querySelector("[data-role=status]").textContent = job.status_label;
        box.querySelector("[data-role=rows]").textContent = (job.stage_label ? job.stage_label + " · " : "") +
          job.percent + "% · " + job.rows_done + (job.rows_total ? " / " + job.rows_total : "");
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
