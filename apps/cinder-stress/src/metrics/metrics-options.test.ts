import { describe, expect, test } from 'vitest';
import { parseMetricsOptions } from './metrics-options';

describe('--metrics-port, --metrics-host, --metrics-linger', () => {
  test('absent: no endpoint; given: loopback and a 30 s linger by default', () => {
    expect(parseMetricsOptions({})).toBeUndefined();
    expect(parseMetricsOptions({ metricsPort: '9464' })).toEqual({
      port: 9464,
      host: '127.0.0.1',
      lingerMs: 30_000,
    });
    expect(parseMetricsOptions({ metricsPort: '0', metricsHost: '0.0.0.0', metricsLinger: '2m' })).toEqual({
      port: 0,
      host: '0.0.0.0',
      lingerMs: 120_000,
    });
  });

  test.each([
    [{ metricsPort: '65536' }, /--metrics-port must be a port from 0 to 65535/],
    [{ metricsPort: 'http' }, /--metrics-port must be a port/],
    [{ metricsPort: '9464', metricsHost: 'a b' }, /--metrics-host must be an address/],
    [{ metricsPort: '9464', metricsLinger: 'soon' }, /--metrics-linger must be a duration/],
    [{ metricsLinger: '10s' }, /--metrics-linger needs --metrics-port/],
    [{ metricsHost: '0.0.0.0' }, /--metrics-host needs --metrics-port/],
  ])('%j is refused, naming the option', (options, message) => {
    expect(() => parseMetricsOptions(options)).toThrow(message);
  });
});
