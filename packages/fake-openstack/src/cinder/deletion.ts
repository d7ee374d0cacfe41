import type { CinderState } from './cinder-state';
import type { FakeSnapshot, FakeVolume } from './records';

/** Moves a volume to `deleting`, then removes it (or, unless `force`, may leave it `error_deleting`). */
export function startVolumeDelete(state: CinderState, volume: FakeVolume, force = false): void {
  state.setStatus(volume, 'deleting');
  state.later(state.context.delays.volumeDelete, () => {
    if (!force && state.context.random.chance(state.context.outcomes.volumeErrorDeleting)) {
      state.setStatus(volume, 'error_deleting');
      return;
    }
    state.volumes.delete(volume.id);
  });
}

/** Moves a snapshot to `deleting`, then removes it (or, unless `force`, may leave it `error_deleting`). */
export function startSnapshotDelete(state: CinderState, snapshot: FakeSnapshot, force: boolean): void {
  state.setStatus(snapshot, 'deleting');
  state.later(state.context.delays.snapshotDelete, () => {
    if (!force && state.context.random.chance(state.context.outcomes.snapshotErrorDeleting)) {
      state.setStatus(snapshot, 'error_deleting');
      return;
    }
    state.snapshots.delete(snapshot.id);
  });
}
