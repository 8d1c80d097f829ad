// The funnel chart, drawn by Apache ECharts (vendored under
// static/vendor/echarts/) from the figures the page writes with
// json_script; the table under it holds the same figures.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) {
      return;
    }
    document.documentElement.classList.add("charts-on");
    document.querySelectorAll("[data-funnel]").forEach(function (box) {
      var node = document.getElementById(box.getAttribute("data-funnel"));
      if (!node) {
        return;
      }
      var data = JSON.parse(node.textContent);
      var lang = (document.documentElement.lang || "").toLowerCase();
      var chart = window.echarts.init(box, null, {
        locale: lang.indexOf("zh") === 0 ? "ZH" : "EN",
        renderer: "canvas"
      });
      chart.setOption({
        // Tooltips on the canvas: HTML ones carry inline styles, which the
        // Content Security Policy refuses.
        tooltip: { trigger: "item", renderMode: "richText" },
        series: [
          {
            type: "funnel",
            name: data.seriesName,
            sort: "none",
            minSize: "8%",
            left: "10%",
            width: "80%",
            label: { show: true, position: "inside", formatter: "{b}: {c}" },
            data: data.labels.map(function (label, i) {
              return { name: label, value: data.values[i] };
            })
          }
        ]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  });
})();
