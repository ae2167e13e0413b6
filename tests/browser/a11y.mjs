// Accessibility test of the default theme on a built, served site: axe-core (WCAG 2.1 A and AA
// rules, and axe's best practices) on one page of every kind, in the light and the dark colour
// scheme, at 320 and 1280 CSS pixels wide, plus checks of our own on each page:
//   - exactly one <h1>;
//   - no HTML markup shown as text outside code (an escaped body);
//   - a non-empty `lang` on <html>;
//   - a skip link: the first thing Tab reaches, pointing at an element that exists, and visible
//     on the screen while it has the focus;
//   - at 320px, no sideways scrolling of the page (WCAG 1.4.10 Reflow);
//   - no request to any host but the site's own (fonts, scripts, analytics: none allowed).
//
//   npm ci --prefix tests/browser        (once; installs puppeteer-core and axe-core)
//   node tests/browser/a11y.mjs --base-url http://127.0.0.1:8000/lab/ [--page PATH]...
//
// --base-url  the site's base URL, ending in "/" (the one it was built with)
// --page      a path under the base URL to check instead of the default set (repeatable)
// --verbose   also print axe's "needs review" results (they never fail the test)
// Chromium is CHROMIUM (a path) or /usr/bin/chromium. Exit 0: no violation; 1: violations or a
// failed check (each printed with the page, the rule, the elements and axe's help URL);
// 2: bad arguments, no browser or no axe-core.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node a11y.mjs --base-url URL [--page PATH]... [--verbose]';
let opts;
try {
  opts = parseArgs({
    options: {
      'base-url': { type: 'string' },
      page: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
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
const origin = new URL(base).origin;
let axeSource;
try {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
} catch {
  console.error('a11y browser test: axe-core is not installed (npm ci --prefix tests/browser)');
  process.exit(2);
}

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const schemes = ['light', 'dark'];
const widths = [320, 1280];

/**
 * The pages to check: one of every kind. Those whose address depends on the content (a hub, a
 * report, a chapter, a phase, a news post) are found by following the site's own links.
 */
async function pagesToCheck(page) {
  if (opts.page) return opts.page.map((p) => ({ kind: p, path: p.replace(/^\//, '') }));
  const firstLink = async (path, selector) => {
    await page.goto(base + path, { waitUntil: 'load' });
    const href = await page.$eval(selector, (a) => a.href).catch(() => null);
    if (!href || !href.startsWith(base)) throw new Error(`no link "${selector}" on ${base + path}`);
    return href.slice(base.length);
  };
  const hub = await firstLink('hubs/', 'main .card h2 a');
  const report = await firstLink(hub, 'main .report-list a');
  const chapter = await firstLink(report, 'main .chapter-list a');
  const phase = await firstLink('phases/', 'main .phase-list a');
  const post = await firstLink('news/', 'main .post-list a');
  return [
    { kind: 'home', path: '' },
    { kind: 'hubs', path: 'hubs/' },
    { kind: 'hub', path: hub },
    { kind: 'report', path: report },
    { kind: 'chapter', path: chapter },
    { kind: 'print view', path: `${report}print/` },
    { kind: 'phases', path: 'phases/' },
    { kind: 'phase', path: phase },
    { kind: 'synthesis', path: 'synthesis/' },
    { kind: 'taxonomy', path: 'issues/' },
    { kind: 'term', path: 'issues/forced-labour/' },
    { kind: 'search', path: 'search/' },
    { kind: 'search results', path: 'search/?q=monitoring' },
    { kind: 'news', path: 'news/' },
    { kind: 'news post', path: post },
    { kind: 'about', path: 'about/' },
    { kind: 'resource library', path: 'resources/' },
    { kind: 'resource library, filtered', path: 'resources/?type=law' },
    { kind: 'resource type', path: 'resources/types/guidance/' },
    { kind: 'resource', path: 'resources/montreux-document/' },
    { kind: 'survey', path: 'survey/' },
    { kind: 'survey, filtered', path: 'survey/?section=procurement-rules&question=exclusion-grounds&value=mandatory' },
    { kind: 'survey jurisdiction', path: 'survey/germany/' },
    { kind: 'survey question', path: 'survey/questions/hrdd-law/' },
    { kind: '404', path: '404.html' },
    // The translations' trees: a translated chapter and home page, a listing of translated and
    // untranslated chapters, a page not translated yet (its notice), search in French.
    { kind: 'home, in French', path: 'fr/' },
    { kind: 'chapter, in Spanish', path: 'es/hubs/apparel/public-buyers-and-garment-supply-chains/planning/' },
    { kind: 'phase, in French', path: 'fr/phases/planning/' },
    { kind: 'chapter not translated, in French', path: 'fr/hubs/apparel/public-buyers-and-garment-supply-chains/award/' },
    { kind: 'search results, in French', path: 'fr/search/?q=travailleur' },
  ];
}

/** Our own checks, run in the page: one h1, lang, no markup shown as text, the skip link's target. */
function pageChecks() {
  const problems = [];
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(`${h1s.length} <h1> elements (exactly one expected)`);
  const lang = document.documentElement.getAttribute('lang');
  if (!lang || !lang.trim()) problems.push('<html> has no lang attribute');
  // Markup shown as text (an escaped body, say) reads as gibberish; code samples may show it.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('pre, code, script, style, noscript')) continue;
    const markup = /<\/?(p|a|div|section|sup|table|tr|td|h[1-6]|li|ul|ol|span|strong|em)[\s>]/i.exec(node.data);
    if (markup) {
      problems.push(`markup shown as text: "${node.data.slice(Math.max(0, markup.index - 20), markup.index + 40)}"`);
      break;
    }
  }
  const skip = document.querySelector('a.skip-link');
  if (!skip) {
    problems.push('no skip link (a.skip-link)');
  } else {
    const href = skip.getAttribute('href') || '';
    const id = href.startsWith('#') ? decodeURIComponent(href.slice(1)) : '';
    if (!id || !document.getElementById(id)) problems.push(`the skip link's target "${href}" does not exist`);
  }
  return problems;
}

/** After one Tab from the top of the page: is the skip link focused and on the screen? */
function skipLinkFocused() {
  const el = document.activeElement;
  if (!el || !el.matches('a.skip-link')) return `Tab first reaches ${el ? el.outerHTML.slice(0, 80) : 'nothing'}, not the skip link`;
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) {
    return 'the focused skip link is not visible on the screen';
  }
  return null;
}

class CheckFailed extends Error {}

const { browser, close } = await launchChromium('a11y browser test');

const failures = [];
let checked = 0;
let violationCount = 0;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(20000);
  let current = '(discovery)';
  const foreign = new Map();
  const pageErrors = [];
  page.on('request', (req) => {
    const url = req.url();
    if (/^(data|blob|about):/.test(url)) return;
    let reqOrigin;
    try { reqOrigin = new URL(url).origin; } catch { reqOrigin = url; }
    if (reqOrigin !== origin) {
      if (!foreign.has(url)) foreign.set(url, new Set());
      foreign.get(url).add(current);
    }
  });
  page.on('pageerror', (err) => pageErrors.push(`${current}: JavaScript error: ${err.message}`));

  const pages = await pagesToCheck(page);
  for (const width of widths) {
    await page.setViewport({ width, height: width < 600 ? 640 : 900 });
    for (const scheme of schemes) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      for (const { kind, path } of pages) {
        const where = `${kind} /${path} (${scheme}, ${width}px)`;
        current = where;
        const res = await page.goto(base + path, { waitUntil: 'load' });
        if (!res || res.status() >= 400) {
          failures.push(`${where}: HTTP ${res ? res.status() : 'no response'}`);
          continue;
        }
        if (path.startsWith('search/?')) {
          // Let the results (and their highlighting) appear before they are checked.
          await page.waitForFunction(() => /^(\d+ results?|No results)\b/.test(document.getElementById('search-status').textContent));
          await page.waitForSelector('#search-results mark').catch(() => {});
        }
        for (const problem of await page.evaluate(pageChecks)) failures.push(`${where}: ${problem}`);
        if (width <= 320) {
          // Reflow (WCAG 1.4.10): nothing but a table or code block scrolls sideways at 320px.
          const wide = await page.evaluate(() => {
            const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
            if (over <= 0) return null;
            const culprits = [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .filter((el) => !el.closest('.table-scroll, pre'))
              .slice(0, 5)
              .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
            return `the page scrolls sideways by ${over}px at 320px (${culprits.join(', ')})`;
          });
          if (wide) failures.push(`${where}: ${wide}`);
        }
        await page.keyboard.press('Tab');
        const skip = await page.evaluate(skipLinkFocused);
        if (skip) failures.push(`${where}: ${skip}`);
        await page.evaluate(() => document.activeElement && document.activeElement.blur());

        if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
        const results = await page.evaluate(async (values) => {
          // Every rule with one of the tags, the experimental ones too (axe leaves those out
          // unless they are named); hidden-content only ever asks for a review, of every
          // hidden element, so it is left out.
          const rules = Object.fromEntries(window.axe.getRules(values)
            .filter((rule) => rule.tags.includes('experimental') && rule.ruleId !== 'hidden-content')
            .map((rule) => [rule.ruleId, { enabled: true }]));
          const r = await window.axe.run(document, {
            runOnly: { type: 'tag', values },
            rules,
            resultTypes: ['violations', 'incomplete'],
          });
          const slim = (list) => list.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
          }));
          return { violations: slim(r.violations), incomplete: slim(r.incomplete) };
        }, tags);
        checked += 1;
        for (const v of results.violations) {
          violationCount += 1;
          const nodes = v.nodes.map((n) => `      ${n.target}\n        ${n.summary.replace(/\n/g, '\n        ')}`).join('\n');
          failures.push(`${where}: ${v.id} [${v.impact}] ${v.help}\n    ${v.helpUrl}\n${nodes}`);
        }
        if (opts.verbose) {
          for (const v of results.incomplete) {
            console.log(`needs review: ${where}: ${v.id} ${v.help}\n    ${v.nodes.map((n) => n.target).join('\n    ')}`);
          }
        }
      }
    }
  }
  for (const [url, where] of foreign) {
    failures.push(`request to another host: ${url}\n    from ${[...where].join('; ')}`);
  }
  failures.push(...pageErrors);
  if (failures.length) throw new CheckFailed(failures.join('\n'));
  console.log(`a11y browser test: ok (${pages.length} pages × ${schemes.length} colour schemes × ${widths.length} widths = ${checked} axe runs, no violation)`);
} catch (err) {
  if (err instanceof CheckFailed) {
    console.error(`a11y browser test failed: ${failures.length} problem(s), ${violationCount} axe violation(s):\n${err.message}`);
  } else {
    console.error(`a11y browser test failed: unexpected error: ${err.stack || err.message}`);
    if (failures.length) console.error(failures.join('\n'));
  }
  process.exitCode = 1;
} finally {
  await close();
}
