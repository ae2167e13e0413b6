// The survey's matrix in a browser: a section hides the other sections' columns; a region and
// a question's answer keep only the rows that match; the count says how many are left; the
// address keeps the view; sorting by a question orders rows by its list of values; and
// without JavaScript the form stays hidden and every row and column is there.
//
//   node tests/browser/survey.mjs --base-url http://127.0.0.1:8000/lab/ \
//        --section legal-framework --question hrdd-law --value yes --expect 4
//
// --base-url  the site's base URL, ending in "/" (the one it was built with)
// --section   a section id to show alone
// --question  a question id (in that section) and --value one of its values: rows to keep
// --region    optional: a region to keep
// --expect    how many rows must stay visible
// Chromium is CHROMIUM (a path) or /usr/bin/chromium. Exit 0: passed; 1: a check failed;
// 2: bad arguments or no browser.

import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node survey.mjs --base-url URL --section ID --question ID --value V [--region R] --expect N';
let opts;
try {
  opts = parseArgs({
    options: {
      'base-url': { type: 'string' },
      section: { type: 'string' },
      question: { type: 'string' },
      value: { type: 'string' },
      region: { type: 'string' },
      expect: { type: 'string' },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (!opts['base-url'] || !opts.section || !opts.question || !opts.value || opts.expect === undefined) {
  console.error(usage);
  process.exit(2);
}
const base = opts['base-url'].endsWith('/') ? opts['base-url'] : opts['base-url'] + '/';
const expected = Number(opts.expect);

const { browser, close } = await launchChromium('survey.mjs');
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

/** What the table shows: visible rows (names) and visible question columns (ids). */
const view = (page) => page.evaluate(() => {
  const visible = (el) => !el.hidden && el.offsetParent !== null;
  const rows = [...document.querySelectorAll('#survey-matrix tbody tr')].filter(visible);
  const columns = [...document.querySelectorAll('#survey-matrix thead th[data-question]')].filter(visible);
  return {
    rows: rows.map((r) => r.cells[0].textContent.trim()),
    columns: columns.map((c) => c.dataset.question),
    cells: rows.map((r) => [...r.querySelectorAll('td')].filter(visible).map((td) => [td.dataset.question, td.dataset.value])),
    count: document.getElementById('matrix-count').textContent,
    search: location.search,
  };
});

try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(base + 'survey/', { waitUntil: 'load' });
  const all = await view(page);
  check(await page.$eval('#matrix-filters', (f) => !f.hidden), 'the filter form is hidden with JavaScript on');
  const sectionOf = await page.$$eval('#survey-matrix thead th[data-question]', (ths) =>
    Object.fromEntries(ths.map((th) => [th.dataset.question, th.dataset.section])));

  await page.select('#matrix-section', opts.section);
  if (opts.region) await page.select('#matrix-region', opts.region);
  await page.select('#matrix-question', opts.question);
  await page.select('#matrix-value', opts.value);
  const filtered = await view(page);
  check(filtered.columns.length > 0 && filtered.columns.every((q) => sectionOf[q] === opts.section),
    `columns shown: ${filtered.columns.join(', ')}`);
  check(filtered.columns.length === Object.values(sectionOf).filter((s) => s === opts.section).length,
    'a column of the section is hidden');
  check(filtered.cells.every((cells) => cells.every(([q]) => sectionOf[q] === opts.section)),
    'a cell of another section is still shown');
  check(filtered.rows.length === expected, `${filtered.rows.length} rows visible (${filtered.rows.join(', ')}), expected ${expected}`);
  check(filtered.cells.every((cells) => cells.some(([q, v]) => q === opts.question && v === opts.value)),
    'a row shown does not give that answer');
  check(filtered.count === `${expected} of ${all.rows.length} jurisdictions`, `the count says "${filtered.count}"`);
  const params = new URLSearchParams(filtered.search);
  check(params.get('section') === opts.section && params.get('value') === opts.value, `the address is ${filtered.search}`);

  // The address opens the same view.
  const shared = await browser.newPage();
  await shared.goto(base + 'survey/' + filtered.search, { waitUntil: 'load' });
  const again = await view(shared);
  check(JSON.stringify(again.rows) === JSON.stringify(filtered.rows), `the shared address shows ${again.rows.join(', ')}`);

  // Sorting by the question puts its first value's rows first, unanswered last; twice reverses.
  await shared.select('#matrix-section', '');
  await shared.select('#matrix-value', '');
  const values = await shared.$eval(`#survey-matrix thead th[data-question="${opts.question}"]`, (th) => th.dataset.values.split(' '));
  await shared.click(`#survey-matrix thead th[data-question="${opts.question}"] button.sort`);
  const rank = (v) => (values.indexOf(v) === -1 ? values.length : values.indexOf(v));
  const sorted = (await view(shared)).cells.map((cells) => rank((cells.find(([q]) => q === opts.question) || [])[1]));
  check(sorted.every((r, i) => i === 0 || sorted[i - 1] <= r), `not sorted by the question: ${sorted}`);
  check(await shared.$eval(`#survey-matrix thead th[data-question="${opts.question}"]`, (th) => th.getAttribute('aria-sort')) === 'ascending',
    'the sorted column does not say so (aria-sort)');

  // Without JavaScript: no form, every row and every column.
  const plain = await browser.newPage();
  await plain.setJavaScriptEnabled(false);
  await plain.goto(base + 'survey/', { waitUntil: 'load' });
  check(await plain.$eval('#matrix-filters', (f) => f.hidden), 'the filter form shows without JavaScript');
  const bare = await view(plain);
  check(bare.rows.length === all.rows.length && bare.columns.length === all.columns.length,
    `without JavaScript ${bare.rows.length} rows and ${bare.columns.length} columns`);
  check(errors.length === 0, `script errors: ${errors.join('; ')}`);
} finally {
  await close();
}
if (failures.length) {
  for (const f of failures) console.error(`survey.mjs: ${f}`);
  process.exit(1);
}
console.log(`survey browser test: ok (${expected} rows for ${opts.question}=${opts.value} in ${opts.section})`);
