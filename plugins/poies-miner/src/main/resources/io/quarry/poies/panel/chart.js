// The hashrate chart: a line over the last five minutes, larger than the kernel dashboard's sparkline, with the
// peak and the time span labelled. A failed poll is a gap, not a zero: "no answer" must not look like "no work".
'use strict';

function drawLineChart(canvas, points, capacity, format) {
  const g = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  const pad = { left: 8, right: 8, top: 22, bottom: 20 };
  const values = points.filter(p => p !== null);
  const max = Math.max(1, ...values);
  g.clearRect(0, 0, w, h);

  g.strokeStyle = '#e3e6eb';
  g.lineWidth = 1;
  for (const y of [pad.top, h - pad.bottom]) {
    g.beginPath();
    g.moveTo(pad.left, y);
    g.lineTo(w - pad.right, y);
    g.stroke();
  }
  g.fillStyle = '#6b7280';
  g.font = '12px system-ui, sans-serif';
  g.fillText('peak ' + format(max), pad.left, pad.top - 7);
  g.fillText('-5 min', pad.left, h - 5);
  g.fillText('now', w - pad.right - g.measureText('now').width, h - 5);

  // The newest sample sits at the right edge and older ones walk left, so a fresh page fills in from the right.
  const step = (w - pad.left - pad.right) / (capacity - 1);
  const first = capacity - points.length;
  const xy = i => [pad.left + (first + i) * step, h - pad.bottom - (points[i] / max) * (h - pad.top - pad.bottom)];
  g.strokeStyle = '#1a73e8';
  g.lineWidth = 2;
  g.beginPath();
  let penDown = false;
  points.forEach((p, i) => {
    if (p === null) {
      penDown = false;
      return;
    }
    const [x, y] = xy(i);
    if (penDown) g.lineTo(x, y); else g.moveTo(x, y);
    penDown = true;
  });
  g.stroke();
  // A dot on the latest sample: with one sample there is no line yet, and the eye looks for "now" first.
  if (points.length && points[points.length - 1] !== null) {
    const [x, y] = xy(points.length - 1);
    g.fillStyle = '#1a73e8';
    g.beginPath();
    g.arc(x, y, 3, 0, 2 * Math.PI);
    g.fill();
  }
}
