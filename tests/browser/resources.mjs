// The resource library's filters, in a browser: choosing values narrows the list to the items
// that match every filter, empty types disappear, the count says how many are left, the
// address keeps the filters (a shared link opens the same view), and without JavaScript the
// form stays hidden while every item is listed.
//
//   node tests/browser/resources.mjs --base-url http://127.0.0.1:8000/lab/ \
//        --filter type=law --filter t-jurisdictions=european-union --expect 4
//
// --base-url  the site's base URL, ending in "/" (the one it was built with)
// --filter    NAME=VALUE, a select of the library's form and the value to choose (repeatable)
// --expect    how many items must stay visible
// Chromium is CHROMIUM (a path) or /usr/bin/chromium. Exit 0: passed; 1: a check failed;
// 2: bad arguments or no browser.

import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node resources.mjs --base-url URL --filter NAME=VALUE... --expect N';
let opts;
try {
  opts = parseArgs({
    options: {
      'base-url': { type: 'string' },
      filter: { type: 'string', multiple: true },
      expect: { type: 'string' },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (!opts['base-url'] || !opts.filter || opts.expect === undefined) {
  console.error(usage);
  process.exit(2);
}
const base = opts['base-url'].endsWith('/') ? opts['base-url'] : opts['base-url'] + '/';
const filters = opts.filter.map((f) => f.split('='));
const expected = Number(opts.expect);

const { browser, close } = await launchChromium('resources.mjs');
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(base + 'resources/', { waitUntil: 'load' });
  const total = await page.$$eval('.resource-group li', (items) => items.length);
  check(await page.$eval('#resource-filters', (f) => !f.hidden), 'the filter form is hidden with JavaScript on');

  for (const [name, value] of filters) {
    await page.select(`#filter-${name}`, value);
  }
  const state = await page.evaluate((filters) => {
    const items = [...document.querySelectorAll('.resource-group li')];
    const visible = items.filter((li) => !li.hidden);
    const camel = (n) => n.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
    const wrong = visible.filter((li) => !filters.every(([n, v]) =>
      (li.dataset[camel(n)] || '').split(' ').includes(v))).map((li) => li.querySelector('a').textContent);
    const missed = items.filter((li) => li.hidden && filters.every(([n, v]) =>
      (li.dataset[camel(n)] || '').split(' ').includes(v))).map((li) => li.querySelector('a').textContent);
    const emptyGroupsShown = [...document.querySelectorAll('.resource-group')]
      .filter((g) => !g.hidden && !g.querySelector('li:not([hidden])')).length;
    return { visible: visible.length, wrong, missed, emptyGroupsShown,
      count: document.getElementById('resource-count').textContent, search: location.search };
  }, filters);
  check(state.visible === expected, `${state.visible} items visible, expected ${expected}`);
  check(state.wrong.length === 0, `shown but not matching: ${state.wrong.join('; ')}`);
  check(state.missed.length === 0, `matching but hidden: ${state.missed.join('; ')}`);
  check(state.emptyGroupsShown === 0, `${state.emptyGroupsShown} empty type groups still shown`);
  check(state.count === `${expected} resource${expected === 1 ? '' : 's'}`, `the count says "${state.count}"`);
  for (const [name, value] of filters) {
    check(new URLSearchParams(state.search).get(name) === value, `the address lacks ${name}=${value}: ${state.search}`);
  }

  // The address opens the same view.
  const shared = await browser.newPage();
  await shared.goto(base + 'resources/' + state.search, { waitUntil: 'load' });
  const sharedVisible = await shared.$$eval('.resource-group li:not([hidden])', (items) => items.length);
  check(sharedVisible === expected, `the shared address shows ${sharedVisible} items, expected ${expected}`);

  // Without JavaScript: no form, every item.
  const plain = await browser.newPage();
  await plain.setJavaScriptEnabled(false);
  await plain.goto(base + 'resources/', { waitUntil: 'load' });
  check(await plain.$eval('#resource-filters', (f) => f.hidden), 'the filter form shows without JavaScript');
  const plainVisible = await plain.$$eval('.resource-group li', (items) => items.filter((li) => !li.hidden).length);
  check(plainVisible === total, `without JavaScript ${plainVisible} of ${total} items are listed`);
  check(errors.length === 0, `script errors: ${errors.join('; ')}`);
} finally {
  await close();
}
if (failures.length) {
  for (const f of failures) console.error(`resources.mjs: ${f}`);
  process.exit(1);
}
console.log(`resources browser test: ok (${expected} items for ${opts.filter.join(', ')})`);
