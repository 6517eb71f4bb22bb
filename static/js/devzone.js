// Behaviour shared by every page. No inline scripts: the Content-Security-Policy forbids them.
document.documentElement.classList.add("js");
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
// The header menu folds behind its button on phones (static/css/devzone.css).
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".menu-toggle");
  if (!toggle) return;
  var menu = document.getElementById(toggle.getAttribute("aria-controls"));
  var open = menu.classList.toggle("open");
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
});
// The header bell's unread count, fetched after the page (pages themselves carry no count).
(function () {
  var bell = document.querySelector(".bell[data-unread-url]");
  if (!bell || !window.fetch) return;
  fetch(bell.getAttribute("data-unread-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.unread) return;
      var count = bell.querySelector("[data-role=unread]");
      count.textContent = data.unread > 99 ? "99+" : String(data.unread);
      count.hidden = false;
    })
    .catch(function () {});
})();
