import type { ClientOptions, WaitOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';
import { type DeletionProbeOptions, probeDeletion, waitForDeletion } from '../waiters/deletion-waiter';
import { type ObservedCallOptions, requestFactsOf } from '../waiters/request-facts';
import { waitForStatus } from '../waiters/status-waiter';
import { SNAPSHOT_ERROR_STATUSES } from '../waiters/terminal-statuses';
import type { WatchedResource } from '../waiters/watched-resource';
import type { CreateSnapshotRequest, ListQuery, Snapshot } from './types';
import { snapshotFromWire } from './volume-mapping';
import { wireQuery } from './volumes-client';

type Wire = Record<string, unknown>;

/** Snapshots as the waiters see them: a failed delete (`error_deleting`) ends a deletion wait. */
const SNAPSHOT: WatchedResource<Snapshot> = {
  type: 'snapshot',
  status: (snapshot) => snapshot.status,
  terminal: SNAPSHOT_ERROR_STATUSES,
  deletionCanFail: true,
};

/** Cinder v3 snapshots and their waiters. */
export class SnapshotsClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('block-storage', session, options);
  }

  /** Creates a snapshot of a volume (202, `creating`); `force` allows an in-use volume. */
  async createSnapshot(request: CreateSnapshotRequest): Promise<Snapshot> {
    const snapshot: Wire = { volume_id: request.volumeId };
    if (request.name !== undefined) snapshot.name = request.name;
    if (request.description !== undefined) snapshot.description = request.description;
    if (request.force) snapshot.force = true;
    if (request.metadata !== undefined) snapshot.metadata = request.metadata;
    const response = await this.#api.request<{ snapshot: Wire }>('POST', '/snapshots', {
      body: { snapshot },
      expectedStatus: [202, 200],
    });
    return snapshotFromWire(response.body.snapshot);
  }

  /** One snapshot. `onResponse` learns the request's method, URL and request id (for the waiters). */
  async getSnapshot(snapshotId: string, options: ObservedCallOptions = {}): Promise<Snapshot> {
    const path = `/snapshots/${encodeURIComponent(snapshotId)}`;
    const response = await this.#api.request<{ snapshot: Wire }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
    return snapshotFromWire(response.body.snapshot);
  }

  /** Snapshots (summary fields). */
  async listSnapshots(query: ListQuery & { volumeId?: string } = {}): Promise<Snapshot[]> {
    const response = await this.#api.request<{ snapshots: Wire[] }>('GET', '/snapshots', {
      query: { ...wireQuery(query), volume_id: query.volumeId },
    });
    return response.body.snapshots.map(snapshotFromWire);
  }

  /** Snapshots with progress and project. */
  async listSnapshotsDetail(query: ListQuery & { volumeId?: string } = {}): Promise<Snapshot[]> {
    const response = await this.#api.request<{ snapshots: Wire[] }>('GET', '/snapshots/detail', {
      query: { ...wireQuery(query), volume_id: query.volumeId },
    });
    return response.body.snapshots.map(snapshotFromWire);
  }

  /** Renames or redescribes a snapshot. */
  async updateSnapshot(
    snapshotId: string,
    changes: { name?: string; description?: string },
  ): Promise<Snapshot> {
    const response = await this.#api.request<{ snapshot: Wire }>(
      'PUT',
      `/snapshots/${encodeURIComponent(snapshotId)}`,
      { body: { snapshot: changes } },
    );
    return snapshotFromWire(response.body.snapshot);
  }

  /** Starts deleting a snapshot (it must be `available` or `error`). */
  async deleteSnapshot(snapshotId: string): Promise<void> {
    await this.#api.request('DELETE', `/snapshots/${encodeURIComponent(snapshotId)}`, {
      expectedStatus: [202, 204],
    });
  }

  /**
   * Waits for `status`; `error` (or `error_deleting`) fails at once with ResourceErrorStatus. Errors
   * carry the request id, method and URL of the last GET.
   */
  async waitForSnapshotStatus(snapshotId: string, status: string, options?: WaitOptions): Promise<Snapshot> {
    return waitForStatus(
      this.#api.waiter(options),
      SNAPSHOT,
      snapshotId,
      (o) => this.getSnapshot(snapshotId, o),
      { target: status },
    );
  }

  /**
   * True when the snapshot is gone (404, whitelisted by Trace). A snapshot in `error_deleting`
   * throws ResourceErrorStatus at once: it will never go away without an admin. `onPresent` learns
   * the status and request while the snapshot still exists.
   */
  async isResourceDeleted(snapshotId: string, options?: DeletionProbeOptions): Promise<boolean> {
    // Awaited, so this method's frame is on the async stack of the 404 (the whitelist reads it).
    return await probeDeletion(SNAPSHOT, snapshotId, (o) => this.getSnapshot(snapshotId, o), options);
  }

  /**
   * Waits until the snapshot is gone. `error_deleting` fails at once with ResourceErrorStatus; the
   * timeout is a WaiterTimeout naming the last status and request seen.
   */
  async waitForResourceDeletion(snapshotId: string, options?: WaitOptions): Promise<void> {
    await waitForDeletion(this.#api.waiter(options), SNAPSHOT.type, snapshotId, (probe) =>
      this.isResourceDeleted(snapshotId, probe),
    );
  }
}
