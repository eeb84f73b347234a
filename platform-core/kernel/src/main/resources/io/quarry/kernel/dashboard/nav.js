// The dashboard's navigation bar, shared by the dashboard and every plugin panel that includes
// <script src="/nav.js"></script>: a link to the dashboard, then each plugin's named pages (or its panel, by
// plugin id, when it named none), as /health lists them. It fills <nav id="pages"> (added to the page's header
// when the page has none) and marks the page being shown. Plain JavaScript, no build step.
'use strict';

(function () {
  function link(title, href) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = title;
    const here = location.pathname === href || (href.endsWith('/') && location.pathname === href + 'index.html');
    if (here) a.setAttribute('aria-current', 'page');
    return a;
  }

  function nav() {
    let box = document.getElementById('pages');
    if (!box) {
      box = document.createElement('nav');
      box.id = 'pages';
      (document.querySelector('header') || document.body).append(box);
    }
    return box;
  }

  async function render() {
    const box = nav();
    try {
      const health = await fetch('/health').then(r => r.json());
      const links = [link('Dashboard', '/')];
      for (const p of health.plugins) {
        if (p.pages) p.pages.forEach(page => links.push(link(page.title, page.path)));
        else if (p.panel) links.push(link(p.id, p.panel));
      }
      box.replaceChildren(...links);
    } catch (e) {
      box.replaceChildren(link('Dashboard', '/'));
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
})();
