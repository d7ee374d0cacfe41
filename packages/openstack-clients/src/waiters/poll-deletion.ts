import type { RequestFacts } from '../errors';
import type { PollResult } from './wait-for';

/** Options of an `isResourceDeleted`: `onPresent` learns what its GET saw while the resource exists. */
export interface DeletionProbeOptions {
  /** Called when the resource still exists, with its status and the request that saw it. */
  onPresent?: (status: string, request?: RequestFacts) => void;
}

/**
 * One poll of a deletion waiter: runs the client's `isResourceDeleted` (so Trace still sees the
 * 404 under it) and keeps the status and request it last saw, for the WaiterTimeout's message.
 */
export async function pollDeletion(
  isResourceDeleted: (options: DeletionProbeOptions) => Promise<boolean>,
): Promise<PollResult<undefined>> {
  const seen: { status?: string; request?: RequestFacts } = {};
  const deleted = await isResourceDeleted({
    onPresent: (status, request) => {
      seen.status = status;
      if (request !== undefined) seen.request = request;
    },
  });
  return deleted ? { done: true, value: undefined } : { done: false, ...seen };
}
