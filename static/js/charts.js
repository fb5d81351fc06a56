// Draws the charts whose data the page embeds with json_script; no request leaves the server.
(function () {
  const el = document.getElementById("projects-by-district");
  const source = document.getElementById("chart-data");
  if (!el || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 24, bottom: 60 },
    xAxis: { type: "category", data: data.names, axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name: data.series_name, data: data.values, itemStyle: { color: "#0d6efd" } }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
