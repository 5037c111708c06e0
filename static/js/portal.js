// Landing page: a button copying the citation to the clipboard (shown only where it works).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-copy-citation]");
    var citation = document.querySelector("[data-citation]");
    if (!button || !citation || !navigator.clipboard) return;
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(citation.textContent.trim()).then(function () {
        button.textContent = "✓ " + label;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
