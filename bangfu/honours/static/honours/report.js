// The honours report's two charts, from the figures the page carries (json_script "honours-chart").
document.addEventListener("DOMContentLoaded", () => {
  const data = JSON.parse(document.getElementById("honours-chart").textContent);
  if (!window.echarts) return;
  const titles = echarts.init(document.getElementById("chart-titles"));
  titles.setOption({
    tooltip: {}, grid: { left: 140 },
    xAxis: { type: "value" }, yAxis: { type: "category", data: data.titles.map((row) => row[0]) },
    series: [{ type: "bar", data: data.titles.map((row) => row[1]) }],
  });
  const venues = echarts.init(document.getElementById("chart-venues"));
  venues.setOption({
    tooltip: {}, legend: {},
    xAxis: { type: "category", data: data.venues.map((row) => row[0]) }, yAxis: { type: "value" },
    series: [{ name: "已举办", type: "bar", data: data.venues.map((row) => row[1]) },
             { name: "已排期", type: "bar", data: data.venues.map((row) => row[2]) }],
  });
});
