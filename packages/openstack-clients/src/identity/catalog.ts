import { EndpointNotFound } from '../errors';
import type { EndpointInterface } from './credentials';

/** A catalog entry as Keystone returns it. */
export interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: { interface: string; region?: string | null; region_id?: string | null; url: string }[];
}

/** Service-types-authority aliases, in preference order after the official type. */
const ALIASES: Record<string, string[]> = {
  'block-storage': ['block-storage', 'volumev3', 'volumev2', 'volume', 'block-store'],
};

/**
 * The endpoint URL for `serviceType` under keystoneauth's rules: the exact type when it has
 * endpoints, else the first alias that does; interfaces in preference order (a trailing `URL` is
 * dropped, `publicURL` = `public`); a region filters strictly (no fallback); empty URLs skipped.
 */
export function selectEndpoint(
  catalog: readonly CatalogEntry[],
  serviceType: string,
  options: { interfaces: readonly EndpointInterface[]; regionName?: string },
): string {
  const types = ALIASES[serviceType] ?? [serviceType];
  const interfaces = options.interfaces.map((i) => i.replace(/URL$/, '')) as string[];
  for (const type of types) {
    const entries = catalog.filter((entry) => entry.type === type);
    for (const iface of interfaces) {
      for (const entry of entries) {
        const endpoint = entry.endpoints.find(
          (e) =>
            e.url !== '' &&
            e.interface.replace(/URL$/, '') === iface &&
            (options.regionName === undefined ||
              e.region_id === options.regionName ||
              e.region === options.regionName),
        );
        if (endpoint) return endpoint.url.replace(/\/+$/, '');
      }
    }
  }
  const available = catalog.map((e) => e.type).join(', ') || 'none';
  throw new EndpointNotFound(
    `No ${serviceType} endpoint with interface ${interfaces.join('/')}${options.regionName ? ` in region ${options.regionName}` : ''} in the service catalog (services: ${available}); check region_name, interface or set ${serviceType.replace('-', '_')}_endpoint_override.`,
    {
      service: serviceType,
      interfaces,
      ...(options.regionName === undefined ? {} : { regionName: options.regionName }),
    },
  );
}
