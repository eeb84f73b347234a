// The Fleet page: every node's miners with their hashrates and Start/Stop buttons, and the fleet's total
// hashrate by miner kind. Reading the fleet signs commands to workers, so it needs the API token, which the
// operator types in (kept for this tab only).
'use strict';

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
  await refresh();
}

// Shown separately from #status: the node answers, but without the token the fleet stays closed.
async function showFleetOrWhy() {
  try {
    showFleet(await getJson(API + 'remote/stats', true));
    show('fleet-error', '');
  } catch (e) {
    show('fleet-error', e.message + (e.message.includes('HTTP 401') ? ' (enter the API token above)' : ''));
    if (!e.message.includes('answered HTTP')) throw e;
  }
}

$('token').value = sessionStorage.getItem('quarry-token') || '';
const refresh = every(showFleetOrWhy);
$('token').addEventListener('change', () => {
  sessionStorage.setItem('quarry-token', $('token').value.trim());
  refresh();
});
