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
import type { ServiceRoutes } from '../service-handler';
import { type CinderState, requireAdmin } from './cinder-state';
import type { FakeVolumeType } from './records';

/** Cinder's volume types: list, default, show; create and delete (admin). */
export function addVolumeTypeRoutes(routes: ServiceRoutes, state: CinderState): void {
  routes
    .add('GET', '/types', (_req, _p, token) =>
      json(200, { volume_types: state.types.map((t) => typeBody(t, token)) }),
    )
    .add('GET', '/types/default', (_req, _p, token) => {
      // The type-access extension decorates show and list only, not the default type's answer.
      const { 'os-volume-type-access:is_public': _access, ...body } = typeBody(state.types[0]!, token);
      return json(200, { volume_type: body });
    })
    .add('GET', '/types/{type_id}', (_req, p, token) =>
      json(200, { volume_type: typeBody(volumeType(state, p.type_id!), token) }),
    )
    .add('POST', '/types', (req, _p, token) => createType(state, req, token))
    .add('DELETE', '/types/{type_id}', (_req, p, token) => deleteType(state, p.type_id!, token));
}

function volumeType(state: CinderState, id: string): FakeVolumeType {
  const type = state.types.find((t) => t.id === id || t.name === id);
  if (!type) throw new FakeHttpError(404, `Volume type ${id} could not be found.`);
  return type;
}

function createType(state: CinderState, req: FakeRequest, token: FakeToken): FakeResponse {
  requireAdmin(token, 'volume_extension:type_create');
  const spec = requireObject(parseJsonBody(req.body), 'volume_type');
  const name = optionalString(spec, 'name');
  if (!name) throw new FakeHttpError(400, 'Volume type name can not be empty.');
  if (state.types.some((t) => t.name === name))
    throw new FakeHttpError(409, `Volume Type ${name} already exists.`);
  const type: FakeVolumeType = {
    id: newUuid(),
    name,
    description: optionalString(spec, 'description') ?? null,
    isPublic: spec['os-volume-type-access:is_public'] !== false,
    extraSpecs: optionalMetadata(spec, 'extra_specs'),
  };
  state.types.push(type);
  return json(200, { volume_type: typeBody(type, token) });
}

function deleteType(state: CinderState, id: string, token: FakeToken): FakeResponse {
  requireAdmin(token, 'volume_extension:type_delete');
  const type = volumeType(state, id);
  if (type === state.types[0])
    throw new FakeHttpError(400, 'Target volume type is the default type and cannot be deleted.');
  for (const v of state.volumes.values()) {
    if (v.volumeTypeId === type.id)
      throw new FakeHttpError(
        400,
        `Target volume type is still in use. Volume type ${type.id} deletion is not allowed with volumes present with the type.`,
      );
  }
  state.types.splice(state.types.indexOf(type), 1);
  return empty(202);
}

/** A volume type as Cinder 21 shows it: `qos_specs_id` to admins only (compared with a real Cinder 21). */
function typeBody(t: FakeVolumeType, token: FakeToken): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    description: t.description,
    is_public: t.isPublic,
    extra_specs: t.extraSpecs,
    'os-volume-type-access:is_public': t.isPublic,
  };
  if (token.roles.includes('admin')) body.qos_specs_id = null;
  return body;
}
