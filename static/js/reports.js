// A document's 成文日期 is the one staff set on the page (today unless changed).
function withDate(link) {
  var input = document.getElementById("document-date");
  if (!input || !input.value || !link.hasAttribute("data-dated")) return link.href;
  var url = new URL(link.href, window.location.href);
  url.searchParams.set("date", input.value);
  return url.toString();
}

// Report downloads take a moment (figures, charts, Word): the link disables itself and says
// so until the file has arrived, so nobody clicks twice and wonders whether anything happens.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-generate]");
  if (!link || !window.fetch || !window.URL || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  if (link.getAttribute("aria-disabled") === "true") return;
  var label = link.textContent;
  link.setAttribute("aria-disabled", "true");
  link.setAttribute("aria-busy", "true");
  link.textContent = link.dataset.generate || "…";
  var href = withDate(link);
  fetch(href, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      var match = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get("Content-Disposition") || "");
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var save = document.createElement("a");
        save.href = url;
        save.download = match ? decodeURIComponent(match[1]) : "report.docx";
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      });
    })
    .catch(function () { window.location.href = href; })
    .finally(function () {
      link.textContent = label;
      link.removeAttribute("aria-disabled");
      link.removeAttribute("aria-busy");
    });
});
