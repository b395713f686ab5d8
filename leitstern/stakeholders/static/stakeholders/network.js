// The network graph (ECharts, force layout): who listens to whom as arrows from the one
// listened to (width by strength), the official reporting line dashed, people coloured by
// engagement and sized by reach. The same numbers are in the table under it.
(function () {
  "use strict";

  // unaware, resistant, neutral, supportive, leading, unknown
  const COLORS = ["#8a94a3", "#b33a3a", "#d9a400", "#2f7d4f", "#174a2c", "#c9ccc6"];

  function read(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function option(d) {
    const C = window.LeitsternCharts;
    const num = (v) => (C ? C.number(v) : String(v));
    const names = {};
    d.nodes.forEach((n) => { names[n.id] = n.name; });
    const nodes = d.nodes.map((n) => ({
      id: n.id, name: n.name, category: n.category, symbolSize: n.size, value: n.reach,
      influence: n.influence, broker: n.broker,
    }));
    const real = d.links.map((l) => ({
      source: l.source, target: l.target, value: l.strength, strength: l.strength,
      lineStyle: { width: 0.6 + l.strength * 0.9, opacity: 0.55, curveness: 0.12 },
    }));
    const official = d.official.map((l) => ({
      source: l.source, target: l.target, official: true, symbol: ["none", "none"],
      lineStyle: { type: "dashed", color: "#8a94a3", width: 1, opacity: 0.8, curveness: -0.12 },
    }));
    const many = nodes.length > 120;
    return {
      animation: !many,
      tooltip: {
        renderMode: "richText",
        formatter: (p) => {
          if (p.dataType === "edge") {
            const e = p.data;
            if (e.official) return names[e.target] + " → " + names[e.source] + "\n" + d.labels.official;
            return names[e.target] + " " + d.labels.listens + " " + names[e.source] + " (" + d.labels.strength[e.strength - 1] + ")";
          }
          const n = p.data;
          return n.name + "\n" + d.labels.influence + ": " + num(n.influence) + "\n" + d.labels.reach + ": " + num(n.value) + "\n" + d.labels.broker + ": " + num(n.broker);
        },
      },
      legend: [{ data: d.categories, bottom: 0, type: "scroll" }],
      series: [{
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        data: nodes,
        links: real.concat(official),
        categories: d.categories.map((name, i) => ({ name: name, itemStyle: { color: COLORS[i] } })),
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 7,
        label: { show: true, position: "right", fontSize: 11, color: "#1d2430" },
        labelLayout: { hideOverlap: true },
        lineStyle: { color: "source" },
        emphasis: { focus: "adjacency", lineStyle: { width: 3 } },
        force: { repulsion: many ? 60 : 260, edgeLength: many ? [20, 60] : [60, 150], gravity: many ? 0.2 : 0.08, layoutAnimation: !many },
        bottom: 36,
      }],
    };
  }

  function render(el) {
    if (!window.echarts || el.dataset.rendered) return;
    const data = read(el.dataset.source);
    if (!data) return;
    el.dataset.rendered = "1";
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(data));
    window.addEventListener("resize", () => chart.resize());
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll('[data-kind="graph"][data-source]').forEach(render);
  });
})();
