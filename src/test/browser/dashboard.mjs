// Drives the ops dashboard in headless Chromium (Debian's, via playwright-core).
// Usage: node dashboard.mjs <base-url> <screenshot-dir> <dead-delivery-id> <patient-id>
// Prints one JSON object: the figures read from the page, what the retry did, layout checks.
import { chromium } from 'playwright-core';

const [base, shots, deadId, patientId] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const out = {};
try {
  const desktop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await desktop.goto(`${base}/ops/`);
  out.title = await desktop.title();
  out.tiles = await desktop.$$eval('#tiles .tile', els => Object.fromEntries(
      els.map(e => [e.dataset.key, Number(e.querySelector('.value').textContent.trim())])));
  out.bars = await desktop.$$eval('#dxa-chart .bar', els => els.map(e => ({ month: e.dataset.month, count: Number(e.dataset.count) })));
  out.overdueRows = await desktop.$$eval('#overdue tr[data-patient]', els => els.map(e => e.dataset.patient));
  out.accepted = (await desktop.textContent('#accepted')).trim();
  out.desktopOverflow = await desktop.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  await desktop.screenshot({ path: `${shots}/dashboard-1280x800.png` });
  await desktop.screenshot({ path: `${shots}/dashboard-1280-full.png`, fullPage: true });

  // the retry button of the dead delivery: a form POST, then the page again with a notice
  await Promise.all([desktop.waitForNavigation(), desktop.click(`#dead tr[data-delivery="${deadId}"] button[name="retry"]`)]);
  out.notice = (await desktop.textContent('#notice')).trim();
  out.deadAfterRetry = await desktop.$$eval('#dead tr[data-delivery]', els => els.map(e => e.dataset.delivery));
  out.pendingAfterRetry = await desktop.$$eval('#pending tr[data-delivery]', els => els.map(e => e.dataset.delivery));
  await desktop.screenshot({ path: `${shots}/dashboard-after-retry.png` });

  await desktop.click(`#overdue tr[data-patient="${patientId}"] a`).catch(() => desktop.goto(`${base}/ops/patients/${patientId}`));
  await desktop.waitForSelector('#assessment');
  out.patientUrl = desktop.url();
  out.assessedOn = (await desktop.textContent('#assessed-on')).trim();
  out.trend = await desktop.$$eval('#trend tr[data-exam]', els => els.map(e => e.dataset.exam));
  await desktop.screenshot({ path: `${shots}/patient-1280-full.png`, fullPage: true });

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await phone.goto(`${base}/ops/`);
  out.phoneOverflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  await phone.screenshot({ path: `${shots}/dashboard-phone-full.png`, fullPage: true });
  await phone.goto(`${base}/ops/patients/${patientId}`);
  out.phonePatientOverflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  await phone.screenshot({ path: `${shots}/patient-phone-full.png`, fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
