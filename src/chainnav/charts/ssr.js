// Server-side rendering of ECharts options to SVG for chainnav (PDF and DOCX figures).
// Reads {"echarts": path, "jobs": [{"option", "width", "height"}]} as JSON on stdin and writes a
// JSON array of SVG strings to stdout. It loads the same echarts.min.js the browser pages use.
"use strict";

const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const echarts = require(request.echarts);
  const out = request.jobs.map((job) => {
    const chart = echarts.init(null, null, {
      renderer: "svg",
      ssr: true,
      width: job.width,
      height: job.height,
    });
    chart.setOption(Object.assign({}, job.option, { animation: false }));
    const svg = chart.renderToSVGString();
    chart.dispose();
    return svg;
  });
  process.stdout.write(JSON.stringify(out));
});
