// Strategy charts with ECharts. Every chart reads its data from a json_script element and
// has a table with the same numbers next to it, so the page works (and stays traceable)
// without JavaScript.
(function () {
  "use strict";

  function read(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  const C = window.LeitsternCharts;
  const firsts = (rows) => (rows || []).map((r) => r[0]);

  function metricOption(d, el) {
    const marks = d.annotations.map(([day, text]) => ({ xAxis: day, name: text, label: { formatter: text } }));
    const targets = d.targets.map(([day, value, label]) => ({ coord: [day, value], value: value, name: label || el.dataset.targetLabel, label: { formatter: C.number(value) } }));
    const series = [{
      name: d.name, type: "line", showSymbol: d.values.length < 60, data: d.values,
      markLine: marks.length ? { symbol: "none", lineStyle: { type: "dashed", color: "#888" }, label: { position: "insideEndTop", fontSize: 10 }, data: marks } : undefined,
      markPoint: targets.length ? { symbol: "pin", symbolSize: 36, itemStyle: { color: "#d9a400" }, data: targets } : undefined,
    }];
    const [low, high] = d.range || [];
    if (d.direction === "range" && (low !== null || high !== null)) {
      series[0].markArea = { itemStyle: { color: "rgba(47,125,79,0.08)" }, data: [[{ yAxis: low ?? "min" }, { yAxis: high ?? "max" }]] };
    }
    return {
      animation: false, grid: { left: 8, right: 24, top: 32, bottom: 8, outerBoundsMode: "same" },
      tooltip: C.tooltip({ x: "date" }),
      xAxis: C.dateAxis(firsts(d.values).concat(firsts(d.targets), firsts(d.annotations))),
      yAxis: C.valueAxis({ scale: true, name: d.unit }),
      series: series,
    };
  }

  function keyResultOption(d, el) {
    const lines = [];
    if (d.target !== null) lines.push({ yAxis: d.target, name: el.dataset.targetLabel, label: { formatter: el.dataset.targetLabel + " " + C.number(d.target) } });
    if (d.baseline !== null) lines.push({ yAxis: d.baseline, name: el.dataset.baselineLabel, label: { formatter: el.dataset.baselineLabel + " " + C.number(d.baseline) } });
    return {
      animation: false, grid: { left: 8, right: 8, top: 32, bottom: 36, outerBoundsMode: "same" },
      tooltip: C.tooltip({ x: "date" }), legend: { bottom: 0 },
      xAxis: C.dateAxis([d.start, d.end], { min: d.start, max: d.end }),
      yAxis: [C.valueAxis({ scale: true, name: d.unit }), C.valueAxis({ min: 0, max: 10, name: el.dataset.confidenceLabel })],
      series: [
        { name: el.dataset.valueLabel, type: "line", data: d.values, markLine: { symbol: "none", lineStyle: { type: "dashed" }, label: { position: "insideEndTop", fontSize: 10 }, data: lines } },
        { name: el.dataset.confidenceLabel, type: "bar", yAxisIndex: 1, data: d.confidence, barMaxWidth: 14, itemStyle: { color: "rgba(46,90,172,0.35)" } },
      ],
    };
  }

  function sparkOption(d) {
    return {
      animation: false, grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: "time", show: false }, yAxis: { type: "value", scale: true, show: false },
      series: [{ type: "line", data: d.values, showSymbol: false, lineStyle: { width: 1.5 } }],
    };
  }

  const BUILDERS = { metric: metricOption, keyresult: keyResultOption, spark: sparkOption };

  function render(el) {
    if (!window.echarts || !C || el.dataset.rendered) return;
    const data = read(el.dataset.source);
    const build = BUILDERS[el.dataset.chart];
    if (!data || !build) return;
    el.dataset.rendered = "1";
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(build(data, el));
    window.addEventListener("resize", () => chart.resize());
  }

  function renderAll(root) {
    root.querySelectorAll("[data-chart]").forEach(render);
  }

  document.addEventListener("DOMContentLoaded", () => renderAll(document));
  // htmx:load fires on every element htmx brings in, also after an outerHTML swap (whose
  // settle events stay on the replaced element and never reach the document).
  document.addEventListener("htmx:load", (event) => renderAll(event.target));
})();
