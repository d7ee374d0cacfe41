import { FakeHttpError, newUuid, optionalMetadata, optionalString } from '../fake-context';
import { empty, type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import { pageBody, paginate } from '../pagination';
import type { ServiceRoutes } from '../service-handler';
import { type CinderState, cinderBodyObject, isTrue, links } from './cinder-state';
import { startSnapshotDelete, startVolumeDelete } from './deletion';
import { addMetadataRoutes } from './metadata-routes';
import { checkVolumeQuota } from './quotas';
import type { FakeVolume } from './records';
import { volumeActionHandler } from './volume-actions';
import { type VolumeBodyOptions, type VolumeView, volumeBody } from './volume-body';

const DELETABLE_VOLUME_STATUSES = new Set([
  'available',
  'error',
  'error_restoring',
  'error_extending',
  'error_managing',
]);

/** Cinder's volumes: create, list (summary and detail), show, update, delete, actions. */
export function addVolumeRoutes(routes: ServiceRoutes, state: CinderState): void {
  routes
    .add('POST', '/volumes', (req, _p, token, v) => createVolume(state, req, token, v))
    .add('GET', '/volumes', (req, _p, token) => listVolumes(state, req, token, false, 0))
    .add('GET', '/volumes/detail', (req, _p, token, v) => listVolumes(state, req, token, true, v))
    .add('GET', '/volumes/{volume_id}', (req, p, token, v) =>
      json(200, {
        volume: volumeBody(state, state.volume(p.volume_id!, token), bodyOptions(req, token, v, 'show')),
      }),
    )
    .add('PUT', '/volumes/{volume_id}', (req, p, token, v) =>
      updateVolume(state, req, p.volume_id!, token, v),
    )
    .add('DELETE', '/volumes/{volume_id}', (req, p, token) => deleteVolume(state, req, p.volume_id!, token))
    .add('POST', '/volumes/{volume_id}/action', volumeActionHandler(state));
  addMetadataRoutes(routes, state, 'volumes');
}

/** The options of a volume body for this request: its microversion, view, the caller's role and origin. */
function bodyOptions(
  req: FakeRequest,
  token: FakeToken,
  version: number,
  view: VolumeView,
): VolumeBodyOptions {
  return { version, view, admin: token.roles.includes('admin'), origin: req.origin };
}

function createVolume(state: CinderState, req: FakeRequest, token: FakeToken, version: number): FakeResponse {
  const spec = cinderBodyObject(req, 'volume');
  const projectId = token.project!.id;
  const snapshotId = optionalString(spec, 'snapshot_id') ?? null;
  const sourceVolid = optionalString(spec, 'source_volid') ?? null;
  let size = spec.size;
  if (snapshotId !== null) {
    const snapshot = state.snapshots.get(snapshotId);
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
    const source = state.volumes.get(sourceVolid);
    if (!source || source.projectId !== projectId)
      throw new FakeHttpError(404, `Volume ${sourceVolid} could not be found.`);
    size ??= source.size;
  }
  // Cinder's own answer to a create without a size (nor a source to take it from).
  if (size === undefined || size === null)
    throw new FakeHttpError(
      400,
      'The server could not comply with the request since it is either malformed or otherwise incorrect.',
    );
  if (typeof size === 'string' && /^\d+$/.test(size)) size = Number(size);
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    throw new FakeHttpError(
      400,
      `Invalid input received: Volume size '${String(size)}' must be an integer and greater than 0.`,
    );
  }
  const typeRef = optionalString(spec, 'volume_type');
  const type =
    typeRef === undefined ? state.types[0]! : state.types.find((t) => t.id === typeRef || t.name === typeRef);
  if (!type) throw new FakeHttpError(404, `Volume type with name ${typeRef} could not be found.`);
  const multiattach = spec.multiattach === true;
  checkVolumeQuota(state, projectId, 1, size, { creating: true });
  const now = state.context.now();
  const volume: FakeVolume = {
    id: newUuid(),
    projectId,
    userId: token.user.id,
    name: optionalString(spec, 'name') ?? optionalString(spec, 'display_name') ?? null,
    description: optionalString(spec, 'description') ?? optionalString(spec, 'display_description') ?? null,
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
  state.volumes.set(volume.id, volume);
  state.later(state.context.delays.volumeCreate, () => {
    volume.host = 'fake-host@lvmdriver-1#lvmdriver-1';
    state.setStatus(
      volume,
      state.context.random.chance(state.context.outcomes.volumeError) ? 'error' : 'available',
    );
  });
  return json(202, { volume: volumeBody(state, volume, bodyOptions(req, token, version, 'create')) });
}

function listVolumes(
  state: CinderState,
  req: FakeRequest,
  token: FakeToken,
  detail: boolean,
  version: number,
): FakeResponse {
  const projectId = token.project!.id;
  const allTenants = isTrue(req.query.get('all_tenants')) && token.roles.includes('admin');
  const name = req.query.get('name');
  const status = req.query.get('status');
  const list = [...state.volumes.values()].filter(
    (v) =>
      (allTenants || v.projectId === projectId) &&
      (name === null || v.name === name) &&
      (status === null || v.status === status),
  );
  list.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  const page = paginate(list, req, 'volumes');
  const items = page.items.map((v) =>
    detail
      ? volumeBody(state, v, bodyOptions(req, token, version, 'show'))
      : { id: v.id, name: v.name, links: links('volumes', v, req.origin) },
  );
  return json(200, pageBody(req, 'volumes', page, items));
}

function updateVolume(
  state: CinderState,
  req: FakeRequest,
  id: string,
  token: FakeToken,
  version: number,
): FakeResponse {
  const volume = state.volume(id, token);
  const spec = cinderBodyObject(req, 'volume');
  // Cinder v3 takes `display_name`/`display_description` (what `openstack volume set` sends) as aliases.
  const name = optionalString(spec, 'name') ?? optionalString(spec, 'display_name');
  const description = optionalString(spec, 'description') ?? optionalString(spec, 'display_description');
  if (name !== undefined) volume.name = name;
  if (description !== undefined) volume.description = description;
  if (spec.metadata !== undefined) volume.metadata = optionalMetadata(spec, 'metadata');
  volume.updatedAt = state.context.now();
  return json(200, { volume: volumeBody(state, volume, bodyOptions(req, token, version, 'update')) });
}

const NOT_DELETABLE =
  'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.';

function deleteVolume(state: CinderState, req: FakeRequest, id: string, token: FakeToken): FakeResponse {
  const volume = state.volume(id, token);
  const cascade = isTrue(req.query.get('cascade'));
  if (!DELETABLE_VOLUME_STATUSES.has(volume.status) || volume.attachStatus === 'attached') {
    throw new FakeHttpError(400, NOT_DELETABLE);
  }
  const snapshots = [...state.snapshots.values()].filter((s) => s.volumeId === id);
  if (snapshots.length > 0) {
    if (!cascade) throw new FakeHttpError(400, NOT_DELETABLE);
    const bad = snapshots.find((s) => !['available', 'error', 'deleting'].includes(s.status));
    if (bad)
      throw new FakeHttpError(
        400,
        `Invalid volume: Snapshot ${bad.id} status must be available or error or deleting for cascade delete.`,
      );
  }
  if (volume.host === null) {
    // Never scheduled: removed at once, as Cinder does.
    state.volumes.delete(id);
    return empty(202);
  }
  for (const snapshot of snapshots) startSnapshotDelete(state, snapshot, true);
  startVolumeDelete(state, volume);
  return empty(202);
}
