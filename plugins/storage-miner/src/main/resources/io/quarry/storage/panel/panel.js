// The storage panel: polls /api/v1/storage-miner/stats every 2 s and fills the page. No build step.
"use strict";

const STATS = "/api/v1/storage-miner/stats";

function bytes(n) {
  if (n === undefined || n === null || n < 0) {
    return "no limit";
  }
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}

function set(id, text) {
  document.getElementById(id).textContent = text;
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
}

function render(stats) {
  if (stats.miner) {
    const m = stats.miner;
    document.getElementById("miner-section").hidden = false;
    set("state", m.state);
    set("state-detail", m.detail || "");
    set("used", bytes(m.usedBytes));
    set("free", bytes(m.freeBytes));
    set("shards", m.shards);
    set("challenges-passed", m.challengesAnswered);
    set("challenges-failed", m.challengesUnanswered);
    set("corrupt", m.corruptReads);
    set("miner-epoch", m.epoch);
  }
  if (stats.cluster) {
    const c = stats.cluster;
    document.getElementById("validator-section").hidden = false;
    set("epoch", c.epoch);
    set("files", c.files);
    set("problem", c.placementProblem || "");
    const body = document.querySelector("#miners tbody");
    body.replaceChildren();
    for (const miner of c.miners) {
      const row = document.createElement("tr");
      cell(row, miner.nodeId.substring(0, 16) + "\u2026");
      cell(row, miner.familyId);
      cell(row, miner.online ? "yes" : "no");
      cell(row, miner.address);
      cell(row, bytes(miner.availableBytes));
      cell(row, miner.challengesPassed);
      cell(row, miner.challengesFailed);
      cell(row, miner.reputation.toFixed(2));
      body.appendChild(row);
    }
    const files = document.querySelector("#file-list tbody");
    files.replaceChildren();
    for (const file of c.redundancy || []) {
      const row = document.createElement("tr");
      cell(row, file.fileId.substring(0, 16) + "\u2026");
      cell(row, bytes(file.size));
      cell(row, file.stripes);
      cell(row, file.fewestShardsHeld + " of " + file.shardsPerStripe + (file.fullRedundancy ? " (full)" : ""));
      cell(row, file.faultTolerance);
      files.appendChild(row);
    }
  }
}

async function poll() {
  try {
    const response = await fetch(STATS, {cache: "no-store"});
    if (!response.ok) {
      throw new Error("HTTP " + response.status);
    }
    render(await response.json());
    set("status", "live");
  } catch (e) {
    set("status", "cannot read stats: " + e.message);
  }
}

poll();
setInterval(poll, 2000);
