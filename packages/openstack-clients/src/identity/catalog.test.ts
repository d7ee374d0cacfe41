import { describe, expect, test } from 'vitest';
import { EndpointNotFound } from '../errors';
import { type CatalogEntry, selectEndpoint } from './catalog';

const endpoint = (iface: string, region: string, url: string) => ({
  interface: iface,
  region,
  region_id: region,
  url,
});

const catalog: CatalogEntry[] = [
  {
    type: 'volumev3',
    endpoints: [
      endpoint('public', 'RegionOne', 'https://one/volume/v3/p'),
      endpoint('internal', 'RegionOne', 'http://int/volume/v3/p'),
    ],
  },
  {
    type: 'compute',
    endpoints: [
      endpoint('public', 'RegionOne', 'https://one/compute/v2.1/'),
      endpoint('public', 'RegionTwo', 'https://two/compute/v2.1'),
    ],
  },
  { type: 'network', endpoints: [endpoint('public', 'RegionOne', '')] },
];

describe('endpoint selection (keystoneauth rules)', () => {
  test('block-storage finds its volumev3 alias; the trailing slash is dropped', () => {
    expect(selectEndpoint(catalog, 'block-storage', { interfaces: ['public'] })).toBe(
      'https://one/volume/v3/p',
    );
    expect(selectEndpoint(catalog, 'compute', { interfaces: ['public'], regionName: 'RegionOne' })).toBe(
      'https://one/compute/v2.1',
    );
  });

  test('an exact type wins over an alias', () => {
    const withBoth: CatalogEntry[] = [
      ...catalog,
      { type: 'block-storage', endpoints: [endpoint('public', 'RegionOne', 'https://exact/v3/p')] },
    ];
    expect(selectEndpoint(withBoth, 'block-storage', { interfaces: ['public'] })).toBe('https://exact/v3/p');
  });

  test('interfaces in preference order, with a legacy URL suffix', () => {
    expect(selectEndpoint(catalog, 'block-storage', { interfaces: ['internalURL' as never, 'public'] })).toBe(
      'http://int/volume/v3/p',
    );
  });

  test('the region filters strictly: no fallback to another region', () => {
    expect(selectEndpoint(catalog, 'compute', { interfaces: ['public'], regionName: 'RegionTwo' })).toBe(
      'https://two/compute/v2.1',
    );
    expect(() =>
      selectEndpoint(catalog, 'block-storage', { interfaces: ['public'], regionName: 'RegionTwo' }),
    ).toThrow(EndpointNotFound);
  });

  test('an endpoint with an empty URL is skipped, and the error lists what the catalog has', () => {
    expect(() => selectEndpoint(catalog, 'network', { interfaces: ['public'] })).toThrow(
      /No network endpoint .* \(services: volumev3, compute, network\)/,
    );
  });
});
