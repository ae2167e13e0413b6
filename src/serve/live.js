/* praxis serve: live reload. Injected into every page by `praxis serve` only, never into
   a build. Listens to the server's events: reload the page, swap the stylesheets, or show
   the build's errors over the page until they are fixed. */
(function () {
  'use strict';
  const events = new EventSource('/__praxis/events');
  let overlay = null;

  function showErrors(text) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'praxis-errors';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;' +
        'background:rgba(20,20,20,.94);color:#f5f5f5;padding:1.5rem;font:14px/1.5 monospace';
      document.body.appendChild(overlay);
    }
    overlay.replaceChildren();
    const heading = document.createElement('h2');
    heading.textContent = 'The last change does not build; this page is the last good build.';
    heading.style.cssText = 'font:bold 16px sans-serif;color:#ffb4a8;margin:0 0 1rem';
    const pre = document.createElement('pre');
    pre.textContent = text;
    pre.style.cssText = 'white-space:pre-wrap;margin:0';
    overlay.append(heading, pre);
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel=stylesheet]')) {
      const url = new URL(link.href);
      url.searchParams.set('praxis-reload', Date.now());
      link.href = url.href;
    }
  }

  events.addEventListener('reload', () => location.reload());
  events.addEventListener('css', swapStylesheets);
  events.addEventListener('errors', (e) => showErrors(e.data));
  events.addEventListener('fixed', () => location.reload());
  // The server tells a new page about errors that are still there.
  events.addEventListener('state', (e) => { if (e.data) showErrors(e.data); });
})();
