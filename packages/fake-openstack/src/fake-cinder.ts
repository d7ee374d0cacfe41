import {
  cinderTime,
  type FakeContext,
  FakeHttpError,
  newUuid,
  optionalMetadata,
  optionalString,
  parseJsonBody,
  requireObject,
} from './fake-context';
import type { FakeToken } from './fake-keystone';
import { empty, type FakeRequest, type FakeResponse, json } from './fake-request';
import { type MicroversionRange, parseMicroversion } from './microversion';
import { RouteTable } from './route-table';

/** Cinder's microversion range served by the fake. */
export const CINDER_MICROVERSIONS: MicroversionRange = { service: 'volume', min: [3, 0], max: [3, 71] };

interface VolumeAttachmentRecord {
  attachmentId: string;
  serverId: string;
  device: string;
  attachedAt: number;
}

/** A volume as the fake stores it. */
export interface FakeVolume {
  id: string;
  projectId: string;
  userId: string;
  name: string | null;
  description: string | null;
  status: string;
  attachStatus: 'detached' | 'reserved' | 'attaching' | 'attached' | 'detaching';
  size: number;
  availabilityZone: string;
  createdAt: number;
  updatedAt: number | null;
  attachments: VolumeAttachmentRecord[];
  bootable: boolean;
  multiattach: boolean;
  volumeTypeId: string;
  snapshotId: string | null;
  sourceVolid: string | null;
  metadata: Record<string, string>;
  host: string | null;
}

/** A snapshot as the fake stores it. */
export interface FakeSnapshot {
  id: string;
  projectId: string;
  userId: string;
  volumeId: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number | null;
}

interface FakeVolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

type CinderHandler = (
  req: FakeRequest,
  params: Record<string, string>,
  token: FakeToken,
  version: number,
) => FakeResponse;

const DELETABLE_VOLUME_STATUSES = new Set([
  'available',
  'error',
  'error_restoring',
  'error_extending',
  'error_managing',
]);

/** The fake Cinder v3: volumes, snapshots, types, limits and quotas, with timed status machines. */
export class FakeCinder {
  readonly volumes = new Map<string, FakeVolume>();
  readonly snapshots = new Map<string, FakeSnapshot>();
  readonly types: FakeVolumeType[];
  readonly routes = new RouteTable<CinderHandler>();
  readonly #context: FakeContext;

  constructor(context: FakeContext) {
    this.#context = context;
    this.types = [
      {
        id: newUuid(),
        name: '__DEFAULT__',
        description: 'Default Volume Type',
        isPublic: true,
        extraSpecs: {},
      },
      {
        id: newUuid(),
        name: 'lvmdriver-1',
        description: null,
        isPublic: true,
        extraSpecs: { volume_backend_name: 'lvmdriver-1' },
      },
    ];
    this.routes
      .add('POST', '/volumes', (req, _p, token, v) => this.#createVolume(req, token, v))
      .add('GET', '/volumes', (req, _p, token) => this.#listVolumes(req, token, false, 0))
      .add('GET', '/volumes/detail', (req, _p, token, v) => this.#listVolumes(req, token, true, v))
      .add('GET', '/volumes/{volume_id}', (_req, p, token, v) =>
        json(200, { volume: this.#volumeBody(this.#volume(p.volume_id!, token), v) }),
      )
      .add('PUT', '/volumes/{volume_id}', (req, p, token, v) =>
        this.#updateVolume(req, p.volume_id!, token, v),
      )
      .add('DELETE', '/volumes/{volume_id}', (req, p, token) => this.#deleteVolume(req, p.volume_id!, token))
      .add('POST', '/volumes/{volume_id}/action', (req, p, token) =>
        this.#volumeAction(req, p.volume_id!, token),
      )
      .add('POST', '/snapshots', (req, _p, token, v) => this.#createSnapshot(req, token, v))
      .add('GET', '/snapshots', (req, _p, token) => this.#listSnapshots(req, token, false))
      .add('GET', '/snapshots/detail', (req, _p, token) => this.#listSnapshots(req, token, true))
      .add('GET', '/snapshots/{snapshot_id}', (_req, p, token) =>
        json(200, { snapshot: this.#snapshotBody(this.#snapshot(p.snapshot_id!, token), true) }),
      )
      .add('PUT', '/snapshots/{snapshot_id}', (req, p, token) =>
        this.#updateSnapshot(req, p.snapshot_id!, token),
      )
      .add('DELETE', '/snapshots/{snapshot_id}', (_req, p, token) =>
        this.#deleteSnapshot(p.snapshot_id!, token),
      )
      .add('POST', '/snapshots/{snapshot_id}/action', (req, p, token) =>
        this.#snapshotAction(req, p.snapshot_id!, token),
      )
      .add('GET', '/types', () => json(200, { volume_types: this.types.map(typeBody) }))
      .add('GET', '/types/default', () => json(200, { volume_type: typeBody(this.types[0]!) }))
      .add('GET', '/types/{type_id}', (_req, p) =>
        json(200, { volume_type: typeBody(this.#type(p.type_id!)) }),
      )
      .add('POST', '/types', (req, _p, token) => this.#createType(req, token))
      .add('DELETE', '/types/{type_id}', (_req, p, token) => this.#deleteType(p.type_id!, token))
      .add('GET', '/limits', (_req, _p, token) =>
        json(200, { limits: { rate: [], absolute: this.#absoluteLimits(token) } }),
      )
      .add('GET', '/os-quota-sets/{project_id}', (req, p, token) =>
        this.#quotaSet(p.project_id!, token, req.query.get('usage')),
      )
      .add('GET', '/os-quota-sets/{project_id}/defaults', (_req, p) =>
        json(200, { quota_set: this.#quotaValues(p.project_id!) }),
      )
      .add('PUT', '/os-quota-sets/{project_id}', (req, p, token) =>
        this.#updateQuotaSet(req, p.project_id!, token),
      );
  }

  /** Parses the request's microversion (400 malformed, 406 out of range). */
  microversion(req: FakeRequest): { version: number; header: string } {
    return parseMicroversion(req.headers['openstack-api-version'], CINDER_MICROVERSIONS);
  }

  /** Volumes of `projectId` that are not gone. */
  usage(projectId: string): { volumes: number; snapshots: number; gigabytes: number } {
    let volumes = 0;
    let snapshots = 0;
    let gigabytes = 0;
    for (const v of this.volumes.values()) {
      if (v.projectId !== projectId) continue;
      volumes++;
      gigabytes += v.size;
    }
    for (const s of this.snapshots.values()) {
      if (s.projectId !== projectId) continue;
      snapshots++;
      gigabytes += s.size;
    }
    return { volumes, snapshots, gigabytes };
  }

  // ---- called by the fake Nova (cross-service choreography, contract §3.4) ----

  /** Nova's attach: reserve the volume, then attaching, then in-use with an attachment record. */
  reserveForAttach(volumeId: string, serverId: string, projectId: string, device: string): void {
    const volume = this.volumes.get(volumeId);
    if (!volume || volume.projectId !== projectId)
      throw new FakeHttpError(404, `Volume ${volumeId} could not be found.`);
    const attachable = volume.status === 'available' || (volume.multiattach && volume.status === 'in-use');
    if (!attachable) {
      throw new FakeHttpError(
        400,
        `Invalid volume: Volume ${volumeId} status must be available or downloading to reserve, but the current status is ${volume.status}.`,
      );
    }
    if (volume.attachments.some((a) => a.serverId === serverId)) {
      throw new FakeHttpError(
        400,
        `Invalid volume: volume ${volumeId} is already attached to server ${serverId}.`,
      );
    }
    const wasInUse = volume.status === 'in-use';
    this.#setStatus(volume, wasInUse ? 'in-use' : 'reserved');
    if (!wasInUse) volume.attachStatus = 'reserved';
    this.#later(this.#context.delays.volumeAttachReserve, () => {
      if (!wasInUse) {
        this.#setStatus(volume, 'attaching');
        volume.attachStatus = 'attaching';
      }
      this.#later(this.#context.delays.volumeAttach, () => {
        if (!this.volumes.has(volumeId)) return;
        volume.attachments.push({
          attachmentId: newUuid(),
          serverId,
          device,
          attachedAt: this.#context.now(),
        });
        this.#setStatus(volume, 'in-use');
        volume.attachStatus = 'attached';
      });
    });
  }

  /** Nova's detach: the volume is `detaching` at once, `available` (or still in-use) later. */
  beginDetach(volumeId: string, serverId: string, onDone: () => void): void {
    const volume = this.volumes.get(volumeId);
    if (!volume) throw new FakeHttpError(404, `Volume ${volumeId} could not be found.`);
    if (volume.status !== 'in-use') {
      throw new FakeHttpError(
        400,
        `Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach, but the current status is ${volume.status}.`,
      );
    }
    this.#setStatus(volume, 'detaching');
    volume.attachStatus = 'detaching';
    this.#later(this.#context.delays.volumeDetach, () => {
      volume.attachments = volume.attachments.filter((a) => a.serverId !== serverId);
      const stillAttached = volume.attachments.length > 0;
      this.#setStatus(volume, stillAttached ? 'in-use' : 'available');
      volume.attachStatus = stillAttached ? 'attached' : 'detached';
      onDone();
    });
  }

  /** True when the volume has an attachment to `serverId` (in-use) or one is on its way. */
  isAttachedTo(volumeId: string, serverId: string): boolean {
    return this.volumes.get(volumeId)?.attachments.some((a) => a.serverId === serverId) ?? false;
  }

  // ---- volumes ----

  #createVolume(req: FakeRequest, token: FakeToken, version: number): FakeResponse {
    const spec = requireObject(parseJsonBody(req.body), 'volume');
    const projectId = token.project!.id;
    const snapshotId = optionalString(spec, 'snapshot_id') ?? null;
    const sourceVolid = optionalString(spec, 'source_volid') ?? null;
    let size = spec.size;
    if (snapshotId !== null) {
      const snapshot = this.snapshots.get(snapshotId);
      if (!snapshot || snapshot.projectId !== projectId)
        throw new FakeHttpError(404, `Snapshot ${snapshotId} could not be found.`);
      if (snapshot.status !== 'available')
        throw new FakeHttpError(
          400,
          `Invalid snapshot: Originating snapshot status must be one of 'available' values`,
        );
      size ??= snapshot.size;
    }
    if (sourceVolid !== null) {
      const source = this.volumes.get(sourceVolid);
      if (!source || source.projectId !== projectId)
        throw new FakeHttpError(404, `Volume ${sourceVolid} could not be found.`);
      size ??= source.size;
    }
    if (typeof size === 'string' && /^\d+$/.test(size)) size = Number(size);
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      throw new FakeHttpError(
        400,
        `Invalid input received: Volume size '${String(size)}' must be an integer and greater than 0.`,
      );
    }
    const typeRef = optionalString(spec, 'volume_type');
    const type =
      typeRef === undefined ? this.types[0]! : this.types.find((t) => t.id === typeRef || t.name === typeRef);
    if (!type) throw new FakeHttpError(404, `Volume type with name ${typeRef} could not be found.`);
    const multiattach = spec.multiattach === true;
    this.#checkVolumeQuota(projectId, 1, size);
    const now = this.#context.now();
    const volume: FakeVolume = {
      id: newUuid(),
      projectId,
      userId: token.user.id,
      name: optionalString(spec, 'name') ?? null,
      description: optionalString(spec, 'description') ?? null,
      status: 'creating',
      attachStatus: 'detached',
      size,
      availabilityZone: optionalString(spec, 'availability_zone') ?? 'nova',
      createdAt: now,
      updatedAt: null,
      attachments: [],
      bootable: typeof spec.imageRef === 'string',
      multiattach,
      volumeTypeId: type.id,
      snapshotId,
      sourceVolid,
      metadata: optionalMetadata(spec, 'metadata'),
      host: null,
    };
    this.volumes.set(volume.id, volume);
    this.#later(this.#context.delays.volumeCreate, () => {
      volume.host = 'fake-host@lvmdriver-1#lvmdriver-1';
      this.#setStatus(
        volume,
        this.#context.random.chance(this.#context.outcomes.volumeError) ? 'error' : 'available',
      );
    });
    return json(202, { volume: this.#volumeBody(volume, version) });
  }

  #listVolumes(req: FakeRequest, token: FakeToken, detail: boolean, version: number): FakeResponse {
    const projectId = token.project!.id;
    const allTenants = isTrue(req.query.get('all_tenants')) && token.roles.includes('admin');
    const name = req.query.get('name');
    const status = req.query.get('status');
    let list = [...this.volumes.values()].filter(
      (v) =>
        (allTenants || v.projectId === projectId) &&
        (name === null || v.name === name) &&
        (status === null || v.status === status),
    );
    list.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    const page = paginate(list, req, 'volumes');
    list = page.items;
    const items = list.map((v) =>
      detail ? this.#volumeBody(v, version) : { id: v.id, name: v.name, links: links('volumes', v) },
    );
    const out: Record<string, unknown> = { volumes: items };
    if (page.next)
      out.volumes_links = [
        { rel: 'next', href: `${req.origin}${req.path}?marker=${page.next}&limit=${page.limit}` },
      ];
    return json(200, out);
  }

  #updateVolume(req: FakeRequest, id: string, token: FakeToken, version: number): FakeResponse {
    const volume = this.#volume(id, token);
    const spec = requireObject(parseJsonBody(req.body), 'volume');
    const name = optionalString(spec, 'name');
    const description = optionalString(spec, 'description');
    if (name !== undefined) volume.name = name;
    if (description !== undefined) volume.description = description;
    if (spec.metadata !== undefined) volume.metadata = optionalMetadata(spec, 'metadata');
    volume.updatedAt = this.#context.now();
    return json(200, { volume: this.#volumeBody(volume, version) });
  }

  #deleteVolume(req: FakeRequest, id: string, token: FakeToken): FakeResponse {
    const volume = this.#volume(id, token);
    const cascade = isTrue(req.query.get('cascade'));
    if (!DELETABLE_VOLUME_STATUSES.has(volume.status) || volume.attachStatus === 'attached') {
      throw new FakeHttpError(
        400,
        `Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer. (current status: ${volume.status})`,
      );
    }
    const snapshots = [...this.snapshots.values()].filter((s) => s.volumeId === id);
    if (snapshots.length > 0) {
      if (!cascade) {
        throw new FakeHttpError(
          400,
          'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
        );
      }
      const bad = snapshots.find((s) => !['available', 'error', 'deleting'].includes(s.status));
      if (bad)
        throw new FakeHttpError(
          400,
          `Invalid volume: Snapshot ${bad.id} status must be available or error or deleting for cascade delete.`,
        );
    }
    if (volume.host === null) {
      // Never scheduled: removed at once, as Cinder does.
      this.volumes.delete(id);
      return empty(202);
    }
    for (const snapshot of snapshots) this.#startSnapshotDelete(snapshot, true);
    this.#startVolumeDelete(volume);
    return empty(202);
  }

  #startVolumeDelete(volume: FakeVolume, force = false): void {
    this.#setStatus(volume, 'deleting');
    this.#later(this.#context.delays.volumeDelete, () => {
      if (!force && this.#context.random.chance(this.#context.outcomes.volumeErrorDeleting)) {
        this.#setStatus(volume, 'error_deleting');
        return;
      }
      this.volumes.delete(volume.id);
    });
  }

  #volumeAction(req: FakeRequest, id: string, token: FakeToken): FakeResponse {
    const volume = this.#volume(id, token);
    const body = parseJsonBody(req.body);
    const [action] = Object.keys(body);
    switch (action) {
      case 'os-force_delete':
        requireAdmin(token);
        this.#startVolumeDelete(volume, true);
        return empty(202);
      case 'os-reset_status': {
        requireAdmin(token);
        const spec = requireObject(body, 'os-reset_status');
        const status = optionalString(spec, 'status');
        if (status === undefined) throw new FakeHttpError(400, "Must specify 'status'.");
        this.#setStatus(volume, status);
        const attachStatus = optionalString(spec, 'attach_status');
        if (attachStatus !== undefined) volume.attachStatus = attachStatus as FakeVolume['attachStatus'];
        return empty(202);
      }
      case 'os-extend': {
        const spec = requireObject(body, 'os-extend');
        const newSize = spec.new_size;
        if (typeof newSize !== 'number' || !Number.isInteger(newSize) || newSize <= volume.size) {
          throw new FakeHttpError(
            400,
            `Invalid input received: New size for extend must be greater than current size. (current: ${volume.size}, extended: ${String(newSize)}).`,
          );
        }
        if (volume.status !== 'available')
          throw new FakeHttpError(
            400,
            `Invalid volume: Volume status must be available to extend, but current status is: ${volume.status}.`,
          );
        this.#checkVolumeQuota(volume.projectId, 0, newSize - volume.size);
        this.#setStatus(volume, 'extending');
        this.#later(this.#context.delays.volumeCreate / 2, () => {
          volume.size = newSize;
          this.#setStatus(volume, 'available');
        });
        return empty(202);
      }
      default:
        throw new FakeHttpError(400, `There is no such action: ${action ?? '(none)'}`);
    }
  }

  // ---- snapshots ----

  #createSnapshot(req: FakeRequest, token: FakeToken, version: number): FakeResponse {
    const spec = requireObject(parseJsonBody(req.body), 'snapshot');
    const volumeId = optionalString(spec, 'volume_id');
    if (volumeId === undefined)
      throw new FakeHttpError(
        400,
        "Invalid input for field/attribute snapshot. 'volume_id' is a required property.",
      );
    const volume = this.volumes.get(volumeId);
    if (!volume || volume.projectId !== token.project!.id)
      throw new FakeHttpError(404, `Volume ${volumeId} could not be found.`);
    const force = spec.force === true || spec.force === 'true' || spec.force === 'True';
    if (version >= 3066 && (spec.force === false || spec.force === 'false')) {
      throw new FakeHttpError(
        400,
        "Invalid input received: Since microversion 3.66 the 'force' flag is invalid for this request.",
      );
    }
    const inUseAllowed = force || version >= 3066;
    if (
      volume.host === null ||
      !(volume.status === 'available' || (inUseAllowed && volume.status === 'in-use'))
    ) {
      throw new FakeHttpError(
        400,
        `Invalid volume: Volume ${volumeId} status must be available, but current status is: ${volume.status}.`,
      );
    }
    const projectId = token.project!.id;
    const usage = this.usage(projectId);
    const { quotas } = this.#context;
    if (quotas.snapshots >= 0 && usage.snapshots + 1 > quotas.snapshots) {
      throw new FakeHttpError(
        413,
        `SnapshotLimitExceeded: Maximum number of snapshots allowed (${quotas.snapshots}) exceeded`,
        { retryAfter: 0 },
      );
    }
    if (quotas.gigabytes >= 0 && usage.gigabytes + volume.size > quotas.gigabytes) {
      throw new FakeHttpError(
        413,
        `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${volume.size}G, quota is ${quotas.gigabytes}G and ${usage.gigabytes}G has been consumed.`,
        { retryAfter: 0 },
      );
    }
    const snapshot: FakeSnapshot = {
      id: newUuid(),
      projectId,
      userId: token.user.id,
      volumeId,
      name: optionalString(spec, 'name') ?? null,
      description: optionalString(spec, 'description') ?? null,
      status: 'creating',
      size: volume.size,
      metadata: optionalMetadata(spec, 'metadata'),
      createdAt: this.#context.now(),
      updatedAt: null,
    };
    this.snapshots.set(snapshot.id, snapshot);
    this.#later(this.#context.delays.snapshotCreate, () => {
      this.#setStatus(
        snapshot,
        this.#context.random.chance(this.#context.outcomes.snapshotError) ? 'error' : 'available',
      );
    });
    return json(202, { snapshot: this.#snapshotBody(snapshot, false, version) });
  }

  #listSnapshots(req: FakeRequest, token: FakeToken, detail: boolean): FakeResponse {
    const projectId = token.project!.id;
    const name = req.query.get('name');
    const status = req.query.get('status');
    const volumeId = req.query.get('volume_id');
    const list = [...this.snapshots.values()]
      .filter(
        (s) =>
          s.projectId === projectId &&
          (name === null || s.name === name) &&
          (status === null || s.status === status) &&
          (volumeId === null || s.volumeId === volumeId),
      )
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    const page = paginate(list, req, 'snapshots');
    const out: Record<string, unknown> = { snapshots: page.items.map((s) => this.#snapshotBody(s, detail)) };
    if (page.next)
      out.snapshots_links = [
        { rel: 'next', href: `${req.origin}${req.path}?marker=${page.next}&limit=${page.limit}` },
      ];
    return json(200, out);
  }

  #updateSnapshot(req: FakeRequest, id: string, token: FakeToken): FakeResponse {
    const snapshot = this.#snapshot(id, token);
    const spec = requireObject(parseJsonBody(req.body), 'snapshot');
    const name = optionalString(spec, 'name');
    const description = optionalString(spec, 'description');
    if (name !== undefined) snapshot.name = name;
    if (description !== undefined) snapshot.description = description;
    snapshot.updatedAt = this.#context.now();
    return json(200, { snapshot: this.#snapshotBody(snapshot, true) });
  }

  #deleteSnapshot(id: string, token: FakeToken): FakeResponse {
    const snapshot = this.#snapshot(id, token);
    if (snapshot.status !== 'available' && snapshot.status !== 'error') {
      throw new FakeHttpError(
        400,
        `Invalid snapshot: Volume Snapshot status must be available or error and must not be part of a group. (current status: ${snapshot.status})`,
      );
    }
    this.#startSnapshotDelete(snapshot, false);
    return empty(202);
  }

  #startSnapshotDelete(snapshot: FakeSnapshot, force: boolean): void {
    this.#setStatus(snapshot, 'deleting');
    this.#later(this.#context.delays.snapshotDelete, () => {
      if (!force && this.#context.random.chance(this.#context.outcomes.snapshotErrorDeleting)) {
        this.#setStatus(snapshot, 'error_deleting');
        return;
      }
      this.snapshots.delete(snapshot.id);
    });
  }

  #snapshotAction(req: FakeRequest, id: string, token: FakeToken): FakeResponse {
    const snapshot = this.#snapshot(id, token);
    const body = parseJsonBody(req.body);
    const [action] = Object.keys(body);
    requireAdmin(token);
    if (action === 'os-force_delete') {
      this.#startSnapshotDelete(snapshot, true);
      return empty(202);
    }
    if (action === 'os-reset_status') {
      const status = optionalString(requireObject(body, 'os-reset_status'), 'status');
      if (status === undefined) throw new FakeHttpError(400, "Must specify 'status'.");
      this.#setStatus(snapshot, status);
      return empty(202);
    }
    throw new FakeHttpError(400, `There is no such action: ${action ?? '(none)'}`);
  }

  // ---- types, limits, quotas ----

  #createType(req: FakeRequest, token: FakeToken): FakeResponse {
    requireAdmin(token);
    const spec = requireObject(parseJsonBody(req.body), 'volume_type');
    const name = optionalString(spec, 'name');
    if (!name) throw new FakeHttpError(400, 'Volume type name can not be empty.');
    if (this.types.some((t) => t.name === name))
      throw new FakeHttpError(409, `Volume Type ${name} already exists.`);
    const type: FakeVolumeType = {
      id: newUuid(),
      name,
      description: optionalString(spec, 'description') ?? null,
      isPublic: spec['os-volume-type-access:is_public'] !== false,
      extraSpecs: optionalMetadata(spec, 'extra_specs'),
    };
    this.types.push(type);
    return json(200, { volume_type: typeBody(type) });
  }

  #deleteType(id: string, token: FakeToken): FakeResponse {
    requireAdmin(token);
    const type = this.#type(id);
    if (type === this.types[0])
      throw new FakeHttpError(400, 'Target volume type is the default type and cannot be deleted.');
    for (const v of this.volumes.values()) {
      if (v.volumeTypeId === type.id)
        throw new FakeHttpError(
          400,
          `Target volume type is still in use. Volume type ${type.id} deletion is not allowed with volumes present with the type.`,
        );
    }
    this.types.splice(this.types.indexOf(type), 1);
    return empty(202);
  }

  #absoluteLimits(token: FakeToken): Record<string, number> {
    const { quotas } = this.#context;
    const usage = this.usage(token.project!.id);
    return {
      maxTotalVolumes: quotas.volumes,
      maxTotalSnapshots: quotas.snapshots,
      maxTotalVolumeGigabytes: quotas.gigabytes,
      maxTotalBackups: 10,
      maxTotalBackupGigabytes: 1000,
      totalVolumesUsed: usage.volumes,
      totalSnapshotsUsed: usage.snapshots,
      totalGigabytesUsed: usage.gigabytes,
      totalBackupsUsed: 0,
      totalBackupGigabytesUsed: 0,
    };
  }

  #quotaValues(projectId: string): Record<string, unknown> {
    const { quotas } = this.#context;
    return {
      id: projectId,
      volumes: quotas.volumes,
      snapshots: quotas.snapshots,
      gigabytes: quotas.gigabytes,
      backups: 10,
      backup_gigabytes: 1000,
      per_volume_gigabytes: quotas.perVolumeGigabytes,
      groups: 10,
    };
  }

  #quotaSet(projectId: string, token: FakeToken, usageParam: string | null): FakeResponse {
    if (projectId !== token.project!.id && !token.roles.includes('admin')) {
      throw new FakeHttpError(403, `Policy doesn't allow volume_extension:quotas:show to be performed.`);
    }
    const values = this.#quotaValues(projectId);
    if (!isTrue(usageParam)) return json(200, { quota_set: values });
    const usage = this.usage(projectId);
    const inUse: Record<string, number> = {
      volumes: usage.volumes,
      snapshots: usage.snapshots,
      gigabytes: usage.gigabytes,
    };
    const detailed: Record<string, unknown> = { id: projectId };
    for (const [key, limit] of Object.entries(values)) {
      if (key === 'id') continue;
      detailed[key] = { limit, in_use: inUse[key] ?? 0, reserved: 0, allocated: 0 };
    }
    return json(200, { quota_set: detailed });
  }

  #updateQuotaSet(req: FakeRequest, projectId: string, token: FakeToken): FakeResponse {
    requireAdmin(token);
    const spec = requireObject(parseJsonBody(req.body), 'quota_set');
    const { quotas } = this.#context;
    const keys: Record<string, keyof typeof quotas> = {
      volumes: 'volumes',
      snapshots: 'snapshots',
      gigabytes: 'gigabytes',
      per_volume_gigabytes: 'perVolumeGigabytes',
    };
    for (const [key, value] of Object.entries(spec)) {
      const field = keys[key];
      if (!field) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -1) {
        throw new FakeHttpError(
          400,
          `Invalid input received: Quota value ${String(value)} for ${key} must be an integer >= -1.`,
        );
      }
      quotas[field] = value;
    }
    const { id: _id, ...values } = this.#quotaValues(projectId);
    return json(200, { quota_set: values });
  }

  // ---- shared ----

  #checkVolumeQuota(projectId: string, volumes: number, gigabytes: number): void {
    const { quotas } = this.#context;
    const usage = this.usage(projectId);
    if (quotas.perVolumeGigabytes >= 0 && gigabytes > quotas.perVolumeGigabytes) {
      throw new FakeHttpError(
        413,
        `VolumeSizeExceedsLimit: Requested volume size ${gigabytes}G is larger than maximum allowed limit ${quotas.perVolumeGigabytes}G.`,
        { retryAfter: 0 },
      );
    }
    if (quotas.volumes >= 0 && usage.volumes + volumes > quotas.volumes) {
      throw new FakeHttpError(
        413,
        `VolumeLimitExceeded: Maximum number of volumes allowed (${quotas.volumes}) exceeded for quota 'volumes'.`,
        { retryAfter: 0 },
      );
    }
    if (quotas.gigabytes >= 0 && usage.gigabytes + gigabytes > quotas.gigabytes) {
      throw new FakeHttpError(
        413,
        `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${gigabytes}G, quota is ${quotas.gigabytes}G and ${usage.gigabytes}G has been consumed.`,
        { retryAfter: 0 },
      );
    }
  }

  #later(baseDelay: number, run: () => void): void {
    if (this.#context.random.chance(this.#context.outcomes.stuck)) return;
    this.#context.scheduler.after(this.#context.delay(baseDelay), run);
  }

  #setStatus(resource: { status: string; updatedAt: number | null }, status: string): void {
    resource.status = status;
    resource.updatedAt = this.#context.now();
  }

  #volume(id: string, token: FakeToken): FakeVolume {
    const volume = this.volumes.get(id);
    if (!volume || (volume.projectId !== token.project!.id && !token.roles.includes('admin'))) {
      throw new FakeHttpError(404, `Volume ${id} could not be found.`);
    }
    return volume;
  }

  #snapshot(id: string, token: FakeToken): FakeSnapshot {
    const snapshot = this.snapshots.get(id);
    if (!snapshot || (snapshot.projectId !== token.project!.id && !token.roles.includes('admin'))) {
      throw new FakeHttpError(404, `Snapshot ${id} could not be found.`);
    }
    return snapshot;
  }

  #type(id: string): FakeVolumeType {
    const type = this.types.find((t) => t.id === id || t.name === id);
    if (!type) throw new FakeHttpError(404, `Volume type ${id} could not be found.`);
    return type;
  }

  #volumeBody(v: FakeVolume, version: number): Record<string, unknown> {
    const type = this.types.find((t) => t.id === v.volumeTypeId);
    const body: Record<string, unknown> = {
      id: v.id,
      name: v.name,
      description: v.description,
      status: v.status,
      size: v.size,
      availability_zone: v.availabilityZone,
      created_at: cinderTime(v.createdAt),
      updated_at: v.updatedAt === null ? null : cinderTime(v.updatedAt),
      attachments: v.attachments.map((a) => ({
        id: v.id,
        attachment_id: a.attachmentId,
        volume_id: v.id,
        server_id: a.serverId,
        host_name: null,
        device: a.device,
        attached_at: cinderTime(a.attachedAt),
      })),
      bootable: v.bootable ? 'true' : 'false',
      encrypted: false,
      multiattach: v.multiattach,
      volume_type: type?.name ?? null,
      snapshot_id: v.snapshotId,
      source_volid: v.sourceVolid,
      metadata: v.metadata,
      user_id: v.userId,
      links: links('volumes', v),
      replication_status: null,
      consistencygroup_id: null,
      migration_status: null,
      'os-vol-tenant-attr:tenant_id': v.projectId,
      'os-vol-mig-status-attr:migstat': null,
      'os-vol-mig-status-attr:name_id': null,
      'os-vol-host-attr:host': v.host,
    };
    if (version >= 3013) body.group_id = null;
    if (version >= 3021) body.provider_id = null;
    if (version >= 3048) {
      body.service_uuid = v.host === null ? null : '0e4cd1ad-0a59-4bdb-9e0b-7a6f6b6c6c6c';
      body.shared_targets = false;
    }
    if (version >= 3061) body.cluster_name = null;
    if (version >= 3063) body.volume_type_id = v.volumeTypeId;
    if (version >= 3064) body.encryption_key_id = null;
    if (version >= 3065) body.consumes_quota = true;
    return body;
  }

  #snapshotBody(s: FakeSnapshot, detail: boolean, version = 3000): Record<string, unknown> {
    const body: Record<string, unknown> = {
      id: s.id,
      name: s.name,
      description: s.description,
      status: s.status,
      size: s.size,
      volume_id: s.volumeId,
      metadata: s.metadata,
      created_at: cinderTime(s.createdAt),
      updated_at: s.updatedAt === null ? null : cinderTime(s.updatedAt),
    };
    if (detail) {
      body['os-extended-snapshot-attributes:progress'] = s.status === 'available' ? '100%' : '0%';
      body['os-extended-snapshot-attributes:project_id'] = s.projectId;
    }
    if (version >= 3041) body.user_id = s.userId;
    return body;
  }
}

function typeBody(t: FakeVolumeType): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    is_public: t.isPublic,
    extra_specs: t.extraSpecs,
    qos_specs_id: null,
    'os-volume-type-access:is_public': t.isPublic,
  };
}

function links(kind: string, resource: { id: string; projectId: string }): { rel: string; href: string }[] {
  return [
    { rel: 'self', href: `/volume/v3/${resource.projectId}/${kind}/${resource.id}` },
    { rel: 'bookmark', href: `/volume/${resource.projectId}/${kind}/${resource.id}` },
  ];
}

function isTrue(value: string | null): boolean {
  return value !== null && ['true', '1', 'yes', 'True'].includes(value);
}

function requireAdmin(token: FakeToken): void {
  if (!token.roles.includes('admin'))
    throw new FakeHttpError(403, 'Policy does not allow this action to be performed.');
}

/** Applies `limit` and `marker` as Cinder and Nova do; an unknown marker is a 400. */
export function paginate<T extends { id: string }>(
  list: T[],
  req: FakeRequest,
  kind: string,
): { items: T[]; next?: string; limit?: number } {
  const marker = req.query.get('marker');
  const limitParam = req.query.get('limit');
  let start = 0;
  if (marker !== null) {
    const index = list.findIndex((item) => item.id === marker);
    if (index < 0)
      throw new FakeHttpError(400, `Invalid input received: marker [${marker}] not found in ${kind}.`);
    start = index + 1;
  }
  if (limitParam === null) return { items: list.slice(start) };
  const limit = Number(limitParam);
  if (!Number.isInteger(limit) || limit < 0)
    throw new FakeHttpError(
      400,
      `Invalid input received: limit must be a non-negative integer, got ${limitParam}.`,
    );
  const items = list.slice(start, start + limit);
  const hasMore = start + limit < list.length;
  return hasMore && items.length > 0 ? { items, next: items[items.length - 1]!.id, limit } : { items };
}
