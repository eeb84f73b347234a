// The subnet-miner panel: polls the plugin's stats route every 2 s and shows the miner, its validators and
// the most recent requests to its public API. Plain JavaScript, no build step.
'use strict';

const STATS = '/api/v1/subnet-miner/stats';
const POLL_MS = 2000;
const $ = id => document.getElementById(id);

function show(id, value) {
  $(id).textContent = String(value);
}

function row(...cells) {
  const tr = document.createElement('tr');
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = String(text);
    tr.append(td);
  }
  return tr;
}

function fill(table, rows, emptyText) {
  const body = $(table).tBodies[0];
  if (rows.length) {
    body.replaceChildren(...rows);
  } else {
    const tr = row(emptyText);
    tr.firstChild.colSpan = $(table).querySelectorAll('thead th').length;
    tr.firstChild.className = 'empty';
    body.replaceChildren(tr);
  }
}

function orchestrator(o) {
  if (!o || !o.configured) return 'none';
  return (o.connected ? 'connected to ' : 'not connected to ') + o.url + ' · jobs done: ' + (o.jobsDone || 0);
}

function render(stats) {
  const extra = stats.extra || {};
  show('state', stats.state || '');
  show('hotkey', extra.hotkey || '');
  show('listen', extra.listen || '');
  show('routes', ['/health (unsigned)'].concat(extra.routes || []).join(', '));
  show('metagraph', extra.metagraph || '');
  show('validators', extra.validators ?? 0);
  show('orchestrator', orchestrator(extra.orchestrator));
  const byStatus = extra.requestsByStatus || {};
  fill('by-status', Object.keys(byStatus).map(s => row(s, byStatus[s])), 'no requests yet');
  fill('recent', (extra.recentRequests || []).map(r => row(new Date(r.atMillis).toLocaleTimeString(), r.caller,
    r.route, r.status, r.millis.toFixed(1), r.reason)), 'no requests yet');
}

async function poll() {
  try {
    const response = await fetch(STATS, { cache: 'no-store' });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    render(await response.json());
    show('status', 'updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    show('status', 'cannot reach the node: ' + e.message);
  }
}

poll();
setInterval(poll, POLL_MS);
