// An old address kept by `aliases:` leads a reader to the page's new address, in a browser
// with JavaScript turned off (the redirect is a <meta http-equiv="refresh">, not a script).
//
//   node tests/browser/redirect.mjs --base-url http://127.0.0.1:8000/lab/ \
//        --from old/address/ --to hubs/apparel/report/award/
//
// --base-url  the site's base URL, ending in "/" (the one it was built with)
// --from      the alias, under the base URL
// --to        the page it must end up on, under the base URL
// Checks: opening <from> ends, within 10 seconds, on <to>, which answers 200.
// Chromium is CHROMIUM (a path) or /usr/bin/chromium. Exit 0: passed; 1: a check failed;
// 2: bad arguments or no browser.

import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node redirect.mjs --base-url URL --from PATH --to PATH';
let opts;
try {
  opts = parseArgs({
    options: {
      'base-url': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (!opts['base-url'] || !opts.from || !opts.to) {
  console.error(usage);
  process.exit(2);
}
const base = opts['base-url'].endsWith('/') ? opts['base-url'] : opts['base-url'] + '/';
const from = base + opts.from.replace(/^\//, '');
const to = base + opts.to.replace(/^\//, '');

const { browser, close } = await launchChromium('redirect.mjs');
let failure = null;
try {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  let landed = null;
  page.on('response', (response) => {
    if (response.url() === to) landed = response.status();
  });
  await page.goto(from, { waitUntil: 'load' });
  const deadline = Date.now() + 10000;
  while ((page.url() !== to || landed === null) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (page.url() !== to) {
    failure = `opening ${from} ended on ${page.url()}, not ${to}`;
  } else if (landed !== 200) {
    failure = `${to} answered ${landed}`;
  }
} finally {
  await close();
}
if (failure) {
  console.error(`redirect.mjs: ${failure}`);
  process.exit(1);
}
console.log(`redirect.mjs: ${from} -> ${to}`);
