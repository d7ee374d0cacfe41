import type { ClientOptions, WaitOptions } from '../client-options';
import type { ServiceSession } from '../http/session';
import { ServiceApi, ServiceClient } from '../service-client';
import { type DeletionProbeOptions, probeDeletion, waitForDeletion } from '../waiters/deletion-waiter';
import { type ObservedCallOptions, requestFactsOf } from '../waiters/request-facts';
import { presentStatus, type WatchedResource } from '../waiters/watched-resource';
import type { VolumeType } from './types';
import { volumeTypeFromWire } from './volume-mapping';

type Wire = Record<string, unknown>;

/** Volume types as the deletion waiter sees them: no status, only there or gone. */
const VOLUME_TYPE: WatchedResource<VolumeType> = { type: 'volume type', status: presentStatus };

/** Cinder v3 volume types. */
export class VolumeTypesClient extends ServiceClient {
  readonly #api: ServiceApi;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('block-storage', session, options);
  }

  /** Every volume type the project can use. */
  async listVolumeTypes(): Promise<VolumeType[]> {
    const response = await this.#api.request<{ volume_types: Wire[] }>('GET', '/types');
    return response.body.volume_types.map(volumeTypeFromWire);
  }

  /** One volume type. `onResponse` learns the request's method, URL and request id (for the waiter). */
  async getVolumeType(typeId: string, options: ObservedCallOptions = {}): Promise<VolumeType> {
    const path = `/types/${encodeURIComponent(typeId)}`;
    const response = await this.#api.request<{ volume_type: Wire }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
    return volumeTypeFromWire(response.body.volume_type);
  }

  /** The effective default type. */
  async getDefaultVolumeType(): Promise<VolumeType> {
    const response = await this.#api.request<{ volume_type: Wire }>('GET', '/types/default');
    return volumeTypeFromWire(response.body.volume_type);
  }

  /** Admin: creates a type. */
  async createVolumeType(request: {
    name: string;
    description?: string;
    isPublic?: boolean;
    extraSpecs?: Record<string, string>;
  }): Promise<VolumeType> {
    const volumeType: Wire = { name: request.name };
    if (request.description !== undefined) volumeType.description = request.description;
    if (request.isPublic !== undefined) volumeType['os-volume-type-access:is_public'] = request.isPublic;
    if (request.extraSpecs !== undefined) volumeType.extra_specs = request.extraSpecs;
    const response = await this.#api.request<{ volume_type: Wire }>('POST', '/types', {
      body: { volume_type: volumeType },
    });
    return volumeTypeFromWire(response.body.volume_type);
  }

  /** Admin: deletes a type (not the default, not one in use). */
  async deleteVolumeType(typeId: string): Promise<void> {
    await this.#api.request('DELETE', `/types/${encodeURIComponent(typeId)}`, { expectedStatus: [202, 204] });
  }

  /**
   * True when the type is gone (404, whitelisted by Trace). A type has no status: while it exists,
   * `onPresent` hears `present` with the request that found it.
   */
  async isResourceDeleted(typeId: string, options?: DeletionProbeOptions): Promise<boolean> {
    // Awaited, so this method's frame is on the async stack of the 404 (the whitelist reads it).
    return await probeDeletion(VOLUME_TYPE, typeId, (o) => this.getVolumeType(typeId, o), options);
  }

  /** Waits until the type is gone; the timeout is a WaiterTimeout naming the last request seen. */
  async waitForResourceDeletion(typeId: string, options?: WaitOptions): Promise<void> {
    await waitForDeletion(this.#api.waiter(options), VOLUME_TYPE.type, typeId, (probe) =>
      this.isResourceDeleted(typeId, probe),
    );
  }
}
