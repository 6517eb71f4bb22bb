// Imports can take a while for large files: show that the server is working and prevent a second submit.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-busy]")) return;
  var button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  var note = form.querySelector("[data-role=busy]");
  if (note) note.textContent = form.getAttribute("data-busy");
});
