// Charts of the statistics page: data comes from the json_script element "hardship-data" (no inline script).
(function () {
  "use strict";
  function draw(element, series) {
    const chart = window.echarts.init(element, null, { renderer: "svg" });
    const kind = element.dataset.kind;
    if (kind === "pie") {
      chart.setOption({
        tooltip: { trigger: "item", formatter: "{b}：{c} 户（{d}%）" },
        series: [{ type: "pie", radius: ["35%", "70%"],
          data: series.names.map((name, i) => ({ name: name, value: series.values[i] })) }],
      });
    } else {
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: series.names, inverse: true },
        series: [{ type: "bar", data: series.values, label: { show: true, position: "right" } }],
      });
    }
    window.addEventListener("resize", () => chart.resize());
  }
  document.addEventListener("DOMContentLoaded", () => {
    const source = document.getElementById("hardship-data");
    if (!source || !window.echarts) return;
    const data = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach((element) => {
      const series = data[element.dataset.chart];
      if (series) draw(element, series);
    });
  });
})();
