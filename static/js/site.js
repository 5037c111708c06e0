/* Behaviour every page shares. It lives here, not in inline attributes (onclick=, style=),
   because the Content Security Policy runs no inline code. */
(function () {
  "use strict";

  // A form, or the button that submits it, with data-confirm="question" asks first.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var question = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A select with data-autosubmit sends its form when changed (the language chooser).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });

  // Progress bars carry their width in data-width (percent); set it, also in swapped content.
  function widths(root) {
    var bars = Array.prototype.slice.call(root.querySelectorAll("[data-width]"));
    if (root.matches && root.matches("[data-width]")) { bars.push(root); }
    bars.forEach(function (bar) { bar.style.width = bar.dataset.width + "%"; });
  }
  if (window.htmx) {
    window.htmx.onLoad(widths);
  } else {
    widths(document);
  }

  // A job's log (details.job-details) stays open while its progress is polled: each poll
  // replaces the element, so the open ones are remembered by id and opened again.
  var openLogs = {};
  document.addEventListener("toggle", function (event) {
    var el = event.target;
    if (el.matches && el.matches("details.job-details") && el.id) { openLogs[el.id] = el.open; }
  }, true);
  if (window.htmx) {
    window.htmx.onLoad(function (root) {
      Array.prototype.slice.call(root.querySelectorAll("details.job-details")).forEach(
        function (el) { if (openLogs[el.id]) { el.open = true; } });
    });
  }
})();
