import { ResourceErrorStatus } from '../errors';

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

/** Throws ResourceErrorStatus when `status` is terminal (and not the target itself). */
export function failOnTerminal(
  resourceType: string,
  resourceId: string,
  status: string,
  target: string,
  terminal: ReadonlySet<string>,
  fault?: string,
): void {
  if (status === target || !terminal.has(status)) return;
  throw new ResourceErrorStatus(
    `${resourceType.charAt(0).toUpperCase()}${resourceType.slice(1)} ${resourceId} went to status ${status} while waiting for ${target}${fault ? `: ${fault}` : ''}`,
    { resourceType, resourceId, resourceStatus: status, ...(fault ? { fault } : {}) },
  );
}
