// The poies-miner panel: polls the plugin's open GET routes every 2 s (stats and recent-blocks), keeps five
// minutes of scan hashrate for the chart, and shows the chain head, the scanner, outside miners and the newest
// blocks with the proofs that carried them. Plain JavaScript and no build step, like the kernel dashboard.
// Only open routes are read: a browser holds no API token, and the JSON-RPC route may need one
// (poies-miner.rpc_access = "token").
'use strict';

const API = '/api/v1/poies-miner/';
const POLL_MS = 2000;
const HISTORY_POINTS = 150; // 5 minutes at one sample every 2 s
const BLOCKS = 10;
const REQUEST_TIMEOUT_MS = 5000;
const PROOF_KINDS = ['hash', 'vdf', 'storage', 'ai', 'quantum']; // the policy's types, in the order shown
const hashrates = [];

function show(id, text) {
  document.getElementById(id).textContent = text;
}

// Consensus figures are integers in micro-nats; people read nats.
function nats(micro) {
  return (micro / 1e6).toFixed(3);
}

function rate(value) {
  if (value >= 1e9) return (value / 1e9).toFixed(2) + ' G';
  if (value >= 1e6) return (value / 1e6).toFixed(2) + ' M';
  if (value >= 1e3) return (value / 1e3).toFixed(2) + ' k';
  return value.toFixed(1) + ' ';
}

function shortHash(hash) {
  return hash.length > 20 ? hash.slice(0, 10) + '\u2026' + hash.slice(-6) : hash;
}

// Ages are worked out against the node's clock (stats.now), so a browser whose clock is off still reads right.
function ago(seconds) {
  const s = Math.max(0, seconds);
  if (s < 120) return s + ' s';
  if (s < 7200) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

async function getJson(path) {
  // A node that accepts the connection but never answers must not leave the page silently stale.
  const response = await fetch(API + path, { cache: 'no-store', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
  return response.json();
}

function renderChain(stats) {
  const head = stats.head;
  const chain = stats.chain;
  const work = stats.work;
  show('height', head.height);
  show('hash', head.hash);
  show('age', ago(stats.now - head.time));
  show('theta', `${nats(head.thetaMicro)} nats (thetaMicro ${head.thetaMicro})`);
  show('block-time', chain.blockTimeSecs + ' s');
  show('gamma', `${nats(chain.gammaCapMicro)} nats \u00b7 q ${(chain.escortQMicro / 1e6).toFixed(3)}`);
  show('policy-root', chain.policyRoot);
  show('work', `height ${work.height}: ${work.proofs.length} proofs attached, \u03a3\u03c8 ${nats(work.psiMicro)}; ` +
    `a share with H(u) \u2265 ${nats(work.blockHMicro)} seals it`);
}

function renderScanning(stats) {
  const miner = stats.miner;
  show('scanner', stats.state);
  show('hashrate', `${rate(miner.hashrate.tenSeconds)}H/s \u00b7 ${rate(miner.hashrate.sixtySeconds)}H/s`);
  show('shares-rate', `${miner.extra.sharesPerSec.toFixed(2)} per second over 60 s, local and outside`);
  show('shares', `${miner.sharesAccepted} \u00b7 ${miner.sharesRejected} \u00b7 ${miner.sharesStale}`);
  const reasons = Object.entries(stats.rejected);
  show('rejected', reasons.length ? reasons.map(([reason, n]) => `${reason} ${n}`).join(' \u00b7 ') : 'none');
  // A front that is switched off is absent from stats.outside: say "off" rather than a misleading 0.
  const fronts = [['getwork', 'WebSocket getwork'], ['stratum', 'Stratum']]
    .map(([key, name]) => `${name} ${key in stats.outside ? stats.outside[key] : 'off'}`);
  show('outside', fronts.join(' \u00b7 '));
}

// One chip per proof kind a block carried, with how many and their summed psi.
function proofChips(proofs) {
  if (!proofs.length) return [document.createTextNode('none')];
  const byKind = new Map();
  for (const p of proofs) {
    const kind = byKind.get(p.type) || { count: 0, psiMicro: 0 };
    kind.count++;
    kind.psiMicro += p.psiMicro;
    byKind.set(p.type, kind);
  }
  const rank = type => {
    const i = PROOF_KINDS.indexOf(type);
    return i < 0 ? PROOF_KINDS.length : i; // a kind this page does not know yet goes last
  };
  return [...byKind].sort((a, b) => rank(a[0]) - rank(b[0])).map(([type, kind]) => {
    const chip = document.createElement('span');
    chip.className = 'proof proof-' + type;
    chip.textContent = `${type}${kind.count > 1 ? ' \u00d7' + kind.count : ''} ${nats(kind.psiMicro)}`;
    return chip;
  });
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderBlocks(recent, now) {
  document.querySelector('#blocks tbody').replaceChildren(...recent.blocks.map(b => {
    const tr = document.createElement('tr');
    const hash = cell(shortHash(b.hash), 'mono');
    hash.title = b.hash;
    const proofs = document.createElement('td');
    proofs.append(...proofChips(b.proofs));
    tr.append(cell(b.height), hash, cell(ago(now - b.time)), cell(nats(b.hMicro)), cell(nats(b.psiMicro)),
      cell(nats(b.scoreMicro)), cell(nats(b.thetaMicro)), proofs);
    return tr;
  }));
}

function renderChart() {
  const canvas = document.getElementById('hashrate-chart');
  drawChart(canvas, [hashrates], HISTORY_POINTS, v => rate(v) + 'H/s');
  const latest = hashrates[hashrates.length - 1];
  canvas.setAttribute('aria-label', `hashrate, last 5 minutes: ${hashrates.length} samples, now ` +
    (latest === null ? 'unknown' : rate(latest) + 'H/s'));
}

function remember(sample) {
  // Only numbers reach the chart: an answer of another shape is a gap, like a failed poll.
  hashrates.push(typeof sample === 'number' && Number.isFinite(sample) ? sample : null);
  if (hashrates.length > HISTORY_POINTS) hashrates.shift();
}

// Without an answer every figure on the page would be stale: blank them so only the error line speaks.
function blank() {
  document.querySelectorAll('.figures dd').forEach(dd => { dd.textContent = '\u2013'; });
  document.querySelector('#blocks tbody').replaceChildren();
}

function problem(text) {
  blank();
  show('status', text);
  document.getElementById('status').className = 'error';
}

async function refresh() {
  let stats;
  let recent;
  try {
    [stats, recent] = await Promise.all([getJson('stats'), getJson('recent-blocks?count=' + BLOCKS)]);
  } catch (e) {
    remember(null);
    problem('node unreachable: ' + e.message);
  }
  if (stats) {
    try {
      remember(stats.miner.hashrate.tenSeconds);
      renderChain(stats);
      renderScanning(stats);
      renderBlocks(recent, stats.now);
      show('status', `chain ${stats.chain.chainId} \u00b7 updated ${new Date().toLocaleTimeString()}`);
      document.getElementById('status').className = '';
    } catch (e) {
      // The node answered, but not in the shape this page knows: a plugin and panel of different versions.
      problem('cannot show the node\u2019s answer: ' + e.message);
    }
  }
  try {
    renderChart();
  } finally {
    // Poll again only after this round finished, so a slow node never has several rounds in flight; and
    // always, so one bad answer cannot stop the page for good.
    setTimeout(refresh, POLL_MS);
  }
}

refresh();
