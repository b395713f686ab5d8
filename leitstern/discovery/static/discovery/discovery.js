// Discovery's small client layer. Every page works without it: the tree is a nested list
// of <details>, the scatter has a table with the same numbers.
(function () {
  "use strict";

  function setAll(open) {
    document.querySelectorAll(".ost details").forEach((d) => { d.open = open; });
  }

  function init() {
    document.querySelectorAll("[data-tree-toggle]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => setAll(button.dataset.treeToggle === "open"));
    });
    scatter();
  }

  // A printed tree shows every branch, also the ones collapsed on screen.
  let wasOpen = [];
  window.addEventListener("beforeprint", () => {
    wasOpen = Array.from(document.querySelectorAll(".ost details")).map((d) => d.open);
    setAll(true);
  });
  window.addEventListener("afterprint", () => {
    document.querySelectorAll(".ost details").forEach((d, i) => { d.open = wasOpen[i] !== false; });
  });

  // Value against effort: the items in the top-left (much value, little effort) first.
  function scatter() {
    const el = document.querySelector("[data-chart='value-effort']");
    const source = el && document.getElementById(el.dataset.source);
    if (!el || !source || !window.echarts || !window.LeitsternCharts) return;
    const C = window.LeitsternCharts;
    const rows = JSON.parse(source.textContent);
    const chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 24, bottom: 8, outerBoundsMode: "same" },
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: (p) => p.data.name + "\n" + el.dataset.valueLabel + ": " + C.number(p.data.value[1]) + "\n" + el.dataset.effortLabel + ": " + C.number(p.data.value[0]),
      },
      xAxis: C.valueAxis({ name: el.dataset.effortLabel, nameLocation: "middle", nameGap: 24, scale: true }),
      yAxis: C.valueAxis({ name: el.dataset.valueLabel, scale: true }),
      series: [{
        type: "scatter",
        symbolSize: 12,
        data: rows.map((r) => ({ name: r.name, value: [r.effort, r.value] })),
        label: { show: rows.length <= 25, position: "right", formatter: (p) => p.data.name.slice(0, 28), fontSize: 10 },
      }],
    });
    window.addEventListener("resize", () => chart.resize());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
