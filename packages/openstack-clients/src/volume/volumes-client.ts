import type { ClientOptions, WaitOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';
import { type DeletionProbeOptions, probeDeletion, waitForDeletion } from '../waiters/deletion-waiter';
import { type ObservedCallOptions, requestFactsOf } from '../waiters/request-facts';
import { waitForStatus } from '../waiters/status-waiter';
import { VOLUME_ERROR_STATUSES } from '../waiters/terminal-statuses';
import type { WatchedResource } from '../waiters/watched-resource';
import type { CreateVolumeRequest, ListQuery, Volume, VolumeSummary } from './types';
import { volumeFromWire, volumeSummaryFromWire } from './volume-mapping';

type Wire = Record<string, unknown>;

/** Volumes as the waiters see them: a failed delete (`error_deleting`) ends a deletion wait. */
const VOLUME: WatchedResource<Volume> = {
  type: 'volume',
  status: (volume) => volume.status,
  terminal: VOLUME_ERROR_STATUSES,
  deletionCanFail: true,
};

/** Cinder v3 volumes: CRUD, actions and the volume waiters. */
export class VolumesClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('block-storage', session, options);
  }

  /** Creates a volume (202, status `creating`). Quota exceeded is an OverLimit (413, never retried). */
  async createVolume(request: CreateVolumeRequest): Promise<Volume> {
    const volume: Wire = {};
    if (request.size !== undefined) volume.size = request.size;
    if (request.name !== undefined) volume.name = request.name;
    if (request.description !== undefined) volume.description = request.description;
    if (request.volumeType !== undefined) volume.volume_type = request.volumeType;
    if (request.availabilityZone !== undefined) volume.availability_zone = request.availabilityZone;
    if (request.metadata !== undefined) volume.metadata = request.metadata;
    if (request.snapshotId !== undefined) volume.snapshot_id = request.snapshotId;
    if (request.sourceVolid !== undefined) volume.source_volid = request.sourceVolid;
    if (request.imageRef !== undefined) volume.imageRef = request.imageRef;
    if (request.multiattach !== undefined) volume.multiattach = request.multiattach;
    const response = await this.#api.request<{ volume: Wire }>('POST', '/volumes', {
      body: { volume },
      expectedStatus: [202, 200],
    });
    return volumeFromWire(response.body.volume);
  }

  /**
   * The volume's detail view. A missing volume is a NotFound. `onResponse` learns the request's
   * method, URL and request id (the waiters name them in their errors).
   */
  async getVolume(volumeId: string, options: ObservedCallOptions = {}): Promise<Volume> {
    const path = `/volumes/${encodeURIComponent(volumeId)}`;
    const response = await this.#api.request<{ volume: Wire }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
    return volumeFromWire(response.body.volume);
  }

  /** Volumes (id and name), filtered and paged as given. */
  async listVolumes(query: ListQuery = {}): Promise<VolumeSummary[]> {
    const response = await this.#api.request<{ volumes: Wire[] }>('GET', '/volumes', {
      query: wireQuery(query),
    });
    return response.body.volumes.map(volumeSummaryFromWire);
  }

  /** Volumes with every field. */
  async listVolumesDetail(query: ListQuery = {}): Promise<Volume[]> {
    const response = await this.#api.request<{ volumes: Wire[] }>('GET', '/volumes/detail', {
      query: wireQuery(query),
    });
    return response.body.volumes.map(volumeFromWire);
  }

  /** Renames, redescribes or replaces the metadata of a volume. */
  async updateVolume(
    volumeId: string,
    changes: { name?: string; description?: string; metadata?: Record<string, string> },
  ): Promise<Volume> {
    const response = await this.#api.request<{ volume: Wire }>(
      'PUT',
      `/volumes/${encodeURIComponent(volumeId)}`,
      { body: { volume: changes } },
    );
    return volumeFromWire(response.body.volume);
  }

  /** Starts deleting a volume (202). An in-use volume or one with snapshots is a BadRequest (unless cascade). */
  async deleteVolume(volumeId: string, options: { cascade?: boolean } = {}): Promise<void> {
    await this.#api.request('DELETE', `/volumes/${encodeURIComponent(volumeId)}`, {
      ...(options.cascade ? { query: { cascade: true } } : {}),
      expectedStatus: [202, 204],
    });
  }

  /** Grows a volume to `newSize` GiB (the volume must be available). */
  async extendVolume(volumeId: string, newSize: number): Promise<void> {
    await this.#action(volumeId, { 'os-extend': { new_size: newSize } });
  }

  /** Admin: sets the volume's status (e.g. to recover `error_deleting`). */
  async resetVolumeStatus(volumeId: string, status: string): Promise<void> {
    await this.#action(volumeId, { 'os-reset_status': { status } });
  }

  /** Admin: deletes a volume whatever its status. */
  async forceDeleteVolume(volumeId: string): Promise<void> {
    await this.#action(volumeId, { 'os-force_delete': {} });
  }

  /**
   * Waits until the volume has `status`. A terminal error status (`error`, `error_restoring`,
   * `error_extending`, `error_deleting`, `error_managing`) fails at once with ResourceErrorStatus;
   * the timeout is a WaiterTimeout with the last status seen. Both carry the request id, method and
   * URL of the last GET.
   */
  async waitForVolumeStatus(volumeId: string, status: string, options?: WaitOptions): Promise<Volume> {
    return waitForStatus(this.#api.waiter(options), VOLUME, volumeId, (o) => this.getVolume(volumeId, o), {
      target: status,
    });
  }

  /** Waits until the volume lists an attachment to `serverId` (Tempest checks this before `in-use`). */
  async waitForVolumeAttachmentCreate(
    volumeId: string,
    serverId: string,
    options?: WaitOptions,
  ): Promise<Volume> {
    return waitForStatus(this.#api.waiter(options), VOLUME, volumeId, (o) => this.getVolume(volumeId, o), {
      target: 'in-use',
      reached: (volume) => volume.attachments.some((a) => a.serverId === serverId),
      waitedFor: `an attachment to server ${serverId}`,
    });
  }

  /**
   * True when the volume is gone (its GET is a 404: whitelisted by Trace). A volume in
   * `error_deleting` throws ResourceErrorStatus at once (with the GET's request id): it will never go
   * away without an admin. `onPresent` learns the status and request while the volume still exists.
   */
  async isResourceDeleted(volumeId: string, options?: DeletionProbeOptions): Promise<boolean> {
    // Awaited, so this method's frame is on the async stack of the 404 (the whitelist reads it).
    return await probeDeletion(VOLUME, volumeId, (o) => this.getVolume(volumeId, o), options);
  }

  /**
   * Waits until {@link VolumesClient.isResourceDeleted} is true. `error_deleting` fails at once with
   * ResourceErrorStatus; the timeout is a WaiterTimeout naming the last status and request seen.
   */
  async waitForResourceDeletion(volumeId: string, options?: WaitOptions): Promise<void> {
    await waitForDeletion(this.#api.waiter(options), VOLUME.type, volumeId, (probe) =>
      this.isResourceDeleted(volumeId, probe),
    );
  }

  async #action(volumeId: string, body: Wire): Promise<void> {
    await this.#api.request('POST', `/volumes/${encodeURIComponent(volumeId)}/action`, {
      body,
      expectedStatus: [202, 200],
    });
  }
}
/** The wire form of a list query. */
export function wireQuery(query: ListQuery): Record<string, string | number | boolean | undefined> {
  return {
    name: query.name,
    status: query.status,
    limit: query.limit,
    marker: query.marker,
    all_tenants: query.allTenants ? 1 : undefined,
  };
}
