import type { NovaState } from './nova-state';
import type { FakeServer } from './records';

/**
 * Moves a building server through the task states in `remaining`, one quarter of the build time
 * each, then to `active` (or `error` with a fault, at the `serverError` outcome rate).
 */
export function advanceBuild(state: NovaState, server: FakeServer, remaining: string[]): void {
  const { context } = state;
  const step = context.delays.serverBuild / 4;
  state.later(step, () => {
    if (!state.servers.has(server.id) || server.vmState !== 'building' || server.taskState === 'deleting')
      return;
    const [next, ...rest] = remaining;
    server.updatedAt = context.now();
    if (next !== undefined) {
      server.taskState = next;
      advanceBuild(state, server, rest);
      return;
    }
    if (context.random.chance(context.outcomes.serverError)) {
      server.vmState = 'error';
      server.taskState = null;
      server.fault = {
        code: 500,
        message: 'No valid host was found. There are not enough hosts available.',
        created: context.now(),
      };
      return;
    }
    server.vmState = 'active';
    server.taskState = null;
    server.powerState = 1;
    server.launchedAt = context.now();
  });
}

/** Removes a server; Nova detaches every volume of a deleted server (each goes detaching, then available). */
export function finishDelete(state: NovaState, server: FakeServer): void {
  for (const volumeId of server.volumes.keys()) {
    if (state.volumes.get(volumeId)?.status === 'in-use') {
      state.attachments.beginDetach(volumeId, server.id, () => {});
    } else {
      // Attach still in flight: the volume is usable again.
      state.attachments.dropReservation(volumeId, server.id);
    }
  }
  state.servers.delete(server.id);
}
