// A chart for plugin panels, served by the kernel at /chart.js so every panel draws figures over time the same
// way: the dashboard's sparkline made larger, with a scale, gaps for failed polls and more than one series.
// Plain canvas drawing, no library. A panel loads it with <script src="/chart.js"></script>.
'use strict';

const CHART_COLORS = ['#1a73e8', '#e37400']; // a panel's legend uses the same colours, in this order

// The smallest 1, 2 or 5 times a power of ten at or above value, so the scale reads in round numbers.
function roundUp(value) {
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  return [1, 2, 5, 10].map(m => m * power).find(v => v >= value);
}

/**
 * Draws each series (arrays of numbers, null for a gap) over `points` slots, newest at the right edge, and
 * labels the scale with `format`. The canvas is sized to its CSS box times the pixel ratio so lines stay sharp.
 */
function drawChart(canvas, series, points, format) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 160;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);

  const max = roundUp(Math.max(1, ...series.flat().filter(v => v !== null)));
  const left = 80, top = 8, plotWidth = width - left - 8, plotHeight = height - 2 * top;
  const yOf = v => top + plotHeight * (1 - v / max);

  g.font = '11px system-ui, sans-serif';
  g.textBaseline = 'middle';
  g.fillStyle = '#6b7280';
  g.strokeStyle = '#e3e6eb';
  for (const f of [0, 0.5, 1]) {
    g.beginPath();
    g.moveTo(left, yOf(max * f));
    g.lineTo(width - 8, yOf(max * f));
    g.stroke();
    g.fillText(format(max * f), 4, yOf(max * f));
  }

  g.lineWidth = 1.5;
  series.forEach((values, k) => {
    g.strokeStyle = CHART_COLORS[k % CHART_COLORS.length];
    g.beginPath();
    let drawing = false;
    values.forEach((v, i) => {
      if (v === null) {
        drawing = false;
        return;
      }
      const x = left + plotWidth - (values.length - 1 - i) * (plotWidth / (points - 1));
      if (drawing) g.lineTo(x, yOf(v)); else g.moveTo(x, yOf(v));
      drawing = true;
    });
    g.stroke();
  });
  // How many polls the chart holds; a page whose polling stopped would show a count that no longer grows.
  canvas.dataset.samples = String(series[0].length);
}
