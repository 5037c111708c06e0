// Landing page: the charts of a resource's data (Chart.js): records per year (or decade),
// per month (month names in the page's language) and per taxon at a chosen rank (the names
// with most records as horizontal bars, the rest as "Others"). The page's
// <script type="application/json" id="landing-chart-data"> holds the numbers; the same
// numbers are in the tables under each chart.
(function () {
  "use strict";

  var BAR_HEIGHT = 26; // px per horizontal bar of the taxa chart

  function cssVar(name, fallback) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
  }

  function show(canvas) {
    var box = canvas.parentElement;
    box.hidden = false;
    return box;
  }

  function barChart(canvas, labels, counts, options) {
    show(canvas);
    var horizontal = options && options.horizontal;
    var countAxis = { beginAtZero: true, ticks: { precision: 0 }, grid: { color: cssVar("--line", "#dfe6e1") } };
    var nameAxis = { grid: { display: false }, ticks: { autoSkip: !horizontal, maxRotation: 0 } };
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [{
          data: counts,
          backgroundColor: cssVar("--brand", "#4a7a2c"),
          hoverBackgroundColor: cssVar("--brand-dark", "#365b1f"),
          maxBarThickness: horizontal ? 20 : 36,
          categoryPercentage: 0.9,
          barPercentage: 0.95,
        }],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang || undefined,
        plugins: { legend: { display: false } },
        scales: horizontal ? { x: countAxis, y: nameAxis } : { x: nameAxis, y: countAxis },
      },
    });
  }

  function monthNames() {
    var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { month: "short" });
    var names = [];
    for (var m = 0; m < 12; m++) names.push(format.format(new Date(2000, m, 15)));
    return names;
  }

  function taxaChart(canvas, data) {
    var select = document.getElementById("taxa-rank");
    var byRank = {};
    data.taxa.forEach(function (rank) { byRank[rank.rank] = rank; });
    var chart = null;
    function draw(name) {
      var rank = byRank[name] || data.taxa[0];
      var labels = rank.bars.map(function (bar) { return bar[0]; });
      var counts = rank.bars.map(function (bar) { return bar[1]; });
      if (rank.others) { labels.push(canvas.dataset.others || "Others"); counts.push(rank.others); }
      show(canvas).style.height = (labels.length * BAR_HEIGHT + 48) + "px";
      canvas.setAttribute("aria-label", (canvas.dataset.label || "")
        .replace("%(rank)s", rank.label).replace("%(shown)s", String(rank.bars.length))
        .replace("%(names)s", String(rank.names)));
      if (chart) chart.destroy();
      chart = barChart(canvas, labels, counts, { horizontal: true });
      canvas.dataset.rank = rank.rank;
    }
    if (select) {
      select.closest(".chart-controls").hidden = false;
      select.addEventListener("change", function () { draw(select.value); });
    }
    draw(select ? select.value : data.rank);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("landing-chart-data");
    if (!source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = cssVar("--muted", "#5b6b62");
    var years = document.querySelector('canvas[data-chart="years"]');
    if (years && data.years) barChart(years, data.years.labels, data.years.counts);
    var months = document.querySelector('canvas[data-chart="months"]');
    if (months && data.months) barChart(months, monthNames(), data.months);
    var taxa = document.querySelector('canvas[data-chart="taxa"]');
    if (taxa && data.taxa && data.taxa.length) taxaChart(taxa, data);
  });
})();
