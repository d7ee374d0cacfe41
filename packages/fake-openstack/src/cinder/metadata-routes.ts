import { FakeHttpError, optionalMetadata } from '../fake-context';
import { json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import type { ServiceRoutes } from '../service-handler';
import { type CinderState, cinderBodyObject } from './cinder-state';

interface WithMetadata {
  id: string;
  metadata: Record<string, string>;
  updatedAt: number | null;
}

/**
 * The metadata routes of volumes or snapshots: create (merge), show, replace all, and one item's
 * show, replace and delete (what `openstack volume set --property` and `volume snapshot set
 * --property` call), answered as Cinder does.
 */
export function addMetadataRoutes(
  routes: ServiceRoutes,
  state: CinderState,
  kind: 'volumes' | 'snapshots',
): void {
  const param = kind === 'volumes' ? 'volume_id' : 'snapshot_id';
  const noun = kind === 'volumes' ? 'Volume' : 'Snapshot';
  const find = (id: string, token: FakeToken): WithMetadata =>
    kind === 'volumes' ? state.volume(id, token) : state.snapshot(id, token);
  const base = `/${kind}/{${param}}/metadata`;
  const touch = (resource: WithMetadata, metadata: Record<string, string>) => {
    resource.metadata = metadata;
    resource.updatedAt = state.context.now();
  };
  const missing = (resource: WithMetadata, key: string) =>
    new FakeHttpError(404, `${noun} ${resource.id} has no metadata with key ${key}.`);
  routes
    .add('GET', base, (_req, p, token) => json(200, { metadata: find(p[param]!, token).metadata }))
    .add('POST', base, (req, p, token) => {
      const resource = find(p[param]!, token);
      touch(resource, { ...resource.metadata, ...metadataOf(cinderBodyObject(req, 'metadata')) });
      return json(200, { metadata: resource.metadata });
    })
    .add('PUT', base, (req, p, token) => {
      const resource = find(p[param]!, token);
      touch(resource, metadataOf(cinderBodyObject(req, 'metadata')));
      return json(200, { metadata: resource.metadata });
    })
    .add('GET', `${base}/{key}`, (_req, p, token) => {
      const resource = find(p[param]!, token);
      const value = resource.metadata[p.key!];
      if (value === undefined) throw missing(resource, p.key!);
      return json(200, { meta: { [p.key!]: value } });
    })
    .add('PUT', `${base}/{key}`, (req, p, token) => {
      const resource = find(p[param]!, token);
      const meta = metadataOf(cinderBodyObject(req, 'meta'));
      const keys = Object.keys(meta);
      if (keys.length !== 1) throw new FakeHttpError(400, 'Request body contains too many items.');
      if (keys[0] !== p.key) throw new FakeHttpError(400, 'Request body and URI mismatch');
      touch(resource, { ...resource.metadata, ...meta });
      return json(200, { meta });
    })
    .add('DELETE', `${base}/{key}`, (_req, p, token) => {
      const resource = find(p[param]!, token);
      if (resource.metadata[p.key!] === undefined) throw missing(resource, p.key!);
      const { [p.key!]: _gone, ...rest } = resource.metadata;
      touch(resource, rest);
      // Cinder answers 200 with an empty body (webob's default content type).
      return { status: 200, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: '' };
    });
}

function metadataOf(value: Record<string, unknown>): Record<string, string> {
  return optionalMetadata({ metadata: value }, 'metadata');
}
