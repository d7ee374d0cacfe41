import type { WaitOptions } from '../client-options';
import { NotFound } from '../errors';
import { ServiceClient } from '../service-client';
import { type DeletionProbeOptions, pollDeletion } from '../waiters/poll-deletion';
import { type ObservedCallOptions, observe, requestFactsOf } from '../waiters/request-facts';
import { waitFor } from '../waiters/wait-for';
import type { VolumeType } from './types';
import { volumeTypeFromWire } from './volume-mapping';

type Wire = Record<string, unknown>;

/** Cinder v3 volume types. */
export class VolumeTypesClient extends ServiceClient {
  protected readonly _service = 'block-storage' as const;

  async listVolumeTypes(): Promise<VolumeType[]> {
    const response = await this._request<{ volume_types: Wire[] }>('GET', '/types');
    return response.body.volume_types.map(volumeTypeFromWire);
  }

  /** One volume type. `onResponse` learns the request's method, URL and request id (for the waiter). */
  async getVolumeType(typeId: string, options: ObservedCallOptions = {}): Promise<VolumeType> {
    const path = `/types/${encodeURIComponent(typeId)}`;
    const response = await this._request<{ volume_type: Wire }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
    return volumeTypeFromWire(response.body.volume_type);
  }

  /** The effective default type. */
  async getDefaultVolumeType(): Promise<VolumeType> {
    const response = await this._request<{ volume_type: Wire }>('GET', '/types/default');
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
    const response = await this._request<{ volume_type: Wire }>('POST', '/types', {
      body: { volume_type: volumeType },
    });
    return volumeTypeFromWire(response.body.volume_type);
  }

  /** Admin: deletes a type (not the default, not one in use). */
  async deleteVolumeType(typeId: string): Promise<void> {
    await this._request('DELETE', `/types/${encodeURIComponent(typeId)}`, { expectedStatus: [202, 204] });
  }

  /**
   * True when the type is gone (404, whitelisted by Trace). A type has no status: while it exists,
   * `onPresent` hears `present` with the request that found it.
   */
  async isResourceDeleted(typeId: string, options: DeletionProbeOptions = {}): Promise<boolean> {
    try {
      const { request } = await observe((o) => this.getVolumeType(typeId, o));
      options.onPresent?.('present', request);
      return false;
    } catch (error) {
      if (error instanceof NotFound) return true;
      throw error;
    }
  }

  /** Waits until the type is gone; the timeout is a WaiterTimeout naming the last request seen. */
  async waitForResourceDeletion(typeId: string, options?: WaitOptions): Promise<void> {
    await waitFor(
      this._waiter(options),
      { resourceType: 'volume type', resourceId: typeId, waitedFor: 'deletion' },
      () => pollDeletion((probe) => this.isResourceDeleted(typeId, probe)),
    );
  }
}
