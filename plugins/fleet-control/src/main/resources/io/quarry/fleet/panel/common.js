// What the fleet-control panel's two pages share: table helpers, number formats and the JSON fetch. The Nodes
// page (nodes.js) and the Fleet page (fleet.js) each poll the plugin's routes every 2 s. Plain JavaScript, no
// build step.
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

// The API token the operator typed on the Fleet page (kept for this tab only); the Nodes page needs none.
function headers() {
  const token = $('token') ? $('token').value.trim() : '';
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

// Runs poll now and every POLL_MS, showing when the node last answered in #status.
function every(poll) {
  const run = async () => {
    try {
      await poll();
      show('status', 'updated ' + new Date().toLocaleTimeString());
      $('status').className = '';
    } catch (e) {
      show('status', 'node unreachable: ' + e.message);
      $('status').className = 'error';
    }
  };
  run();
  setInterval(run, POLL_MS);
  return run;
}
