// Progressive enhancement for the public and back-office forms. Every form
// works without this file; with it:
// - a form with errors moves focus to its error summary (the GOV.UK pattern),
//   so screen-reader and keyboard users hear what went wrong first;
// - a submitted form disables its submit buttons, so a double click sends one
//   request (the server is idempotent anyway: a re-post shows the same receipt).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
    // The credit report's print button (hidden without JavaScript).
    Array.prototype.forEach.call(document.querySelectorAll(".print-button"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (form) {
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
          // Disabled after this tick so the clicked button's value is still sent.
          setTimeout(function () { b.disabled = true; b.setAttribute("aria-busy", "true"); }, 0);
        });
        form.setAttribute("data-submitted", "true");
      });
    });
  });
})();
