import { NotFound, type RequestFacts } from '../errors';
import { type ObservedCallOptions, observe } from './request-facts';
import { failOnDeletionError } from './terminal-statuses';
import { type ResolvedWaiter, waitFor } from './wait-for';
import { describeStatus, type WatchedResource } from './watched-resource';

/** Options of an `isResourceDeleted`: `onPresent` learns what its GET saw while the resource exists. */
export interface DeletionProbeOptions {
  /** Called when the resource still exists, with its status and the request that saw it. */
  onPresent?: (status: string, request?: RequestFacts) => void;
}

/**
 * Runs `get` and returns its value with the request that answered, or `undefined` when the resource
 * is gone (a NotFound). Any other failure is thrown.
 */
export async function observeUnlessGone<T>(
  get: (options: ObservedCallOptions) => Promise<T>,
): Promise<{ value: T; request?: RequestFacts } | undefined> {
  try {
    return await observe(get);
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
}

/**
 * The body of every client's `isResourceDeleted` (Tempest's `is_resource_deleted`): true when `get`
 * is a 404. A resource whose deletion can fail and that shows `error_deleting` throws
 * ResourceErrorStatus at once (with the GET's request id): it will never go away without an admin.
 * While the resource exists, `onPresent` learns its status and the request that saw it.
 */
export async function probeDeletion<R>(
  resource: WatchedResource<R>,
  resourceId: string,
  get: (options: ObservedCallOptions) => Promise<R>,
  options: DeletionProbeOptions = {},
): Promise<boolean> {
  const seen = await observeUnlessGone(get);
  if (seen === undefined) return true;
  if (resource.deletionCanFail) {
    failOnDeletionError(resource.type, resourceId, resource.status(seen.value), seen.request);
  }
  options.onPresent?.(describeStatus(resource, seen.value), seen.request);
  return false;
}

/**
 * The body of every client's `waitForResourceDeletion` (Tempest's `wait_for_resource_deletion`):
 * polls the client's own `isResourceDeleted` (passed in, so that `Trace` sees that method, and the
 * 404 under it) until it is true. Whatever it throws ends the wait; the timeout is a WaiterTimeout
 * naming the last status and request seen.
 */
export function waitForDeletion(
  waiter: ResolvedWaiter,
  resourceType: string,
  resourceId: string,
  isResourceDeleted: (options: DeletionProbeOptions) => Promise<boolean>,
): Promise<void> {
  return waitFor(waiter, { resourceType, resourceId, waitedFor: 'deletion' }, async () => {
    const seen: { status?: string; request?: RequestFacts } = {};
    const deleted = await isResourceDeleted({
      onPresent: (status, request) => {
        seen.status = status;
        if (request !== undefined) seen.request = request;
      },
    });
    return deleted ? { done: true, value: undefined } : { done: false, ...seen };
  });
}
