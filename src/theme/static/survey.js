// The survey's matrix: filter by section (columns), region (rows) and one question's answer
// (rows), and sort by any column. Our own small script, no library. The whole table is in the
// page; without JavaScript the form stays hidden and the full table is what readers get.
// Each answer cell carries its question and value in data- attributes.
(function () {
  'use strict';
  const form = document.getElementById('matrix-filters');
  const table = document.getElementById('survey-matrix');
  if (!form || !table) return;
  const count = document.getElementById('matrix-count');
  const section = form.elements.section;
  const region = form.elements.region; // absent when no jurisdiction names a region
  const question = form.elements.question;
  const value = form.elements.value;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const headers = Array.from(table.querySelectorAll('thead th[data-question]'));
  const sectionOf = {};
  for (const th of headers) sectionOf[th.dataset.question] = th.dataset.section;
  /** The page's messages, in its language: search.js (on every page, before this script)
      reads them from the page (`<script id="page-strings">`). */
  const message = self.praxisMessage || ((key) => key);

  function cell(row, id) {
    return row.querySelector('td[data-question="' + id + '"]');
  }

  // The answer select offers the chosen question's values.
  function fillValues() {
    const chosen = question.selectedOptions[0];
    const values = chosen && chosen.dataset.values ? chosen.dataset.values.split(' ') : [];
    const keep = value.value;
    value.length = 1;
    for (const v of values) value.add(new Option(v, v));
    value.value = values.indexOf(keep) !== -1 ? keep : '';
    value.disabled = values.length === 0;
  }

  function apply() {
    for (const el of table.querySelectorAll('[data-section]')) {
      el.hidden = section.value !== '' && el.dataset.section !== section.value;
    }
    for (const td of table.querySelectorAll('td[data-question]')) {
      td.hidden = section.value !== '' && sectionOf[td.dataset.question] !== section.value;
    }
    let shown = 0;
    for (const row of rows) {
      let visible = !region || !region.value || row.dataset.region === region.value;
      if (visible && question.value && value.value) {
        const answer = cell(row, question.value);
        visible = !!answer && answer.dataset.value === value.value;
      }
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    count.textContent = shown === rows.length ? message('count', { count: rows.length })
      : message('count_of', { shown: shown, count: rows.length });
    const params = new URLSearchParams();
    for (const s of [section, region, question, value]) if (s && s.value) params.set(s.name, s.value);
    const query = params.toString();
    history.replaceState(null, '', query ? '?' + query : location.pathname);
  }

  // Sorting: a button in each column header. A question's column sorts by the order of its
  // values in the questionnaire (unanswered last), the first column by name.
  function sortKey(row, th) {
    if (!th.dataset.question) return row.cells[0].textContent.trim();
    const values = (th.dataset.values || '').split(' ');
    const answer = cell(row, th.dataset.question);
    const at = answer ? values.indexOf(answer.dataset.value) : -1;
    return at === -1 ? values.length : at;
  }

  function sortBy(th, button) {
    const descending = th.getAttribute('aria-sort') === 'ascending';
    for (const other of table.querySelectorAll('thead th[aria-sort]')) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    const byName = function (a, b) { return a.cells[0].textContent.localeCompare(b.cells[0].textContent); };
    const sorted = rows.slice().sort(function (a, b) {
      const ka = sortKey(a, th);
      const kb = sortKey(b, th);
      const order = typeof ka === 'number' ? ka - kb : ka.localeCompare(kb);
      return (descending ? -order : order) || byName(a, b);
    });
    for (const row of sorted) body.appendChild(row);
    button.focus();
  }

  for (const th of table.querySelectorAll('thead tr:last-child th')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    const label = th.dataset.question
      ? message('sort_by_question', { number: th.textContent.trim().split('.')[0] })
      : message('sort_by_jurisdiction');
    button.setAttribute('aria-label', label);
    button.textContent = '⇅';
    button.addEventListener('click', function () { sortBy(th, button); });
    th.appendChild(button);
  }

  // Filters in the address (?section=...&question=...&value=yes) apply at once, so a view
  // can be shared as a link.
  const wanted = new URLSearchParams(location.search);
  for (const s of [section, region, question]) {
    if (!s) continue;
    const v = wanted.get(s.name);
    if (v && Array.from(s.options).some(function (o) { return o.value === v; })) s.value = v;
  }
  fillValues();
  if (wanted.get('value')) value.value = wanted.get('value');
  question.addEventListener('change', function () { fillValues(); apply(); });
  for (const s of [section, region, value]) if (s) s.addEventListener('change', apply);
  form.hidden = false;
  apply();
})();
