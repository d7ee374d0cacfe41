import type { ObservedCallOptions } from './request-facts';
import { observe } from './request-facts';
import { failOnTerminal } from './terminal-statuses';
import { type ResolvedWaiter, waitFor } from './wait-for';
import { describeStatus, type WatchedResource } from './watched-resource';

/** What a status wait waits for. */
export interface StatusGoal<R> {
  /** The status waited for; a terminal status other than this one ends the wait at once. */
  target: string;
  /** Done when true (default: the status equals `target`). */
  reached?: (resource: R) => boolean;
  /** What the WaiterTimeout says was awaited (default `status <target>`). */
  waitedFor?: string;
  /** Terminal statuses of this wait (default: the resource's). */
  terminal?: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The body of every `waitFor*Status` (Tempest's `wait_for_*_status`): GET now, then every interval,
 * until the goal is reached. A terminal status fails at once with ResourceErrorStatus (with the
 * fault, when the resource has one); the timeout is a WaiterTimeout with the last status seen. Both
 * carry the request id, method and URL of the last GET.
 */
export function waitForStatus<R>(
  waiter: ResolvedWaiter,
  resource: WatchedResource<R>,
  resourceId: string,
  get: (options: ObservedCallOptions) => Promise<R>,
  goal: StatusGoal<R>,
): Promise<R> {
  const { target } = goal;
  const reached = goal.reached ?? ((value: R) => resource.status(value) === target);
  const terminal = goal.terminal ?? resource.terminal ?? NONE;
  return waitFor(
    waiter,
    { resourceType: resource.type, resourceId, waitedFor: goal.waitedFor ?? `status ${target}` },
    async () => {
      const { value, request } = await observe(get);
      if (reached(value)) return { done: true, value };
      const fault = resource.fault?.(value);
      failOnTerminal({
        resourceType: resource.type,
        resourceId,
        status: resource.status(value),
        target,
        terminal,
        ...(fault ? { fault } : {}),
        ...(request ? { request } : {}),
      });
      return { done: false, status: describeStatus(resource, value), ...(request ? { request } : {}) };
    },
  );
}
