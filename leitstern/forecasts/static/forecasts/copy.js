// Copy buttons for share links. A button with data-copy-from="<id>" copies that element's
// text; one with data-copy-url copies the page's own address. Buttons start hidden and are
// shown only where this script runs, so a page without JavaScript shows no dead button;
// the link stays visible as text to select by hand. No inline script: the
// Content-Security-Policy allows only this file.
(function () {
  "use strict";

  function status(button, key) {
    const out = button.parentElement && button.parentElement.querySelector(".copy-status");
    if (out) out.textContent = out.dataset[key] || "";
  }

  function selectText(el) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    const source = button.dataset.copyFrom && document.getElementById(button.dataset.copyFrom);
    const text = source ? source.textContent.trim() : window.location.href;
    const done = () => status(button, "copied");
    const failed = () => {
      if (source) selectText(source);
      status(button, "failed");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-copy-from], [data-copy-url]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => copy(button));
    });
  });
})();
