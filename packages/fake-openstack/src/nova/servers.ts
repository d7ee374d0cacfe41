import { randomBytes } from 'node:crypto';
import {
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
import { keypairKey, type NovaState } from './nova-state';
import { pythonRepr } from './python-repr';
import { checkServerQuota } from './quotas';
import type { FakeServer } from './records';
import { serverBody, serverLinks, serverStatus } from './server-body';
import { advanceBuild, finishDelete } from './server-lifecycle';

/** Nova's servers: create (the build machine), list (summary and detail), show, delete, `forceDelete`. */
export function addServerRoutes(routes: ServiceRoutes, state: NovaState): void {
  routes
    .add('POST', '/servers', (req, _p, token, v) => createServer(state, req, token, v))
    .add('GET', '/servers', (req, _p, token) => listServers(state, req, token, false, 0))
    .add('GET', '/servers/detail', (req, _p, token, v) => listServers(state, req, token, true, v))
    .add('GET', '/servers/{server_id}', (req, p, token, v) => {
      const server = state.server(p.server_id!, token);
      return json(200, { server: serverBody(server, state.flavorOf(server), v, req.origin) });
    })
    .add('DELETE', '/servers/{server_id}', (_req, p, token) => deleteServer(state, p.server_id!, token))
    .add('POST', '/servers/{server_id}/action', (req, p, token) =>
      serverAction(state, req, p.server_id!, token),
    );
}

function createServer(state: NovaState, req: FakeRequest, token: FakeToken, version: number): FakeResponse {
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
  // The request schema (networks required from 2.37, its type) is checked before any lookup.
  const networkIds = networksFor(state, spec, version);
  const flavor = state.flavors.find((f) => f.id === flavorRef || flavorRef.endsWith(`/flavors/${f.id}`));
  if (!flavor) throw new FakeHttpError(400, `Flavor ${flavorRef} could not be found.`);
  const imageRef = optionalString(spec, 'imageRef');
  const bootFromVolume =
    Array.isArray(spec.block_device_mapping_v2) && spec.block_device_mapping_v2.length > 0;
  if (!bootFromVolume) {
    if (imageRef === undefined) throw new FakeHttpError(400, 'Missing imageRef attribute');
    if (!state.imageIds.some((id) => id === imageRef || imageRef.endsWith(`/images/${id}`))) {
      throw new FakeHttpError(400, `Image ${imageRef} could not be found.`);
    }
  }
  const keyName = optionalString(spec, 'key_name') ?? null;
  if (keyName !== null && !state.keypairs.has(keypairKey(token.user.id, keyName))) {
    throw new FakeHttpError(400, `Invalid key_name provided.`);
  }
  checkServerQuota(state, token, flavor);
  const now = state.context.now();
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
    description: version >= 2019 ? (optionalString(spec, 'description') ?? null) : null,
    networkIds,
    volumes: new Map(),
  };
  state.servers.set(server.id, server);
  advanceBuild(state, server, ['networking', 'block_device_mapping', 'spawning']);
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

function networksFor(state: NovaState, spec: Record<string, unknown>, version: number): string[] {
  const available = state.networkIds();
  const networks = spec.networks;
  if (networks === undefined) {
    if (version >= 2037)
      throw new FakeHttpError(
        400,
        `Invalid input for field/attribute server. Value: ${pythonRepr(spec)}. 'networks' is a required property`,
      );
    return available.slice(0, 1);
  }
  if ((networks === 'auto' || networks === 'none') && version < 2037)
    // Below 2.37 Nova's request schema takes only a list.
    throw new FakeHttpError(
      400,
      `Invalid input for field/attribute networks. Value: ${networks}. '${networks}' is not of type 'array'`,
    );
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

function listServers(
  state: NovaState,
  req: FakeRequest,
  token: FakeToken,
  detail: boolean,
  version: number,
): FakeResponse {
  const name = req.query.get('name');
  const status = req.query.get('status');
  const list = [...state.servers.values()]
    .filter(
      (s) =>
        s.projectId === token.project!.id &&
        (name === null || new RegExp(name).test(s.name)) &&
        (status === null || serverStatus(s) === status.toUpperCase()),
    )
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  const page = paginate(list, req, 'servers');
  const items = page.items.map((s) =>
    detail
      ? serverBody(s, state.flavorOf(s), version, req.origin, 'list')
      : { id: s.id, name: s.name, links: serverLinks(s, req.origin) },
  );
  return json(200, pageBody(req, 'servers', page, items));
}

function deleteServer(state: NovaState, id: string, token: FakeToken): FakeResponse {
  const server = state.server(id, token);
  if (server.taskState === 'deleting') return empty(204);
  server.taskState = 'deleting';
  server.updatedAt = state.context.now();
  state.later(state.context.delays.serverDelete, () => finishDelete(state, server));
  return empty(204);
}

function serverAction(state: NovaState, req: FakeRequest, id: string, token: FakeToken): FakeResponse {
  const server = state.server(id, token);
  const body = parseJsonBody(req.body);
  const [action] = Object.keys(body);
  if (action === 'forceDelete') {
    finishDelete(state, server);
    return empty(202);
  }
  throw new FakeHttpError(400, `There is no such action: ${action ?? '(none)'}`);
}
