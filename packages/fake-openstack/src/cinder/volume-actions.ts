import { FakeHttpError, optionalString, parseJsonBody, requireObject } from '../fake-context';
import { empty } from '../fake-request';
import type { ServiceHandler } from '../service-handler';
import { type CinderState, requireAdmin } from './cinder-state';
import { startVolumeDelete } from './deletion';
import { checkVolumeQuota } from './quotas';
import type { FakeVolume } from './records';

/** `POST /volumes/{volume_id}/action`: `os-force_delete` and `os-reset_status` (admin), `os-extend`. */
export function volumeActionHandler(state: CinderState): ServiceHandler {
  return (req, p, token) => {
    const volume = state.volume(p.volume_id!, token);
    const body = parseJsonBody(req.body);
    const [action] = Object.keys(body);
    switch (action) {
      case 'os-force_delete':
        requireAdmin(token, 'volume_extension:volume_admin_actions:force_delete');
        startVolumeDelete(state, volume, true);
        return empty(202);
      case 'os-reset_status': {
        requireAdmin(token, 'volume_extension:volume_admin_actions:reset_status');
        const spec = requireObject(body, 'os-reset_status');
        const status = optionalString(spec, 'status');
        if (status === undefined) throw new FakeHttpError(400, "Must specify 'status'.");
        state.setStatus(volume, status);
        const attachStatus = optionalString(spec, 'attach_status');
        if (attachStatus !== undefined) volume.attachStatus = attachStatus as FakeVolume['attachStatus'];
        return empty(202);
      }
      case 'os-extend':
        extend(state, volume, requireObject(body, 'os-extend').new_size);
        // Extend returns nothing through Cinder's serializer: an empty JSON answer, not a bare webob one.
        return empty(202, { 'content-type': 'application/json' });
      default:
        throw new FakeHttpError(400, `There is no such action: ${action ?? '(none)'}`);
    }
  };
}

function extend(state: CinderState, volume: FakeVolume, newSize: unknown): void {
  if (typeof newSize !== 'number' || !Number.isInteger(newSize) || newSize <= volume.size) {
    throw new FakeHttpError(
      400,
      `Invalid input received: New size for extend must be greater than current size. (current: ${volume.size}, extended: ${String(newSize)}).`,
    );
  }
  if (volume.status !== 'available')
    throw new FakeHttpError(
      400,
      `Invalid volume: Volume status must be available to extend, but current status is: ${volume.status}.`,
    );
  checkVolumeQuota(state, volume.projectId, 0, newSize - volume.size);
  state.setStatus(volume, 'extending');
  state.later(state.context.delays.volumeCreate / 2, () => {
    volume.size = newSize;
    state.setStatus(volume, 'available');
  });
}
