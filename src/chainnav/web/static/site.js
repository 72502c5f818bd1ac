// Draws every chart on the page from its ECharts option (built server-side by chainnav.charts)
// and lets a click on a chain-map node open that node's page.
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var charts = [];
  document.querySelectorAll("div.chart[data-option]").forEach(function (el) {
    var option = JSON.parse(el.getAttribute("data-option"));
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    var links = el.getAttribute("data-links");
    if (links) {
      var targets = JSON.parse(links);
      chart.on("click", function (params) {
        var id = params.data && params.data.id;
        if (id && targets[id]) { window.location.href = targets[id]; }
      });
    }
    el.setAttribute("data-ready", "1");
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.chainnavCharts = charts;
})();
