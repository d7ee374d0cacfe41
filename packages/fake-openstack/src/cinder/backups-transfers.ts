import { FakeHttpError } from '../fake-context';
import { json } from '../fake-request';
import type { ServiceRoutes } from '../service-handler';

/**
 * Volume backups and transfers, of which the fake has none: their lists answer empty and a show
 * answers Cinder's 404, which is what a cloud without any answers (what Rally's cleanup lists).
 * Creating one has no route (the router's 404): the fake never answers a backup or transfer it
 * cannot keep.
 */
export function addBackupAndTransferRoutes(routes: ServiceRoutes): void {
  routes
    .add('GET', '/backups', () => json(200, { backups: [] }))
    .add('GET', '/backups/detail', () => json(200, { backups: [] }))
    .add('GET', '/backups/{backup_id}', (_req, p) => {
      throw new FakeHttpError(404, `Backup ${p.backup_id} could not be found.`);
    })
    .add('GET', '/os-volume-transfer', () => json(200, { transfers: [] }))
    .add('GET', '/os-volume-transfer/detail', () => json(200, { transfers: [] }))
    .add('GET', '/os-volume-transfer/{transfer_id}', (_req, p) => {
      throw new FakeHttpError(404, `Transfer ${p.transfer_id} could not be found.`);
    })
    .add('GET', '/volume-transfers', (_req, _p, _t, v) => transfers(v))
    .add('GET', '/volume-transfers/detail', (_req, _p, _t, v) => transfers(v))
    .add('GET', '/volume-transfers/{transfer_id}', (_req, p, _t, v) => {
      transfers(v);
      throw new FakeHttpError(404, `Transfer ${p.transfer_id} could not be found.`);
    });
}

/** `/volume-transfers` exists from 3.55; below it Cinder answers 404 for the version. */
function transfers(version: number) {
  if (version < 3055) throw new FakeHttpError(404, 'The resource could not be found.');
  return json(200, { transfers: [] });
}
