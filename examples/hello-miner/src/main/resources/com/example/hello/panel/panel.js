// The hello-miner panel: polls the plugin's status route every two seconds and shows it. No build step.
"use strict";

const STATUS_URL = "/api/v1/hello-miner/status";

function show(id, text) {
  document.getElementById(id).textContent = text === "" || text === undefined ? "\u2014" : String(text);
}

async function poll() {
  try {
    const response = await fetch(STATUS_URL, { cache: "no-store" });
    if (!response.ok) {
      throw new Error(STATUS_URL + " answered HTTP " + response.status);
    }
    const s = await response.json();
    show("miner-state", s.minerState);
    show("hashrate", s.hashrate.toFixed(0) + " H/s");
    show("shares", s.shares);
    show("greeting", s.greeting);
    show("greetings", s.greetings);
    show("last-greeting", s.lastGreeting);
    show("rpc", s.rpc === "" ? "off" : s.rpc);
    show("status", "updated " + new Date().toLocaleTimeString());
  } catch (e) {
    show("status", "node unreachable: " + e.message);
  }
}

poll();
setInterval(poll, 2000);
