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

  var lang = document.documentElement.lang || undefined;
  var compact = new Intl.NumberFormat(lang, { notation: "compact" });

  // A name cut to what a third of the chart's width holds; the tooltip has it all.
  function shortName(value) {
    var label = String(this.getLabelForValue(value));
    var most = Math.min(30, Math.max(8, Math.floor(this.chart.width / 22)));
    return label.length > most ? label.slice(0, most - 1) + "…" : label;
  }

  function barChart(canvas, labels, counts, options) {
    show(canvas);
    var horizontal = options && options.horizontal;
    var countAxis = {
      beginAtZero: true,
      grid: { color: cssVar("--line", "#dfe6e1") },
      ticks: { precision: 0, maxRotation: 0, callback: function (value) { return compact.format(value); } },
    };
    var nameAxis = { grid: { display: false }, ticks: { autoSkip: !horizontal, maxRotation: 0 } };
    if (horizontal) nameAxis.ticks.callback = shortName;
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
        locale: lang,
        plugins: { legend: { display: false } },
        scales: horizontal ? { x: countAxis, y: nameAxis } : { x: nameAxis, y: countAxis },
      },
    });
  }

  function monthNames() {
    var format = new Intl.DateTimeFormat(lang, { month: "short" });
    var names = [];
    for (var m = 0; m < 12; m++) names.push(format.format(new Date(2000, m, 15)));
    return names;
  }

  function fill(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); });
  }

  function taxaChart(canvas, data) {
    var select = document.getElementById("taxa-rank");
    var others = document.querySelector("[data-taxa-others]");
    var byRank = {};
    data.taxa.forEach(function (rank) { byRank[rank.rank] = rank; });
    var chart = null;
    function draw(name) {
      var rank = byRank[name] || data.taxa[0];
      var labels = rank.bars.map(function (bar) { return bar[0]; });
      var counts = rank.bars.map(function (bar) { return bar[1]; });
      show(canvas).style.height = (labels.length * BAR_HEIGHT + 48) + "px";
      canvas.setAttribute("aria-label", fill(canvas.dataset.label, {
        rank: rank.label, shown: rank.bars.length, names: rank.names,
      }));
      if (others) {
        // the others beside the top names would squash their bars: they are told in words
        others.textContent = rank.others ? fill(others.dataset.template, {
          names: rank.names - rank.bars.length, records: rank.others.toLocaleString(lang),
        }) : "";
      }
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
