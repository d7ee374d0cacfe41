import { describe, expect, test } from 'vitest';
import { startMetricsServer } from './metrics-server';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text';

describe('the /metrics endpoint', () => {
  test('each scrape reads the figures anew', async () => {
    let calls = 0;
    const server = await startMetricsServer({
      port: 0,
      collect: () => [
        { name: 'track_scrapes', help: 'Scrapes.', type: 'gauge', samples: [{ labels: {}, value: ++calls }] },
      ],
    });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
      const first = await fetch(server.url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
      expect(await first.text()).toContain('track_scrapes 1\n');
      expect(await (await fetch(server.url)).text()).toContain('track_scrapes 2\n');
    } finally {
      await server.close();
    }
  });

  test('other paths answer 404, other methods 405, a failing collect 500 with its message', async () => {
    const server = await startMetricsServer({
      port: 0,
      collect: () => {
        throw new Error('stats unavailable');
      },
    });
    try {
      const base = server.url.replace('/metrics', '');
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
      const failed = await fetch(server.url);
      expect(failed.status).toBe(500);
      expect(await failed.text()).toContain('stats unavailable');
    } finally {
      await server.close();
    }
  });

  test('a port in use is refused', async () => {
    const first = await startMetricsServer({ port: 0, collect: () => [] });
    try {
      await expect(startMetricsServer({ port: first.port, collect: () => [] })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
