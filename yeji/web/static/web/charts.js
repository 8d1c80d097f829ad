// The home pages' charts, drawn by Apache ECharts (vendored under
// static/vendor/echarts/) from the data each page writes with json_script.
// A chart's figures are also in a table on the page, for readers without
// scripts.
(function () {
  "use strict";

  var charts = [];

  function locale() {
    var lang = (document.documentElement.lang || "").toLowerCase();
    return lang.indexOf("zh") === 0 ? "ZH" : "EN";
  }

  // Tooltips are drawn on the canvas (richText): ECharts' HTML tooltips
  // carry inline style attributes, which the Content Security Policy
  // refuses.
  var TOOLTIP = { renderMode: "richText" };

  function tooltip(options) {
    return Object.assign({}, TOOLTIP, options || {});
  }

  function readData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function barOption(data) {
    return {
      tooltip: tooltip({ trigger: "axis", axisPointer: { type: "shadow" } }),
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100 },
      yAxis: { type: "category", inverse: true, data: data.labels },
      series: [
        {
          type: "bar",
          name: data.seriesName,
          data: data.values,
          label: { show: true, position: "right" },
          itemStyle: { color: "#b42318" }
        }
      ]
    };
  }

  function radarOption(data, index) {
    var item = data.items[index] || { name: "", values: [] };
    return {
      tooltip: tooltip(),
      radar: {
        radius: "62%",
        indicator: data.indicators.map(function (name) {
          return { name: name, max: 100 };
        })
      },
      series: [
        {
          type: "radar",
          name: item.name,
          data: [
            {
              name: item.name,
              value: item.values.map(function (v) { return v === null ? 0 : v; }),
              areaStyle: { opacity: 0.2 }
            }
          ]
        }
      ]
    };
  }

  function lineOption(data) {
    return {
      tooltip: tooltip({ trigger: "axis" }),
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: data.categories },
      yAxis: { type: "value", min: 0, max: 100 },
      series: data.series.map(function (s) {
        return { type: "line", name: s.name, data: s.values, connectNulls: false };
      })
    };
  }

  // The radar shows one rep (or team) at a time; a list above it picks
  // which, built here because without scripts there is no chart to pick for.
  function addChooser(box, chart, data) {
    if (!data.items.length) {
      return;
    }
    var label = document.createElement("label");
    label.className = "chart-chooser";
    label.appendChild(document.createTextNode(data.chooserLabel + " "));
    var select = document.createElement("select");
    data.items.forEach(function (item, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = item.name;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      chart.setOption(radarOption(data, Number(select.value)), true);
    });
    label.appendChild(select);
    box.parentNode.insertBefore(label, box);
  }

  function draw(box) {
    var data = readData(box.getAttribute("data-chart"));
    if (!data) {
      return;
    }
    var chart = window.echarts.init(box, null, { locale: locale(), renderer: "canvas" });
    if (data.kind === "bar") {
      chart.setOption(barOption(data));
    } else if (data.kind === "radar") {
      chart.setOption(radarOption(data, 0));
      addChooser(box, chart, data);
    } else if (data.kind === "line") {
      chart.setOption(lineOption(data));
    }
    charts.push(chart);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) {
      return;
    }
    // Chart boxes stay hidden until there is something to draw in them.
    document.documentElement.classList.add("charts-on");
    document.querySelectorAll("[data-chart]").forEach(draw);
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  });
})();
