// The placement funnel: the whole scope as a funnel, the districts as grouped bars. Data comes from
// json_script (no inline scripts under the CSP).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("funnel-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const totalEl = document.getElementById("funnel-total");
  if (totalEl) {
    const chart = echarts.init(totalEl);
    chart.setOption({
      tooltip: { trigger: "item", formatter: "{b}：{c}" },
      series: [{
        type: "funnel", sort: "none", gap: 2, minSize: "10%",
        label: { show: true, position: "inside", formatter: "{b} {c}" },
        data: data.stages.map((name, i) => ({ name, value: data.total[i] })),
      }],
    });
    window.addEventListener("resize", () => chart.resize());
  }
  const districtsEl = document.getElementById("funnel-districts");
  if (districtsEl) {
    const chart = echarts.init(districtsEl);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 10, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.districts },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map((s) => ({ name: s.name, type: "bar", data: s.values })),
    });
    window.addEventListener("resize", () => chart.resize());
  }
});
