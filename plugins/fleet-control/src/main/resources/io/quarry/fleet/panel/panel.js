// The fleet-control panel: this node, its peers, and every miner of the fleet with start and stop buttons.
// Polls the plugin's routes every 2 s; the fleet list and its buttons need the API token, which the operator types in
// (kept for this tab only). Plain JavaScript, no build step.
'use strict';

const API = '/api/v1/fleet-control/';
const POLL_MS = 2000;

const $ = id => document.getElementById(id);

function show(id, value) {
  $(id).textContent = String(value);
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = String(text);
  if (className) td.className = className;
  return td;
}

function row(...cells) {
  const tr = document.createElement('tr');
  tr.append(...cells.map(c => (c instanceof Node ? c : cell(c))));
  return tr;
}

function fill(table, rows, emptyText) {
  if (!rows.length) {
    const td = cell(emptyText, 'empty');
    td.colSpan = $(table).querySelectorAll('thead th').length;
    rows = [row(td)];
  }
  $(table).tBodies[0].replaceChildren(...rows);
}

function rate(hs) {
  const units = [[1e9, ' GH/s'], [1e6, ' MH/s'], [1e3, ' kH/s']];
  for (const [size, unit] of units) if (hs >= size) return (hs / size).toFixed(2) + unit;
  return hs.toFixed(1) + ' H/s';
}

function ago(ms) {
  if (!ms) return 'never';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 120 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
}

function headers() {
  const token = $('token').value.trim();
  const h = { 'Content-Type': 'application/json' };
  if (token) h.Authorization = 'Bearer ' + token;
  return h;
}

async function getJson(path, authorized) {
  const response = await fetch(path, { cache: 'no-store', headers: authorized ? headers() : {},
    signal: AbortSignal.timeout(2 * POLL_MS) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}` + (body.error ? ': ' + body.error : ''));
  return body;
}

function showNode(info) {
  show('node-name', info.name);
  show('node-role', '(' + info.role + ')');
  show('node-id', info.id);
  show('node-version', info.version);
  show('node-controllers', info.controllers.length ? info.controllers.map(c => c.slice(0, 12)).join(', ') : 'no controller');
}

function showPeers(peers) {
  fill('peers', peers.map(p => row(p.name, cell(p.id.slice(0, 12), 'hash'), p.address, p.role,
    cell(p.status, p.status), p.pingMs < 0 ? '-' : p.pingMs.toFixed(1) + ' ms', p.score.toFixed(0), ago(p.lastSeen))),
  'no peers: add one with quarry fleet peer add');
}

function button(label, node, miner, action) {
  const b = document.createElement('button');
  b.textContent = label;
  b.dataset.node = node.id;
  b.dataset.self = String(node.status === 'self');
  b.dataset.miner = miner.id;
  b.dataset.action = action;
  b.addEventListener('click', () => act(b));
  return b;
}

function showFleet(stats) {
  fill('totals', Object.entries(stats.totalHashrate).map(([kind, h]) => row(kind, rate(h))), 'no miners');
  const rows = [];
  for (const node of stats.peers) {
    if (!node.miners.length) {
      rows.push(row(node.name, cell(node.error || 'no miners', 'empty'), '', cell(node.status, node.status), '', '', '', '', ''));
    }
    for (const m of node.miners) {
      const running = m.state === 'running' || m.state === 'starting';
      const td = document.createElement('td');
      td.append(button(running ? 'Stop' : 'Start', node, m, running ? 'stop' : 'start'));
      const tr = row(node.name, m.id, m.kind, cell(m.state, m.state), rate(m.hashrate['10s']), rate(m.hashrate['60s']),
        rate(m.hashrate['15m']), m.profile || '', td);
      tr.dataset.miner = node.id + '/' + m.id;
      rows.push(tr);
    }
  }
  fill('miners', rows, 'no nodes');
}

// Start and stop: a peer's miner through the controller's remote route, this node's own through the kernel's.
async function act(b) {
  const { node, miner, action } = b.dataset;
  const path = b.dataset.self === 'true'
    ? '/api/v1/node/miners/' + encodeURIComponent(miner) + '/' + action
    : API + 'remote/' + encodeURIComponent(node) + '/' + action;
  b.disabled = true;
  try {
    const response = await fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify({ miner }) });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}` + (body.error ? ': ' + body.error : '')
        + (response.status === 401 ? ' (enter the API token above)' : ''));
    }
    show('action', `${action} ${miner}: done`);
    $('action').className = '';
  } catch (e) {
    show('action', `${action} ${miner} failed: ${e.message}`);
    $('action').className = 'error';
  }
  await poll();
}

async function poll() {
  try {
    showNode(await getJson(API + 'node/info', false));
    showPeers(await getJson(API + 'peers', false));
    show('status', 'updated ' + new Date().toLocaleTimeString());
    $('status').className = '';
  } catch (e) {
    show('status', 'node unreachable: ' + e.message);
    $('status').className = 'error';
    return;
  }
  try {
    showFleet(await getJson(API + 'remote/stats', true));
    show('fleet-error', '');
  } catch (e) {
    show('fleet-error', e.message + (e.message.includes('HTTP 401') ? ' (enter the API token above)' : ''));
  }
}

$('token').value = sessionStorage.getItem('quarry-token') || '';
$('token').addEventListener('change', () => {
  sessionStorage.setItem('quarry-token', $('token').value.trim());
  poll();
});
poll();
setInterval(poll, POLL_MS);
