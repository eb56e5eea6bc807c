// The web page with many torrents, in Chromium, for bench/web-ui.sh: the time from navigation until
// every torrent is counted and the first rows are drawn; then the list scrolled from top to bottom a
// screen at a time, one step a frame, the frames' times and how many of them were drawn before the
// rows of the new place were (part of the view empty); then 10 s of the live stream's ticks and
// the main thread's long tasks (over 50 ms) meanwhile. One line of figures on stdout.
//   node bench/web-ui.mjs URL COUNT PLAYWRIGHT_PACKAGE_JSON
import { createRequire } from 'node:module';

const [url, count, playwright] = process.argv.slice(2);
const { chromium } = createRequire(playwright)('playwright-core');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 820 } })).newPage();
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(e.duration))).observe({
      type: 'longtask',
      buffered: true,
    });
  });
  const start = Date.now();
  await page.goto(url);
  // The "All" filter counts every torrent once the list has come.
  await page.waitForFunction((n) => document.querySelector('.filters .count')?.textContent === n, count, {
    timeout: 120_000,
    polling: 'raf',
  });
  await page.locator('tbody tr[aria-label]').first().waitFor();
  const firstRender = Date.now() - start;
  const rows = await page.locator('tbody tr[aria-label]').count();

  const scroll = await page.evaluate(async () => {
    const el = document.querySelector('.list-scroll');
    const frames = [];
    let last = performance.now();
    const begin = last;
    // Whether the rows in the page cover the view, as the frame about to be drawn will show it.
    const covered = () => {
      const rows = el.querySelectorAll('tbody tr[aria-label]');
      if (rows.length === 0) return false;
      const head = el.querySelector('thead').offsetHeight;
      return rows[0].offsetTop <= el.scrollTop + head && rows[rows.length - 1].offsetTop + rows[0].offsetHeight >= el.scrollTop + el.clientHeight;
    };
    let empty = 0;
    while (el.scrollTop + el.clientHeight < el.scrollHeight - 1) {
      el.scrollTop += el.clientHeight;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
      if (!covered()) empty++;
    }
    frames.sort((a, b) => a - b);
    const rows = [...document.querySelectorAll('tbody tr[aria-label]')];
    return {
      total: performance.now() - begin,
      steps: frames.length,
      empty,
      p50: frames[Math.floor(frames.length / 2)],
      max: frames[frames.length - 1],
      lastRow: rows[rows.length - 1]?.getAttribute('aria-label'),
    };
  });

  await page.evaluate(() => (window.longTasks = []));
  await page.waitForTimeout(10_000);
  const ticks = await page.evaluate(() => window.longTasks);
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  console.log(
    [
      `torrents ${count}`,
      `first render ${firstRender} ms`,
      `rows in the DOM ${rows}`,
      `scroll ${scroll.steps} screens in ${scroll.total.toFixed(0)} ms (frame p50 ${scroll.p50.toFixed(1)} ms, max ${scroll.max.toFixed(1)} ms; ${scroll.empty} drawn with part of the view empty), last row ${scroll.lastRow}`,
      `10 s of ticks: ${ticks.length} long tasks${ticks.length ? `, longest ${Math.max(...ticks).toFixed(0)} ms` : ''}`,
      `JS heap ${(heap / 1048576).toFixed(1)} MiB`,
    ].join('\n'),
  );
} finally {
  await browser.close();
}
