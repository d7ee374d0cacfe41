import { CINDER_MICROVERSIONS } from './cinder/fake-cinder';
import { type FakeRequest, type FakeResponse, json } from './fake-request';
import type { FakeService } from './fault-bodies';
import { glanceVersions } from './glance/fake-glance';
import { parseMicroversion, rangeMax, rangeMin } from './microversion';
import { NOVA_MICROVERSIONS } from './nova/fake-nova';

/**
 * The version document a service answers at its root (`segments` = [service]) or at its versioned
 * root, as Zed's Cinder 21, Nova 26, Glance and Neutron give them; `undefined` for any other path.
 */
export function versionDocument(
  service: FakeService,
  segments: string[],
  origin: string,
  headers: FakeRequest['headers'],
): FakeResponse | undefined {
  // Only a service's root and its versioned root answer a document: every other request leaves here.
  if (segments.length === 1) {
    if (service === 'block-storage')
      return json(300, { versions: [cinderDocument(origin)] }, cinderHeaders(headers));
    if (service === 'compute') return json(200, { versions: [novaDocument(origin)] });
    if (service === 'image') return json(300, glanceVersions(origin));
    if (service === 'network') {
      return json(200, {
        versions: [
          { id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${origin}/networking/v2.0/` }] },
        ],
      });
    }
    return undefined;
  }
  if (segments.length !== 2) return undefined;
  if (service === 'block-storage' && segments[1] === 'v3')
    return json(200, { versions: [cinderDocument(origin)] }, cinderHeaders(headers));
  if (service === 'compute' && segments[1] === 'v2.1') return json(200, { version: novaDocument(origin) });
  return undefined;
}

/** Cinder 21's document of v3, field by field (a list even under /v3/). */
function cinderDocument(origin: string): Record<string, unknown> {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: rangeMax(CINDER_MICROVERSIONS),
    min_version: rangeMin(CINDER_MICROVERSIONS),
    updated: '2022-08-31T00:00:00Z',
    links: [
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      { rel: 'self', href: `${origin}/volume/v3/` },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}

/**
 * Cinder answers its version documents through its versioned API: with the served microversion's
 * headers (the base one when the asked one is not served).
 */
function cinderHeaders(headers: FakeRequest['headers']): Record<string, string> {
  let served = 'volume 3.0';
  try {
    served = parseMicroversion(headers['openstack-api-version'], CINDER_MICROVERSIONS).header;
  } catch {
    // A version document is answered whatever version was asked for.
  }
  return { 'openstack-api-version': served, vary: 'OpenStack-API-Version' };
}

/** Nova 26's document of v2.1 (the legacy v2.0 it also lists is not served by the fake). */
function novaDocument(origin: string): Record<string, unknown> {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: rangeMax(NOVA_MICROVERSIONS),
    min_version: rangeMin(NOVA_MICROVERSIONS),
    updated: '2013-07-23T11:33:21Z',
    links: [
      { rel: 'self', href: `${origin}/compute/v2.1/` },
      { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
  };
}
