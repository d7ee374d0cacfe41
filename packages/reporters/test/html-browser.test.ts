import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stats } from '@track/core';
import { toHtml } from '@track/reporters';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { HOSTILE, sampleStats } from './sample-stats';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing)
  console.info(`HTML browser test skipped: ${CHROMIUM} is missing; run scripts/install-system-deps.sh`);

describe.skipIf(missing)('the HTML report in headless Chromium', () => {
  test('opens offline with no console errors, renders the charts, shows hostile text as text, sorts', async () => {
    const stats = await sampleStats();
    const withTimeline = new Stats({ timeline: { bucketMs: 1000 } });
    withTimeline.merge(stats);
    const doc = withTimeline.toJSON();
    doc.timeline = {
      bucketMs: 1000,
      buckets: [0, 1, 2, 3].map((i) => ({ at: 1_764_000_000_000 + i * 1000, pass: 10 + i, fail: i % 2 })),
    };
    const dir = mkdtempSync(join(tmpdir(), 'html-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, toHtml(doc, { scenario: 'cinder-stress', cloudName: 'fake' }));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('dialog', async (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        await dialog.dismiss();
      });
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.body.dataset.charts === '3');
      const canvases = await page.$$eval('canvas', (list) =>
        list.map((c) => ({ w: (c as HTMLCanvasElement).width, h: (c as HTMLCanvasElement).height })),
      );
      expect(canvases.length).toBeGreaterThanOrEqual(3);
      for (const canvas of canvases) expect(canvas.w * canvas.h).toBeGreaterThan(0);
      // The hostile message is shown as text, and no image element was created from it.
      await page.click('details summary >> nth=0');
      expect(await page.textContent('body')).toContain(HOSTILE[0]);
      expect(await page.$$eval('img', (list) => list.length)).toBe(0);
      // Sorting by fail, descending after two clicks.
      await page.click('th[data-key="fail"]');
      await page.click('th[data-key="fail"]');
      const fails = await page.$$eval('tr.method', (rows) =>
        rows.map((r) => Number((r as HTMLElement).dataset.fail)),
      );
      expect(fails).toEqual([...fails].sort((a, b) => b - a));
      const outDir = join(__dirname, '..', 'test-output');
      mkdirSync(outDir, { recursive: true });
      await page.screenshot({ path: join(outDir, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
