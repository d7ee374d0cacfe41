import {
  cinderTimePrecise,
  databaseTime,
  FakeHttpError,
  newUuid,
  optionalMetadata,
  optionalString,
  parseJsonBody,
  requireObject,
} from '../fake-context';
import { empty, type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import { pageBody, paginate } from '../pagination';
import type { ServiceRoutes } from '../service-handler';
import { type CinderState, requireAdmin } from './cinder-state';
import { startSnapshotDelete } from './deletion';
import { addMetadataRoutes } from './metadata-routes';
import { checkSnapshotQuota } from './quotas';
import type { FakeSnapshot } from './records';

/** Cinder's snapshots: create, list (summary and detail), show, update, delete, admin actions, metadata. */
export function addSnapshotRoutes(routes: ServiceRoutes, state: CinderState): void {
  routes
    .add('POST', '/snapshots', (req, _p, token, v) => createSnapshot(state, req, token, v))
    .add('GET', '/snapshots', (req, _p, token, v) => listSnapshots(state, req, token, 'list', v))
    .add('GET', '/snapshots/detail', (req, _p, token, v) => listSnapshots(state, req, token, 'show', v))
    .add('GET', '/snapshots/{snapshot_id}', (_req, p, token, v) =>
      json(200, { snapshot: snapshotBody(state.snapshot(p.snapshot_id!, token), 'show', v) }),
    )
    .add('PUT', '/snapshots/{snapshot_id}', (req, p, token, v) =>
      updateSnapshot(state, req, p.snapshot_id!, token, v),
    )
    .add('DELETE', '/snapshots/{snapshot_id}', (_req, p, token) =>
      deleteSnapshot(state, p.snapshot_id!, token),
    )
    .add('POST', '/snapshots/{snapshot_id}/action', (req, p, token) =>
      snapshotAction(state, req, p.snapshot_id!, token),
    );
  addMetadataRoutes(routes, state, 'snapshots');
}

function createSnapshot(
  state: CinderState,
  req: FakeRequest,
  token: FakeToken,
  version: number,
): FakeResponse {
  const spec = requireObject(parseJsonBody(req.body), 'snapshot');
  const volumeId = optionalString(spec, 'volume_id');
  if (volumeId === undefined)
    throw new FakeHttpError(
      400,
      "Invalid input for field/attribute snapshot. 'volume_id' is a required property.",
    );
  const volume = state.volumes.get(volumeId);
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
  checkSnapshotQuota(state, projectId, volume.size);
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
    createdAt: state.context.now(),
    updatedAt: null,
  };
  state.snapshots.set(snapshot.id, snapshot);
  state.later(state.context.delays.snapshotCreate, () => {
    state.setStatus(
      snapshot,
      state.context.random.chance(state.context.outcomes.snapshotError) ? 'error' : 'available',
    );
  });
  return json(202, { snapshot: snapshotBody(snapshot, 'create', version) });
}

function listSnapshots(
  state: CinderState,
  req: FakeRequest,
  token: FakeToken,
  view: SnapshotView,
  version: number,
): FakeResponse {
  const projectId = token.project!.id;
  const name = req.query.get('name');
  const status = req.query.get('status');
  const volumeId = req.query.get('volume_id');
  const list = [...state.snapshots.values()]
    .filter(
      (s) =>
        s.projectId === projectId &&
        (name === null || s.name === name) &&
        (status === null || s.status === status) &&
        (volumeId === null || s.volumeId === volumeId),
    )
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  const page = paginate(list, req, 'snapshots');
  return json(
    200,
    pageBody(
      req,
      'snapshots',
      page,
      page.items.map((s) => snapshotBody(s, view, version)),
    ),
  );
}

function updateSnapshot(
  state: CinderState,
  req: FakeRequest,
  id: string,
  token: FakeToken,
  version: number,
): FakeResponse {
  const snapshot = state.snapshot(id, token);
  const spec = requireObject(parseJsonBody(req.body), 'snapshot');
  const name = optionalString(spec, 'name');
  const description = optionalString(spec, 'description');
  if (name !== undefined) snapshot.name = name;
  if (description !== undefined) snapshot.description = description;
  // Cinder answers with the record as it was read before the write: updated_at is the previous one.
  const answer = snapshotBody(snapshot, 'list', version);
  snapshot.updatedAt = state.context.now();
  return json(200, { snapshot: answer });
}

function deleteSnapshot(state: CinderState, id: string, token: FakeToken): FakeResponse {
  const snapshot = state.snapshot(id, token);
  if (snapshot.status !== 'available' && snapshot.status !== 'error') {
    throw new FakeHttpError(
      400,
      `Invalid snapshot: Volume Snapshot status must be available or error and must not be part of a group. (current status: ${snapshot.status})`,
    );
  }
  startSnapshotDelete(state, snapshot, false);
  return empty(202);
}

function snapshotAction(state: CinderState, req: FakeRequest, id: string, token: FakeToken): FakeResponse {
  const snapshot = state.snapshot(id, token);
  const body = parseJsonBody(req.body);
  const [action] = Object.keys(body);
  requireAdmin(token, `volume_extension:snapshot_admin_actions:${(action ?? '').replace(/^os-/, '')}`);
  if (action === 'os-force_delete') {
    startSnapshotDelete(state, snapshot, true);
    return empty(202);
  }
  if (action === 'os-reset_status') {
    const status = optionalString(requireObject(body, 'os-reset_status'), 'status');
    if (status === undefined) throw new FakeHttpError(400, "Must specify 'status'.");
    state.setStatus(snapshot, status);
    return empty(202);
  }
  throw new FakeHttpError(400, `There is no such action: ${action ?? '(none)'}`);
}

/**
 * Which answer a snapshot body is for: Cinder's show and detail list add the
 * `os-extended-snapshot-attributes:*` fields; create, update and the summary list do not; a create
 * answer's timestamps keep their sub-second part.
 */
type SnapshotView = 'create' | 'list' | 'show';

/** A snapshot's JSON as Cinder 21 (Zed) shows it at `version` (compared with a real Cinder 21). */
function snapshotBody(s: FakeSnapshot, view: SnapshotView, version: number): Record<string, unknown> {
  const time = view === 'create' ? cinderTimePrecise : databaseTime;
  const body: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    description: s.description,
    status: s.status,
    size: s.size,
    volume_id: s.volumeId,
    metadata: s.metadata,
    created_at: time(s.createdAt),
    updated_at: s.updatedAt === null ? null : time(s.updatedAt),
  };
  if (version >= 3014) body.group_snapshot_id = null;
  if (version >= 3041) body.user_id = s.userId;
  if (version >= 3065) body.consumes_quota = true;
  if (view === 'show') {
    // Cinder's progress: 100% once the backend has it (available, and still while deleting).
    body['os-extended-snapshot-attributes:progress'] =
      s.status === 'available' || s.status === 'deleting' ? '100%' : '0%';
    body['os-extended-snapshot-attributes:project_id'] = s.projectId;
  }
  return body;
}
