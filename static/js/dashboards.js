// Draws the start-rate dashboards' charts from data the page embeds with json_script.
(function () {
  if (typeof echarts === "undefined") return;
  const BLUE = "#0d6efd", RED = "#dc3545", ORANGE = "#fd7e14";

  function read(id) {
    const source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  function draw(id, option, links) {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    if (links && links.length) {
      chart.on("click", (params) => {
        if (links[params.dataIndex]) window.location.href = links[params.dataIndex];
      });
    }
    window.addEventListener("resize", () => chart.resize());
    window.addEventListener("beforeprint", () => chart.resize());
  }

  const percent = (v) => (v === null || v === undefined ? "—" : Number(v).toFixed(1) + "%");

  const ranking = read("ranking-data");
  if (ranking) {
    const data = ranking.rates.map((rate, i) => ({
      value: rate,
      itemStyle: { color: ranking.mark[i] ? ORANGE : ranking.bottom[i] ? RED : BLUE },
    }));
    draw("ranking-chart", {
      tooltip: { trigger: "axis", valueFormatter: percent },
      grid: { left: 90, right: 48, top: 16, bottom: 24 },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: ranking.names },
      series: [{
        type: "bar", name: ranking.label, data,
        label: { show: true, position: "right", formatter: (p) => percent(p.value) },
        markLine: ranking.milestone === null ? undefined : {
          symbol: "none", lineStyle: { color: RED, type: "dashed" },
          label: { position: "insideEndTop", formatter: ranking.milestone_label },
          data: [{ xAxis: ranking.milestone }],
        },
      }],
    }, ranking.links);
  }

  const trend = read("trend-data");
  if (trend && trend.weeks.length) {
    draw("trend-chart", {
      tooltip: { trigger: "axis", valueFormatter: percent },
      grid: { left: 44, right: 16, top: 16, bottom: 40 },
      xAxis: { type: "category", data: trend.labels || trend.weeks },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{ type: "line", name: trend.label, data: trend.rates, connectNulls: false,
                 itemStyle: { color: BLUE }, areaStyle: { opacity: 0.08 } }],
    }, trend.links);
  }
})();
