// Print test of the default theme on a built, served site: a report's print view (the whole
// report on one page) printed to PDF by Chromium, as a reader would with "Save as PDF".
//
//   npm ci --prefix tests/browser        (once; installs puppeteer-core, never a browser)
//   node tests/browser/print.mjs --base-url http://127.0.0.1:8000/lab/ \
//        [--report hubs/apparel/public-buyers-and-garment-supply-chains/]
//
// --base-url  the site's base URL, ending in "/" (the one it was built with)
// --report    the report's path under the base URL (default: the Apparel hub's report); its
//             print view is <report>print/
// Checks, with the print media type emulated:
//   - page.pdf() (A4) produces a PDF (starts with %PDF, more than 10 KB) of at least one page
//     per chapter plus the title page;
//   - every chapter title listed on the report's page is in the print view's rendered text,
//     and no HTML markup is shown as text (a chapter's body escaped instead of rendered);
//   - each chapter section (.print-chapter) starts on a new page (break-before: page);
//   - navigation is not printed: the header's navigation, the breadcrumb, the footer and every
//     other <nav> of the print view, and the previous/next pager of a chapter page, are inside
//     an element whose computed display is none.
// Chromium is CHROMIUM (a path) or /usr/bin/chromium. Exit 0: every check passed; 1: a check
// failed (the message says which); 2: bad arguments or no browser.

import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node print.mjs --base-url URL [--report PATH]';
let opts;
try {
  opts = parseArgs({
    options: {
      'base-url': { type: 'string' },
      report: { type: 'string', default: 'hubs/apparel/public-buyers-and-garment-supply-chains/' },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (!opts['base-url']) {
  console.error(usage);
  process.exit(2);
}
const base = opts['base-url'].endsWith('/') ? opts['base-url'] : opts['base-url'] + '/';
const reportUrl = base + opts.report.replace(/^\//, '').replace(/\/?$/, '/');
const printUrl = reportUrl + 'print/';

class CheckFailed extends Error {}
const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
}

/**
 * The elements matched by each selector that would be printed: neither they nor an ancestor
 * has a computed display of none. Also says which selectors matched nothing.
 */
function printedNavigation(selectors) {
  const hidden = (el) => {
    for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).display === 'none') return true;
    return false;
  };
  return selectors.map((selector) => {
    const found = [...document.querySelectorAll(selector)];
    return {
      selector,
      count: found.length,
      printed: found.filter((el) => !hidden(el)).map((el) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 100)),
    };
  });
}

const normalise = (s) => s.replace(/\s+/g, ' ').trim();

const { browser, close } = await launchChromium('print browser test');
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(20000);
  const errors = [];
  page.on('pageerror', (err) => errors.push(`JavaScript error: ${err.message}`));

  // 1. The chapters, as the report's own page lists them.
  let res = await page.goto(reportUrl, { waitUntil: 'load' });
  if (!res || !res.ok()) throw new CheckFailed(`the report page ${reportUrl} answered ${res ? res.status() : 'nothing'}`);
  const chapters = await page.$$eval('main .chapter-list > li > a', (as) => as.map((a) => ({ title: a.textContent, url: a.href })));
  if (chapters.length === 0) throw new CheckFailed(`the report page ${reportUrl} lists no chapters (main .chapter-list a)`);

  // 2. The print view under print media: every chapter there, each on a new page, no navigation.
  await page.emulateMediaType('print');
  res = await page.goto(printUrl, { waitUntil: 'load' });
  if (!res || !res.ok()) throw new CheckFailed(`the print view ${printUrl} answered ${res ? res.status() : 'nothing'}`);
  const text = normalise(await page.evaluate(() => document.body.innerText));
  for (const { title } of chapters) {
    check(text.includes(normalise(title)), `the chapter "${normalise(title)}" is not in the printed text of ${printUrl}`);
  }
  const markup = /<\/?(p|a|div|section|sup|table|h[1-6]|li|ul|ol)[\s>]/i.exec(text);
  check(!markup, `the print view shows HTML markup as text: "${markup ? text.slice(Math.max(0, markup.index - 30), markup.index + 50) : ''}"`);
  const sections = await page.$$eval('.print-chapter', (els) => els.map((el) => ({
    title: (el.querySelector('h2') || {}).textContent || '',
    breakBefore: getComputedStyle(el).breakBefore,
  })));
  check(sections.length === chapters.length,
    `the print view has ${sections.length} .print-chapter sections for the report's ${chapters.length} chapters`);
  for (const s of sections) {
    check(s.breakBefore === 'page', `the print section "${normalise(s.title)}" does not start a new page (break-before: ${s.breakBefore})`);
  }
  for (const { selector, count, printed } of await page.evaluate(printedNavigation, ['.site-nav', '.site-footer', '.breadcrumb', '.site-search', '.skip-link', 'nav'])) {
    if (selector !== 'nav') check(count > 0, `the print view has no ${selector} to hide (did the template change?)`);
    check(printed.length === 0, `the print view prints its navigation (${selector}): ${printed.join(' | ')}`);
  }

  // 3. The PDF, A4, as Chromium's "Save as PDF" makes it.
  const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true }));
  check(pdf.subarray(0, 4).toString('latin1') === '%PDF', `page.pdf() did not produce a PDF (it starts with ${JSON.stringify(pdf.subarray(0, 8).toString('latin1'))})`);
  check(pdf.length > 10 * 1024, `the PDF is only ${pdf.length} bytes (more than 10 KB expected)`);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  check(pages >= chapters.length + 1,
    `the PDF has ${pages} pages, fewer than one per chapter (${chapters.length}) plus the title page`);

  // 4. A chapter page printed: no previous/next pager, header navigation or footer.
  await page.goto(chapters[0].url, { waitUntil: 'load' });
  for (const { selector, count, printed } of await page.evaluate(printedNavigation, ['.site-nav', '.site-footer', '.pager', 'nav'])) {
    if (selector !== 'nav') check(count > 0, `the chapter page ${chapters[0].url} has no ${selector} to hide (did the template change?)`);
    check(printed.length === 0, `the chapter page ${chapters[0].url} prints its navigation (${selector}): ${printed.join(' | ')}`);
  }

  failures.push(...errors);
  if (failures.length) throw new CheckFailed(failures.join('\n'));
  console.log(`print browser test: ok (${chapters.length} chapters, PDF of ${pages} A4 pages, ${pdf.length} bytes)`);
} catch (err) {
  console.error(`print browser test failed: ${err instanceof CheckFailed ? err.message : `unexpected error: ${err.stack || err.message}`}`);
  if (!(err instanceof CheckFailed) && failures.length) console.error(failures.join('\n'));
  process.exitCode = 1;
} finally {
  await close();
}
