// A hub leader adds a chapter in the web editor (/admin/, Decap CMS) through its forms alone:
// no YAML typed, only fields filled, options picked and a button pressed. The editor runs
// against decap-server (Decap's local back end, which writes into a folder); the Rust side
// (tests/browser.rs) then checks the file it wrote with `praxis check`.
//
//   node tests/browser/editor.mjs --admin-url http://127.0.0.1:8000/lab/admin/ \
//        --collection chapters-alpha-first-report --title "Contract award" \
//        --phase "Risk assessment" --issue "Forced labour" --status "Under review"
//
// Checks: the editor signs in to the local back end, offers the site's phases and terms,
// and reports the new entry saved. Chromium is CHROMIUM (a path) or /usr/bin/chromium.
// Exit 0: passed; 1: a check failed; 2: bad arguments or no browser.

import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const usage = 'usage: node editor.mjs --admin-url URL --collection NAME --title TEXT --phase LABEL --issue LABEL --status LABEL';
let opts;
try {
  opts = parseArgs({
    options: {
      'admin-url': { type: 'string' },
      collection: { type: 'string' },
      title: { type: 'string' },
      phase: { type: 'string' },
      issue: { type: 'string' },
      status: { type: 'string' },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
for (const name of ['admin-url', 'collection', 'title', 'phase', 'issue', 'status']) {
  if (!opts[name]) {
    console.error(usage);
    process.exit(2);
  }
}

const { browser, close } = await launchChromium('editor.mjs');
const errors = [];
let failure = null;
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(20000);
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(opts['admin-url'], { waitUntil: 'networkidle0' });
  const login = await page.waitForSelector('xpath///button[contains(., "Login")]');
  await login.click();
  await page.waitForFunction(() => document.body.innerText.includes('Report introductions'));
  await page.goto(`${opts['admin-url']}#/collections/${opts.collection}/new`);

  /** The form control a field's label points to. */
  const control = async (name) => page.waitForSelector(`[id^="${name}-field-"]`);
  /** Pick `label` in a select (react-select): type it, take the highlighted option. */
  const pick = async (name, label) => {
    const input = await control(name);
    await input.click();
    await input.type(label);
    await page.waitForSelector(`xpath///div[starts-with(@id, "react-select") and contains(@id, "-option-") and normalize-space(.)="${label}"]`);
    await page.keyboard.press('Enter');
  };

  await (await control('title')).type(opts.title);
  await pick('phase', opts.phase);
  await (await control('summary')).type('What the buyer weighs when it awards the contract.');
  await pick('issues', opts.issue);
  // Replace the default status.
  await pick('status', opts.status);
  await (await page.waitForSelector('xpath///button[normalize-space(.)="Now"]')).click();
  await (await page.waitForSelector('xpath///button[contains(., "Add gaps in human rights protection")]')).click();
  await (await page.waitForSelector('[id^="gaps-field-"] textarea')).type('Audits: miss the "lower" tiers.');
  await (await page.waitForSelector('xpath///button[contains(., "Add options for reform")]')).click();
  await (await page.waitForSelector('[id^="options-field-"] textarea')).type('Use worker-driven monitoring.');
  const body = await page.waitForSelector('[data-slate-editor="true"]');
  await body.click();
  await page.keyboard.type('The award decision is where a buyer can reward due diligence.');

  await (await page.waitForSelector('xpath///span[normalize-space(.)="Publish"] | //button[normalize-space(.)="Publish"]')).click();
  await (await page.waitForSelector('xpath///*[normalize-space(text())="Publish now"]')).click();
  await page.waitForFunction(() => /Entry (saved|published)/i.test(document.body.innerText));
} catch (err) {
  failure = `${err.message}${errors.length ? `\npage errors:\n${errors.join('\n')}` : ''}`;
} finally {
  await close();
}
if (failure) {
  console.error(`editor.mjs: ${failure}`);
  process.exit(1);
}
console.log('editor.mjs: a chapter was created through the forms');
