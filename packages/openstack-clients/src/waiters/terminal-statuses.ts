import { type RequestFacts, ResourceErrorStatus } from '../errors';
import { requestNote } from './request-facts';

/**
 * Statuses from which a volume never reaches another target: Tempest's (`error`, `error_restoring`,
 * `error_extending`) plus ours (`error_deleting`, `error_managing`).
 */
export const VOLUME_ERROR_STATUSES: ReadonlySet<string> = new Set([
  'error',
  'error_restoring',
  'error_extending',
  'error_deleting',
  'error_managing',
]);

/** Snapshot statuses that end a wait at once. */
export const SNAPSHOT_ERROR_STATUSES: ReadonlySet<string> = new Set(['error', 'error_deleting']);

/**
 * Statuses that end a deletion wait at once: a failed delete (`error_deleting`) never goes away
 * without an admin (`os-reset_status` then DELETE, or `os-force_delete`). Tempest fails fast on it for
 * volumes; we do for snapshots too, rather than wait out the timeout.
 */
export const DELETION_ERROR_STATUSES: ReadonlySet<string> = new Set(['error_deleting']);

/** What a poll saw, for {@link failOnTerminal}. */
export interface ObservedStatus {
  /** Resource kind, e.g. `volume`. */
  resourceType: string;
  resourceId: string;
  /** The status the GET showed. */
  status: string;
  /** The status waited for; never terminal itself. */
  target: string;
  /** Statuses that end the wait. */
  terminal: ReadonlySet<string>;
  /** Server fault detail, when the API gives one. */
  fault?: string;
  /** The GET that showed the status. */
  request?: RequestFacts;
}

/** Throws ResourceErrorStatus when `status` is terminal (and not the target itself). */
export function failOnTerminal(observed: ObservedStatus): void {
  const { resourceType, resourceId, status, target, terminal, fault, request } = observed;
  if (status === target || !terminal.has(status)) return;
  throw new ResourceErrorStatus(
    `${capitalize(resourceType)} ${resourceId} went to status ${status} while waiting for ${target}${fault ? `: ${fault}` : ''}${requestNote(request)}`,
    { resourceType, resourceId, resourceStatus: status, ...(fault ? { fault } : {}), ...request },
  );
}

/**
 * Throws ResourceErrorStatus when a resource being deleted shows a status from
 * {@link DELETION_ERROR_STATUSES}; the message says what an admin can do about it.
 */
export function failOnDeletionError(
  resourceType: string,
  resourceId: string,
  status: string,
  request?: RequestFacts,
): void {
  if (!DELETION_ERROR_STATUSES.has(status)) return;
  throw new ResourceErrorStatus(
    `${capitalize(resourceType)} ${resourceId} failed to delete (status ${status}); an admin must reset its status or force-delete it${requestNote(request)}`,
    { resourceType, resourceId, resourceStatus: status, ...request },
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
