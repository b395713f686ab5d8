// Leitstern's charts: the one module that draws every chart with the vendored ECharts.
//
// A chart is a container rendered by {% chart %} (core/templatetags/charts.py):
//   <div class="chart" data-chart="run" data-kind="line" data-source="run-data" role="img">
// Its numbers come from the json_script element named by data-source; its kind picks an
// initialiser registered here (line, bar, scatter, distribution) or by a module's own
// script (LeitsternCharts.register("tornado", build)). The same numbers are in a table
// under each chart, so every page works without this file.
//
// Numbers, dates and axes follow the page's language (<html lang>) through Intl: a German
// page shows "1.234,5" and "2. Nov.", never "1,234.5" or hours on a chart of days. Charts
// are drawn on load, again for content htmx swaps in, and resized with their container.
// Tooltips use ECharts' richText mode: HTML tooltips need inline styles, which the
// Content-Security-Policy forbids.
(function () {
  "use strict";

  const lang = document.documentElement.lang || "en";
  const DAY = 24 * 3600 * 1000;
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const percents = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
  const dayMonth = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short" });
  const monthYear = new Intl.DateTimeFormat(lang, { month: "short", year: "numeric" });
  const fullDate = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });

  const PALETTE = { blue: "#2e5aac", gold: "#d9a400", green: "#2f7d4f", grey: "#8a94a3", red: "#b33a3a", light: "rgba(46,90,172,0.35)" };
  const SOFT = { blue: "rgba(46,90,172,0.45)", gold: "rgba(217,164,0,0.15)", green: "rgba(47,125,79,0.08)", grey: "rgba(138,148,163,0.2)", red: "rgba(179,58,58,0.15)" };
  const color = (name) => PALETTE[name] || PALETTE.blue;

  // --- values in the reader's language ------------------------------------------------

  function time(value) {
    if (value instanceof Date) return value.getTime();
    if (typeof value === "number") return value;
    // "2026-11-02" is a calendar day: read it as local midnight, as ECharts does.
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
    return m ? new Date(+m[1], +m[2] - 1, +m[3]).getTime() : Date.parse(value);
  }

  const missing = (value) => value === null || value === undefined || value === "";
  const number = (value) => (missing(value) ? "—" : numbers.format(value));
  const percent = (value) => (missing(value) ? "—" : percents.format(value));

  function date(value) {
    const t = time(value);
    return Number.isFinite(t) ? fullDate.format(new Date(t)) : "—";
  }

  const FORMATS = { date: date, percent: percent, number: number, category: String, text: String };
  const formatOf = (kind) => (typeof kind === "function" ? kind : FORMATS[kind] || number);

  // --- axes -----------------------------------------------------------------------------

  function extent(values) {
    const times = values.map(time).filter(Number.isFinite);
    return times.length ? [Math.min(...times), Math.max(...times)] : null;
  }

  // A time axis of calendar days: never finer than a day, labelled "2. Nov." over a few
  // months and "Nov. 2026" beyond; a single day gets a week either side instead of hours.
  function dateAxis(values, extra) {
    const range = extent(values || []);
    const long = range && range[1] - range[0] > 150 * DAY;
    const labels = long ? monthYear : dayMonth;
    const axis = {
      type: "time",
      minInterval: DAY,
      axisLabel: { hideOverlap: true, formatter: (v) => labels.format(new Date(v)) },
      axisPointer: { label: { formatter: (p) => date(p.value) } },
    };
    if (range && range[1] - range[0] < 14 * DAY) {
      axis.min = range[0] - 7 * DAY;
      axis.max = range[1] + 7 * DAY;
    }
    return Object.assign(axis, extra);
  }

  function valueAxis(extra, format) {
    const f = format || number;
    return Object.assign(
      // Long numbers in German ("2.000.000") would run into each other: a label that
      // overlaps its neighbour is left out.
      { type: "value", axisLabel: { hideOverlap: true, formatter: (v) => f(v) }, axisPointer: { label: { formatter: (p) => f(p.value) } } },
      extra,
    );
  }

  function percentAxis(extra) {
    return valueAxis(extra, percent);
  }

  const defined = (value) => (missing(value) ? undefined : value);

  // An axis as the chart's data describes it ({kind, name, min, max, scale}); ``values``
  // are the data on it, for the date axis's range.
  function axis(spec, values, extra) {
    const base = { name: spec.name || undefined, min: defined(spec.min), max: defined(spec.max), scale: spec.scale || undefined };
    Object.keys(base).forEach((k) => base[k] === undefined && delete base[k]);
    const merged = Object.assign(base, extra);
    if (spec.kind === "date") return dateAxis(values, merged);
    if (spec.kind === "percent") return percentAxis(merged);
    if (spec.kind === "category") return Object.assign({ type: "category", data: values, axisLabel: { hideOverlap: true, formatter: (v) => (isNaN(Number(v)) ? v : number(Number(v))) } }, merged);
    return valueAxis(merged);
  }

  // --- tooltips ---------------------------------------------------------------------------

  const valueOf = (param) => (Array.isArray(param.value) ? param.value[1] : param.value);

  // ``kinds.x``/``kinds.y``: how to write the axis value and the series values ("date",
  // "number", "percent" or a function); ``kinds.series``: one kind per series instead.
  function tooltip(kinds, extra) {
    const fx = formatOf(kinds && kinds.x);
    const fy = formatOf(kinds && kinds.y);
    const per = (kinds && kinds.series) || [];
    return Object.assign(
      {
        trigger: "axis",
        renderMode: "richText",
        formatter: (params) => {
          const list = [].concat(params).filter(Boolean);
          if (!list.length) return "";
          const first = list[0];
          const x = Array.isArray(first.value) ? first.value[0] : first.axisValue !== undefined ? first.axisValue : first.name;
          const lines = list.map((p) => (p.seriesName ? p.seriesName + ": " : "") + (per[p.seriesIndex] ? formatOf(per[p.seriesIndex]) : fy)(valueOf(p)));
          return [fx(x)].concat(lines).join("\n");
        },
      },
      extra,
    );
  }

  // --- the shared part of line, bar, scatter and distribution charts ----------------------

  const GRID = { left: 8, right: 24, top: 36, bottom: 8, outerBoundsMode: "same" };
  const WITH_LEGEND = { left: 8, right: 24, top: 36, bottom: 36, outerBoundsMode: "same" };
  const LINE_TYPES = { solid: "solid", dashed: "dashed", alert: "solid" };

  function markLines(marks, key) {
    return (marks || []).map((m) => ({
      [key]: m.at,
      name: m.label,
      label: { show: m.show_label !== false && Boolean(m.short || m.label), formatter: m.short || m.label },
      lineStyle: { color: m.style === "alert" ? PALETTE.red : color(m.color), type: LINE_TYPES[m.style] || "dashed" },
    }));
  }

  function bands(list, key) {
    return (list || []).map((b) => [
      { [key]: missing(b.start) ? (key === "yAxis" ? "min" : undefined) : b.start, name: b.label, itemStyle: { color: SOFT[b.color] || SOFT.gold } },
      { [key]: missing(b.end) ? (key === "yAxis" ? "max" : undefined) : b.end },
    ]);
  }

  const STYLES = {
    line: () => ({ type: "line" }),
    dashed: () => ({ type: "line", lineStyle: { type: "dashed" } }),
    step: () => ({ type: "line", step: "end" }),
    area: () => ({ type: "line", areaStyle: { opacity: 0.15 } }),
    bar: () => ({ type: "bar", barMaxWidth: 14 }),
    points: () => ({ type: "scatter", symbolSize: 9 }),
  };

  function series(d, options) {
    const category = d.x.kind === "category";
    return d.series.map((s, i) => {
      const one = Object.assign(STYLES[s.style] ? STYLES[s.style]() : STYLES.line(), {
        name: s.name,
        yAxisIndex: Math.min(s.axis || 0, d.y.length - 1),
        itemStyle: { color: color(s.color) },
        data: category ? s.points.map((p) => p[1]) : s.labels ? s.points.map((p, n) => [p[0], p[1], s.labels[n]]) : s.points.filter((p) => !missing(p[1])),
      });
      if (one.type === "line") {
        one.showSymbol = s.points.length < 30;
        one.lineStyle = Object.assign({ width: options.thin ? 1 : 2 }, one.lineStyle);
      }
      if (i === 0) {
        const lines = markLines(d.marks.x, "xAxis").concat(markLines(d.marks.y, "yAxis"));
        if (lines.length) one.markLine = { symbol: "none", silent: true, label: { position: "insideEndTop", fontSize: 10 }, data: lines };
        const areas = bands(d.bands.x, "xAxis").concat(bands(d.bands.y, "yAxis"));
        if (areas.length) one.markArea = { silent: true, data: areas };
        if (d.pins.length) {
          one.markPoint = { symbol: "pin", symbolSize: 36, itemStyle: { color: PALETTE.gold },
            data: d.pins.map((p) => ({ coord: [p.x, p.y], value: p.y, name: p.label, label: { formatter: number(p.y) } })) };
        }
      }
      return one;
    });
  }

  // The option for a chart of series over an x axis; ``options`` lets a kind adjust it.
  function cartesian(d, options) {
    options = options || {};
    const xs = d.x.kind === "category" ? (d.series[0] ? d.series[0].points.map((p) => p[0]) : []) : d.series.flatMap((s) => s.points.map((p) => p[0])).concat(d.marks.x.map((m) => m.at), d.pins.map((p) => p.x));
    const ys = (index) => d.series.filter((s) => (s.axis || 0) === index).flatMap((s) => s.points.map((p) => p[1]).filter((v) => !missing(v)));
    if (d.compact) {
      return {
        animation: false, grid: { left: 2, right: 2, top: 4, bottom: 4 },
        xAxis: { type: d.x.kind === "date" ? "time" : "value", show: false }, yAxis: { type: "value", scale: true, show: false },
        series: series(d, { thin: false }).map((s) => Object.assign(s, { showSymbol: false, lineStyle: { width: 1.5 } })),
      };
    }
    const legend = d.series.length > 1;
    const option = {
      animation: false,
      grid: Object.assign({}, legend ? WITH_LEGEND : GRID, options.grid),
      tooltip: tooltip({ x: d.x.kind, series: d.series.map((s) => (d.y[s.axis || 0] || d.y[0]).kind) }),
      xAxis: axis(d.x, xs, options.xAxis),
      yAxis: d.y.map((a, i) => axis(a, ys(i), (options.yAxis || [])[i])),
      series: series(d, options),
    };
    if (legend) option.legend = { bottom: 0, type: "scroll" };
    if (d.zoom) option.dataZoom = [{ type: "inside" }];
    return option;
  }

  // --- drawing ----------------------------------------------------------------------------

  const KINDS = {};

  // htmx drops <script> elements from swapped fragments (allowScriptTags is off), so the
  // json_script data of a fragment is kept here when its response arrives.
  const swapped = new Map();

  function read(id) {
    const el = id && document.getElementById(id);
    if (el) return JSON.parse(el.textContent);
    return swapped.has(id) ? JSON.parse(swapped.get(id)) : null;
  }

  const resizer = "ResizeObserver" in window ? new ResizeObserver((entries) => {
    entries.forEach((entry) => {
      const chart = window.echarts && window.echarts.getInstanceByDom(entry.target);
      if (chart) chart.resize();
    });
  }) : null;

  function render(el) {
    if (!window.echarts || el.dataset.rendered) return;
    const build = KINDS[el.dataset.kind];
    const data = build && read(el.dataset.source);
    if (!data) return;
    const option = build(data, el);
    if (!option) return;
    el.dataset.rendered = "1";
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    if (resizer) resizer.observe(el);
  }

  function renderAll(root) {
    if (document.readyState === "loading") return;  // DOMContentLoaded draws them
    (root || document).querySelectorAll("[data-kind][data-source]").forEach(render);
  }

  function dispose(root) {
    root.querySelectorAll("[data-kind][data-source]").forEach((el) => {
      const chart = window.echarts && window.echarts.getInstanceByDom(el);
      if (resizer) resizer.unobserve(el);
      if (chart) chart.dispose();
    });
  }

  // --- kinds ------------------------------------------------------------------------------

  function register(kind, build) {
    KINDS[kind] = build;
    renderAll(document);
  }

  register("line", (d) => cartesian(d, { thin: d.series.length === 1 && d.series[0].points.length > 120 }));

  register("bar", (d) => cartesian(d, {
    grid: { bottom: d.series.length > 1 ? 36 : 28 },
    xAxis: { nameLocation: "middle", nameGap: 24 },
  }));

  register("scatter", (d) => {
    const option = cartesian(d);
    const s = d.series[0];
    option.series[0].symbolSize = 4;
    option.series[0].itemStyle = { color: SOFT.blue };
    if (option.series[0].markLine) option.series[0].markLine.label = { position: "insideStartTop", fontSize: 10 };
    option.tooltip = {
      trigger: "item", renderMode: "richText",
      formatter: (p) => (p.value[2] ? p.value[2] + "\n" : "") + formatOf(d.x.kind)(p.value[0]) + ": " + formatOf(d.y[0].kind)(p.value[1]) + (s ? " (" + s.name + ")" : ""),
    };
    return option;
  });

  register("distribution", (d) => {
    const option = cartesian(d, { xAxis: d.x.kind === "number" ? { scale: true } : {} });
    option.series[0].barMaxWidth = 12;
    option.series[0].itemStyle = { color: "rgba(46,90,172,0.55)" };
    if (option.series[0].markLine) option.series[0].markLine.label = { position: "end", fontSize: 10 };
    option.tooltip = tooltip({ x: d.x.kind, y: "percent" });
    return option;
  });

  document.addEventListener("DOMContentLoaded", () => renderAll(document));
  if (!resizer) window.addEventListener("resize", () => document.querySelectorAll("[data-rendered]").forEach((el) => {
    const chart = window.echarts && window.echarts.getInstanceByDom(el);
    if (chart) chart.resize();
  }));
  // htmx:load fires on new content (an outerHTML swap's settle events fire on the replaced,
  // detached element and never reach the document); charts already drawn are skipped.
  document.addEventListener("htmx:load", () => renderAll(document));
  document.addEventListener("htmx:beforeSwap", (event) => {
    const html = new DOMParser().parseFromString(event.detail.serverResponse || "", "text/html");
    html.querySelectorAll('script[type="application/json"][id]').forEach((el) => swapped.set(el.id, el.textContent));
    dispose(event.detail.target);
  });

  window.LeitsternCharts = { lang, DAY, number, percent, date, time, dateAxis, valueAxis, percentAxis, tooltip, axis, cartesian, register, render, renderAll, palette: PALETTE };
})();
