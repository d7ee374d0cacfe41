import { createHash, randomBytes } from 'node:crypto';
import { type FakeCinder, paginate } from './fake-cinder';
import {
  type FakeContext,
  FakeHttpError,
  newUuid,
  novaTime,
  optionalMetadata,
  optionalString,
  parseJsonBody,
  requireObject,
} from './fake-context';
import type { FakeToken } from './fake-keystone';
import { empty, type FakeRequest, type FakeResponse, json } from './fake-request';
import { type MicroversionRange, parseMicroversion } from './microversion';
import { RouteTable } from './route-table';

/** Nova's microversion range served by the fake. */
export const NOVA_MICROVERSIONS: MicroversionRange = { service: 'compute', min: [2, 1], max: [2, 104] };

/** A server as the fake stores it. */
export interface FakeServer {
  id: string;
  projectId: string;
  userId: string;
  name: string;
  vmState: 'building' | 'active' | 'error' | 'deleted';
  taskState: string | null;
  powerState: number;
  flavorId: string;
  imageId: string;
  keyName: string | null;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  availabilityZone: string;
  networkIds: string[];
  /** volume id -> device (Nova's block device mappings). */
  volumes: Map<string, string>;
  fault?: { code: number; message: string; created: number };
}

/** A keypair as the fake stores it. */
export interface FakeKeypair {
  id: number;
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: string;
  createdAt: number;
}

/** A flavor the fake offers. */
export interface FakeFlavor {
  id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
}

type NovaHandler = (
  req: FakeRequest,
  params: Record<string, string>,
  token: FakeToken,
  version: number,
) => FakeResponse;

const ATTACHABLE_VM_STATES = new Set(['active']);

/** The fake Nova v2.1: servers with the build/delete machine, volume attachments, keypairs, flavors. */
export class FakeNova {
  readonly servers = new Map<string, FakeServer>();
  readonly keypairs = new Map<string, FakeKeypair>();
  readonly flavors: FakeFlavor[] = [
    { id: '1', name: 'm1.tiny', ram: 512, vcpus: 1, disk: 1 },
    { id: '2', name: 'm1.small', ram: 2048, vcpus: 1, disk: 20 },
    { id: '42', name: 'm1.nano', ram: 128, vcpus: 1, disk: 1 },
  ];
  /** Image ids the fake accepts for `imageRef` (there is no Glance in the fake). */
  readonly imageIds = ['c8a2c2b5-3f0e-4d8e-9a0b-1f4f1c6a1e01'];
  readonly routes = new RouteTable<NovaHandler>();
  readonly #context: FakeContext;
  readonly #cinder: FakeCinder;
  readonly #networkIds: () => string[];
  #keypairSeq = 0;

  constructor(context: FakeContext, cinder: FakeCinder, networkIds: () => string[]) {
    this.#context = context;
    this.#cinder = cinder;
    this.#networkIds = networkIds;
    this.routes
      .add('POST', '/servers', (req, _p, token, v) => this.#createServer(req, token, v))
      .add('GET', '/servers', (req, _p, token) => this.#listServers(req, token, false, 0))
      .add('GET', '/servers/detail', (req, _p, token, v) => this.#listServers(req, token, true, v))
      .add('GET', '/servers/{server_id}', (req, p, token, v) =>
        json(200, { server: this.#serverBody(this.#server(p.server_id!, token), v, req.origin) }),
      )
      .add('DELETE', '/servers/{server_id}', (_req, p, token) => this.#deleteServer(p.server_id!, token))
      .add('POST', '/servers/{server_id}/action', (req, p, token) =>
        this.#serverAction(req, p.server_id!, token),
      )
      .add('POST', '/servers/{server_id}/os-volume_attachments', (req, p, token, v) =>
        this.#attach(req, p.server_id!, token, v),
      )
      .add('GET', '/servers/{server_id}/os-volume_attachments', (_req, p, token, v) => {
        const server = this.#server(p.server_id!, token);
        return json(200, {
          volumeAttachments: [...server.volumes].map(([vid, device]) =>
            attachmentBody(server.id, vid, device, v),
          ),
        });
      })
      .add('GET', '/servers/{server_id}/os-volume_attachments/{volume_id}', (_req, p, token, v) => {
        const server = this.#server(p.server_id!, token);
        const device = server.volumes.get(p.volume_id!);
        if (device === undefined)
          throw new FakeHttpError(404, `Instance ${server.id} is not attached to volume ${p.volume_id}.`);
        return json(200, { volumeAttachment: attachmentBody(server.id, p.volume_id!, device, v) });
      })
      .add('DELETE', '/servers/{server_id}/os-volume_attachments/{volume_id}', (_req, p, token) =>
        this.#detach(p.server_id!, p.volume_id!, token),
      )
      .add('POST', '/os-keypairs', (req, _p, token, v) => this.#createKeypair(req, token, v))
      .add('GET', '/os-keypairs', (_req, _p, token, v) =>
        json(200, { keypairs: this.#keypairsOf(token).map((k) => ({ keypair: keypairBody(k, v, false) })) }),
      )
      .add('GET', '/os-keypairs/{name}', (_req, p, token, v) =>
        json(200, { keypair: keypairBody(this.#keypair(p.name!, token), v, true) }),
      )
      .add('DELETE', '/os-keypairs/{name}', (_req, p, token, v) => {
        const keypair = this.#keypair(p.name!, token);
        this.keypairs.delete(keypairKey(token.user.id, keypair.name));
        return empty(v >= 2002 ? 204 : 202);
      })
      .add('GET', '/flavors', (req, _p, _t, v) =>
        json(200, { flavors: this.#flavorsFiltered(req).map((f) => flavorSummary(f, v)) }),
      )
      .add('GET', '/flavors/detail', (req, _p, _t, v) =>
        json(200, { flavors: this.#flavorsFiltered(req).map((f) => flavorBody(f, v)) }),
      )
      .add('GET', '/flavors/{flavor_id}', (_req, p, _t, v) =>
        json(200, { flavor: flavorBody(this.#flavor(p.flavor_id!), v) }),
      )
      .add('GET', '/limits', (_req, _p, token) =>
        json(200, { limits: { rate: [], absolute: this.#absoluteLimits(token) } }),
      )
      .add('GET', '/os-quota-sets/{project_id}', (_req, p, token) =>
        json(200, { quota_set: this.#quotaValues(p.project_id!, token) }),
      )
      .add('GET', '/os-quota-sets/{project_id}/detail', (_req, p, token) =>
        json(200, { quota_set: this.#quotaDetail(p.project_id!, token) }),
      )
      .add('GET', '/os-quota-sets/{project_id}/defaults', (_req, p, token) =>
        json(200, { quota_set: this.#quotaValues(p.project_id!, token) }),
      )
      .add('PUT', '/os-quota-sets/{project_id}', (req, p, token) =>
        this.#updateQuotaSet(req, p.project_id!, token),
      );
  }

  /** Parses the request's microversion from either header (400 malformed, 406 out of range). */
  microversion(req: FakeRequest): { version: number; header: string } {
    const legacy = req.headers['x-openstack-nova-api-version'];
    const header =
      req.headers['openstack-api-version'] ?? (legacy === undefined ? undefined : `compute ${legacy}`);
    return parseMicroversion(header, NOVA_MICROVERSIONS);
  }

  #createServer(req: FakeRequest, token: FakeToken, version: number): FakeResponse {
    const spec = requireObject(parseJsonBody(req.body), 'server');
    const name = optionalString(spec, 'name');
    if (!name)
      throw new FakeHttpError(
        400,
        "Invalid input for field/attribute server. Value: 'name' is a required property",
      );
    const flavorRef = spec.flavorRef === undefined ? undefined : String(spec.flavorRef);
    if (flavorRef === undefined)
      throw new FakeHttpError(
        400,
        "Invalid input for field/attribute server. 'flavorRef' is a required property",
      );
    const flavor = this.flavors.find((f) => f.id === flavorRef || flavorRef.endsWith(`/flavors/${f.id}`));
    if (!flavor) throw new FakeHttpError(400, `Flavor ${flavorRef} could not be found.`);
    const imageRef = optionalString(spec, 'imageRef');
    const bootFromVolume =
      Array.isArray(spec.block_device_mapping_v2) && spec.block_device_mapping_v2.length > 0;
    if (!bootFromVolume) {
      if (imageRef === undefined) throw new FakeHttpError(400, 'Missing imageRef attribute');
      if (!this.imageIds.some((id) => id === imageRef || imageRef.endsWith(`/images/${id}`))) {
        throw new FakeHttpError(400, `Image ${imageRef} could not be found.`);
      }
    }
    const networkIds = this.#networksFor(spec.networks, version);
    const keyName = optionalString(spec, 'key_name') ?? null;
    if (keyName !== null && !this.keypairs.has(keypairKey(token.user.id, keyName))) {
      throw new FakeHttpError(400, `Invalid key_name provided.`);
    }
    this.#checkQuota(token, flavor);
    const now = this.#context.now();
    const server: FakeServer = {
      id: newUuid(),
      projectId: token.project!.id,
      userId: token.user.id,
      name,
      vmState: 'building',
      taskState: 'scheduling',
      powerState: 0,
      flavorId: flavor.id,
      imageId: bootFromVolume ? '' : (imageRef as string),
      keyName,
      metadata: optionalMetadata(spec, 'metadata'),
      createdAt: now,
      updatedAt: now,
      availabilityZone: optionalString(spec, 'availability_zone') ?? 'nova',
      networkIds,
      volumes: new Map(),
    };
    this.servers.set(server.id, server);
    this.#advanceBuild(server, ['networking', 'block_device_mapping', 'spawning']);
    const adminPass = randomBytes(9).toString('base64url');
    return json(
      202,
      {
        server: {
          id: server.id,
          links: serverLinks(server, req.origin),
          adminPass,
          'OS-DCF:diskConfig': 'MANUAL',
          security_groups: [{ name: 'default' }],
        },
      },
      { location: `${req.origin}/compute/v2.1/servers/${server.id}` },
    );
  }

  #networksFor(networks: unknown, version: number): string[] {
    const available = this.#networkIds();
    if (networks === undefined) {
      if (version >= 2037)
        throw new FakeHttpError(
          400,
          "Invalid input for field/attribute server. 'networks' is a required property",
        );
      return available.slice(0, 1);
    }
    if (networks === 'auto') return available.slice(0, 1);
    if (networks === 'none') return [];
    if (!Array.isArray(networks))
      throw new FakeHttpError(400, 'Bad networks format: networks must be "auto", "none" or a list.');
    return networks.map((n) => {
      const uuid = (n as Record<string, unknown>)?.uuid;
      if (typeof uuid !== 'string')
        throw new FakeHttpError(400, 'Bad networks format: each network needs a uuid.');
      if (!available.includes(uuid)) throw new FakeHttpError(400, `Network ${uuid} could not be found.`);
      return uuid;
    });
  }

  #advanceBuild(server: FakeServer, remaining: string[]): void {
    const step = this.#context.delays.serverBuild / 4;
    this.#later(step, () => {
      if (!this.servers.has(server.id) || server.vmState !== 'building' || server.taskState === 'deleting')
        return;
      const [next, ...rest] = remaining;
      server.updatedAt = this.#context.now();
      if (next !== undefined) {
        server.taskState = next;
        this.#advanceBuild(server, rest);
        return;
      }
      if (this.#context.random.chance(this.#context.outcomes.serverError)) {
        server.vmState = 'error';
        server.taskState = null;
        server.fault = {
          code: 500,
          message: 'No valid host was found. There are not enough hosts available.',
          created: this.#context.now(),
        };
        return;
      }
      server.vmState = 'active';
      server.taskState = null;
      server.powerState = 1;
    });
  }

  #listServers(req: FakeRequest, token: FakeToken, detail: boolean, version: number): FakeResponse {
    const name = req.query.get('name');
    const status = req.query.get('status');
    const list = [...this.servers.values()]
      .filter(
        (s) =>
          s.projectId === token.project!.id &&
          (name === null || new RegExp(name).test(s.name)) &&
          (status === null || serverStatus(s) === status.toUpperCase()),
      )
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    const page = paginate(list, req, 'servers');
    const out: Record<string, unknown> = {
      servers: page.items.map((s) =>
        detail
          ? this.#serverBody(s, version, req.origin)
          : { id: s.id, name: s.name, links: serverLinks(s, req.origin) },
      ),
    };
    if (page.next)
      out.servers_links = [
        { rel: 'next', href: `${req.origin}${req.path}?marker=${page.next}&limit=${page.limit}` },
      ];
    return json(200, out);
  }

  #deleteServer(id: string, token: FakeToken): FakeResponse {
    const server = this.#server(id, token);
    if (server.taskState === 'deleting') return empty(204);
    server.taskState = 'deleting';
    server.updatedAt = this.#context.now();
    this.#later(this.#context.delays.serverDelete, () => this.#finishDelete(server));
    return empty(204);
  }

  #finishDelete(server: FakeServer): void {
    // Nova detaches every volume of a deleted server: each goes detaching, then available.
    for (const volumeId of server.volumes.keys()) {
      const volume = this.#cinder.volumes.get(volumeId);
      if (volume?.status === 'in-use') {
        this.#cinder.beginDetach(volumeId, server.id, () => {});
      } else if (volume) {
        // Attach still in flight: drop the reservation so the volume is usable again.
        volume.attachments = volume.attachments.filter((a) => a.serverId !== server.id);
        if (volume.attachments.length === 0 && ['reserved', 'attaching'].includes(volume.status)) {
          volume.status = 'available';
          volume.attachStatus = 'detached';
        }
      }
    }
    this.servers.delete(server.id);
  }

  #serverAction(req: FakeRequest, id: string, token: FakeToken): FakeResponse {
    const server = this.#server(id, token);
    const body = parseJsonBody(req.body);
    const [action] = Object.keys(body);
    if (action === 'forceDelete') {
      this.#finishDelete(server);
      return empty(202);
    }
    throw new FakeHttpError(400, `There is no such action: ${action ?? '(none)'}`);
  }

  #attach(req: FakeRequest, serverId: string, token: FakeToken, version: number): FakeResponse {
    const server = this.#server(serverId, token);
    const spec = requireObject(parseJsonBody(req.body), 'volumeAttachment');
    const volumeId = optionalString(spec, 'volumeId');
    if (volumeId === undefined)
      throw new FakeHttpError(
        400,
        "Invalid input for field/attribute volumeAttachment. 'volumeId' is a required property",
      );
    if (!ATTACHABLE_VM_STATES.has(server.vmState) || server.taskState !== null) {
      throw new FakeHttpError(
        409,
        `Cannot 'attach_volume' instance ${server.id} while it is in vm_state ${server.vmState}`,
      );
    }
    const device = `/dev/vd${String.fromCharCode(98 + server.volumes.size)}`;
    this.#cinder.reserveForAttach(volumeId, server.id, token.project!.id, device);
    server.volumes.set(volumeId, device);
    if (version >= 2101) return empty(202);
    return json(200, { volumeAttachment: attachmentBody(server.id, volumeId, device, version) });
  }

  #detach(serverId: string, volumeId: string, token: FakeToken): FakeResponse {
    const server = this.#server(serverId, token);
    if (!server.volumes.has(volumeId))
      throw new FakeHttpError(404, `Volume ${volumeId} is not attached to server ${serverId}.`);
    if (!ATTACHABLE_VM_STATES.has(server.vmState) || server.taskState !== null) {
      throw new FakeHttpError(
        409,
        `Cannot 'detach_volume' instance ${server.id} while it is in vm_state ${server.vmState}`,
      );
    }
    this.#cinder.beginDetach(volumeId, serverId, () => server.volumes.delete(volumeId));
    return empty(202);
  }

  #createKeypair(req: FakeRequest, token: FakeToken, version: number): FakeResponse {
    const spec = requireObject(parseJsonBody(req.body), 'keypair');
    const name = optionalString(spec, 'name');
    if (!name || !/^[\w\-. @]{1,255}$/.test(name)) {
      throw new FakeHttpError(
        400,
        'Keypair data is invalid: Keypair name contains unsafe characters or is empty',
      );
    }
    if (this.keypairs.has(keypairKey(token.user.id, name)))
      throw new FakeHttpError(409, `Key pair '${name}' already exists.`);
    const { quotas } = this.#context;
    if (quotas.keyPairs >= 0 && this.#keypairsOf(token).length + 1 > quotas.keyPairs) {
      throw new FakeHttpError(403, 'Quota exceeded, too many key pairs.');
    }
    let publicKey = optionalString(spec, 'public_key');
    let privateKey: string | undefined;
    if (publicKey === undefined) {
      if (version >= 2092)
        throw new FakeHttpError(
          400,
          "Invalid input for field/attribute keypair. 'public_key' is a required property",
        );
      privateKey = `-----BEGIN PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n-----END PRIVATE KEY-----\n`;
      publicKey = `ssh-ed25519 ${randomBytes(32).toString('base64')} Generated-by-Nova`;
    } else if (!/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+) [A-Za-z0-9+/=]+/.test(publicKey)) {
      throw new FakeHttpError(400, 'Keypair data is invalid: failed to generate fingerprint');
    }
    const digest = createHash('md5').update(publicKey).digest('hex');
    const keypair: FakeKeypair = {
      id: ++this.#keypairSeq,
      name,
      userId: token.user.id,
      publicKey,
      fingerprint: digest.match(/../g)!.join(':'),
      type: optionalString(spec, 'type') ?? 'ssh',
      createdAt: this.#context.now(),
    };
    this.keypairs.set(keypairKey(token.user.id, name), keypair);
    const body = keypairBody(keypair, version, false);
    body.user_id = keypair.userId;
    if (privateKey !== undefined) body.private_key = privateKey;
    return json(version >= 2002 ? 201 : 200, { keypair: body });
  }

  #keypairsOf(token: FakeToken): FakeKeypair[] {
    return [...this.keypairs.values()].filter((k) => k.userId === token.user.id);
  }

  #keypair(name: string, token: FakeToken): FakeKeypair {
    const keypair = this.keypairs.get(keypairKey(token.user.id, name));
    if (!keypair) throw new FakeHttpError(404, `Keypair ${name} not found for user ${token.user.id}`);
    return keypair;
  }

  #flavorsFiltered(req: FakeRequest): FakeFlavor[] {
    const minRam = Number(req.query.get('minRam') ?? 0);
    const minDisk = Number(req.query.get('minDisk') ?? 0);
    return this.flavors.filter((f) => f.ram >= minRam && f.disk >= minDisk);
  }

  #flavor(id: string): FakeFlavor {
    const flavor = this.flavors.find((f) => f.id === id);
    if (!flavor) throw new FakeHttpError(404, `Flavor ${id} could not be found.`);
    return flavor;
  }

  #usage(token: FakeToken): { instances: number; cores: number; ram: number } {
    let instances = 0;
    let cores = 0;
    let ram = 0;
    for (const s of this.servers.values()) {
      if (s.projectId !== token.project!.id) continue;
      const flavor = this.flavors.find((f) => f.id === s.flavorId)!;
      instances++;
      cores += flavor.vcpus;
      ram += flavor.ram;
    }
    return { instances, cores, ram };
  }

  #checkQuota(token: FakeToken, flavor: FakeFlavor): void {
    const { quotas } = this.#context;
    const usage = this.#usage(token);
    const over = (limit: number, used: number, want: number) => limit >= 0 && used + want > limit;
    if (over(quotas.instances, usage.instances, 1)) {
      throw new FakeHttpError(
        403,
        `Quota exceeded for instances: Requested 1, but already used ${usage.instances} of ${quotas.instances} instances`,
      );
    }
    if (over(quotas.cores, usage.cores, flavor.vcpus)) {
      throw new FakeHttpError(
        403,
        `Quota exceeded for cores: Requested ${flavor.vcpus}, but already used ${usage.cores} of ${quotas.cores} cores`,
      );
    }
    if (over(quotas.ram, usage.ram, flavor.ram)) {
      throw new FakeHttpError(
        403,
        `Quota exceeded for ram: Requested ${flavor.ram}, but already used ${usage.ram} of ${quotas.ram} ram`,
      );
    }
  }

  #absoluteLimits(token: FakeToken): Record<string, number> {
    const { quotas } = this.#context;
    const usage = this.#usage(token);
    return {
      maxTotalInstances: quotas.instances,
      maxTotalCores: quotas.cores,
      maxTotalRAMSize: quotas.ram,
      maxServerMeta: 128,
      maxTotalKeypairs: quotas.keyPairs,
      maxServerGroups: 10,
      maxServerGroupMembers: 10,
      totalInstancesUsed: usage.instances,
      totalCoresUsed: usage.cores,
      totalRAMUsed: usage.ram,
      totalServerGroupsUsed: 0,
    };
  }

  #quotaValues(projectId: string, token: FakeToken): Record<string, unknown> {
    if (projectId !== token.project!.id && !token.roles.includes('admin')) {
      throw new FakeHttpError(
        403,
        'Policy does not allow os_compute_api:os-quota-sets:show to be performed.',
      );
    }
    const { quotas } = this.#context;
    return {
      id: projectId,
      instances: quotas.instances,
      cores: quotas.cores,
      ram: quotas.ram,
      key_pairs: quotas.keyPairs,
      metadata_items: 128,
      server_groups: 10,
      server_group_members: 10,
    };
  }

  #quotaDetail(projectId: string, token: FakeToken): Record<string, unknown> {
    const values = this.#quotaValues(projectId, token);
    const usage = this.#usage(token);
    const inUse: Record<string, number> = { ...usage, key_pairs: this.#keypairsOf(token).length };
    const out: Record<string, unknown> = { id: projectId };
    for (const [key, limit] of Object.entries(values)) {
      if (key !== 'id') out[key] = { limit, in_use: inUse[key] ?? 0, reserved: 0 };
    }
    return out;
  }

  #updateQuotaSet(req: FakeRequest, projectId: string, token: FakeToken): FakeResponse {
    if (!token.roles.includes('admin'))
      throw new FakeHttpError(
        403,
        'Policy does not allow os_compute_api:os-quota-sets:update to be performed.',
      );
    const spec = requireObject(parseJsonBody(req.body), 'quota_set');
    const { quotas } = this.#context;
    const keys: Record<string, keyof typeof quotas> = {
      instances: 'instances',
      cores: 'cores',
      ram: 'ram',
      key_pairs: 'keyPairs',
    };
    for (const [key, value] of Object.entries(spec)) {
      const field = keys[key];
      if (!field) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -1) {
        throw new FakeHttpError(400, `Invalid input for field/attribute ${key}. Value: ${String(value)}.`);
      }
      quotas[field] = value;
    }
    const { id: _id, ...values } = this.#quotaValues(projectId, token);
    return json(200, { quota_set: values });
  }

  #later(baseDelay: number, run: () => void): void {
    if (this.#context.random.chance(this.#context.outcomes.stuck)) return;
    this.#context.scheduler.after(this.#context.delay(baseDelay), run);
  }

  #server(id: string, token: FakeToken): FakeServer {
    const server = this.servers.get(id);
    if (!server || (server.projectId !== token.project!.id && !token.roles.includes('admin'))) {
      throw new FakeHttpError(404, `Instance ${id} could not be found.`);
    }
    return server;
  }

  #serverBody(s: FakeServer, version: number, origin: string): Record<string, unknown> {
    const flavor = this.flavors.find((f) => f.id === s.flavorId)!;
    const addresses: Record<string, unknown[]> = {};
    s.networkIds.forEach((networkId, i) => {
      addresses[i === 0 ? 'private' : `net-${networkId.slice(0, 8)}`] = [
        {
          addr: `10.0.${i}.${(parseInt(s.id.slice(0, 2), 16) % 250) + 3}`,
          version: 4,
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': `fa:16:3e:${s.id.slice(0, 2)}:${s.id.slice(2, 4)}:${s.id.slice(4, 6)}`,
        },
      ];
    });
    const body: Record<string, unknown> = {
      id: s.id,
      name: s.name,
      status: serverStatus(s),
      'OS-EXT-STS:task_state': s.taskState,
      'OS-EXT-STS:vm_state': s.vmState,
      'OS-EXT-STS:power_state': s.powerState,
      addresses,
      flavor:
        version >= 2047
          ? {
              original_name: flavor.name,
              ram: flavor.ram,
              vcpus: flavor.vcpus,
              disk: flavor.disk,
              ephemeral: 0,
              swap: 0,
              extra_specs: {},
            }
          : { id: flavor.id, links: [{ rel: 'bookmark', href: `${origin}/compute/flavors/${flavor.id}` }] },
      image:
        s.imageId === ''
          ? ''
          : { id: s.imageId, links: [{ rel: 'bookmark', href: `${origin}/compute/images/${s.imageId}` }] },
      key_name: s.keyName,
      metadata: s.metadata,
      created: novaTime(s.createdAt),
      updated: novaTime(s.updatedAt),
      tenant_id: s.projectId,
      user_id: s.userId,
      hostId: createHash('sha224').update(`fake-host${s.projectId}`).digest('hex'),
      progress: s.vmState === 'active' ? 100 : 0,
      links: serverLinks(s, origin),
      'os-extended-volumes:volumes_attached': [...s.volumes.keys()].map((id) =>
        version >= 2003 ? { id, delete_on_termination: false } : { id },
      ),
      'OS-EXT-AZ:availability_zone': s.availabilityZone,
      security_groups: [{ name: 'default' }],
      'OS-DCF:diskConfig': 'MANUAL',
      accessIPv4: '',
      accessIPv6: '',
      config_drive: '',
    };
    if (s.fault)
      body.fault = { code: s.fault.code, message: s.fault.message, created: novaTime(s.fault.created) };
    return body;
  }
}

/** Nova's `status` derived from vm_state (a delete does not change it; contract §3.2). */
export function serverStatus(s: FakeServer): string {
  switch (s.vmState) {
    case 'building':
      return 'BUILD';
    case 'active':
      return 'ACTIVE';
    case 'error':
      return 'ERROR';
    default:
      return 'UNKNOWN';
  }
}

function serverLinks(s: FakeServer, origin: string): { rel: string; href: string }[] {
  return [
    { rel: 'self', href: `${origin}/compute/v2.1/servers/${s.id}` },
    { rel: 'bookmark', href: `${origin}/compute/servers/${s.id}` },
  ];
}

function attachmentBody(
  serverId: string,
  volumeId: string,
  device: string,
  version: number,
): Record<string, unknown> {
  const body: Record<string, unknown> = { serverId, volumeId, device };
  if (version >= 2089) {
    body.attachment_id = volumeId;
    body.bdm_uuid = volumeId;
  } else {
    body.id = volumeId;
  }
  if (version >= 2070) body.tag = null;
  if (version >= 2079) body.delete_on_termination = false;
  return body;
}

function keypairKey(userId: string, name: string): string {
  return `${userId}/${name}`;
}

function keypairBody(k: FakeKeypair, version: number, detail: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { name: k.name, public_key: k.publicKey, fingerprint: k.fingerprint };
  if (version >= 2002) body.type = k.type;
  if (detail) {
    body.id = k.id;
    body.created_at = novaTime(k.createdAt);
    body.deleted = false;
    body.deleted_at = null;
    body.updated_at = null;
    body.user_id = k.userId;
  }
  return body;
}

function flavorSummary(f: FakeFlavor, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    links: [{ rel: 'self', href: `/compute/v2.1/flavors/${f.id}` }],
  };
  if (version >= 2055) body.description = null;
  return body;
}

function flavorBody(f: FakeFlavor, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...flavorSummary(f, version),
    ram: f.ram,
    vcpus: f.vcpus,
    disk: f.disk,
    'OS-FLV-EXT-DATA:ephemeral': 0,
    'OS-FLV-DISABLED:disabled': false,
    swap: '',
    rxtx_factor: 1.0,
    'os-flavor-access:is_public': true,
  };
  if (version >= 2061) body.extra_specs = {};
  return body;
}
