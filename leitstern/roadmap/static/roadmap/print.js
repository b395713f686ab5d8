// The printable roadmap's "Print" button; without it, the browser's own Print does the same.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-print]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
