// The trust boundary as a browser sees it: pages built from a chapter full of attacks are
// opened in Chromium, whose own HTML parser decides what is an attribute, a script or a URL.
//
//   node tests/browser/attacks.mjs --base-url http://127.0.0.1:8000/lab/ --page PATH [--page PATH ...]
//
// For each page, fails if:
//   - any dialog opens (every attack payload calls alert) while the page loads, while every
//     element is hovered and focused, or while every link is clicked (javascript: links run
//     on click only; other links are prevented from navigating);
//   - any element carries an on... attribute;
//   - any <script> element is not the theme's own (its src under <base-url>static/);
//   - any href, src, action, formaction or poster resolves to a protocol other than http:,
//     https: or mailto: (a download link's data:text/plain or reference-manager data passes).
// Exit 0: every check passed; 1: a check failed; 2: bad arguments or no browser.

import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node attacks.mjs --base-url URL --page PATH [--page PATH ...]';
let opts;
try {
  opts = parseArgs({
    options: { 'base-url': { type: 'string' }, page: { type: 'string', multiple: true } },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (!opts['base-url'] || !opts.page) {
  console.error(usage);
  process.exit(2);
}
const base = opts['base-url'].endsWith('/') ? opts['base-url'] : opts['base-url'] + '/';

const failures = [];
const { browser, close } = await launchChromium('attacks.mjs');
try {
  for (const path of opts.page) {
    const url = base + path.replace(/^\//, '');
    const page = await browser.newPage();
    page.on('dialog', async (dialog) => {
      failures.push(`${path}: a script ran and opened a dialog: ${dialog.message()}`);
      await dialog.dismiss();
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || response.status() !== 200) {
      failures.push(`${path}: HTTP ${response && response.status()}`);
      await page.close();
      continue;
    }
    const found = await page.evaluate((staticPrefix) => {
      const problems = [];
      const allowed = ['http:', 'https:', 'mailto:'];
      for (const el of document.querySelectorAll('*')) {
        for (const attr of el.getAttributeNames()) {
          if (attr.startsWith('on')) problems.push(`<${el.localName} ${attr}>`);
        }
        for (const attr of ['href', 'src', 'action', 'formaction', 'poster']) {
          const value = el.getAttribute(attr);
          if (value === null) continue;
          const protocol = new URL(value, document.baseURI).protocol;
          const citation = el.hasAttribute('download')
            && /^data:(text\/plain|application\/x-)/i.test(value.trim());
          if (!allowed.includes(protocol) && !citation) problems.push(`<${el.localName} ${attr}="${value}">`);
        }
        if (el.localName === 'script' && !(el.src || '').startsWith(staticPrefix)) {
          problems.push(`<script> ${el.src || el.textContent.slice(0, 40)}`);
        }
      }
      // Hover and focus everything, click every link without leaving the page: handlers
      // and javascript: URLs would open a dialog now.
      for (const el of document.querySelectorAll('body *')) {
        el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        if (typeof el.focus === 'function') el.focus();
      }
      for (const link of document.querySelectorAll('a[href]')) {
        const protocol = new URL(link.getAttribute('href'), document.baseURI).protocol;
        if (protocol === 'http:' || protocol === 'https:' || link.hasAttribute('download')) continue;
        link.click();
      }
      return problems;
    }, base + 'static/');
    for (const problem of found) failures.push(`${path}: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await page.close();
  }
} finally {
  await close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`attacks.mjs: ${opts.page.length} pages, nothing ran`);
