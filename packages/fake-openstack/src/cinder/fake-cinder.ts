import type { FakeContext } from '../fake-context';
import type { FakeRequest } from '../fake-request';
import { type MicroversionRange, parseMicroversion } from '../microversion';
import { RouteTable } from '../route-table';
import type { ServiceHandler } from '../service-handler';
import { VolumeAttachments } from './attachments';
import { addBackupAndTransferRoutes } from './backups-transfers';
import { CinderState } from './cinder-state';
import { addLimitRoutes } from './limits';
import { addQuotaRoutes } from './quotas';
import { addSnapshotRoutes } from './snapshots';
import { addVolumeTypeRoutes } from './volume-types';
import { addVolumeRoutes } from './volumes';

/** Cinder's microversion range served by the fake: Cinder 21 (Zed), 3.0 to 3.70. */
export const CINDER_MICROVERSIONS: MicroversionRange = { service: 'volume', min: [3, 0], max: [3, 70] };

/**
 * The fake Cinder v3: volumes, snapshots, types, limits and quotas, with timed status machines, and
 * the (always empty) lists of backups and transfers.
 * Each resource registers its routes in the one route table of the service.
 */
export class FakeCinder {
  readonly state: CinderState;
  readonly routes = new RouteTable<ServiceHandler>();
  /** What Nova calls to attach and detach volumes. */
  readonly attachments: VolumeAttachments;

  constructor(context: FakeContext) {
    this.state = new CinderState(context);
    this.attachments = new VolumeAttachments(this.state);
    addVolumeRoutes(this.routes, this.state);
    addSnapshotRoutes(this.routes, this.state);
    addVolumeTypeRoutes(this.routes, this.state);
    addLimitRoutes(this.routes, this.state);
    addQuotaRoutes(this.routes, this.state);
    addBackupAndTransferRoutes(this.routes);
  }

  /** Parses the request's microversion (400 malformed, 406 out of range). */
  microversion(req: FakeRequest): { version: number; header: string } {
    return parseMicroversion(req.headers['openstack-api-version'], CINDER_MICROVERSIONS);
  }
}
