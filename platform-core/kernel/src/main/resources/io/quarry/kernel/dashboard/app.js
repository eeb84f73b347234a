// The kernel dashboard: polls /health and /api/v1/node/miners, keeps five minutes of hashrate per miner
// in memory and draws it as a sparkline. Plain JavaScript, no build step.
'use strict';

const HISTORY_POINTS = 150; // 5 minutes at one sample every 2 s
const history = new Map();

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function rate(value) {
  if (value >= 1e9) return (value / 1e9).toFixed(2) + ' G';
  if (value >= 1e6) return (value / 1e6).toFixed(2) + ' M';
  if (value >= 1e3) return (value / 1e3).toFixed(2) + ' k';
  return value.toFixed(1) + ' ';
}

function sparkline(points) {
  const canvas = document.createElement('canvas');
  canvas.width = 150; canvas.height = 24;
  const g = canvas.getContext('2d');
  const max = Math.max(1, ...points);
  g.strokeStyle = '#1a73e8';
  g.beginPath();
  points.forEach((p, i) => {
    const x = i * (canvas.width / HISTORY_POINTS);
    const y = canvas.height - 2 - (p / max) * (canvas.height - 4);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
  return canvas;
}

// The same verdict /health gives load balancers (strict=true answers 503 unless UP), with its reasons.
function renderHealth(health) {
  const box = document.getElementById('health');
  box.className = 'health-' + health.status;
  document.getElementById('health-status').textContent = health.status;
  document.getElementById('health-reasons').replaceChildren(...(health.reasons || []).map(r => {
    const li = document.createElement('li');
    li.textContent = r;
    return li;
  }));
}

function renderPlugins(health) {
  const body = document.querySelector('#plugins tbody');
  body.replaceChildren(...health.plugins.map(p => {
    const tr = document.createElement('tr');
    const detail = p.error || p.miners.map(m => m.detail).filter(Boolean).join('; ');
    const id = cell(p.panel ? '' : p.id);
    if (p.panel) {
      // The plugin's own page: its figures in more detail than this table.
      const link = document.createElement('a');
      link.href = p.panel;
      link.textContent = p.id;
      id.append(link);
    }
    tr.append(id, cell(p.version), cell(p.state, 'state-' + p.state), cell(detail || ''));
    return tr;
  }));
  const up = Math.round(health.uptimeSeconds);
  document.getElementById('node').textContent =
    `${health.name} · ${health.nodeId.slice(0, 16)}… · v${health.version} · up ${up} s · ${health.status}`;
}

function renderMiners(miners) {
  const body = document.querySelector('#miners tbody');
  body.replaceChildren(...miners.map(m => {
    const points = history.get(m.id) || [];
    points.push(m.stats.hashrate.tenSeconds);
    if (points.length > HISTORY_POINTS) points.shift();
    history.set(m.id, points);
    const tr = document.createElement('tr');
    const h = m.stats.hashrate;
    tr.append(cell(m.id), cell(m.kind), cell(m.state, 'state-' + m.state),
      cell(rate(h.tenSeconds) + 'H/s'), cell(rate(h.sixtySeconds) + 'H/s'), cell(rate(h.fifteenMinutes) + 'H/s'),
      cell(m.stats.sharesAccepted), cell(m.stats.sharesRejected), cell(m.stats.sharesStale));
    const spark = document.createElement('td');
    spark.append(sparkline(points));
    tr.append(spark);
    return tr;
  }));
}

async function refresh() {
  try {
    const [health, miners] = await Promise.all([
      fetch('/health').then(r => r.json()),
      fetch('/api/v1/node/miners').then(r => r.json()),
    ]);
    renderHealth(health);
    renderPlugins(health);
    renderMiners(miners);
  } catch (e) {
    document.getElementById('node').textContent = 'node unreachable: ' + e.message;
  }
}

refresh();
setInterval(refresh, 2000);
