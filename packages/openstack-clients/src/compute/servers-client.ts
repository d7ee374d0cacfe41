import type { WaitOptions } from '../client-options';
import { NotFound, type RequestFacts, ResourceErrorStatus } from '../errors';
import { ServiceClient } from '../service-client';
import { type DeletionProbeOptions, pollDeletion } from '../waiters/poll-deletion';
import { type ObservedCallOptions, observe, requestFactsOf, requestNote } from '../waiters/request-facts';
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

  /** One server. `onResponse` learns the request's method, URL and request id (for the waiters). */
  async getServer(serverId: string, options: ObservedCallOptions = {}): Promise<Server> {
    const path = `/servers/${encodeURIComponent(serverId)}`;
    const response = await this._request<{ server: Wire }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
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

  /** The server's volume attachments. `onResponse` learns the request's facts (for the waiter). */
  async listVolumeAttachments(
    serverId: string,
    options: ObservedCallOptions = {},
  ): Promise<VolumeAttachment[]> {
    const path = `/servers/${encodeURIComponent(serverId)}/os-volume_attachments`;
    const response = await this._request<{ volumeAttachments: Wire[] }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
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
   * at once with the server's fault; the timeout says the last status and task seen. Both carry the
   * request id, method and URL of the last GET.
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
        const { value: server, request } = await observe((o) => this.getServer(serverId, o));
        if (
          status === 'BUILD'
            ? server.status !== 'UNKNOWN'
            : server.status === status && (!readyWait || server.taskState === null)
        ) {
          return { done: true, value: server };
        }
        if (server.status === 'ERROR' && raiseOnError && status !== 'ERROR') {
          throw new ResourceErrorStatus(
            `Server ${serverId} failed to build and is in error status${server.fault ? `: ${server.fault.message}` : ''}${requestNote(request)}`,
            {
              resourceType: 'server',
              resourceId: serverId,
              resourceStatus: 'ERROR',
              ...(server.fault ? { fault: server.fault.message } : {}),
              ...request,
            },
          );
        }
        return { done: false, status: statusAndTask(server), request };
      },
    );
  }

  /**
   * Waits until the server is gone (its GET is a 404: whitelisted by Trace). ERROR fails unless
   * `ignoreError`; SOFT_DELETED gets a forceDelete. Errors carry the request id, method and URL of the
   * last GET.
   */
  async waitForServerTermination(
    serverId: string,
    options: WaitOptions & { ignoreError?: boolean } = {},
  ): Promise<void> {
    await waitFor(
      this._waiter(options),
      { resourceType: 'server', resourceId: serverId, waitedFor: 'termination' },
      async () => {
        let observed: { value: Server; request?: RequestFacts };
        try {
          observed = await observe((o) => this.getServer(serverId, o));
        } catch (error) {
          if (error instanceof NotFound) return { done: true, value: undefined };
          throw error;
        }
        const { value: server, request } = observed;
        if (server.status === 'ERROR' && !options.ignoreError) {
          throw new ResourceErrorStatus(
            `Server ${serverId} went to ERROR while being deleted${server.fault ? `: ${server.fault.message}` : ''}${requestNote(request)}`,
            {
              resourceType: 'server',
              resourceId: serverId,
              resourceStatus: 'ERROR',
              ...(server.fault ? { fault: server.fault.message } : {}),
              ...request,
            },
          );
        }
        if (server.status === 'SOFT_DELETED') {
          try {
            await this.forceDeleteServer(serverId);
          } catch (error) {
            if (error instanceof NotFound) return { done: true, value: undefined };
            throw error;
          }
        }
        return { done: false, status: statusAndTask(server), request };
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
          const { value: attachments, request } = await observe((o) =>
            this.listVolumeAttachments(serverId, o),
          );
          return attachments.some((a) => a.volumeId === volumeId)
            ? { done: false, status: 'attached', request }
            : { done: true, value: undefined };
        } catch (error) {
          if (error instanceof NotFound) return { done: true, value: undefined };
          throw error;
        }
      },
    );
  }

  /**
   * True when the server is gone (404, whitelisted by Trace). While it exists, `onPresent` hears its
   * status and task (Nova keeps e.g. `ACTIVE` with task `deleting` until the record vanishes).
   */
  async isResourceDeleted(serverId: string, options: DeletionProbeOptions = {}): Promise<boolean> {
    try {
      const { value: server, request } = await observe((o) => this.getServer(serverId, o));
      options.onPresent?.(statusAndTask(server), request);
      return false;
    } catch (error) {
      if (error instanceof NotFound) return true;
      throw error;
    }
  }

  /** Waits until the server is gone; the timeout is a WaiterTimeout naming the last status and request seen. */
  async waitForResourceDeletion(serverId: string, options?: WaitOptions): Promise<void> {
    await waitFor(
      this._waiter(options),
      { resourceType: 'server', resourceId: serverId, waitedFor: 'deletion' },
      () => pollDeletion((probe) => this.isResourceDeleted(serverId, probe)),
    );
  }
}

/** `ACTIVE (task deleting)`, or just the status when there is no task. */
function statusAndTask(server: Server): string {
  return `${server.status}${server.taskState ? ` (task ${server.taskState})` : ''}`;
}
