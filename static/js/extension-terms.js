/* The extension page: filter its terms as one types. */
(function () {
  /* Progressive enhancement: filter the rows as one types; the form still searches server-side. */
  var input = document.getElementById("term-search");
  var rows = document.querySelectorAll("#terms [data-term]");
  var groups = document.querySelectorAll("#terms [data-group]");
  var shown = document.querySelector("[data-shown]");
  if (!input || !rows.length) return;
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase(), count = 0;
    rows.forEach(function (row) {
      row.hidden = q !== "" && row.getAttribute("data-search").indexOf(q) < 0;
      if (!row.hidden) count++;
    });
    groups.forEach(function (group) { group.hidden = !group.querySelector("[data-term]:not([hidden])"); });
    if (shown) shown.textContent = count;
  });
})();
