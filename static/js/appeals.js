/* Loaded on every appeal page: after a refused form, move the focus to the error summary,
   so it is read out first. (htmx's inline indicator style is switched off site-wide by the
   htmx-config meta tag in base.html, since our CSP refuses inline styles.) */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("main .form-errors[tabindex]");
    if (summary) { summary.focus(); }
  });
})();
