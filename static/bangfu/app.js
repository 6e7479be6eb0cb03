// Small behaviours that need no framework; no inline scripts (CSP script-src 'self').
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form?.submit();
  }
});
// Widgets rendered by Django forms get Tabler's classes.
function styleFormControls(root) {
  root.querySelectorAll("input:not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea").forEach((el) => {
    if (!el.classList.contains("form-control")) el.classList.add("form-control");
  });
  root.querySelectorAll("select").forEach((el) => {
    if (!el.classList.contains("form-select")) el.classList.add("form-select");
  });
}
document.addEventListener("DOMContentLoaded", () => styleFormControls(document));
document.addEventListener("htmx:afterSwap", (event) => styleFormControls(event.target));
