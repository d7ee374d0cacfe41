import type { WaitOptions } from '../client-options';
import { NotFound, ResourceErrorStatus } from '../errors';
import { ServiceClient } from '../service-client';
import { waitFor } from '../waiters/wait-for';
import { serverFromWire, volumeAttachmentFromWire } from './server-mapping';
import type { CreatedServer, CreateServerRequest, Server, VolumeAttachment } from './types';

type Wire = Record<string, unknown>;

/** Nova v2.1 servers, volume attachments, and the server waiters. */
export class ServersClient extends ServiceClient {
  protected readonly _service = 'compute' as const;

  /** Boots a server (202, BUILD). Nova quota exceeded is a Forbidden (403). */
  async createServer(request: CreateServerRequest): Promise<CreatedServer> {
    const server: Wire = { name: request.name, flavorRef: request.flavorRef };
    if (request.imageRef !== undefined) server.imageRef = request.imageRef;
    if (request.networks !== undefined) {
      server.networks = Array.isArray(request.networks)
        ? request.networks.map((uuid) => ({ uuid }))
        : request.networks;
    }
    if (request.keyName !== undefined) server.key_name = request.keyName;
    if (request.metadata !== undefined) server.metadata = request.metadata;
    if (request.availabilityZone !== undefined) server.availability_zone = request.availabilityZone;
    const response = await this._request<{ server: Wire }>('POST', '/servers', {
      body: { server },
      expectedStatus: [202, 200],
    });
    const created: CreatedServer = { id: String(response.body.server.id) };
    if (typeof response.body.server.adminPass === 'string')
      created.adminPass = response.body.server.adminPass;
    return created;
  }

  async getServer(serverId: string): Promise<Server> {
    const response = await this._request<{ server: Wire }>('GET', `/servers/${encodeURIComponent(serverId)}`);
    return serverFromWire(response.body.server);
  }

  async listServers(
    query: { name?: string; status?: string; limit?: number; marker?: string } = {},
  ): Promise<{ id: string; name: string }[]> {
    const response = await this._request<{ servers: Wire[] }>('GET', '/servers', { query });
    return response.body.servers.map((s) => ({ id: String(s.id), name: String(s.name) }));
  }

  async listServersDetail(
    query: { name?: string; status?: string; limit?: number; marker?: string } = {},
  ): Promise<Server[]> {
    const response = await this._request<{ servers: Wire[] }>('GET', '/servers/detail', { query });
    return response.body.servers.map(serverFromWire);
  }

  /** Starts deleting a server (204); attached volumes are detached by Nova. */
  async deleteServer(serverId: string): Promise<void> {
    await this._request('DELETE', `/servers/${encodeURIComponent(serverId)}`, { expectedStatus: [204, 202] });
  }

  /** Deletes a SOFT_DELETED server for good. */
  async forceDeleteServer(serverId: string): Promise<void> {
    await this._request('POST', `/servers/${encodeURIComponent(serverId)}/action`, {
      body: { forceDelete: null },
      expectedStatus: [202, 204],
    });
  }

  /** Attaches a volume (200 with body up to 2.100, 202 without from 2.101: both accepted). */
  async attachVolume(
    serverId: string,
    request: { volumeId: string; device?: string },
  ): Promise<VolumeAttachment> {
    const volumeAttachment: Wire = { volumeId: request.volumeId };
    if (request.device !== undefined) volumeAttachment.device = request.device;
    const response = await this._request<{ volumeAttachment?: Wire } | undefined>(
      'POST',
      `/servers/${encodeURIComponent(serverId)}/os-volume_attachments`,
      {
        body: { volumeAttachment },
        expectedStatus: [200, 202],
      },
    );
    const body = response.body?.volumeAttachment;
    return body ? volumeAttachmentFromWire(body) : { volumeId: request.volumeId, serverId, device: null };
  }

  /** Starts detaching a volume (202); the volume must be in-use. */
  async detachVolume(serverId: string, volumeId: string): Promise<void> {
    await this._request(
      'DELETE',
      `/servers/${encodeURIComponent(serverId)}/os-volume_attachments/${encodeURIComponent(volumeId)}`,
      {
        expectedStatus: [202, 204],
      },
    );
  }

  async listVolumeAttachments(serverId: string): Promise<VolumeAttachment[]> {
    const response = await this._request<{ volumeAttachments: Wire[] }>(
      'GET',
      `/servers/${encodeURIComponent(serverId)}/os-volume_attachments`,
    );
    return response.body.volumeAttachments.map(volumeAttachmentFromWire);
  }

  async getVolumeAttachment(serverId: string, volumeId: string): Promise<VolumeAttachment> {
    const response = await this._request<{ volumeAttachment: Wire }>(
      'GET',
      `/servers/${encodeURIComponent(serverId)}/os-volume_attachments/${encodeURIComponent(volumeId)}`,
    );
    return volumeAttachmentFromWire(response.body.volumeAttachment);
  }

  /**
   * Waits until the server has `status` and no task (for BUILD: any status but UNKNOWN). ERROR fails
   * at once with the server's fault; the timeout says the last status and task seen.
   */
  async waitForServerStatus(
    serverId: string,
    status: string,
    options: WaitOptions & { readyWait?: boolean; raiseOnError?: boolean } = {},
  ): Promise<Server> {
    const readyWait = options.readyWait ?? true;
    const raiseOnError = options.raiseOnError ?? true;
    return waitFor(
      this._waiter(options),
      { resourceType: 'server', resourceId: serverId, waitedFor: `status ${status}` },
      async () => {
        const server = await this.getServer(serverId);
        if (
          status === 'BUILD'
            ? server.status !== 'UNKNOWN'
            : server.status === status && (!readyWait || server.taskState === null)
        ) {
          return { done: true, value: server };
        }
        if (server.status === 'ERROR' && raiseOnError && status !== 'ERROR') {
          throw new ResourceErrorStatus(
            `Server ${serverId} failed to build and is in error status${server.fault ? `: ${server.fault.message}` : ''}`,
            {
              resourceType: 'server',
              resourceId: serverId,
              resourceStatus: 'ERROR',
              ...(server.fault ? { fault: server.fault.message } : {}),
            },
          );
        }
        return {
          done: false,
          status: `${server.status}${server.taskState ? ` (task ${server.taskState})` : ''}`,
        };
      },
    );
  }

  /**
   * Waits until the server is gone (its GET is a 404: whitelisted by Trace). ERROR fails unless
   * `ignoreError`; SOFT_DELETED gets a forceDelete.
   */
  async waitForServerTermination(
    serverId: string,
    options: WaitOptions & { ignoreError?: boolean } = {},
  ): Promise<void> {
    await waitFor(
      this._waiter(options),
      { resourceType: 'server', resourceId: serverId, waitedFor: 'termination' },
      async () => {
        let server: Server;
        try {
          server = await this.getServer(serverId);
        } catch (error) {
          if (error instanceof NotFound) return { done: true, value: undefined };
          throw error;
        }
        if (server.status === 'ERROR' && !options.ignoreError) {
          throw new ResourceErrorStatus(`Server ${serverId} went to ERROR while being deleted`, {
            resourceType: 'server',
            resourceId: serverId,
            resourceStatus: 'ERROR',
            ...(server.fault ? { fault: server.fault.message } : {}),
          });
        }
        if (server.status === 'SOFT_DELETED') {
          try {
            await this.forceDeleteServer(serverId);
          } catch (error) {
            if (error instanceof NotFound) return { done: true, value: undefined };
            throw error;
          }
        }
        return { done: false, status: server.status };
      },
    );
  }

  /** Waits until Nova no longer lists the volume on the server (a 404 counts as done). */
  async waitForVolumeAttachmentRemoveFromServer(
    serverId: string,
    volumeId: string,
    options?: WaitOptions,
  ): Promise<void> {
    await waitFor(
      this._waiter(options),
      { resourceType: 'server', resourceId: serverId, waitedFor: `volume ${volumeId} to be detached` },
      async () => {
        try {
          const attachments = await this.listVolumeAttachments(serverId);
          return attachments.some((a) => a.volumeId === volumeId)
            ? { done: false, status: 'attached' }
            : { done: true, value: undefined };
        } catch (error) {
          if (error instanceof NotFound) return { done: true, value: undefined };
          throw error;
        }
      },
    );
  }

  /** True when the server is gone. */
  async isResourceDeleted(serverId: string): Promise<boolean> {
    try {
      await this.getServer(serverId);
      return false;
    } catch (error) {
      if (error instanceof NotFound) return true;
      throw error;
    }
  }

  async waitForResourceDeletion(serverId: string, options?: WaitOptions): Promise<void> {
    await waitFor(
      this._waiter(options),
      { resourceType: 'server', resourceId: serverId, waitedFor: 'deletion' },
      async () =>
        (await this.isResourceDeleted(serverId)) ? { done: true, value: undefined } : { done: false },
    );
  }
}
