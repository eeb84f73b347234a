// The Nodes page: this node's identity (id, name, role, version, the controllers it obeys) and its peers with
// status, last seen, ping and score. Everything it reads is open: no token needed.
'use strict';

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

every(async () => {
  showNode(await getJson(API + 'node/info', false));
  showPeers(await getJson(API + 'peers', false));
});
