// The command-centre screen: fetches its aggregate figures every minute and redraws the
// map, the ranking and the trend. A revoked link stops it; a lost network keeps the last
// figures on the wall with a note.
(function () {
  const root = document.getElementById("screen");
  if (!root || typeof echarts === "undefined") return;
  const labels = JSON.parse(document.getElementById("screen-labels").textContent);
  const REFRESH = Number(root.dataset.refresh || 60) * 1000;
  const AXIS = { color: "#b7c7e6" }, LINE = { lineStyle: { color: "#1f3b73" } };
  const percent = (v) => (v === null || v === undefined ? "—" : Number(v).toFixed(1) + "%");
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_m, key) => values[key]);
  const set = (id, text) => { document.getElementById(id).textContent = text; };
  const charts = {};
  let mapReady = null;
  let timer = null;

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id), "dark", { renderer: "canvas" });
      window.addEventListener("resize", () => charts[id].resize());
    }
    return charts[id];
  }

  // The city's GeoJSON, shipped with the project (no map service); null when there is none.
  function loadMap() {
    if (!root.dataset.map) return Promise.resolve(null);
    return fetch(root.dataset.map)
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .catch(() => null);
  }

  function drawMap(data, geo) {
    if (!geo) {
      document.getElementById("screen-map").textContent = labels.no_map;
      return;
    }
    // Only the districts the city has: a map may carry more than the data knows.
    const codes = new Set(data.districts.map((d) => d.code));
    echarts.registerMap("city", { ...geo, features: geo.features.filter((f) => codes.has(f.properties.code)) });
    chart("screen-map").setOption({
      backgroundColor: "transparent",
      tooltip: { trigger: "item", formatter: (p) => (p.data ? p.data.label + "：" + percent(p.value) : "") },
      visualMap: { min: 0, max: 100, left: 8, bottom: 8, text: ["100%", "0%"], calculable: false,
                   inRange: { color: ["#7a1f2b", "#c7782a", "#e8c547", "#3fa34d"] }, textStyle: AXIS },
      series: [{
        type: "map", map: "city", nameProperty: "code", roam: false,
        label: { show: true, color: "#fff", fontSize: 14,
                 formatter: (p) => (p.data ? p.data.label + "\n" + percent(p.value) : "") },
        itemStyle: { borderColor: "#06122b", areaColor: "#2a3a5c" },
        emphasis: { label: { color: "#fff" }, itemStyle: { areaColor: "#4a6fa5" } },
        data: data.districts.map((d) => ({ name: d.code, label: d.name, value: d.start_rate })),
      }],
    });
  }

  function drawRanking(data) {
    chart("screen-ranking").setOption({
      backgroundColor: "transparent",
      grid: { left: 100, right: 60, top: 8, bottom: 24 },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { ...AXIS, formatter: "{value}%" }, splitLine: LINE },
      yAxis: { type: "category", inverse: true, data: data.districts.map((d) => d.name),
               axisLabel: { ...AXIS, fontSize: 14 } },
      series: [{
        type: "bar", name: labels.rate,
        data: data.districts.map((d) => ({ value: d.start_rate,
                                           itemStyle: { color: d.bottom ? "#ff6b6b" : "#4dabf7" } })),
        label: { show: true, position: "right", color: "#e6eefc", formatter: (p) => percent(p.value) },
        markLine: data.milestone ? { symbol: "none", lineStyle: { color: "#ffd166", type: "dashed" },
                                     label: { color: "#ffd166", position: "insideEndTop",
                                              formatter: data.milestone.due_date.slice(5) + " " + data.milestone.threshold + "%" },
                                     data: [{ xAxis: data.milestone.threshold }] } : undefined,
      }],
    }, true);
  }

  function drawTrend(data) {
    chart("screen-trend").setOption({
      backgroundColor: "transparent",
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: "axis", valueFormatter: percent },
      xAxis: { type: "category", data: data.trend.labels || data.trend.weeks, axisLabel: AXIS },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { ...AXIS, formatter: "{value}%" }, splitLine: LINE },
      series: [{ type: "line", name: labels.rate, data: data.trend.rates, smooth: true,
                 itemStyle: { color: "#ffd166" }, areaStyle: { color: "#ffd166", opacity: 0.15 } }],
    }, true);
  }

  function tiles(data) {
    set("screen-year", data.year ? fill(labels.year, { year: data.year }) : labels.no_plan);
    const city = data.city;
    set("t-start-rate", city ? percent(city.start_rate) : "—");
    set("t-started", city ? fill(labels.started, { started: city.started_households.toLocaleString("zh-CN"),
                                                   target: city.target_households.toLocaleString("zh-CN") }) : "");
    set("t-milestone", data.milestone ? fill(labels.milestone, { threshold: data.milestone.threshold + "%",
                                                                 due: data.milestone.due_date }) : "—");
    set("t-signing-rate", city ? percent(city.signing_rate) : "—");
    set("t-investment-rate", city ? percent(city.investment_rate) : "—");
    const r = data.resumption;
    set("t-resumption-day", r.day ? "（" + r.day.slice(5) + "）" : "");
    set("t-resumption-rate", percent(r.rate));
    set("t-filing", r.due_today ? fill(labels.filing, { filed: r.filed_today, due: r.due_today }) : labels.nothing_due);
    set("t-overdue", city ? city.notices_overdue + " · " + city.grievances_overdue : "—");
    set("screen-updated", fill(labels.updated, { time: new Date().toLocaleTimeString("zh-CN", { hour12: false }) }));
  }

  function refused() {
    clearInterval(timer);
    Object.values(charts).forEach((c) => c.dispose());
    root.querySelectorAll(".tiles, .panels").forEach((el) => el.remove());
    document.getElementById("screen-refused").hidden = false;
  }

  function refresh() {
    fetch(root.dataset.url, { credentials: "omit", cache: "no-store" })
      .then((response) => {
        if (response.status === 404) { refused(); return null; }
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then((data) => {
        if (!data) return;
        document.getElementById("screen-offline").hidden = true;
        tiles(data);
        drawRanking(data);
        drawTrend(data);
        mapReady.then((geo) => drawMap(data, geo));
      })
      .catch(() => { document.getElementById("screen-offline").hidden = false; });
  }

  function clock() {
    set("screen-clock", new Date().toLocaleString("zh-CN", { hour12: false }));
  }

  mapReady = loadMap();
  clock();
  setInterval(clock, 1000);
  refresh();
  timer = setInterval(refresh, REFRESH);
})();
