// Forecast charts with ECharts. Each chart reads its numbers from a json_script element
// (data-source) and its words from #forecast-labels; the page works without it.
(function () {
  "use strict";

  const BLUE = "#2e5aac", GOLD = "#d9a400", GREEN = "#2f7d4f", GREY = "#8a94a3", RED = "#b33a3a";
  const C = window.LeitsternCharts;
  // Axis labels and names stay inside these margins (ECharts 6 "outerBounds").
  const GRID = { left: 8, right: 24, top: 36, bottom: 8, outerBoundsMode: "same" };
  const LEGEND = { bottom: 0, type: "scroll" };
  const WITH_LEGEND = { left: 8, right: 24, top: 36, bottom: 36, outerBoundsMode: "same" };
  const levelLabel = (level) => C.percent(Number(level) / 100);

  // htmx drops <script> elements from swapped fragments (allowScriptTags is off), so the
  // json_script data of a fragment is kept here when its response arrives.
  const swapped = new Map();

  function read(id) {
    const el = document.getElementById(id);
    if (el) return JSON.parse(el.textContent);
    return swapped.has(id) ? JSON.parse(swapped.get(id)) : null;
  }

  function base(extra) {
    return Object.assign({ animation: false, grid: GRID, tooltip: C.tooltip({ x: "date" }) }, extra);
  }

  const firsts = (rows) => (rows || []).map((r) => r[0]);

  function marks(values, labels, when) {
    // One line per level: calibrated solid, plain dashed.
    const data = [];
    Object.keys(values).forEach((level) => {
      const [plain, calibrated] = values[level];
      if (calibrated !== null && calibrated !== undefined) {
        data.push({ xAxis: calibrated, name: levelLabel(level) + " " + labels.calibrated, label: { formatter: levelLabel(level) }, lineStyle: { color: GOLD, type: "solid" } });
      }
      if (plain !== null && plain !== undefined) {
        data.push({ xAxis: plain, name: levelLabel(level) + " " + labels.plain, label: { show: false }, lineStyle: { color: GREY, type: "dashed" } });
      }
    });
    return { symbol: "none", silent: true, label: { position: "end", fontSize: 10 }, data: data };
  }

  const BUILDERS = {
    run(d, L) {
      const weekly = d.unit === "week";
      return base({
        xAxis: C.dateAxis(firsts(d.run)), yAxis: C.valueAxis({ name: L.items }),
        dataZoom: [{ type: "inside" }],
        series: [{ name: L.done, type: weekly ? "bar" : "line", data: d.run, showSymbol: false, lineStyle: { width: 1 }, itemStyle: { color: BLUE } }],
      });
    },
    histogram(d, L) {
      return base({
        tooltip: C.tooltip({ x: "number" }),
        grid: { left: 8, right: 16, top: 36, bottom: 28, outerBoundsMode: "same" },
        xAxis: { type: "category", name: L.items, nameLocation: "middle", nameGap: 24, data: d.histogram.map((r) => r[0]), axisLabel: { formatter: (v) => C.number(Number(v)) } },
        yAxis: C.valueAxis({ name: L.ndays }),
        series: [{ name: L.ndays, type: "bar", data: d.histogram.map((r) => r[1]), itemStyle: { color: BLUE } }],
      });
    },
    scatter(d, L) {
      const lines = Object.keys(d.percentiles).map((level) => ({ yAxis: d.percentiles[level], name: levelLabel(level), label: { formatter: levelLabel(level) + ": " + C.number(d.percentiles[level]) } }));
      return base({
        tooltip: { trigger: "item", renderMode: "richText", formatter: (p) => (p.value[2] ? p.value[2] + "\n" : "") + C.date(p.value[0]) + ": " + C.number(p.value[1]) + " " + L.days },
        xAxis: C.dateAxis(firsts(d.scatter)), yAxis: C.valueAxis({ name: L.cycle }),
        series: [{ name: L.cycle, type: "scatter", symbolSize: 4, data: d.scatter.map((p) => [p[0], p[1], p[2]]), itemStyle: { color: "rgba(46,90,172,0.45)" },
          markLine: { symbol: "none", silent: true, lineStyle: { color: GOLD, type: "dashed" }, label: { position: "insideStartTop", fontSize: 10 }, data: lines } }],
      });
    },
    wip(d, L) {
      return base({
        xAxis: C.dateAxis(firsts(d.wip)), yAxis: C.valueAxis({ name: L.wip }), dataZoom: [{ type: "inside" }],
        series: [{ name: L.wip, type: "line", data: d.wip, showSymbol: false, areaStyle: { opacity: 0.15 }, itemStyle: { color: GREEN } }],
      });
    },
    flow(d, L) {
      return base({
        legend: LEGEND, grid: WITH_LEGEND, xAxis: C.dateAxis(firsts(d.flow.arrived).concat(firsts(d.flow.done))), yAxis: C.valueAxis({ name: L.items }),
        series: [
          { name: L.arrived, type: "line", data: d.flow.arrived, showSymbol: false, itemStyle: { color: RED } },
          { name: L.completed, type: "line", data: d.flow.done, showSymbol: false, itemStyle: { color: BLUE } },
        ],
      });
    },
    window(d, L) {
      const area = d.window ? { silent: true, itemStyle: { color: "rgba(217,164,0,0.15)" }, data: [[{ xAxis: d.window[0], name: L.window }, { xAxis: d.window[1] }]] } : undefined;
      return base({
        grid: { left: 8, right: 16, top: 16, bottom: 8, outerBoundsMode: "same" },
        xAxis: C.dateAxis(firsts(d.run)), yAxis: C.valueAxis(),
        series: [{ name: L.done, type: "line", data: d.run, showSymbol: false, lineStyle: { width: 1 }, itemStyle: { color: BLUE }, markArea: area }],
      });
    },
    distribution(d, L) {
      const a = d.answer;
      if (!a) return null;
      const when = a.kind === "when";
      const xs = a.x;
      const bars = xs.map((x, i) => [x, a.p[i]]);
      const cum = xs.map((x, i) => [x, a.cum[i]]);
      const series = [
        { name: L.p, type: "bar", data: bars, itemStyle: { color: "rgba(46,90,172,0.55)" }, barMaxWidth: 12, markLine: marks(a.marks, L, when) },
        { name: L.cum, type: "line", yAxisIndex: 1, data: cum, showSymbol: false, itemStyle: { color: GREEN } },
      ];
      if (a.by) series[0].markLine.data.push({ xAxis: a.by, name: "", lineStyle: { color: RED } });
      return base({
        legend: LEGEND, grid: WITH_LEGEND,
        tooltip: C.tooltip({ x: when ? "date" : "number", y: "percent" }),
        xAxis: when ? C.dateAxis(xs) : C.valueAxis({ name: L.items, scale: true }),
        yAxis: [C.percentAxis({ name: L.p }), C.percentAxis({ name: L.cum, min: 0, max: 1 })],
        series: series,
      });
    },
    tracking(d, L) {
      const pair = (key) => d.as_of.map((x, i) => [x, d[key][i]]).filter((p) => p[1]);
      const forecasts = ["p50", "p85", "p85c"].flatMap((key) => d[key].filter(Boolean));
      return base({
        legend: LEGEND, grid: WITH_LEGEND,
        tooltip: C.tooltip({ x: "date", y: "date" }),
        xAxis: C.dateAxis(d.as_of), yAxis: C.dateAxis(forecasts, { scale: true }),
        series: [
          { name: L.date50, type: "line", data: pair("p50"), itemStyle: { color: BLUE } },
          { name: L.date85, type: "line", data: pair("p85"), itemStyle: { color: GREY }, lineStyle: { type: "dashed" } },
          { name: L.date85c, type: "line", data: pair("p85c"), itemStyle: { color: GOLD } },
        ],
      });
    },
    hitrates(d, L) {
      const rate = (v) => C.percent(v / 100);
      const days = [];
      const series = Object.keys(d.over_time).sort().map((key) => {
        const [kind, level] = key.split(":");
        d.over_time[key].forEach((p) => days.push(p[0]));
        return { name: levelLabel(level) + " " + L[kind], type: "line", step: "end", data: d.over_time[key], showSymbol: false, lineStyle: { type: kind === "plain" ? "dashed" : "solid" } };
      });
      return base({
        legend: LEGEND, grid: WITH_LEGEND,
        tooltip: C.tooltip({ x: "date", y: rate }),
        xAxis: C.dateAxis(days), yAxis: C.valueAxis({ name: L.hit, min: 0, max: 100 }, rate), series: series,
      });
    },
    versus(d, L, el) {
      const rows = d[el.dataset.key] || [];
      const pick = (k) => rows.map((r) => [r.due, r[k]]).filter((p) => p[1] !== null && p[1] !== undefined);
      return base({
        legend: LEGEND, grid: WITH_LEGEND, xAxis: C.dateAxis(rows.map((r) => r.due)), yAxis: C.valueAxis({ scale: true }),
        series: [
          { name: L.actual, type: "scatter", data: pick("actual"), symbolSize: 9, itemStyle: { color: RED } },
          { name: L.p50, type: "line", data: pick("p50"), itemStyle: { color: BLUE } },
          { name: L.p85, type: "line", data: pick("p85"), itemStyle: { color: GREY }, lineStyle: { type: "dashed" } },
          { name: L.p85c, type: "line", data: pick("p85c"), itemStyle: { color: GOLD } },
        ],
      });
    },
  };

  const charts = new Set();

  function render(el) {
    if (!window.echarts || !C || el.dataset.rendered) return;
    const data = read(el.dataset.source);
    const labels = read("forecast-labels") || {};
    const build = BUILDERS[el.dataset.chart];
    if (!data || !build) return;
    const option = build(data, labels, el);
    if (!option) return;
    el.dataset.rendered = "1";
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.add(chart);
  }

  function renderAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(render);
  }

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  document.addEventListener("DOMContentLoaded", () => renderAll(document));
  // htmx:load fires on new content (an outerHTML swap's settle events fire on the replaced,
  // detached element and never reach the document); charts already drawn are skipped.
  document.addEventListener("htmx:load", () => renderAll(document));
  document.addEventListener("htmx:beforeSwap", (event) => {
    const html = new DOMParser().parseFromString(event.detail.serverResponse || "", "text/html");
    html.querySelectorAll('script[type="application/json"][id]').forEach((el) => swapped.set(el.id, el.textContent));
    event.detail.target.querySelectorAll("[data-chart]").forEach((el) => {
      const chart = window.echarts && window.echarts.getInstanceByDom(el);
      if (chart) { charts.delete(chart); chart.dispose(); }
    });
  });
})();
