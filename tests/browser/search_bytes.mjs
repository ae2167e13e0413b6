// What a reader downloads before the first search results, praxis against Pagefind, on the
// same built site, measured in Chromium: every response is recorded and its size counted
// gzip-compressed (gzip -9 of each file, or the file as it is when that is smaller: Pagefind
// stores its index already compressed). For scripts/bench.
//
//   node tests/browser/search_bytes.mjs --site DIR --base /lab/ --pagefind PAGEFIND_BINARY \
//        [--results 10] [QUERY...]
//
// --site      a site praxis built (left untouched: Pagefind writes its index to a temporary
//             folder)
// --base      the base path the site was built with
// --pagefind  the `pagefind` binary (npm's pagefind@1); the site is indexed with it first
// --results   how many of Pagefind's results to load (`.data()`) before counting (default 10;
//             praxis shows 20)
// QUERY       the queries (default: procurement, "forced labour", grievance)
//
// praxis: the site's own search page opened at search/?q=QUERY (as the header form does), until
// it announces its results. Counted: search.js and every file under search/ but the page
// itself; "first results" leaves out the text chunks, which come after the results are shown,
// to cut their snippets; "with snippets" waits for them. Pagefind: a blank page that imports
// /pagefind/pagefind.js, runs `pagefind.search(q)` and the `.data()` of the first results
// (title, URL and excerpt: what its UI needs to show a result); counted: every file of
// /pagefind/. Each query runs in a fresh browser context, so nothing is cached.
//
// Prints a Markdown table. Exit 0: measured; 1: a search failed; 2: bad arguments or no browser.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node search_bytes.mjs --site DIR --base PATH --pagefind BINARY [--results N] [QUERY...]';
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      base: { type: 'string' },
      pagefind: { type: 'string' },
      results: { type: 'string', default: '10' },
    },
  });
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
const opts = parsed.values, wanted = Number(opts.results);
const queries = parsed.positionals.length ? parsed.positionals : ['procurement', 'forced labour', 'grievance'];
if (!opts.site || !opts.base || !opts.pagefind || !(wanted > 0)) {
  console.error(usage);
  process.exit(2);
}
const base = ('/' + opts.base + '/').replace(/\/+/g, '/');

// 1. Pagefind's index of the same pages, beside the site rather than in it.
const work = await mkdtemp(join(tmpdir(), 'praxis-pagefind-'));
const pagefindDir = join(work, 'pagefind');
try {
  await promisify(execFile)(opts.pagefind, ['--site', opts.site, '--output-path', pagefindDir],
    { maxBuffer: 64 << 20 });
} catch (err) {
  console.error(`search bytes: pagefind failed: ${err.message}`);
  await rm(work, { recursive: true, force: true });
  process.exit(2);
}

// 2. One server: the site at its base path, Pagefind's index at /pagefind/, and the harness.
const harness = `<!doctype html><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
  window.search = async (q, n) => {
    const pagefind = await import('/pagefind/pagefind.js');
    const found = await pagefind.search(q);
    const data = await Promise.all(found.results.slice(0, n).map((r) => r.data()));
    return { count: found.results.length, titles: data.map((d) => d.meta.title) };
  };
</script>`;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path === '/harness/') return res.writeHead(200, { 'content-type': 'text/html' }).end(harness);
  const root = path.startsWith('/pagefind/') ? [work, path] : path.startsWith(base) ? [opts.site, path.slice(base.length)] : null;
  if (!root) return res.writeHead(404).end();
  let file = join(root[0], normalize('/' + root[1]));
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(await readFile(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

/** The size a reader downloads for one file: gzip -9, or the file itself if smaller. */
const size = (bytes) => Math.min(bytes.length, gzipSync(bytes, { level: 9 }).length);

/** Open a fresh page, run `act` on it, and return the responses counted by `counts(url)`. */
async function measure(browser, counts, act) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const responses = [];
  page.on('response', (res) => {
    if (res.status() === 200 && counts(res.url())) responses.push(res.buffer().then((b) => ({ url: res.url(), bytes: size(b) })).catch(() => null));
  });
  try {
    const result = await act(page);
    await page.waitForNetworkIdle({ idleTime: 300 });
    return { result, files: (await Promise.all(responses)).filter(Boolean) };
  } finally {
    await context.close();
  }
}
const sum = (files) => files.reduce((total, f) => total + f.bytes, 0);

const { browser, close } = await launchChromium('search bytes');
const rows = [];
try {
  for (const q of queries) {
    const ours = (url) => {
      const path = new URL(url).pathname;
      return path.endsWith('/search.js') || (path.startsWith(base + 'search/') && path !== base + 'search/');
    };
    const praxis = await measure(browser, ours, async (page) => {
      await page.goto(`${origin}${base}search/?q=${encodeURIComponent(q)}`);
      // search.js records the count beside the words, which are in the page's language and
      // write large numbers with separators ("1,686 results").
      await page.waitForFunction(() => document.getElementById('search-status').dataset.count !== undefined, { timeout: 60000 });
      return page.$eval('#search-status', (s) => s.dataset.count);
    });
    const pagefind = await measure(browser, (url) => new URL(url).pathname.startsWith('/pagefind/'), async (page) => {
      await page.goto(`${origin}/harness/`);
      await page.waitForFunction(() => typeof window.search === 'function');
      return page.evaluate((q, n) => window.search(q, n), q, wanted);
    });
    const count = Number((/^(\d+)/.exec(praxis.result) || [0, 0])[1]);
    if (!count || !pagefind.result.count) throw new Error(`"${q}": praxis says "${praxis.result}", Pagefind found ${pagefind.result.count}`);
    const before = praxis.files.filter((f) => !new URL(f.url).pathname.startsWith(base + 'search/text/'));
    rows.push({ q, count, first: sum(before), snippets: sum(praxis.files), files: before.length,
      pagefind: sum(pagefind.files), pagefindFiles: pagefind.files.length, pagefindCount: pagefind.result.count });
  }
} catch (err) {
  console.error(`search bytes: ${err.message}`);
  process.exitCode = 1;
} finally {
  await close();
  server.close();
  await rm(work, { recursive: true, force: true });
}

const kb = (n) => n.toLocaleString('en-GB');
console.log(`| query | praxis: bytes before the first results (files) | praxis: with snippets | Pagefind: bytes for ${wanted} results (files) | praxis / Pagefind | results (praxis, Pagefind) |`);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.q} | ${kb(r.first)} (${r.files}) | ${kb(r.snippets)} | ${kb(r.pagefind)} (${r.pagefindFiles}) | ${(100 * r.first / r.pagefind).toFixed(0)}% | ${kb(r.count)}, ${kb(r.pagefindCount)} |`);
}
