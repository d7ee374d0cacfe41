import { FakeHttpError, newUuid } from '../fake-context';
import type { CinderState } from './cinder-state';

/**
 * The Cinder side of Nova's volume attachments (cross-service choreography, contract §3.4): Nova
 * reserves, attaches and detaches volumes through these, as it calls Cinder's attachment API.
 */
export class VolumeAttachments {
  readonly #state: CinderState;

  constructor(state: CinderState) {
    this.#state = state;
  }

  /** Nova's attach: reserve the volume, then attaching, then in-use with an attachment record. */
  reserveForAttach(volumeId: string, serverId: string, projectId: string, device: string): void {
    const state = this.#state;
    const volume = state.volumes.get(volumeId);
    if (!volume || volume.projectId !== projectId)
      throw new FakeHttpError(404, `Volume ${volumeId} could not be found.`);
    const attachable = volume.status === 'available' || (volume.multiattach && volume.status === 'in-use');
    if (!attachable) {
      throw new FakeHttpError(
        400,
        `Invalid volume: Volume ${volumeId} status must be available or downloading to reserve, but the current status is ${volume.status}.`,
      );
    }
    if (volume.attachments.some((a) => a.serverId === serverId)) {
      throw new FakeHttpError(
        400,
        `Invalid volume: volume ${volumeId} is already attached to server ${serverId}.`,
      );
    }
    const wasInUse = volume.status === 'in-use';
    state.setStatus(volume, wasInUse ? 'in-use' : 'reserved');
    if (!wasInUse) volume.attachStatus = 'reserved';
    state.later(state.context.delays.volumeAttachReserve, () => {
      if (!wasInUse) {
        state.setStatus(volume, 'attaching');
        volume.attachStatus = 'attaching';
      }
      state.later(state.context.delays.volumeAttach, () => {
        if (!state.volumes.has(volumeId)) return;
        volume.attachments.push({
          attachmentId: newUuid(),
          serverId,
          device,
          attachedAt: state.context.now(),
        });
        state.setStatus(volume, 'in-use');
        volume.attachStatus = 'attached';
      });
    });
  }

  /** Nova's detach: the volume is `detaching` at once, `available` (or still in-use) later. */
  beginDetach(volumeId: string, serverId: string, onDone: () => void): void {
    const state = this.#state;
    const volume = state.volumes.get(volumeId);
    if (!volume) throw new FakeHttpError(404, `Volume ${volumeId} could not be found.`);
    if (volume.status !== 'in-use') {
      throw new FakeHttpError(
        400,
        `Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach, but the current status is ${volume.status}.`,
      );
    }
    state.setStatus(volume, 'detaching');
    volume.attachStatus = 'detaching';
    state.later(state.context.delays.volumeDetach, () => {
      volume.attachments = volume.attachments.filter((a) => a.serverId !== serverId);
      const stillAttached = volume.attachments.length > 0;
      state.setStatus(volume, stillAttached ? 'in-use' : 'available');
      volume.attachStatus = stillAttached ? 'attached' : 'detached';
      onDone();
    });
  }

  /**
   * A server is gone with an attach still in flight: drop its reservation, so that the volume is
   * usable again.
   */
  dropReservation(volumeId: string, serverId: string): void {
    const volume = this.#state.volumes.get(volumeId);
    if (!volume) return;
    volume.attachments = volume.attachments.filter((a) => a.serverId !== serverId);
    if (volume.attachments.length === 0 && ['reserved', 'attaching'].includes(volume.status)) {
      volume.status = 'available';
      volume.attachStatus = 'detached';
    }
  }

  /** True when the volume has an attachment to `serverId`. */
  isAttachedTo(volumeId: string, serverId: string): boolean {
    return this.#state.volumes.get(volumeId)?.attachments.some((a) => a.serverId === serverId) ?? false;
  }
}
