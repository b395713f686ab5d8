// Leitstern's small client layer: htmx gets the CSRF token; nothing here is required for
// a page to work, every link and form also works without JavaScript.
document.addEventListener("htmx:configRequest", (event) => {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  if (cookie) event.detail.headers["X-CSRFToken"] = cookie.split("=")[1];
});
// Forms marked data-autosubmit refresh their results as soon as a filter changes.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && window.htmx) window.htmx.trigger(form, "submit");
});
