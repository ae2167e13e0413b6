/* praxis serve: live reload. Injected into every page by `praxis serve` only, never into
   a build. Listens to the server's events: reload the page, swap the stylesheets, show the
   build's errors over the page until none is left, and its warnings in a panel below. On
   connecting, the server first sends the build's state, so a page opened while the build is
   broken shows the errors at once. */
(function () {
  'use strict';
  const events = new EventSource('/__praxis/events');
  let overlay = null;
  let panel = null;

  function box(id, css) {
    const element = document.createElement('div');
    element.id = id;
    element.style.cssText = css + 'z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);' +
      'color:#f5f5f5;padding:1.5rem;font:14px/1.5 monospace';
    document.body.appendChild(element);
    return element;
  }

  function fill(element, title, colour, text) {
    element.replaceChildren();
    const heading = document.createElement('h2');
    heading.textContent = title;
    heading.style.cssText = 'font:bold 16px sans-serif;color:' + colour + ';margin:0 0 1rem';
    const pre = document.createElement('pre');
    pre.textContent = text;
    pre.style.cssText = 'white-space:pre-wrap;margin:0';
    element.append(heading, pre);
  }

  function showErrors(text) {
    if (!overlay) {
      overlay = box('praxis-errors', 'position:fixed;inset:0;');
      overlay.setAttribute('role', 'alert');
    }
    fill(overlay, 'This change does not build yet. Your file is saved, and the site keeps ' +
      'showing the last version that built until every error below is fixed.', '#ffb4a8', text);
  }

  function showWarnings(text) {
    if (!text) {
      if (panel) panel.remove();
      panel = null;
      return;
    }
    if (!panel) {
      panel = box('praxis-warnings', 'position:fixed;left:0;right:0;bottom:0;max-height:40vh;');
      panel.setAttribute('role', 'status');
      panel.addEventListener('click', () => { panel.style.display = 'none'; });
    }
    fill(panel, 'The site builds, with warnings (click to hide):', '#ffe08a', text);
    panel.style.display = '';
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel=stylesheet]')) {
      const url = new URL(link.href);
      url.searchParams.set('praxis-reload', Date.now());
      link.href = url.href;
    }
  }

  // The pages a change re-rendered, or [] for every page: reload when this one is among them.
  events.addEventListener('reload', (e) => {
    const pages = JSON.parse(e.data);
    const here = location.pathname.replace(/index\.html$/, '');
    if (pages.length === 0 || pages.includes(here)) location.reload();
  });
  events.addEventListener('css', swapStylesheets);
  events.addEventListener('errors', (e) => showErrors(e.data));
  events.addEventListener('warnings', (e) => showWarnings(e.data));
  events.addEventListener('fixed', () => location.reload());
  events.addEventListener('state', (e) => {
    const state = JSON.parse(e.data);
    if (state.build === 'failed') showErrors(state.errors);
    else showWarnings(state.warnings);
  });
})();
