import type { ClientOptions, WaitOptions } from '../client-options';
import { MicroversionUnsupported, NotFound } from '../errors';
import type { ServiceCallOptions, ServiceResponse, ServiceSession } from '../http/session';
import type { HttpMethod } from '../http/transport';
import { ServiceApi, ServiceClient } from '../service-client';
import {
  type DeletionProbeOptions,
  observeUnlessGone,
  probeDeletion,
  waitForDeletion,
} from '../waiters/deletion-waiter';
import { type ObservedCallOptions, requestFactsOf } from '../waiters/request-facts';
import { waitForStatus } from '../waiters/status-waiter';
import { failOnTerminal } from '../waiters/terminal-statuses';
import { waitFor } from '../waiters/wait-for';
import type { WatchedResource } from '../waiters/watched-resource';
import {
  COMPUTE_MICROVERSION_CAP,
  ComputeMicroversion,
  type ComputeVersions,
  compareVersions,
  NETWORK_KEYWORDS_MICROVERSION,
} from './compute-microversion';
import { serverFromWire, volumeAttachmentFromWire } from './server-mapping';
import type { CreatedServer, CreateServerRequest, Server, VolumeAttachment } from './types';

type Wire = Record<string, unknown>;

const ERROR: ReadonlySet<string> = new Set(['ERROR']);
const NONE: ReadonlySet<string> = new Set();

/** Servers as the waiters see them: ERROR ends a wait (with Nova's fault); tasks are reported. */
const SERVER: WatchedResource<Server> = {
  type: 'server',
  status: (server) => server.status,
  describe: statusAndTask,
  fault: (server) => server.fault?.message,
  terminal: ERROR,
};

/**
 * Nova v2.1 servers, volume attachments, and the server waiters. Every call is sent at the compute
 * microversion negotiated on the first one: the highest both the cloud and these clients support
 * (at most {@link COMPUTE_MICROVERSION_CAP}).
 */
export class ServersClient extends ServiceClient {
  readonly #api: ServiceApi;
  readonly #microversion: ComputeMicroversion;

  constructor(session: ServiceSession, options?: ClientOptions) {
    super();
    this.#api = new ServiceApi('compute', session, options);
    this.#microversion = new ComputeMicroversion(this.#api);
  }

  /**
   * The compute microversions in use: the one sent, and the cloud's range (negotiated by a GET on
   * the compute endpoint the first time it is needed).
   */
  async computeVersions(): Promise<ComputeVersions> {
    return this.#microversion.get();
  }

  /**
   * Boots a server (202, BUILD). Nova quota exceeded is a Forbidden (403). `networks` is sent as
   * given: `"auto"` or `"none"` as the string (compute 2.37+; below it a MicroversionUnsupported is
   * thrown and nothing is sent), a list of ids as `[{uuid}]`. Left out, it is `"auto"` from 2.37 on
   * (as python-novaclient does; Nova requires it there) and absent below.
   */
  async createServer(request: CreateServerRequest): Promise<CreatedServer> {
    const { version, maximum } = await this.#microversion.get();
    const keywords = compareVersions(version, NETWORK_KEYWORDS_MICROVERSION) >= 0;
    const server: Wire = { name: request.name, flavorRef: request.flavorRef };
    if (request.imageRef !== undefined) server.imageRef = request.imageRef;
    if (Array.isArray(request.networks)) {
      server.networks = request.networks.map((uuid) => ({ uuid }));
    } else if (request.networks !== undefined) {
      if (!keywords) {
        throw new MicroversionUnsupported(
          `networks "${request.networks}" needs compute microversion ${NETWORK_KEYWORDS_MICROVERSION} or later, and this cloud's compute API offers at most ${maximum}; give a list of network ids instead, or leave networks out for Nova's default.`,
          { service: 'compute', required: NETWORK_KEYWORDS_MICROVERSION, maximum },
        );
      }
      server.networks = request.networks;
    } else if (keywords) {
      server.networks = 'auto';
    }
    if (request.keyName !== undefined) server.key_name = request.keyName;
    if (request.metadata !== undefined) server.metadata = request.metadata;
    if (request.availabilityZone !== undefined) server.availability_zone = request.availabilityZone;
    const response = await this.#request<{ server: Wire }>('POST', '/servers', {
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
    const response = await this.#request<{ server: Wire }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
    return serverFromWire(response.body.server);
  }

  /** The project's servers (id and name), filtered as given. */
  async listServers(
    query: { name?: string; status?: string; limit?: number; marker?: string } = {},
  ): Promise<{ id: string; name: string }[]> {
    const response = await this.#request<{ servers: Wire[] }>('GET', '/servers', { query });
    return response.body.servers.map((s) => ({ id: String(s.id), name: String(s.name) }));
  }

  /** The project's servers with every field. */
  async listServersDetail(
    query: { name?: string; status?: string; limit?: number; marker?: string } = {},
  ): Promise<Server[]> {
    const response = await this.#request<{ servers: Wire[] }>('GET', '/servers/detail', { query });
    return response.body.servers.map(serverFromWire);
  }

  /** Starts deleting a server (204); attached volumes are detached by Nova. */
  async deleteServer(serverId: string): Promise<void> {
    await this.#request('DELETE', `/servers/${encodeURIComponent(serverId)}`, { expectedStatus: [204, 202] });
  }

  /** Deletes a SOFT_DELETED server for good. */
  async forceDeleteServer(serverId: string): Promise<void> {
    await this.#request('POST', `/servers/${encodeURIComponent(serverId)}/action`, {
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
    const response = await this.#request<{ volumeAttachment?: Wire } | undefined>(
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
    await this.#request(
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
    const response = await this.#request<{ volumeAttachments: Wire[] }>('GET', path);
    options.onResponse?.(requestFactsOf('GET', path, response));
    return response.body.volumeAttachments.map(volumeAttachmentFromWire);
  }

  /** One volume attachment of a server (404 when the volume is not attached to it). */
  async getVolumeAttachment(serverId: string, volumeId: string): Promise<VolumeAttachment> {
    const response = await this.#request<{ volumeAttachment: Wire }>(
      'GET',
      `/servers/${encodeURIComponent(serverId)}/os-volume_attachments/${encodeURIComponent(volumeId)}`,
    );
    return volumeAttachmentFromWire(response.body.volumeAttachment);
  }

  /**
   * Waits until the server has `status` and no task (for BUILD: any status but UNKNOWN). ERROR fails
   * at once with the server's fault (unless `raiseOnError` is false); the timeout says the last status
   * and task seen. Both carry the request id, method and URL of the last GET.
   */
  async waitForServerStatus(
    serverId: string,
    status: string,
    options: WaitOptions & { readyWait?: boolean; raiseOnError?: boolean } = {},
  ): Promise<Server> {
    const readyWait = options.readyWait ?? true;
    return waitForStatus(this.#api.waiter(options), SERVER, serverId, (o) => this.getServer(serverId, o), {
      target: status,
      reached: (server) =>
        status === 'BUILD'
          ? server.status !== 'UNKNOWN'
          : server.status === status && (!readyWait || server.taskState === null),
      terminal: (options.raiseOnError ?? true) ? ERROR : NONE,
    });
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
      this.#api.waiter(options),
      { resourceType: 'server', resourceId: serverId, waitedFor: 'termination' },
      async () => {
        const seen = await observeUnlessGone((o) => this.getServer(serverId, o));
        if (seen === undefined) return { done: true, value: undefined };
        const { value: server, request } = seen;
        failOnTerminal({
          resourceType: 'server',
          resourceId: serverId,
          status: server.status,
          target: 'termination',
          terminal: options.ignoreError ? NONE : ERROR,
          ...(server.fault ? { fault: server.fault.message } : {}),
          ...(request ? { request } : {}),
        });
        if (server.status === 'SOFT_DELETED') {
          try {
            await this.forceDeleteServer(serverId);
          } catch (error) {
            if (error instanceof NotFound) return { done: true, value: undefined };
            throw error;
          }
        }
        return { done: false, status: statusAndTask(server), ...(request ? { request } : {}) };
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
      this.#api.waiter(options),
      { resourceType: 'server', resourceId: serverId, waitedFor: `volume ${volumeId} to be detached` },
      async () => {
        const seen = await observeUnlessGone((o) => this.listVolumeAttachments(serverId, o));
        return seen === undefined || !seen.value.some((a) => a.volumeId === volumeId)
          ? { done: true, value: undefined }
          : { done: false, status: 'attached', ...(seen.request ? { request: seen.request } : {}) };
      },
    );
  }

  /**
   * True when the server is gone (404, whitelisted by Trace). While it exists, `onPresent` hears its
   * status and task (Nova keeps e.g. `ACTIVE` with task `deleting` until the record vanishes).
   */
  async isResourceDeleted(serverId: string, options?: DeletionProbeOptions): Promise<boolean> {
    // Awaited, so this method's frame is on the async stack of the 404 (the whitelist reads it).
    return await probeDeletion(SERVER, serverId, (o) => this.getServer(serverId, o), options);
  }

  /** Waits until the server is gone; the timeout is a WaiterTimeout naming the last status and request seen. */
  async waitForResourceDeletion(serverId: string, options?: WaitOptions): Promise<void> {
    await waitForDeletion(this.#api.waiter(options), SERVER.type, serverId, (probe) =>
      this.isResourceDeleted(serverId, probe),
    );
  }

  /** A compute call at the negotiated microversion. */
  async #request<T>(
    method: HttpMethod,
    path: string,
    options: ServiceCallOptions = {},
  ): Promise<ServiceResponse<T>> {
    const { version } = await this.#microversion.get();
    return this.#api.request<T>(method, path, { ...options, microversion: version });
  }
}

/** `ACTIVE (task deleting)`, or just the status when there is no task. */
function statusAndTask(server: Server): string {
  return `${server.status}${server.taskState ? ` (task ${server.taskState})` : ''}`;
}
