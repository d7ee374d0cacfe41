import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stats, type StatsJSON } from '@track/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toHtml } from './html-format';
import { hostileTextRun, READS_DIFFERENTLY } from './test-support/hostile-text';
import { manyMethods, outlierRun, UNBREAKABLE_METHOD } from './test-support/html-fixtures';
import { HOSTILE, sampleStats } from './test-support/sample-stats';
import { requireChromium } from './test-support/system-tools';

const outDir = join(__dirname, '..', 'test-output');

/** Opens a report offline, recording console errors, dialogs and any non-file request. */
async function openReport(browser: Browser, html: string, width = 1280) {
  const file = join(mkdtempSync(join(tmpdir(), 'html-report-')), 'report.html');
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
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
  // Keeps each chart uPlot makes, so a test can read the ticks it drew on its axes.
  await page.addInitScript(() => {
    const w = window as unknown as { uPlot?: unknown; trackCharts: unknown[] };
    w.trackCharts = [];
    let wrapped: unknown;
    Object.defineProperty(window, 'uPlot', {
      configurable: true,
      get: () => wrapped,
      set: (real: new (...args: unknown[]) => object) => {
        wrapped = new Proxy(real, {
          construct(target, args) {
            const chart = Reflect.construct(target, args);
            w.trackCharts.push(chart);
            return chart;
          },
        });
      },
    });
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => document.body.dataset.charts !== undefined);
  return { page, problems, requests };
}

/**
 * Each run of pixels near `rgb` in a chart's canvas, top to bottom (its left and right end and centre): one per
 * method row (a bar or a dot), so a chart's values can be read back from what was drawn.
 */
function drawnRows(page: Page, chart: string, rgb: [number, number, number]) {
  return page.$eval(
    `#${chart} canvas`,
    (canvas, [r, g, b]) => {
      const c = canvas as HTMLCanvasElement;
      const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
      const rows: { xs: number[]; lastY: number }[] = [];
      for (let y = 0; y < c.height; y++) {
        for (let x = 0; x < c.width; x++) {
          const i = (y * c.width + x) * 4;
          const near =
            Math.abs((pixels[i] as number) - r) < 40 &&
            Math.abs((pixels[i + 1] as number) - g) < 40 &&
            Math.abs((pixels[i + 2] as number) - b) < 40 &&
            (pixels[i + 3] as number) > 128;
          if (!near) continue;
          const last = rows[rows.length - 1];
          if (last && y - last.lastY <= 2) {
            last.xs.push(x);
            last.lastY = y;
          } else rows.push({ xs: [x], lastY: y });
        }
      }
      return {
        width: c.width,
        rows: rows.map((row) => ({
          from: Math.min(...row.xs),
          to: Math.max(...row.xs),
          centre: row.xs.reduce((sum, x) => sum + x, 0) / row.xs.length,
        })),
      };
    },
    rgb,
  );
}

/** Each chart canvas: its size and how many of its pixels were drawn on. */
function drawnCanvases(page: Page) {
  return page.$$eval('canvas', (list) =>
    list.map((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
      let drawn = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) drawn++;
      return { chart: c.closest('.chart')?.id, area: c.width * c.height, drawn };
    }),
  );
}

describe('the HTML report in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: requireChromium(),
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
    mkdirSync(outDir, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('opens offline with no console errors, draws every chart, shows failures first and hostile text as text, sorts', async () => {
    const stats = await sampleStats();
    const withTimeline = new Stats({ timeline: { bucketMs: 1000 } });
    withTimeline.merge(stats);
    const doc = withTimeline.toJSON();
    doc.timeline = {
      bucketMs: 1000,
      buckets: [0, 1, 2, 3].map((i) => ({ at: 1_764_000_000_000 + i * 1000, pass: 10 + i, fail: i % 2 })),
    };
    const { page, problems, requests } = await openReport(
      browser,
      toHtml(doc, { scenario: 'cinder-stress', cloudName: 'fake' }),
    );
    expect(await page.evaluate(() => document.body.dataset.charts)).toBe('4');
    const canvases = await drawnCanvases(page);
    expect(canvases.map((c) => c.chart)).toEqual([
      'chart-failures',
      'chart-calls',
      'chart-latency',
      'chart-timeline',
    ]);
    for (const canvas of canvases) expect(canvas.drawn).toBeGreaterThan(canvas.area / 100);

    // The failing method is listed, visible, above the charts, with its rate and first error.
    const failingRow = page.locator('#failing tr.failing-method').first();
    expect(await failingRow.isVisible()).toBe(true);
    expect(await failingRow.textContent()).toMatch(/VolumesClient\s*getVolume\s*5\s*20\s*25\.0\s*NotFound/);
    const listTop = await page.locator('#failing').evaluate((e) => e.getBoundingClientRect().top);
    const chartsTop = await page.locator('#chart-failures').evaluate((e) => e.getBoundingClientRect().top);
    expect(listTop).toBeLessThan(chartsTop);
    expect(await page.locator('#methods tr.method.failing').count()).toBe(1);

    // Hovering a bar names the method in full in the legend.
    const over = await page.locator('#chart-failures .u-over').boundingBox();
    if (!over) throw new Error('the failures chart has no plot area');
    await page.mouse.move(over.x + 20, over.y + over.height / 2);
    expect(await page.textContent('#chart-failures .u-series:first-child .u-value')).toBe(
      'VolumesClient:getVolume',
    );

    // The hostile message is shown as text, and no image element was created from it.
    await page.click('#methods details summary >> nth=0');
    expect(await page.textContent('body')).toContain(HOSTILE[0]);
    expect(await page.$$eval('img', (list) => list.length)).toBe(0);
    // Sorting by fail, descending after two clicks.
    await page.click('th[data-key="fail"]');
    await page.click('th[data-key="fail"]');
    const fails = await page.$$eval('tr.method', (rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.fail)),
    );
    expect(fails).toEqual([...fails].sort((a, b) => b - a));
    await page.screenshot({ path: join(outDir, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);

  test('direction controls, separators and lone surrogates show as escapes, not reversed or broken text', async () => {
    const { page, problems } = await openReport(browser, toHtml(hostileTextRun()));
    await page.click('#methods details summary >> nth=0');
    const text = await page.evaluate(() => document.body.textContent ?? '');
    expect(text).not.toMatch(READS_DIFFERENTLY);
    expect(text).toContain('getVolume\\u202eexe.txt');
    // The name reads left to right as it is stored: each character is drawn right of the one before,
    // or at the start of the next line where the cell wraps.
    const boxes = await page.locator('#failing a', { hasText: 'getVolume' }).evaluate((a) => {
      const node = a.firstChild as Text;
      const range = document.createRange();
      return Array.from({ length: node.length }, (_, i) => {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const { left, top } = range.getBoundingClientRect();
        return { left, top };
      });
    });
    expect(boxes.length).toBeGreaterThan(10);
    boxes.forEach((box, i) => {
      const before = boxes[i - 1];
      if (before && box.top <= before.top + 1)
        expect(box.left, `character ${i}`).toBeGreaterThan(before.left);
    });
    // The chart legend shows the same escaped name.
    const over = await page.locator('#chart-failures .u-over').boundingBox();
    if (!over) throw new Error('the failures chart has no plot area');
    await page.mouse.move(over.x + 20, over.y + over.height / 2);
    expect(await page.textContent('#chart-failures .u-series:first-child .u-value')).toBe(
      'Volumes\\u2067Client:getVolume\\u202eexe.txt',
    );
    await page.screenshot({ path: join(outDir, 'report-hostile-text.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);

  test('count axes tick at whole numbers, each once, however few the calls', async () => {
    const doc: StatsJSON = {
      version: 1,
      methods: [
        { ...outlierRun().methods[0]!, pass: 1, fail: 1, droppedFailures: 1 },
        { ...outlierRun().methods[1]!, pass: 2, fail: 0, droppedFailures: 0 },
      ],
      timeline: {
        bucketMs: 1000,
        buckets: [0, 1, 2].map((i) => ({ at: 1_764_000_000_000 + i * 1000, pass: i, fail: i % 2 })),
      },
    };
    const { page, problems } = await openReport(browser, toHtml(doc));
    // Per chart title, the tick labels of each value axis (the calls axis; the timeline's pass and fail).
    const ticks = await page.evaluate(() =>
      (
        window as unknown as {
          trackCharts: { root: HTMLElement; axes: { scale: string; _values?: string[] }[] }[];
        }
      ).trackCharts.map((chart) => ({
        title: chart.root.querySelector('.u-title')?.textContent ?? '',
        axes: chart.axes.map((axis) => ({ scale: axis.scale, values: axis._values ?? [] })),
      })),
    );
    const countAxes = ticks.flatMap((chart) =>
      chart.axes
        .filter((axis) => ['calls', 'pass', 'fail'].includes(axis.scale))
        .map((axis) => ({ axis: `${chart.title} / ${axis.scale}`, values: axis.values })),
    );
    expect(countAxes.map((a) => a.axis)).toEqual([
      'Calls of the 2 busiest methods (pass, then fail) / calls',
      'Calls over time / pass',
      'Calls over time / fail',
    ]);
    for (const { axis, values } of countAxes) {
      expect(values.length, axis).toBeGreaterThan(1);
      expect(new Set(values).size, `${axis}: ${values.join(' ')}`).toBe(values.length);
      for (const value of values) expect(value, axis).toMatch(/^\d[\d,]*$/);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  test('a method failing once in a million calls gets a visible bar on the fail-% chart', async () => {
    const { page, problems } = await openReport(browser, toHtml(outlierRun()));
    await page.screenshot({ path: join(outDir, 'report-rare-failure.png') });
    // The fail-% bar: its fill rgba(198,40,40,0.75) and its #b71c1c outline (canvas pixels are not
    // blended with the page).
    const bars = await drawnRows(page, 'chart-failures', [198, 40, 40]);
    expect(bars.rows).toHaveLength(1);
    const bar = bars.rows[0];
    // One decade of the seven from 0.00001 % to 100 %: a bar a seventh of the plot wide.
    expect((bar?.to ?? 0) - (bar?.from ?? 0)).toBeGreaterThan(bars.width / 20);
    // The legend reads the rate as the tables do.
    const over = await page.locator('#chart-failures .u-over').boundingBox();
    if (!over) throw new Error('the failures chart has no plot area');
    await page.mouse.move(over.x + 20, over.y + over.height / 2);
    expect(await page.textContent('#chart-failures .u-series:nth-child(2) .u-value')).toBe('0.00010 %');
    expect(await page.locator('#failing tr.failing-method td').nth(4).textContent()).toBe('0.00010');
    expect(problems).toEqual([]);
  }, 60_000);

  test.each([1280, 700])(
    'at %i px the page fits the viewport and a 30 s outlier does not squash the latency chart',
    async (width) => {
      const { page, problems } = await openReport(browser, toHtml(outlierRun()), width);
      await page.screenshot({ path: join(outDir, `report-outlier-${width}.png`), fullPage: true });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(width);
      // The long name is shown whole, wrapped, in both tables.
      expect(await page.locator('#methods').textContent()).toContain(UNBREAKABLE_METHOD);
      // p99 dots (#6a1b9a), top to bottom: 30 s, 100 ms, 10 ms, 1 ms. On a log axis the three small
      // ones spread over the plot; on a linear one they all sat within a few pixels of 0.
      const dots = await drawnRows(page, 'chart-latency', [106, 27, 154]);
      expect(dots.rows).toHaveLength(4);
      const [outlier, hundred, ten, one] = dots.rows.map((row) => row.centre) as number[];
      expect(outlier).toBeGreaterThan(hundred as number);
      expect((hundred as number) - (ten as number)).toBeGreaterThan(dots.width / 20);
      expect((ten as number) - (one as number)).toBeGreaterThan(dots.width / 20);
      expect(problems).toEqual([]);
    },
    60_000,
  );

  test('1,000 methods: charts show the top 20 with readable labels, the trimmed report opens cleanly', async () => {
    const { page, problems, requests } = await openReport(browser, toHtml(manyMethods(1000, 20)));
    expect(await page.evaluate(() => document.body.dataset.charts)).toBe('3');
    for (const canvas of await drawnCanvases(page)) expect(canvas.drawn).toBeGreaterThan(0);
    // Every chart stays one screen tall, whatever the number of methods.
    for (const id of ['chart-failures', 'chart-calls', 'chart-latency']) {
      const box = await page.locator(`#${id} .u-over`).boundingBox();
      expect(box?.height).toBeLessThan(700);
    }
    expect(await page.locator('#failing tr.failing-method').count()).toBe(20);
    expect(await page.locator('#trimmed').isVisible()).toBe(true);
    await page.screenshot({ path: join(outDir, 'report-1000-methods.png') });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);
});
