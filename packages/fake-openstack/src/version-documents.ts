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
  if (service === 'block-storage') {
    // Cinder 21's document, field by field; a list even under /v3/.
    const doc = {
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
    // Cinder answers its version documents through its versioned API: with the served
    // microversion's headers (the base one when the asked one is not served).
    let served = 'volume 3.0';
    try {
      served = parseMicroversion(headers['openstack-api-version'], CINDER_MICROVERSIONS).header;
    } catch {
      // A version document is answered whatever version was asked for.
    }
    const versionHeaders = { 'openstack-api-version': served, vary: 'OpenStack-API-Version' };
    if (segments.length === 1) return json(300, { versions: [doc] }, versionHeaders);
    if (segments.length === 2 && segments[1] === 'v3') return json(200, { versions: [doc] }, versionHeaders);
  } else if (service === 'compute') {
    // Nova 26's document of v2.1 (the legacy v2.0 it also lists is not served by the fake).
    const doc = {
      id: 'v2.1',
      status: 'CURRENT',
      version: rangeMax(NOVA_MICROVERSIONS),
      min_version: rangeMin(NOVA_MICROVERSIONS),
      updated: '2013-07-23T11:33:21Z',
      links: [
        { rel: 'self', href: `${origin}/compute/v2.1/` },
        { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
      ],
      'media-types': [
        { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
      ],
    };
    if (segments.length === 1) return json(200, { versions: [doc] });
    if (segments.length === 2 && segments[1] === 'v2.1') return json(200, { version: doc });
  } else if (service === 'image' && segments.length === 1) {
    return json(300, glanceVersions(origin));
  } else if (service === 'network' && segments.length === 1) {
    return json(200, {
      versions: [
        { id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${origin}/networking/v2.0/` }] },
      ],
    });
  }
  return undefined;
}
