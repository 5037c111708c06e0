/* Form errors. A page answering a submission with errors shows an error summary
 * ([data-error-summary], tabindex=-1): focus moves to it, so that a screen reader announces
 * it and the keyboard starts from it instead of from the top of the page. Its links lead to
 * each field with an error and focus that field.
 *
 * A summary with data-error-summary="hash" is also shown when nothing was submitted (the
 * metadata editor lists a section's problems on every visit): it takes focus only when the
 * address names it (#its-id), as the redirect after saving does.
 */
(function () {
  "use strict";

  function wanted(summary) {
    if (summary.dataset.errorSummary !== "hash") { return true; }
    return summary.id && window.location.hash === "#" + summary.id;
  }

  function focusSummary(root) {
    var summary = root.querySelector ? root.querySelector("[data-error-summary]") : null;
    if (!summary && root.matches && root.matches("[data-error-summary]")) { summary = root; }
    if (!summary || !wanted(summary)) { return; }
    if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
    summary.focus();
  }

  // A link of a summary focuses its field (and scrolls it into view), also for fields the
  // browser would not focus by itself when following a #fragment.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) { return; }
    event.preventDefault();
    if (!field.matches("input, select, textarea, button, [tabindex]")) {
      field = field.querySelector("input:not([type=hidden]), select, textarea") || field;
    }
    field.scrollIntoView({ block: "center" });
    field.focus();
  });

  if (window.htmx) {
    window.htmx.onLoad(focusSummary);
  } else {
    focusSummary(document);
  }
})();
