// Behaviour shared by every page. No inline scripts: the Content-Security-Policy forbids them.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
