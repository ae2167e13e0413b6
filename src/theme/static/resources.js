// The resource library's filters: our own small script, no library. Every item of the
// library is in the page; choosing a filter hides the items that do not match (each item
// carries its values in data- attributes, space-separated) and the types left empty. Without
// JavaScript the form stays hidden and the per-type pages list everything.
(function () {
  'use strict';
  const form = document.getElementById('resource-filters');
  if (!form) return;
  const count = document.getElementById('resource-count');
  const selects = Array.from(form.querySelectorAll('select'));
  const items = Array.from(document.querySelectorAll('.resource-group li'));

  /** The page's messages, in its language: search.js (on every page, before this script)
      reads them from the page (`<script id="page-strings">`). */
  const message = self.praxisMessage || ((key) => key);

  function matches(item, select) {
    if (!select.value) return true;
    const values = (item.dataset[camel(select.name)] || '').split(' ');
    return values.indexOf(select.value) !== -1;
  }

  // data-t-issues is dataset.tIssues: the attribute's name in camelCase.
  function camel(name) {
    return name.replace(/-([a-z0-9])/g, function (_, c) { return c.toUpperCase(); });
  }

  function apply() {
    let shown = 0;
    for (const item of items) {
      const visible = selects.every(function (s) { return matches(item, s); });
      item.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const group of document.querySelectorAll('.resource-group')) {
      group.hidden = !group.querySelector('li:not([hidden])');
    }
    count.textContent = message('count', { count: shown });
    const params = new URLSearchParams();
    for (const s of selects) if (s.value) params.set(s.name, s.value);
    const query = params.toString();
    history.replaceState(null, '', query ? '?' + query : location.pathname);
  }

  // Filters in the address (?type=law&phase=award) apply at once, so a filtered view can be
  // shared as a link.
  const wanted = new URLSearchParams(location.search);
  for (const s of selects) {
    const value = wanted.get(s.name);
    if (value && Array.from(s.options).some(function (o) { return o.value === value; })) s.value = value;
    s.addEventListener('change', apply);
  }
  form.hidden = false;
  apply();
})();
