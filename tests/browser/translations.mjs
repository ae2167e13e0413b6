// The Lab in French, in a browser: the French search finds a French chapter by another form of
// one of its words and lists only French pages; a query with results only in English says so
// and links to them; a page not translated yet says so, in French, over the original's text;
// and the language switcher leads to the same page in English.
//
//   node tests/browser/translations.mjs --base-url http://127.0.0.1:8000/lab/ \
//        --language fr --query travailleur --expect-title "Planifier …" \
//        --elsewhere procurement --untranslated hubs/apparel/<report>/award/
//
// --base-url      the site's base URL, ending in "/" (the one it was built with)
// --language      the translation's code (its tree is <base-url><code>/)
// --query         words in that language, in a form other than the text's
// --expect-title  a title that must be among its results
// --elsewhere     words found only in the default language's text
// --untranslated  the path (under the tree) of a page with no translation
// Chromium is CHROMIUM (a path) or /usr/bin/chromium. Exit 0: passed; 1: a check failed;
// 2: bad arguments or no browser.

import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node translations.mjs --base-url URL --language CODE --query WORDS --expect-title TITLE --elsewhere WORDS --untranslated PATH';
let opts;
try {
  opts = parseArgs({
    options: {
      'base-url': { type: 'string' },
      language: { type: 'string' },
      query: { type: 'string' },
      'expect-title': { type: 'string' },
      elsewhere: { type: 'string' },
      untranslated: { type: 'string' },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (Object.keys(opts).length < 6) {
  console.error(usage);
  process.exit(2);
}
const base = opts['base-url'].endsWith('/') ? opts['base-url'] : opts['base-url'] + '/';
const tree = base + opts.language + '/';
const basePath = new URL(base).pathname, treePath = new URL(tree).pathname;

const { browser, close } = await launchChromium('translations.mjs');
const failures = [], errors = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (err) => errors.push(`JavaScript error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const settled = () => page.waitForFunction(() => document.getElementById('search-status').dataset.count !== undefined);
  const results = () => page.$$eval('#search-results > li a', (links) =>
    links.map((a) => ({ title: a.textContent, path: new URL(a.href).pathname })));

  // 1. The tree's search finds the chapter by another form of its word, and only this tree's pages.
  await page.goto(`${tree}search/?q=${encodeURIComponent(opts.query)}`, { waitUntil: 'networkidle0' });
  await settled();
  const found = await results();
  check(found.some((r) => r.title === opts['expect-title']),
    `"${opts['expect-title']}" is not among the results for "${opts.query}": ${found.map((r) => r.title).join(' | ') || 'none'}`);
  check(found.length > 0 && found.every((r) => r.path.startsWith(treePath)),
    `results outside ${treePath}: ${found.filter((r) => !r.path.startsWith(treePath)).map((r) => r.path).join(', ')}`);
  check(await page.$eval('html', (h) => h.lang) === opts.language, 'the search page of the tree is not marked with its language');

  // 2. Words written only in the default language: the page says where the results are.
  await page.goto(`${tree}search/?q=${encodeURIComponent(opts.elsewhere)}`, { waitUntil: 'networkidle0' });
  await settled();
  await page.waitForSelector('#search-elsewhere:not([hidden]) a').catch(() => {});
  const pointer = await page.$eval('#search-elsewhere', (p) => ({
    hidden: p.hidden,
    links: [...p.querySelectorAll('a')].map((a) => ({ text: a.textContent, href: a.href, lang: a.hreflang })),
  }));
  const toDefault = pointer.links.find((l) => new URL(l.href).pathname === `${basePath}search/`);
  check(!pointer.hidden && toDefault, `no link to the results in the default language for "${opts.elsewhere}": ${JSON.stringify(pointer)}`);
  if (toDefault) {
    await page.goto(toDefault.href, { waitUntil: 'networkidle0' });
    await settled();
    check((await results()).length > 0, `following ${toDefault.href} shows no results`);
  }

  // 3. A page not translated yet: the original's text marked with its language, a notice in
  //    the tree's language, and the switcher to the original.
  await page.goto(tree + opts.untranslated, { waitUntil: 'networkidle0' });
  const shown = await page.evaluate(() => {
    const notice = document.querySelector('.notice-translation');
    return {
      html: document.documentElement.lang,
      main: document.querySelector('main').lang,
      notice: notice && { lang: notice.lang, visible: notice.offsetParent !== null, text: notice.textContent },
      canonical: document.querySelector('link[rel=canonical]').href,
    };
  });
  check(shown.html === opts.language, `the untranslated page's interface is not in ${opts.language} (html lang=${shown.html})`);
  check(shown.main && shown.main !== opts.language, `the original's text is not marked with its own language (main lang=${shown.main})`);
  check(shown.notice && shown.notice.visible && shown.notice.lang === opts.language,
    `no visible notice in ${opts.language} that the page is not translated: ${JSON.stringify(shown.notice)}`);
  check(new URL(shown.canonical).pathname === basePath + opts.untranslated,
    `the untranslated page's canonical is ${shown.canonical}, not the original`);
  const original = await page.$(`.language-switcher a[hreflang="${shown.main}"]`);
  check(original, 'the language switcher has no link to the original language');
  if (original) {
    await Promise.all([page.waitForNavigation(), original.click()]);
    check(new URL(page.url()).pathname === basePath + opts.untranslated,
      `the switcher led to ${page.url()}, not the same page in the original language`);
    check(await page.$eval('html', (h) => h.lang) === shown.main, 'the original page is not in its language');
  }
} catch (err) {
  failures.push(err.stack || String(err));
} finally {
  await close();
}
failures.push(...errors);
if (failures.length) {
  console.error(`translations browser test failed:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('translations: search per language, results elsewhere, untranslated page and switcher all hold');
