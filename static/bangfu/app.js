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
// Lists keep their state in the URL: a GET search form and the pager push the address they fetched, so
// Back returns to the same search and page, and a search can be bookmarked or sent to a colleague.
function keepListStateInUrl(root) {
  root.querySelectorAll("form[method=get][hx-get], .pagination a[hx-get]").forEach((el) => {
    if (!el.hasAttribute("hx-push-url")) el.setAttribute("hx-push-url", "true");
  });
}
document.addEventListener("DOMContentLoaded", () => keepListStateInUrl(document));
document.addEventListener("htmx:afterSwap", (event) => keepListStateInUrl(event.target));
// Batch work: a heading checkbox (data-select-all="name") ticks every row checkbox of that name.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.dataset.selectAll) {
    document.querySelectorAll(`input[type=checkbox][name="${target.dataset.selectAll}"]`).forEach((box) => {
      box.checked = target.checked;
    });
  }
});
