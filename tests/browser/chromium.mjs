// Debian's Chromium, headless, as every browser test starts it: with a fresh profile and
// without the background networking that this project's closed machines refuse.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

/** Start Chromium; exits with status 2 when there is none. `close()` also removes the profile. */
export async function launchChromium(testName) {
  const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
  try {
    await access(chromium);
  } catch {
    console.error(`${testName}: no Chromium at ${chromium} (set CHROMIUM, or apt-get install chromium)`);
    process.exit(2);
  }
  const profile = await mkdtemp(join(tmpdir(), 'praxis-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: false, // the flag is given below, exactly as written
    pipe: true,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
