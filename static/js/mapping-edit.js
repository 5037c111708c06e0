/* The mapping page: filter the terms as one types, or show only the mapped ones. */
(function () {
  var search = document.querySelector("[data-term-search]");
  var onlyMapped = document.querySelector("[data-only-mapped]");
  if (!search) return;
  function apply() {
    var q = search.value.trim().toLowerCase(), any = false;
    document.querySelectorAll("tbody[data-group]").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll("tr[data-term]").forEach(function (row) {
        var ok = (!q || row.dataset.search.indexOf(q) !== -1) &&
                 (!onlyMapped.checked || row.hasAttribute("data-mapped"));
        row.hidden = !ok; if (ok) shown++;
      });
      group.querySelector(".group-row").hidden = shown === 0;
      if (shown) any = true;
    });
    document.querySelector("[data-no-terms]").hidden = any;
  }
  search.addEventListener("input", apply);
  onlyMapped.addEventListener("change", apply);
  search.form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
})();
