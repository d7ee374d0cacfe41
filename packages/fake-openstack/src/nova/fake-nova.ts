import type { FakeCinder } from '../cinder/fake-cinder';
import { type FakeContext, FakeHttpError } from '../fake-context';
import type { FakeRequest } from '../fake-request';
import { type MicroversionRange, parseMicroversion } from '../microversion';
import { RouteTable } from '../route-table';
import type { ServiceHandler } from '../service-handler';
import { addFlavorRoutes } from './flavors';
import { addKeypairRoutes } from './keypairs';
import { addLimitRoutes } from './limits';
import { NovaState } from './nova-state';
import { addQuotaRoutes } from './quotas';
import { addServerRoutes } from './servers';
import { addVolumeAttachmentRoutes } from './volume-attachments';

/** Nova's microversion range served by the fake: Nova 26 (Zed), 2.1 to 2.93. */
export const NOVA_MICROVERSIONS: MicroversionRange = { service: 'compute', min: [2, 1], max: [2, 93] };

/**
 * The fake Nova v2.1: servers with the build/delete machine, volume attachments, keypairs, flavors,
 * limits and quotas. Each resource registers its routes in the one route table of the service.
 */
export class FakeNova {
  readonly state: NovaState;
  readonly routes = new RouteTable<ServiceHandler>();

  constructor(context: FakeContext, cinder: FakeCinder, networkIds: () => string[]) {
    this.state = new NovaState(context, cinder, networkIds);
    addServerRoutes(this.routes, this.state);
    addVolumeAttachmentRoutes(this.routes, this.state);
    addKeypairRoutes(this.routes, this.state);
    addFlavorRoutes(this.routes, this.state);
    addLimitRoutes(this.routes, this.state);
    addQuotaRoutes(this.routes, this.state);
  }

  /** Parses the request's microversion from either header (400 malformed, 406 out of range). */
  microversion(req: FakeRequest): { version: number; header: string } {
    const legacy = req.headers['x-openstack-nova-api-version'];
    const header =
      req.headers['openstack-api-version'] ?? (legacy === undefined ? undefined : `compute ${legacy}`);
    try {
      return parseMicroversion(header, NOVA_MICROVERSIONS);
    } catch (error) {
      // Nova's 406 echoes the version asked for in both headers, and varies on both.
      if (error instanceof FakeHttpError && error.status === 406) {
        const asked = error.headers?.['openstack-api-version'] ?? '';
        throw new FakeHttpError(406, error.message, {
          headers: {
            'openstack-api-version': asked,
            'x-openstack-nova-api-version': asked.slice('compute '.length),
            vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
          },
        });
      }
      throw error;
    }
  }
}
