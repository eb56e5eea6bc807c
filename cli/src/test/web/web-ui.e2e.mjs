// Drives mim's web page in Chromium as a person would, for WebUiIT: add a magnet link through the
// dialog leaving one file out, drop a .torrent file onto the page and add it from the dialog that
// opens, see the seeder among the peers, watch the row reach 100%, set its own limits, wait while
// the test checks the disk, pause and resume it; re-check the second from its Files tab; pause and
// resume both at once; a picture of the page at rest for the README; delete the first with its
// files and the second without. A screenshot after each step. Fails on any console error, CSP
// violation, page error, or request to another origin.
//
// Then the test stops the server and starts it again: the page must say it is unreachable, and
// recover by itself, its logs view too.
//
// Settings come as one JSON argument: {playwright, url, magnet, name, skip, stream, streamBytes, peer,
// dropped: {file, name, shows}, viewport, dark, shots, handshake}. "handshake" is a folder where the
// script waits for the test: it prints a line (DISK-CHECK, STOP-SERVER, START-SERVER) and waits for
// a file of that name, in lower case, there.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const settings = JSON.parse(process.argv[2]);
const { chromium } = createRequire(settings.playwright)('playwright-core');
const STEP = 120_000;
const phone = settings.viewport === 'phone';
const problems = [];
let shot = 0;
/** While the test has the server stopped, the browser's failed requests are expected. */
let serverDown = false;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--metrics-recording-only',
    '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
  ],
});
try {
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1360, height: 820 },
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    colorScheme: settings.dark ? 'dark' : 'light',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  const origin = new URL(settings.url).origin;
  page.on('console', (m) => {
    if (m.type() === 'error' && !(serverDown && m.text().includes('net::ERR_CONNECTION_REFUSED'))) {
      problems.push(`console: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`request elsewhere: ${r.url()}`);
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );

  const snap = async (what) => {
    shot++;
    const file = path.join(settings.shots, `${String(shot).padStart(2, '0')}-${what}.png`);
    await page.screenshot({ path: file });
    console.log(`screenshot ${file}`);
  };
  const step = (what) => console.log(`step: ${what}`);
  const fail = (what) => {
    throw new Error(what);
  };
  const handshake = async (line) => {
    console.log(line);
    while (!existsSync(path.join(settings.handshake, line.toLowerCase()))) {
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  step('open the page');
  const response = await page.goto(settings.url);
  const policy = response.headers()['content-security-policy'] ?? fail('the page came without a Content-Security-Policy');
  if (!policy.startsWith("default-src 'self'")) fail(`a loose policy: ${policy}`);
  await page.getByText('No torrents yet').waitFor();
  await page.getByRole('status').filter({ hasText: 'Live: events' }).waitFor();
  await snap('empty');

  step('set the session limits in the settings dialog');
  await page.getByRole('button', { name: 'Settings' }).click();
  const settingsDialog = page.getByRole('dialog', { name: 'Settings' });
  await settingsDialog.getByRole('textbox', { name: 'Upload limit' }).fill('4096');
  await settingsDialog.getByRole('textbox', { name: 'Stop seeding after' }).fill('600');
  await settingsDialog.getByRole('button', { name: 'Save limits' }).click();
  await settingsDialog.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await snap('settings');
  const limits = await (await page.request.get(new URL('../torrents/limits', settings.url).href)).json();
  if (limits.upload_bps !== 4096 * 1024 || limits.seed_time_secs !== 600 * 60 || limits.download_bps !== null) {
    fail(`the server's limits are not those typed: ${JSON.stringify(limits)}`);
  }
  await settingsDialog.getByRole('button', { name: 'Close' }).click();
  await settingsDialog.waitFor({ state: 'detached' });

  step('open the logs view, which reads the log from then on');
  await page.getByRole('button', { name: 'Logs' }).click();
  const logsDialog = page.getByRole('dialog', { name: 'Logs' });
  await logsDialog.getByRole('list', { name: 'Log' }).waitFor();
  await logsDialog.getByRole('button', { name: 'Close' }).click();
  await logsDialog.waitFor({ state: 'detached' });

  step('add the magnet link, one file left out');
  await page.getByRole('button', { name: 'Add torrent' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add torrent' });
  await dialog.getByLabel('Torrent file').waitFor();
  await dialog.getByRole('textbox', { name: 'Magnet link or URL' }).fill(settings.magnet);
  await dialog.getByRole('button', { name: 'Show files' }).click();
  const skip = dialog.getByRole('checkbox', { name: `Download ${settings.skip}`, exact: true });
  await skip.waitFor();
  await skip.uncheck();
  await snap('add-dialog');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });

  const rowOf = (name) => page.getByRole(phone ? 'listitem' : 'row', { name, exact: true });
  const row = rowOf(settings.name);
  await row.waitFor();
  await snap('added');

  step('drop a .torrent file onto the page: the add dialog opens with its files');
  const dropped = settings.dropped;
  await page.evaluate(
    ([base64, name]) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: 'application/x-bittorrent' }));
      const fire = (type) => document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      fire('dragenter');
      fire('dragover');
      fire('drop');
    },
    [readFileSync(dropped.file).toString('base64'), path.basename(dropped.file)],
  );
  await dialog.getByRole('region', { name: 'Files in the torrent' }).getByText(dropped.name, { exact: true }).first().waitFor();
  await dialog.getByRole('checkbox', { name: `Download ${dropped.shows}`, exact: true }).waitFor();
  await snap('dropped');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  const second = rowOf(dropped.name);
  await second.waitFor();
  if (phone) {
    const sideways = await page.evaluate(() => {
      const chips = document.querySelector('[role=group][aria-label=Show]');
      return chips.scrollWidth > chips.clientWidth || document.documentElement.scrollWidth > window.innerWidth;
    });
    if (sideways) fail('the filter chips do not fit a phone: they scroll sideways');
  }

  step('open the details and see the seeder among the peers');
  await row.getByText(settings.name, { exact: true }).click();
  const details = page.getByRole('complementary', { name: `Details of ${settings.name}` });
  for (const tab of ['Overview', 'Files', 'Peers', 'Trackers']) {
    await details.getByRole('tab', { name: tab }).waitFor();
  }
  await details.getByRole('tab', { name: 'Peers' }).click();
  await details.getByRole('row', { name: `Peer ${settings.peer}` }).waitFor();
  await snap('peers');
  await details.getByRole('tab', { name: 'Files' }).click();
  const skipped = details.getByRole('checkbox', { name: `Download ${settings.skip}`, exact: true });
  if (await skipped.isChecked()) fail(`${settings.skip} is chosen in the Files tab`);
  await snap('files');
  await details.getByRole('tab', { name: 'Overview' }).click();

  step('watch it reach 100%');
  await page.waitForFunction(
    (name) =>
      [...document.querySelectorAll(`[role=progressbar][aria-label="Progress of ${CSS.escape(name)}"]`)].every(
        (bar) => bar.getAttribute('aria-valuenow') === '100',
      ),
    settings.name,
    { timeout: STEP },
  );
  await snap('complete');
  step('see the download in the speed graph');
  // A line drawn above the graph's floor (y 100) is a tick that saw bytes come in.
  const graph = details.getByRole('img', { name: `Speeds of ${settings.name}` });
  await page.waitForFunction(
    (el) => /[ML][\d.]+ (?!100\.0)\d/.test(el.querySelector('path.down')?.getAttribute('d') ?? ''),
    await graph.elementHandle(),
    { timeout: STEP },
  );

  step('stream a file through its link');
  await details.getByRole('tab', { name: 'Files' }).click();
  const href = await details.getByRole('link', { name: `Stream ${settings.stream}` }).getAttribute('href');
  const streamed = await page.evaluate(async (url) => (await (await fetch(url)).arrayBuffer()).byteLength, href);
  if (streamed !== settings.streamBytes) fail(`the stream link gave ${streamed} bytes, not ${settings.streamBytes}`);
  await snap('files-complete');

  step('label it and set its own download limit');
  await details.getByRole('tab', { name: 'Limits' }).click();
  await details.getByRole('textbox', { name: 'Labels' }).fill('music, e2e');
  await details.getByRole('button', { name: 'Save labels' }).click();
  await row.getByLabel(/^Labels: (music, e2e|e2e, music)$/).waitFor();
  const ownLimits = details.getByRole('form', { name: 'Limits of this torrent' });
  await ownLimits.getByRole('textbox', { name: 'Download limit' }).fill('512');
  await ownLimits.getByRole('button', { name: 'Save limits' }).click();
  await ownLimits.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  const api = (route) => new URL(`../${route}`, settings.url).href;
  const listed = (await (await page.request.get(api('torrents'))).json()).torrents;
  const id = listed.find((t) => t.name === settings.name)?.id ?? fail(`${settings.name} is not in the server's list`);
  const own = await (await page.request.get(api(`torrents/${id}/limits`))).json();
  if (own.download_bps !== 512 * 1024) fail(`the torrent's own limits are not those typed: ${JSON.stringify(own)}`);
  await snap('limits-tab');
  await details.getByRole('button', { name: 'Close details' }).click();
  await details.waitFor({ state: 'detached' });

  await handshake('DISK-CHECK');

  step('see the completion in the logs view');
  await page.getByRole('button', { name: 'Logs' }).click();
  const log = logsDialog.getByRole('list', { name: 'Log' });
  await log.getByText(`${settings.name}: download complete`).waitFor();
  await logsDialog.getByRole('button', { name: 'Close' }).click();
  await logsDialog.waitFor({ state: 'detached' });

  step('pause and resume');
  await row.getByRole('button', { name: 'Pause', exact: true }).click();
  await row.getByRole('button', { name: 'Resume', exact: true }).waitFor();
  await row.getByText('Paused', { exact: true }).waitFor();
  await snap('paused');
  await row.getByRole('button', { name: 'Resume', exact: true }).click();
  await row.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await row.getByText('Seeding', { exact: true }).waitFor();
  await snap('resumed');

  step('re-check the other from its Files tab, and see it in the logs view');
  await second.getByText(dropped.name, { exact: true }).click();
  const secondDetails = page.getByRole('complementary', { name: `Details of ${dropped.name}` });
  await secondDetails.getByRole('tab', { name: 'Files' }).click();
  await secondDetails.getByRole('button', { name: 'Re-check' }).click();
  await secondDetails.getByRole('status').filter({ hasText: 'Re-check started' }).waitFor();
  await snap('recheck');
  await secondDetails.getByRole('button', { name: 'Close details' }).click();
  await secondDetails.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Logs' }).click();
  // Checked once when added, with nothing on disk (and not paused since); the re-check finds the
  // pieces it has by now.
  await log.getByText(new RegExp(`^${dropped.name}: [1-9]\\d* of \\d+ pieces verified`)).first().waitFor();
  await snap('logs');
  await logsDialog.getByRole('button', { name: 'Close' }).click();
  await logsDialog.waitFor({ state: 'detached' });

  step('choose both and pause them, then resume them, at once');
  await row.getByRole('checkbox', { name: `Select ${settings.name}` }).check();
  await second.getByRole('checkbox', { name: `Select ${dropped.name}` }).check();
  const bulk = page.getByRole('region', { name: 'Chosen torrents' });
  await bulk.getByText('2 selected').waitFor();
  await bulk.getByRole('button', { name: 'Pause selected' }).click();
  for (const r of [row, second]) await r.getByText('Paused', { exact: true }).waitFor();
  await snap('paused-both');
  await bulk.getByRole('button', { name: 'Resume selected' }).click();
  await row.getByText('Seeding', { exact: true }).waitFor();
  await second.getByText('Downloading', { exact: true }).waitFor();
  await bulk.getByRole('button', { name: 'Clear selection' }).click();
  await bulk.waitFor({ state: 'detached' });

  step('the page at rest: one torrent done, the other downloading, no bar half way through a move');
  await row.getByText(settings.name, { exact: true }).click();
  await details.getByRole('img', { name: new RegExp(`^Pieces: [1-9]\\d* of \\d+ here$`) }).waitFor();
  await page.waitForFunction(
    ([done, going, phone]) => {
      const rowOf = (name) => document.querySelector(`${phone ? 'li' : 'tr'}[aria-label="${CSS.escape(name)}"]`);
      const down = (name) => (phone ? null : rowOf(name)?.querySelector('td.col-speed')?.textContent);
      const fact = [...document.querySelectorAll('.fact')].find((f) => f.querySelector('dt')?.textContent === 'Download speed');
      return (
        fact?.querySelector('dd')?.textContent === '–' &&
        (phone || (down(done) === '–' && down(going) !== '–')) &&
        document.getAnimations().every((a) => a.playState !== 'running')
      );
    },
    [settings.name, dropped.name, phone],
    { polling: 'raf' },
  );
  await snap('at-rest');
  await details.getByRole('button', { name: 'Close details' }).click();
  await details.waitFor({ state: 'detached' });

  step('delete it with its files');
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete torrent' });
  await confirm.getByRole('checkbox', { name: 'Also delete files' }).check();
  await snap('delete-dialog');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await row.waitFor({ state: 'detached' });

  step('delete the other, keeping its files');
  await second.getByRole('button', { name: 'Delete', exact: true }).click();
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await second.waitFor({ state: 'detached' });
  await page.getByText('No torrents yet').waitFor();
  await snap('deleted');

  step('say the server is unreachable, and recover by itself');
  serverDown = true;
  await handshake('STOP-SERVER');
  const banner = page.getByRole('alert').filter({ hasText: 'cannot be reached' });
  await banner.waitFor();
  await snap('unreachable');
  await handshake('START-SERVER');
  await banner.waitFor({ state: 'detached' });
  serverDown = false;
  await page.getByText('No torrents yet').waitFor();
  await snap('recovered');
  step('the logs view reconnected by itself too');
  await page.getByRole('button', { name: 'Logs' }).click();
  await logsDialog.getByRole('status').filter({ hasText: /^Reconnected at/ }).waitFor();
  await snap('logs-reconnected');
  await logsDialog.getByRole('button', { name: 'Close' }).click();
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(`the page had problems:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('E2E-PASSED');
