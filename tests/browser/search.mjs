// Browser test of the theme's search (src/theme/static/search.js) on a built, served site.
//
//   npm ci --prefix tests/browser        (once; installs puppeteer-core, never a browser)
//   node tests/browser/search.mjs --base-url http://127.0.0.1:8000/lab/ \
//        --query monitoring --expect-title "Some chapter title" [--hub apparel] \
//        [--taxonomy jurisdictions=european-union] [--typing procurement]
//
// --base-url  the site's base URL, ending in "/" (the one it was built with)
// --query     the word(s) to search for, as a reader would type them
// --expect-title  a title that must be among the results (and, when --hub is not given,
//             whose hub is used for the filter step)
// --hub       a hub id to select in the hub filter (default: the expected result's hub)
// --taxonomy  ID=TERM: a term to select in the filter of the taxonomy ID (the hub filter
//             cleared first); the results must narrow to the docs of the term's list in the
//             index (search/facets/ID/), and the address with ?ID=TERM must give the same
//             results when opened
// --typing    a word to type one letter at a time: from its third letter on, every
//             unfinished word must have results (matched by prefix), never "No results"
// Chromium is CHROMIUM (a path) or /usr/bin/chromium. Exit 0: every check passed; 1: a check
// failed (the message says which); 2: bad arguments or no browser.

import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node search.mjs --base-url URL --query WORDS --expect-title TITLE [--hub ID] [--taxonomy ID=TERM] [--typing WORD]';
let opts;
try {
  opts = parseArgs({
    options: {
      'base-url': { type: 'string' },
      query: { type: 'string' },
      'expect-title': { type: 'string' },
      hub: { type: 'string' },
      taxonomy: { type: 'string' },
      typing: { type: 'string' },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
const baseUrl = opts['base-url'], query = opts.query, expectTitle = opts['expect-title'];
const [taxonomy, term] = (opts.taxonomy || '').split('=');
if (!baseUrl || !query || !expectTitle || (opts.taxonomy && !term)) {
  console.error(usage);
  process.exit(2);
}
const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';

class CheckFailed extends Error {}
function check(ok, message) {
  if (!ok) throw new CheckFailed(message);
}

const { browser, close } = await launchChromium('search browser test');
const errors = [];
const requests = [];
const timeout = 15000;

/** What the search page shows: status text, results (title, hub label, hub id), URL. */
const state = (page) => page.evaluate(() => ({
  status: document.getElementById('search-status').textContent,
  count: document.getElementById('search-status').dataset.count,
  query: document.getElementById('search-status').dataset.query,
  live: document.getElementById('search-status').getAttribute('aria-live'),
  more: !document.getElementById('search-more').hidden,
  url: location.href,
  results: [...document.querySelectorAll('#search-results > li')].map((li) => ({
    title: li.querySelector('a').textContent,
    doc: Number(li.id.replace('result-', '')),
    path: new URL(li.querySelector('a').href).pathname,
    hub: li.dataset.hub || '',
    hubLabel: (li.querySelector('.search-result-hub') || {}).textContent || '',
  })),
}));
/** The total number of results the live region announces ("12 results for …", in the
    page's language), as search.js records it beside the words (data-count). */
function announced(s) {
  return s.count === undefined ? NaN : Number(s.count);
}
/** Until the live region has announced a search's results. */
const announcedAny = () => document.getElementById('search-status').dataset.count !== undefined;

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (err) => errors.push(`JavaScript error: ${err.message}`));
  // The browser asks for /favicon.ico on its own; the site has none, and that is no error.
  const ours = (url) => !String(url || '').endsWith('/favicon.ico');
  page.on('console', (msg) => {
    if (msg.type() === 'error' && ours(msg.location().url)) errors.push(`console error: ${msg.text()}`);
  });
  page.on('request', (req) => requests.push(req.url()));
  page.on('requestfailed', (req) => { if (ours(req.url())) errors.push(`request failed: ${req.url()}`); });
  page.on('response', (res) => { if (res.status() >= 400 && ours(res.url())) errors.push(`HTTP ${res.status()}: ${res.url()}`); });

  // 1. Any other page loads no part of the index; `/` focuses the header box, and its form
  //    leads to the search page.
  await page.goto(base, { waitUntil: 'networkidle0' });
  check(!requests.some((u) => u.startsWith(base + 'search/')),
    `the home page loaded part of the search index before any search: ${requests.filter((u) => u.startsWith(base + 'search/')).join(', ')}`);
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'site-search-q'),
    'pressing / on the home page did not focus the header search box (#site-search-q)');
  await page.keyboard.type(query);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const landed = new URL(page.url());
  check(landed.pathname === new URL(base + 'search/').pathname && landed.searchParams.get('q') === query,
    `submitting the header search form led to ${page.url()}, not ${base}search/?q=${query}`);

  // 2. The search page runs the query from its address and lists the expected result.
  await page.waitForFunction(announcedAny);
  const before = await state(page);
  check(before.live === 'polite', `#search-status is not an aria-live="polite" region (aria-live=${before.live})`);
  check(before.results.length > 0, `no results for "${query}" (status: "${before.status}")`);
  const total = announced(before);
  check(before.more ? before.results.length < total : before.results.length === total,
    `the live region announces "${before.status}" but ${before.results.length} results are listed`);
  const expected = before.results.find((r) => r.title === expectTitle);
  check(expected, `"${expectTitle}" is not among the results for "${query}": ${before.results.map((r) => r.title).join(' | ')}`);
  await page.waitForSelector('#search-results mark');

  // 3. Choosing a hub in the filter narrows the results to that hub, and the live region and
  //    the address follow.
  const hub = opts.hub || expected.hub;
  check(hub, `"${expectTitle}" has no hub, so give --hub`);
  const hubLabel = await page.$eval(`#search-hub option[value="${hub}"]`, (o) => o.textContent)
    .catch(() => { throw new CheckFailed(`the hub filter has no option "${hub}"`); });
  await page.select('#search-hub', hub);
  await page.waitForFunction((label) => document.getElementById('search-status').textContent.includes(label), {}, hubLabel);
  const after = await state(page);
  const narrowed = announced(after);
  check(narrowed < total, `selecting hub "${hubLabel}" did not narrow the results: ${total} before, "${after.status}" after`);
  check(after.results.length === Math.min(narrowed, 20) || (!after.more && after.results.length === narrowed),
    `the live region announces "${after.status}" but ${after.results.length} results are listed`);
  const strays = after.results.filter((r) => r.hub !== hub || r.hubLabel !== hubLabel);
  check(strays.length === 0, `results from other hubs remain after choosing "${hubLabel}": ${strays.map((r) => `${r.title} (${r.hubLabel || 'no hub'})`).join(' | ')}`);
  if (!opts.hub) check(after.results.some((r) => r.title === expectTitle), `"${expectTitle}" disappeared when its own hub was chosen`);
  const params = new URL(after.url).searchParams;
  check(params.get('q') === query && params.get('hub') === hub,
    `the address did not follow the search: ${after.url} (expected q=${query}&hub=${hub})`);

  // 3b. Choosing a term of a taxonomy (after clearing the hub) narrows the results to the docs
  //     that carry the term in the index, the address names the taxonomy by its id, and
  //     opening that address gives the same results.
  let termSummary = '';
  if (taxonomy) {
    await page.select('#search-hub', '');
    await page.waitForFunction((n) => document.getElementById('search-status').textContent.startsWith(n + ' result'), {}, total);
    const termLabel = await page.$eval(`#search-taxonomy-${taxonomy} option[value="${term}"]`, (o) => o.textContent)
      .catch(() => { throw new CheckFailed(`there is no filter for taxonomy "${taxonomy}" with an option "${term}"`); });
    const legend = await page.$eval(`label[for="search-taxonomy-${taxonomy}"]`, (l) => l.textContent);
    await page.select(`#search-taxonomy-${taxonomy}`, term);
    await page.waitForFunction((label) => document.getElementById('search-status').textContent.includes(label), {}, termLabel);
    const byTerm = await state(page), count = announced(byTerm);
    check(count > 0 && count < total, `selecting ${legend} "${termLabel}" did not narrow the results: ${total} before, "${byTerm.status}" after`);
    // Every result listed carries the term, as the index says: its number is in the term's
    // list (deltas) and the term is in its record.
    const carrying = await page.evaluate(async (taxonomy, term) => {
      const base = document.getElementById('search-form').dataset.searchBase;
      const json = async (path) => (await fetch(base + path)).json();
      const meta = await json('meta.json');
      const t = meta.taxonomies.findIndex((x) => x.id === taxonomy), i = meta.taxonomies[t].terms.findIndex((x) => x.id === term);
      let d = 0;
      const docs = (await json(`facets/${taxonomy}/${i}.json`)).map((delta) => (d += delta));
      const records = await Promise.all(docs.map(async (doc) =>
        (await json(`docs/${Math.floor(doc / meta.docChunkSize)}.json`))[doc % meta.docChunkSize]));
      return docs.filter((doc, k) => (records[k][6 + t] || []).includes(i));
    }, taxonomy, term);
    const without = byTerm.results.filter((r) => !carrying.includes(r.doc));
    check(without.length === 0, `results without "${termLabel}" remain: ${without.map((r) => r.title).join(' | ')}`);
    const termParams = new URL(byTerm.url).searchParams;
    check(termParams.get('q') === query && termParams.get(taxonomy) === term && !termParams.has('hub'),
      `the address did not follow the search: ${byTerm.url} (expected q=${query}&${taxonomy}=${term})`);
    await page.goto(byTerm.url);
    await page.waitForFunction(announcedAny);
    const reopened = await state(page);
    check(reopened.status === byTerm.status && await page.$eval(`#search-taxonomy-${taxonomy}`, (s) => s.value) === term,
      `opening ${byTerm.url} gave "${reopened.status}", not "${byTerm.status}" with "${termLabel}" selected`);
    await page.waitForSelector('#search-results mark');
    termSummary = `, ${count} in ${termLabel}`;
  }

  // 3c. Typing a word one letter at a time never shows "No results" on the way: an
  //     unfinished word matches by prefix, even where the finished word's stem is shorter
  //     than what has been typed ("procurem", stem "procur").
  let typingSummary = '';
  if (opts.typing) {
    await page.goto(base + 'search/');
    await page.focus('#search-q');
    for (let n = 1; n <= opts.typing.length; n++) {
      await page.keyboard.type(opts.typing[n - 1]);
      if (n < 3) continue;
      const typed = opts.typing.slice(0, n);
      await page.waitForFunction((typed) => document.getElementById('search-status').dataset.query === typed, {}, typed);
      const s = await state(page);
      check(announced(s) > 0 && s.results.length > 0, `typing "${opts.typing}": at "${typed}" the page says "${s.status}"`);
    }
    typingSummary = `, typing "${opts.typing}" found results at every letter from the third`;
  }

  // 4. The arrow keys move from the search box into the results.
  await page.focus('#search-q');
  await page.waitForSelector('#search-results a');
  await page.keyboard.press('ArrowDown');
  check(await page.evaluate(() => document.activeElement === document.querySelector('#search-results a')),
    'ArrowDown in the search box did not move to the first result');
  const links = await page.$$eval('#search-results a', (as) => as.map((a) => a.href));
  if (links.length > 1) {
    await page.keyboard.press('ArrowDown');
    check(await page.evaluate(() => document.activeElement === document.querySelectorAll('#search-results a')[1]),
      'ArrowDown did not move to the second result');
    await page.keyboard.press('ArrowUp');
    check(await page.evaluate(() => document.activeElement === document.querySelector('#search-results a')),
      'ArrowUp did not move back to the first result');
  }
  // 5. Enter opens the result in focus.
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(page.url() === links[0], `Enter opened ${page.url()}, not the first result ${links[0]}`);

  check(errors.length === 0, errors.join('\n'));
  console.log(`search browser test: ok ("${query}": ${total} results, ${narrowed} in ${hubLabel}${termSummary}${typingSummary})`);
} catch (err) {
  console.error(`search browser test failed: ${err instanceof CheckFailed ? '' : 'unexpected error: '}${err.message}`);
  if (errors.length && !(err instanceof CheckFailed && err.message === errors.join('\n'))) console.error(errors.join('\n'));
  process.exitCode = 1;
} finally {
  await close();
}
