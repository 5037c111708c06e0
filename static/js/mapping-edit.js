/* The mapping page: filter the terms as one types, or show only the mapped ones; term help
 * popovers (focus moves in on opening and back to the button on closing) with a concept
 * filter; the sample values of the column chosen for a term. */
(function () {
  "use strict";

  function termFilter() {
    var search = document.querySelector("[data-term-search]");
    var onlyMapped = document.querySelector("[data-only-mapped]");
    if (!search) { return; }
    function apply() {
      var q = search.value.trim().toLowerCase(), any = false;
      document.querySelectorAll("tbody[data-group]").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("tr[data-term]").forEach(function (row) {
          var ok = (!q || row.dataset.search.indexOf(q) !== -1) &&
                   (!onlyMapped.checked || row.hasAttribute("data-mapped"));
          row.hidden = !ok; if (ok) { shown++; }
        });
        group.querySelector(".group-row").hidden = shown === 0;
        if (shown) { any = true; }
      });
      document.querySelector("[data-no-terms]").hidden = any;
    }
    search.addEventListener("input", apply);
    onlyMapped.addEventListener("change", apply);
    search.form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  }

  function invokerOf(popover) {
    return document.querySelector(".term-help-button[popovertarget='" + popover.id + "']");
  }

  function helpPopovers() {
    document.querySelectorAll("[data-term-popover]").forEach(function (popover) {
      popover.addEventListener("toggle", function (event) {
        if (event.newState === "open") {
          popover.focus();
          return;
        }
        var active = document.activeElement;
        if (!active || active === document.body || popover.contains(active)) {
          var button = invokerOf(popover);
          if (button) { button.focus(); }
        }
      });
    });
  }

  function conceptFilters() {
    document.querySelectorAll("[data-concept-filter]").forEach(function (input) {
      var box = input.parentNode;
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase(), shown = 0;
        box.querySelectorAll("[data-concepts] li").forEach(function (li) {
          li.hidden = q !== "" && li.dataset.search.indexOf(q) === -1;
          if (!li.hidden) { shown++; }
        });
        box.querySelector("[data-no-concepts]").hidden = shown > 0;
      });
      // Enter in the filter must not save the mapping form around it.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }
      });
    });
  }

  function columnSamples() {
    var store = document.querySelector("[data-column-samples]");
    if (!store) { return; }
    document.querySelectorAll("select[data-column-select]").forEach(function (select) {
      select.addEventListener("change", function () {
        var target = select.parentNode.querySelector("[data-samples]");
        var found = Array.prototype.find.call(store.children, function (el) {
          return el.dataset.column === select.value;
        });
        target.replaceChildren();
        if (found) {
          Array.prototype.forEach.call(found.children, function (sample) {
            target.appendChild(sample.cloneNode(true));
          });
        }
      });
    });
  }

  termFilter();
  helpPopovers();
  conceptFilters();
  columnSamples();
})();
