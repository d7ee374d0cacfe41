import type { WaitOptions } from '../client-options';
import { NotFound } from '../errors';
import { ServiceClient } from '../service-client';
import { failOnTerminal, SNAPSHOT_ERROR_STATUSES } from '../waiters/terminal-statuses';
import { waitFor } from '../waiters/wait-for';
import type { CreateSnapshotRequest, ListQuery, Snapshot } from './types';
import { snapshotFromWire } from './volume-mapping';
import { wireQuery } from './volumes-client';

type Wire = Record<string, unknown>;

/** Cinder v3 snapshots and their waiters. */
export class SnapshotsClient extends ServiceClient {
  protected readonly _service = 'block-storage' as const;

  /** Creates a snapshot of a volume (202, `creating`); `force` allows an in-use volume. */
  async createSnapshot(request: CreateSnapshotRequest): Promise<Snapshot> {
    const snapshot: Wire = { volume_id: request.volumeId };
    if (request.name !== undefined) snapshot.name = request.name;
    if (request.description !== undefined) snapshot.description = request.description;
    if (request.force) snapshot.force = true;
    if (request.metadata !== undefined) snapshot.metadata = request.metadata;
    const response = await this._request<{ snapshot: Wire }>('POST', '/snapshots', {
      body: { snapshot },
      expectedStatus: [202, 200],
    });
    return snapshotFromWire(response.body.snapshot);
  }

  /** One snapshot. */
  async getSnapshot(snapshotId: string): Promise<Snapshot> {
    const response = await this._request<{ snapshot: Wire }>(
      'GET',
      `/snapshots/${encodeURIComponent(snapshotId)}`,
    );
    return snapshotFromWire(response.body.snapshot);
  }

  /** Snapshots (summary fields). */
  async listSnapshots(query: ListQuery & { volumeId?: string } = {}): Promise<Snapshot[]> {
    const response = await this._request<{ snapshots: Wire[] }>('GET', '/snapshots', {
      query: { ...wireQuery(query), volume_id: query.volumeId },
    });
    return response.body.snapshots.map(snapshotFromWire);
  }

  /** Snapshots with progress and project. */
  async listSnapshotsDetail(query: ListQuery & { volumeId?: string } = {}): Promise<Snapshot[]> {
    const response = await this._request<{ snapshots: Wire[] }>('GET', '/snapshots/detail', {
      query: { ...wireQuery(query), volume_id: query.volumeId },
    });
    return response.body.snapshots.map(snapshotFromWire);
  }

  /** Renames or redescribes a snapshot. */
  async updateSnapshot(
    snapshotId: string,
    changes: { name?: string; description?: string },
  ): Promise<Snapshot> {
    const response = await this._request<{ snapshot: Wire }>(
      'PUT',
      `/snapshots/${encodeURIComponent(snapshotId)}`,
      { body: { snapshot: changes } },
    );
    return snapshotFromWire(response.body.snapshot);
  }

  /** Starts deleting a snapshot (it must be `available` or `error`). */
  async deleteSnapshot(snapshotId: string): Promise<void> {
    await this._request('DELETE', `/snapshots/${encodeURIComponent(snapshotId)}`, {
      expectedStatus: [202, 204],
    });
  }

  /** Waits for `status`; `error` (or `error_deleting`) fails at once. */
  async waitForSnapshotStatus(snapshotId: string, status: string, options?: WaitOptions): Promise<Snapshot> {
    return waitFor(
      this._waiter(options),
      { resourceType: 'snapshot', resourceId: snapshotId, waitedFor: `status ${status}` },
      async () => {
        const snapshot = await this.getSnapshot(snapshotId);
        if (snapshot.status === status) return { done: true, value: snapshot };
        failOnTerminal('snapshot', snapshotId, snapshot.status, status, SNAPSHOT_ERROR_STATUSES);
        return { done: false, status: snapshot.status };
      },
    );
  }

  /** True when the snapshot is gone (404, whitelisted by Trace). */
  async isResourceDeleted(snapshotId: string): Promise<boolean> {
    try {
      await this.getSnapshot(snapshotId);
      return false;
    } catch (error) {
      if (error instanceof NotFound) return true;
      throw error;
    }
  }

  /** Waits until the snapshot is gone. */
  async waitForResourceDeletion(snapshotId: string, options?: WaitOptions): Promise<void> {
    await waitFor(
      this._waiter(options),
      { resourceType: 'snapshot', resourceId: snapshotId, waitedFor: 'deletion' },
      async () =>
        (await this.isResourceDeleted(snapshotId)) ? { done: true, value: undefined } : { done: false },
    );
  }
}
