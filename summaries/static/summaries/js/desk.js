/* The desk's charts, drawn with the vendored Chart.js from the data each chart's json_script holds
   (templates/summaries/includes/desk_charts.html). Right to left in Arabic: the legend and tooltips read
   right to left, the days run from the right and the value axis stands on the right. Numbers are written
   with the page language's signs, as the tables beside the charts write them. No animation for people who
   ask for reduced motion. */
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }
  var root = document.documentElement;
  var rtl = root.getAttribute("dir") === "rtl";
  var direction = rtl ? "rtl" : "ltr";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var signs = { decimal: ".", thousands: "," };
  var formatElement = document.getElementById("desk-number-format");
  if (formatElement) {
    signs = JSON.parse(formatElement.textContent);
  }
  // Okabe and Ito's colours, told apart with the common kinds of colour blindness; grey for "the rest".
  var colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6B6B6B"];

  function number(value) {
    if (value === null || value === undefined) {
      return "";
    }
    var parts = String(Math.round(value * 10) / 10).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, signs.thousands);
    return parts.length > 1 ? whole + signs.decimal + parts[1] : whole;
  }

  function valueText(value, percent) {
    return number(value) + (percent ? "%" : "");
  }

  function draw(canvas) {
    var data = JSON.parse(document.getElementById(canvas.getAttribute("data-chart")).textContent);
    var horizontal = data.horizontal;
    var datasets = data.series.map(function (series, index) {
      var colour = series.muted ? colours[6] : colours[index % 6];
      return {
        label: series.label,
        data: series.values,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: data.kind === "line" ? 2 : 0,
        pointRadius: 3,
        spanGaps: true
      };
    });
    var valueAxis = {
      beginAtZero: true,
      stacked: data.stacked,
      title: { display: true, text: data.axis },
      ticks: {
        precision: data.integer ? 0 : undefined,
        callback: function (value) { return valueText(value, data.percent); }
      }
    };
    var categoryAxis = { stacked: data.stacked, ticks: { autoSkip: true, maxRotation: 0 } };
    var scales;
    if (horizontal) {
      valueAxis.reverse = rtl;
      categoryAxis.position = rtl ? "right" : "left";
      scales = { x: valueAxis, y: categoryAxis };
    } else {
      categoryAxis.reverse = rtl;
      valueAxis.position = rtl ? "right" : "left";
      scales = { x: categoryAxis, y: valueAxis };
    }
    return new window.Chart(canvas, {
      type: data.kind,
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: reduceMotion ? false : { duration: 300 },
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        scales: scales,
        plugins: {
          legend: { display: data.series.length > 1, rtl: rtl, textDirection: direction, position: "bottom" },
          tooltip: {
            rtl: rtl,
            textDirection: direction,
            callbacks: {
              label: function (context) {
                var value = horizontal ? context.parsed.x : context.parsed.y;
                return context.dataset.label + ": " + valueText(value, data.percent);
              }
            }
          }
        }
      }
    });
  }

  var style = window.getComputedStyle(document.body);
  window.Chart.defaults.font.family = style.fontFamily;
  window.Chart.defaults.color = style.color;
  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
})();
