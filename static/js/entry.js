// Monthly entry page: keyboard movement down a column, pasting a column from Excel, and live
// figures. The figures come from the server (the statistics module), never computed here.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var previewUrl = form.dataset.previewUrl;
  var status = form.querySelector("[data-role=preview-status]");

  function column(input) {
    return Array.prototype.slice.call(
      form.querySelectorAll('input[data-col="' + input.dataset.col + '"]:not([disabled])')
    ).filter(function (cell) { return !cell.closest("section[hidden]"); });
  }

  // One category at a time: the others are hidden, their inputs still sent and saved unchanged.
  // The choice is kept in the address (#category-code), which a save's redirect keeps.
  var filter = document.querySelector("[data-role=category-filter]");
  function showCategory(code) {
    Array.prototype.forEach.call(form.querySelectorAll("section[data-category]"), function (section) {
      section.hidden = Boolean(code) && section.dataset.category !== code;
    });
    Array.prototype.forEach.call(filter.querySelectorAll("a[data-category]"), function (link) {
      if (link.dataset.category === code) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    var address = location.pathname + location.search + (code ? "#category-" + code : "");
    history.replaceState(null, "", address);
    form.setAttribute("action", address);
  }
  if (filter) {
    filter.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-category]");
      if (!link) return;
      event.preventDefault();
      showCategory(link.dataset.category);
      window.scrollTo(0, filter.getBoundingClientRect().top + window.pageYOffset - 8);
    });
    var kept = /^#category-([\w-]+)$/.exec(location.hash);
    // A save refused shows every category, so that no message is out of sight.
    if (kept && form.querySelector("section[data-category=\"" + kept[1] + "\"]") && !form.querySelector("[data-role=not-saved]")) {
      showCategory(kept[1]);
    }
  }

  function move(input, step) {
    var cells = column(input);
    var next = cells[cells.indexOf(input) + step];
    if (next) { next.focus(); next.select(); }
    return Boolean(next);
  }

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.dataset || !input.dataset.col) return;
    if (event.key === "Enter" || event.key === "Tab") {
      // Down the column (up with Shift), as in a spreadsheet; Tab at the end leaves the table.
      if (move(input, event.shiftKey ? -1 : 1) || event.key === "Enter") event.preventDefault();
    }
  });

  function cleanNumber(text) {
    return text.replace(/[,，\s]/g, "").replace(/^\((.*)\)$/, "-$1");
  }

  form.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.dataset || !input.dataset.col || input.dataset.col === "comment") return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    if (lines.length < 2) return;
    event.preventDefault();
    var cells = column(input);
    var start = cells.indexOf(input);
    lines.forEach(function (line, offset) {
      var target = cells[start + offset];
      if (target) target.value = cleanNumber(line.split("\t")[0]);
    });
    schedulePreview();
  });

  var timer = null;
  var sequence = 0;
  function schedulePreview() {
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  }
  form.addEventListener("input", function (event) {
    if (event.target.dataset && event.target.dataset.col) schedulePreview();
  });

  function fill(row, data) {
    ["month_value", "ytd_value", "target", "completion"].forEach(function (name) {
      var cell = row.querySelector('[data-cell="' + name + '"]');
      if (cell) {
        cell.textContent = data[name];
        // Why a figure is "—": the month before it is missing (month_value_note, ytd_value_note).
        if (name + "_note" in data) cell.title = data[name + "_note"];
      }
    });
    var yoy = row.querySelector('[data-cell="yoy"]');
    yoy.textContent = data.yoy + (data.yoy_published ? " " + form.dataset.publishedLabel : "");
    var gap = row.querySelector('[data-cell="gap"]');
    gap.textContent = data.gap;
    gap.className = data.gap_class;
    var valueCell = row.querySelector('input[data-col="value"]').parentNode;
    valueCell.querySelector("[data-role=errors]").textContent = data.errors.join(" ");
    valueCell.querySelector("[data-role=warnings]").textContent = data.warnings.join(" ");
    valueCell.classList.toggle("has-error", data.errors.length > 0);
    valueCell.classList.toggle("has-warning", data.errors.length === 0 && data.warnings.length > 0);
  }

  function preview() {
    var mine = ++sequence;
    if (status) status.textContent = form.dataset.computingLabel;
    fetch(previewUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (mine !== sequence) return; // a newer request is on its way
        Object.keys(data.rows).forEach(function (code) {
          var row = form.querySelector('tr[data-code="' + code + '"]');
          if (row) fill(row, data.rows[code]);
        });
        if (status) status.textContent = data.errors.join(" ");
      })
      .catch(function () {
        if (status && mine === sequence) status.textContent = form.dataset.unavailableLabel;
      });
  }
})();
