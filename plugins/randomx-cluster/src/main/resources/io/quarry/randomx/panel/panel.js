// The randomx-cluster panel: polls the plugin's stats route every 2 s, as the kernel dashboard polls /health,
// keeps five minutes of hashrate in memory and draws it. Plain JavaScript, no build step.
'use strict';

const STATS = '/api/v1/randomx-cluster/stats';
const POLL_MS = 2000;
const HISTORY_POINTS = 150; // 5 minutes at one sample every 2 s, as on the kernel dashboard
const SOURCES = { pool: 'pool', daemon: 'solo monerod', none: 'none' };
const ROW_TABLES = ['rejected', 'blocks', 'miners', 'members'];
// null marks a poll that failed, so the chart shows a gap instead of joining across an outage.
const history = { own: [], outside: [] };

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

function emptyRow(table, text) {
  const td = cell(text, 'empty');
  td.colSpan = $(table).querySelectorAll('thead th').length;
  return row(td);
}

function fill(table, rows, emptyText) {
  $(table).tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(table, emptyText)]));
}

function rate(hs) {
  const units = [[1e9, ' GH/s'], [1e6, ' MH/s'], [1e3, ' kH/s']];
  for (const [size, unit] of units) if (hs >= size) return (hs / size).toFixed(2) + unit;
  return hs.toFixed(1) + ' H/s';
}

// InetSocketAddress.toString() on the Java side: "/127.0.0.1:3333" or "host/127.0.0.1:3333".
function address(text) {
  return text ? text.replace(/^\//, '') : '';
}

function since(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 120) return s + ' s';
  if (s < 7200) return Math.round(s / 60) + ' min';
  return Math.round(s / 3600) + ' h';
}

function reasons(byReason) {
  return Object.entries(byReason || {}).map(([r, n]) => `${r} ${n}`).join(', ');
}

function renderWork(s) {
  show('state', s.state);
  $('state').className = 'figure state-' + s.state;
  show('state-detail', s.stateDetail || '');
  show('source', SOURCES[s.upstream.kind] || s.upstream.kind);
  // WorkSource.describe() starts with the kind ("pool tls://…", "monerod http://…"), shown just before.
  show('upstream', (s.upstream.description || '').replace(/^(pool|monerod) /, ''));
  // The endpoint exists only while mining with stratum_listen set; listen is null until it is bound.
  show('stratum', s.stratum ? address(s.stratum.listen) || 'starting…' : 'off');
  const threads = s.threads === 1 ? '1 thread' : `${s.threads} threads`;
  show('engine', s.mode ? `${s.mode} mode, ${threads}, ${s.totalHashes} hashes` : '—');
  show('job', s.job ? `${s.job.id} · height ${s.job.height} · difficulty ${s.job.difficulty}` : '—');
}

function renderShares(s) {
  const st = s.stratum;
  show('shares-accepted', s.sharesAccepted);
  show('shares-rejected', s.sharesRejected);
  show('stratum-accepted', st ? st.sharesAccepted : '—');
  show('stratum-rejected', st ? st.sharesRejected : '—');
  show('jobs-refused', reasons(s.jobsRefused) || 'none');
  // One row per reason either side gave; the upstream and the endpoint judge different shares.
  const upstream = s.rejectedByReason || {};
  const local = st ? st.rejectedByReason : {};
  const all = [...new Set([...Object.keys(upstream), ...Object.keys(local)])].sort();
  fill('rejected', all.map(r => row(r, upstream[r] || 0, local[r] || 0)), 'no rejected shares');
}

function renderBlocks(s) {
  show('blocks-found', s.blocksFound);
  fill('blocks', s.blocks.map(b => row(b.height, cell(b.powHash, 'hash'), b.difficulty, b.worker,
    new Date(b.at).toLocaleString())), 'none yet');
}

function renderMiners(s) {
  show('miners-connected', s.minersConnected);
  const miners = s.stratum ? s.stratum.miners : [];
  fill('miners', miners.map(m => {
    const rejected = m.sharesRejected ? `${m.sharesRejected} (${reasons(m.rejectedByReason)})` : '0';
    return row(m.login, m.worker, address(m.remote), m.agent, m.difficulty, rate(m.hashrate['10s']),
      rate(m.hashrate['60s']), rate(m.hashrate['15m']), m.sharesAccepted, rejected, since(m.connectedSince));
  }), s.stratum ? 'none connected' : 'Stratum endpoint off');
}

// Present only on a node with a cluster role (randomx-cluster.role other than standalone).
function renderCluster(s) {
  const c = s.cluster;
  if (!c) {
    show('cluster-role', 'standalone');
    ['cluster-master', 'cluster-counters', 'cluster-hashing'].forEach(id => show(id, '—'));
    fill('members', [], 'not in a cluster');
    return;
  }
  show('cluster-role', c.role);
  show('cluster-master', c.masterId || 'none elected');
  show('cluster-counters', `${c.elections} elections, ${c.badResults} bad results`);
  show('cluster-hashing', c.hashing
    ? `${c.hashing.remote ? 'through the dataset host' : 'light mode here'} (here ${rate(c.hashing.localRate)}, host ${rate(c.hashing.remoteRate)})`
    : 'local');
  fill('members', c.members.map(m => row(m.nodeId.substring(0, 12), m.role, rate(m.hashrate), m.freeRamMb + ' MiB',
    m.datasetHost ? 'yes' : '', m.remoteHashing ? 'yes' : '', m.range ? `${m.range[0]}..${m.range[1]}` : '')), 'none');
}

function renderHashrate(s) {
  const outside = s.stratum ? s.stratum.hashrate['10s'] : 0;
  show('rate-10s', rate(s.hashrate['10s']));
  show('rate-60s', rate(s.hashrate['60s']));
  show('rate-15m', rate(s.hashrate['15m']));
  show('rate-outside', s.stratum ? rate(outside) : 'Stratum endpoint off');
  remember(s.hashrate['10s'], outside);
}

let samplesTaken = 0; // counts every remember(), also once the history is full and stays at its length

function remember(own, outside) {
  samplesTaken++;
  for (const [series, value] of [[history.own, own], [history.outside, outside]]) {
    series.push(value);
    if (series.length > HISTORY_POINTS) series.shift();
  }
  draw();
}

function draw() {
  drawChart($('chart'), [history.own, history.outside], HISTORY_POINTS, rate);
}

// A failed poll blanks every figure: numbers from an earlier poll would look current when they are not.
function showUnreachable(message) {
  show('status', message);
  $('status').className = 'error';
  document.querySelectorAll('.figure').forEach(el => {
    el.textContent = '—';
  });
  show('state-detail', '');
  show('upstream', '');
  $('state').className = 'figure';
  ROW_TABLES.forEach(t => $(t).tBodies[0].replaceChildren());
}

async function refresh() {
  let s;
  try {
    // A node that accepts the connection but never answers must still end up "unreachable".
    const response = await fetch(STATS, { cache: 'no-store', signal: AbortSignal.timeout(2 * POLL_MS) });
    if (!response.ok) throw new Error(`${STATS} answered HTTP ${response.status}`);
    s = await response.json();
  } catch (e) {
    showUnreachable('node unreachable: ' + e.message);
    remember(null, null);
    return;
  }
  const samples = samplesTaken;
  try {
    renderWork(s);
    renderHashrate(s);
    renderShares(s);
    renderBlocks(s);
    renderMiners(s);
    renderCluster(s);
    show('status', 'updated ' + new Date().toLocaleTimeString());
    $('status').className = '';
  } catch (e) {
    // The node answered, in a shape this page does not know (a plugin and panel of different versions).
    showUnreachable('cannot show the node\u2019s answer: ' + e.message);
    if (samplesTaken === samples) remember(null, null); // one chart point per poll, whatever failed
  }
}

// The next poll is scheduled when this one ends, so a slow node never has requests piling up.
async function poll() {
  await refresh();
  setTimeout(poll, POLL_MS);
}

poll();
