/**
 * How the shared waiters read one kind of resource: its name in messages, its status, and which
 * statuses end a wait at once. The GET itself is passed per call, as a closure over the client's own
 * public getter, so that `Trace` sees that getter (and its 404) under the waiter that called it.
 */
export interface WatchedResource<R> {
  /** Resource kind in messages and errors, e.g. `volume`, `volume type`. */
  readonly type: string;
  /** The status compared with a target and with {@link WatchedResource.terminal}. */
  status(resource: R): string;
  /** What a waiter reports as seen (default: the status), e.g. `ACTIVE (task deleting)`. */
  describe?(resource: R): string;
  /** Server fault detail, when the API gives one (Nova `fault.message`). */
  fault?(resource: R): string | undefined;
  /** Statuses a status wait fails on at once (unless it waits for that very status). */
  readonly terminal?: ReadonlySet<string>;
  /** True when `error_deleting` ends a deletion wait at once (volumes, snapshots). */
  readonly deletionCanFail?: boolean;
}

/** What a waiter reports as the status seen of `resource`. */
export function describeStatus<R>(watched: WatchedResource<R>, resource: R): string {
  return watched.describe ? watched.describe(resource) : watched.status(resource);
}

/** The status of a resource that has none: while its GET answers, it is `present`. */
export function presentStatus(): string {
  return 'present';
}
