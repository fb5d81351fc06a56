// Draws the home page charts from data the page embeds with json_script; nothing is fetched.
(function () {
  if (typeof echarts === "undefined") return;
  const palette = "#0d6efd";

  // A bar or a point opens the records behind it (links[i] for the i-th one).
  function draw(id, option, links) {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    if (links) {
      chart.on("click", (params) => {
        if (links[params.dataIndex]) window.location.href = links[params.dataIndex];
      });
    }
    window.addEventListener("resize", () => chart.resize());
  }

  const percentAxis = { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } };

  function read(id) {
    const source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  const resumption = read("resumption-data");
  if (resumption) {
    draw("resumption-today", {
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "—" : v + "%") },
      grid: { left: 40, right: 16, top: 24, bottom: 60 },
      xAxis: { type: "category", data: resumption.districts, axisLabel: { rotate: 30 } },
      yAxis: percentAxis,
      series: [{ type: "bar", name: resumption.rate_label, data: resumption.rates, itemStyle: { color: palette } }],
    }, resumption.links);
    draw("resumption-trend", {
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "—" : v + "%") },
      grid: { left: 40, right: 16, top: 24, bottom: 40 },
      xAxis: { type: "category", data: resumption.trend_dates },
      yAxis: percentAxis,
      series: [{ type: "line", name: resumption.rate_label, data: resumption.trend_rates, connectNulls: false,
                 itemStyle: { color: palette } }],
    }, resumption.trend_links);
  }

  const signings = read("signings-data");
  if (signings) {
    draw("signings-per-day", {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 24, bottom: 40 },
      xAxis: { type: "category", data: signings.days },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: signings.series, data: signings.signed, itemStyle: { color: palette } }],
    });
  }
})();
