import { FakeHttpError, optionalMetadata } from '../fake-context';
import { json } from '../fake-request';
import type { ServiceRoutes } from '../service-handler';
import { type CinderState, cinderBodyObject } from './cinder-state';

/**
 * A volume's metadata: create (merge), show, replace all, and one item's show, replace and delete
 * (what `openstack volume set --property` and `unset --property` call).
 */
export function addVolumeMetadataRoutes(routes: ServiceRoutes, state: CinderState): void {
  routes
    .add('GET', '/volumes/{volume_id}/metadata', (_req, p, token) =>
      json(200, { metadata: state.volume(p.volume_id!, token).metadata }),
    )
    .add('POST', '/volumes/{volume_id}/metadata', (req, p, token) => {
      const volume = state.volume(p.volume_id!, token);
      const added = metadataOf(cinderBodyObject(req, 'metadata'));
      volume.metadata = { ...volume.metadata, ...added };
      volume.updatedAt = state.context.now();
      return json(200, { metadata: volume.metadata });
    })
    .add('PUT', '/volumes/{volume_id}/metadata', (req, p, token) => {
      const volume = state.volume(p.volume_id!, token);
      volume.metadata = metadataOf(cinderBodyObject(req, 'metadata'));
      volume.updatedAt = state.context.now();
      return json(200, { metadata: volume.metadata });
    })
    .add('GET', '/volumes/{volume_id}/metadata/{key}', (_req, p, token) => {
      const volume = state.volume(p.volume_id!, token);
      const value = volume.metadata[p.key!];
      if (value === undefined)
        throw new FakeHttpError(404, `Volume ${volume.id} has no metadata with key ${p.key}.`);
      return json(200, { meta: { [p.key!]: value } });
    })
    .add('PUT', '/volumes/{volume_id}/metadata/{key}', (req, p, token) => {
      const volume = state.volume(p.volume_id!, token);
      const meta = metadataOf(cinderBodyObject(req, 'meta'));
      const keys = Object.keys(meta);
      if (keys.length !== 1) throw new FakeHttpError(400, 'Request body contains too many items.');
      if (keys[0] !== p.key) throw new FakeHttpError(400, 'Request body and URI mismatch');
      volume.metadata = { ...volume.metadata, ...meta };
      volume.updatedAt = state.context.now();
      return json(200, { meta });
    })
    .add('DELETE', '/volumes/{volume_id}/metadata/{key}', (_req, p, token) => {
      const volume = state.volume(p.volume_id!, token);
      if (volume.metadata[p.key!] === undefined)
        throw new FakeHttpError(404, `Volume ${volume.id} has no metadata with key ${p.key}.`);
      const { [p.key!]: _gone, ...rest } = volume.metadata;
      volume.metadata = rest;
      volume.updatedAt = state.context.now();
      // Cinder answers 200 with an empty body.
      return { status: 200, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: '' };
    });
}

function metadataOf(value: Record<string, unknown>): Record<string, string> {
  return optionalMetadata({ metadata: value }, 'metadata');
}
