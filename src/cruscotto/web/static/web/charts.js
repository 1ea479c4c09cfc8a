// Draws with Chart.js every chart of the page: a <canvas data-chart="ID"> and, in the
// <script type="application/json" id="ID"> beside it, the chart's definition as the
// server builds it (cruscotto.core.charts.ChartSpec.as_json). No inline code: the page
// carries data only. Numbers are Italian whatever the browser's language: axes and tooltips.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return; // the data table under every chart still holds its numbers
  }
  window.Chart.defaults.color = "#1a1a1a"; // the page's text colour, not Chart.js's light grey
  var numbers = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 3 });
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var LINE_HEIGHT = 14; // pixels per line of a label of a horizontal bar chart
  var LABEL_CHARACTERS = 34; // a label of a horizontal bar chart wraps beyond this

  function format(value, unit) {
    var number = numbers.format(value);
    return unit ? number + " " + unit : number;
  }

  // Long labels as lines of a few words: Chart.js draws an array as several lines.
  function wrap(label) {
    var lines = [];
    var line = "";
    String(label).split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > LABEL_CHARACTERS) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var valueAxis = spec.horizontal ? "x" : "y";
    var labelAxis = spec.horizontal ? "y" : "x";
    if (spec.horizontal) {
      // Every row as tall as the longest label's lines: wrapped labels never overlap.
      var lines = Math.max.apply(null, spec.labels.map(function (label) {
        return wrap(label).length;
      }).concat([1]));
      var row = Math.max(lines * LINE_HEIGHT + 8, 24 * spec.datasets.length);
      canvas.parentElement.style.height = spec.labels.length * row + 60 + "px";
    }
    var datasets = spec.datasets.map(function (dataset) {
      var colour = dataset.colour;
      var asLine = spec.kind === "line" || dataset.reference;
      return {
        type: asLine ? "line" : "bar",
        label: dataset.label,
        data: dataset.values,
        borderColor: colour,
        backgroundColor: dataset.reference ? "#ffffff" : colour,
        borderDash: dataset.reference ? [6, 4] : [],
        borderWidth: 2,
        pointRadius: 4,
        pointStyle: dataset.reference ? "rectRot" : "circle",
        spanGaps: false,
        fill: false,
      };
    });
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      max: spec.scaleMax === null ? undefined : spec.scaleMax,
      ticks: {
        callback: function (value) {
          return format(value, spec.unit);
        },
      },
    };
    scales[labelAxis] = {
      ticks: {
        autoSkip: !spec.horizontal,
        callback: function (value) {
          var label = this.getLabelForValue(value);
          return spec.horizontal ? wrap(label) : label;
        },
      },
    };
    new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        locale: "it-IT",
        animation: reducedMotion ? false : { duration: 400 },
        scales: scales,
        plugins: {
          legend: { display: spec.datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = spec.horizontal ? context.parsed.x : context.parsed.y;
                var prefix = context.dataset.label ? context.dataset.label + ": " : "";
                return prefix + format(value, spec.unit);
              },
            },
          },
        },
      },
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
