// The test plugin's panel: reads its own route, as a real plugin's panel does.
'use strict';
fetch('/api/v1/counter/value').then(r => r.json()).then(v => {
  document.getElementById('value').textContent = String(v.value);
});
