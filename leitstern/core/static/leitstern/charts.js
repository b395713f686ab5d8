// Shared pieces of every chart: axes, tooltips and numbers in the reader's language (the
// page's <html lang>), so a German page shows "1.234,5" and "2. Nov.", never "1,234.5",
// "Nov 2" or hours on a chart of days. Each module's charts.js builds its options from
// these; the tables next to the charts carry the same numbers without JavaScript.
(function () {
  "use strict";

  const lang = document.documentElement.lang || "en";
  const DAY = 24 * 3600 * 1000;
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const percents = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
  const dayMonth = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short" });
  const monthYear = new Intl.DateTimeFormat(lang, { month: "short", year: "numeric" });
  const fullDate = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });

  function time(value) {
    if (value instanceof Date) return value.getTime();
    if (typeof value === "number") return value;
    // "2026-11-02" is a calendar day: read it as local midnight, as ECharts does.
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
    return m ? new Date(+m[1], +m[2] - 1, +m[3]).getTime() : Date.parse(value);
  }

  function number(value) {
    return value === null || value === undefined || value === "" ? "—" : numbers.format(value);
  }

  function percent(value) {
    return value === null || value === undefined ? "—" : percents.format(value);
  }

  function date(value) {
    const t = time(value);
    return Number.isFinite(t) ? fullDate.format(new Date(t)) : "—";
  }

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
      { type: "value", axisLabel: { formatter: (v) => f(v) }, axisPointer: { label: { formatter: (p) => f(p.value) } } },
      extra,
    );
  }

  function percentAxis(extra) {
    return valueAxis(extra, percent);
  }

  function valueOf(param) {
    return Array.isArray(param.value) ? param.value[1] : param.value;
  }

  // Tooltips in richText (HTML tooltips need inline styles, which the CSP forbids).
  // ``x``/``y`` say how to write the axis value and the series values: "date", "number",
  // "percent" or a function.
  function tooltip(kinds, extra) {
    const as = (kind) => (typeof kind === "function" ? kind : { date: date, percent: percent, number: number, text: String }[kind || "number"]);
    const fx = as(kinds && kinds.x), fy = as(kinds && kinds.y);
    return Object.assign(
      {
        trigger: "axis",
        renderMode: "richText",
        formatter: (params) => {
          const list = [].concat(params).filter(Boolean);
          if (!list.length) return "";
          const first = list[0];
          const x = Array.isArray(first.value) ? first.value[0] : first.axisValue !== undefined ? first.axisValue : first.name;
          const lines = list.map((p) => (p.seriesName ? p.seriesName + ": " : "") + fy(valueOf(p)));
          return [fx(x)].concat(lines).join("\n");
        },
      },
      extra,
    );
  }

  window.LeitsternCharts = { lang, DAY, number, percent, date, time, dateAxis, valueAxis, percentAxis, tooltip };
})();
