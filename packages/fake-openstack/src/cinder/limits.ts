import { json } from '../fake-request';
import type { ServiceRoutes } from '../service-handler';
import type { CinderState } from './cinder-state';
import { projectQuotas } from './quotas';

/** Cinder's absolute limits: the quotas and what the project uses of them. */
export function addLimitRoutes(routes: ServiceRoutes, state: CinderState): void {
  routes.add('GET', '/limits', (_req, _p, token) => {
    const quotas = projectQuotas(state, token.project!.id);
    const usage = state.usage(token.project!.id);
    const absolute = {
      maxTotalVolumes: quotas.volumes,
      maxTotalSnapshots: quotas.snapshots,
      maxTotalVolumeGigabytes: quotas.gigabytes,
      maxTotalBackups: 10,
      maxTotalBackupGigabytes: 1000,
      totalVolumesUsed: usage.volumes,
      totalSnapshotsUsed: usage.snapshots,
      totalGigabytesUsed: usage.gigabytes,
      totalBackupsUsed: 0,
      totalBackupGigabytesUsed: 0,
    };
    return json(200, { limits: { rate: [], absolute } });
  });
}
