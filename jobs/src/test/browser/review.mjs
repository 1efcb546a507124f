// Drives the review page in Debian's Chromium through playwright-core:
//   node review.mjs URL WAREHOUSE [SCREENSHOT.png]
// Checks the queue renders with the expected rows, records a verdict through the page, and that the labels store
// gained exactly that line. Exits non-zero on the first failed check.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [url, warehouse, screenshot] = process.argv.slice(2);
const labels = path.join(warehouse, 'labels', 'verdicts.jsonl');
const expected = ['acct_<img src=x onerror=alert(1)>', 'acct_hydra01', 'acct_hydra02', 'acct_hydra03', 'acct_lone0001'];

function check(condition, message) {
  if (!condition) {
    console.error('FAIL: ' + message);
    process.exit(1);
  }
  console.log('ok: ' + message);
}

const linesBefore = fs.existsSync(labels) ? fs.readFileSync(labels, 'utf8').split('\n').filter(Boolean) : [];
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'distillguard-chromium-'));
// A fresh profile per run; Playwright takes it as the persistent context's folder (--user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = browser.pages()[0] || await browser.newPage();
  const dialogs = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  const response = await page.goto(url);
  check(response.ok(), `page loads with the token (status ${response.status()})`);
  check(!page.url().includes('token='), 'the token is dropped from the address bar after the cookie is set');

  await page.waitForSelector('#queue-body tr');
  const accounts = await page.$$eval('#queue-body tr', (rows) => rows.map((row) => row.getAttribute('data-account')));
  check(JSON.stringify(accounts) === JSON.stringify(expected), `queue rows are ${JSON.stringify(accounts)}`);
  check(await page.$$eval('img', (images) => images.length) === 0, 'no <img> element exists (hostile markup stayed text)');

  await page.fill('#queue-filter', 'hydra');
  const shown = await page.$$eval('#queue-body tr', (rows) => rows.filter((row) => !row.hidden).length);
  check(shown === 3, `filter "hydra" shows 3 rows (saw ${shown})`);
  await page.fill('#queue-filter', '');
  await page.click('#queue th[data-key="risk_score"]');
  await page.click('#queue th[data-key="risk_score"]');
  const ascending = await page.$$eval('#queue-body tr', (rows) => rows.map((row) => row.getAttribute('data-account')));
  check(ascending[0] === 'acct_hydra03', `sorting by risk ascending puts acct_hydra03 first (saw ${ascending[0]})`);

  const row = page.locator('#queue-body tr[data-account="acct_lone0001"]');
  await row.locator('select').selectOption('benign');
  await row.locator('input').fill('research lab, known customer');
  await row.locator('button').click();
  await row.locator('.status-ok').waitFor({ timeout: 10000 });
  check((await row.locator('.status').textContent()) === 'saved: benign', 'the page reports the verdict saved');

  const linesAfter = fs.readFileSync(labels, 'utf8').split('\n').filter(Boolean);
  check(linesAfter.length === linesBefore.length + 1, 'the labels store gained exactly one line');
  check(linesAfter.slice(0, linesBefore.length).join('\n') === linesBefore.join('\n'), 'earlier lines are unchanged');
  const verdict = JSON.parse(linesAfter[linesAfter.length - 1]);
  check(verdict.account_id === 'acct_lone0001' && verdict.label === 'benign'
      && verdict.note === 'research lab, known customer' && verdict.model_id === 'gb-20261122'
      && Math.abs(verdict.score - 0.72) < 1e-9, `the line is the verdict given: ${linesAfter[linesAfter.length - 1]}`);
  check(dialogs.length === 0, `no script from the data ran (dialogs: ${JSON.stringify(dialogs)})`);
  check(errors.filter((text) => /Content Security Policy/i.test(text)).length === 0,
      `the page's own script and style pass its policy (${JSON.stringify(errors)})`);

  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: false });
    console.log('screenshot: ' + screenshot);
  }
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
