import { createHash } from 'node:crypto';
import { FakeHttpError, optionalString, parseJsonBody, requireObject } from '../fake-context';
import { empty, type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { FakeToken } from '../keystone/fake-keystone';
import type { ServiceRoutes } from '../service-handler';
import type { NovaState } from './nova-state';

const ATTACHABLE_VM_STATES = new Set(['active']);

/** Nova's volume attachments of a server: attach, list, show, detach (through Cinder's side). */
export function addVolumeAttachmentRoutes(routes: ServiceRoutes, state: NovaState): void {
  routes
    .add('POST', '/servers/{server_id}/os-volume_attachments', (req, p, token, v) =>
      attach(state, req, p.server_id!, token, v),
    )
    .add('GET', '/servers/{server_id}/os-volume_attachments', (_req, p, token, v) => {
      const server = state.server(p.server_id!, token);
      return json(200, {
        volumeAttachments: [...server.volumes].map(([vid, device]) =>
          attachmentBody(server.id, vid, device, v, attachmentIdOf(state, server.id, vid)),
        ),
      });
    })
    .add('GET', '/servers/{server_id}/os-volume_attachments/{volume_id}', (_req, p, token, v) => {
      const server = state.server(p.server_id!, token);
      const device = server.volumes.get(p.volume_id!);
      if (device === undefined)
        throw new FakeHttpError(404, `Instance ${server.id} is not attached to volume ${p.volume_id}.`);
      return json(200, {
        volumeAttachment: attachmentBody(
          server.id,
          p.volume_id!,
          device,
          v,
          attachmentIdOf(state, server.id, p.volume_id!),
        ),
      });
    })
    .add('DELETE', '/servers/{server_id}/os-volume_attachments/{volume_id}', (_req, p, token) =>
      detach(state, p.server_id!, p.volume_id!, token),
    );
}

function attach(
  state: NovaState,
  req: FakeRequest,
  serverId: string,
  token: FakeToken,
  version: number,
): FakeResponse {
  const server = state.server(serverId, token);
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
  state.attachments.reserveForAttach(volumeId, server.id, token.project!.id, device);
  server.volumes.set(volumeId, device);
  if (version >= 2101) return empty(202);
  // Nova's attach answer keeps `id` at every microversion (2.89 changed only list and show).
  return json(200, {
    volumeAttachment: attachmentBody(server.id, volumeId, device, Math.min(version, 2088)),
  });
}

function detach(state: NovaState, serverId: string, volumeId: string, token: FakeToken): FakeResponse {
  const server = state.server(serverId, token);
  if (!server.volumes.has(volumeId))
    throw new FakeHttpError(404, `Volume ${volumeId} is not attached to server ${serverId}.`);
  if (!ATTACHABLE_VM_STATES.has(server.vmState) || server.taskState !== null) {
    throw new FakeHttpError(
      409,
      `Cannot 'detach_volume' instance ${server.id} while it is in vm_state ${server.vmState}`,
    );
  }
  state.attachments.beginDetach(volumeId, serverId, () => server.volumes.delete(volumeId));
  return empty(202);
}

function attachmentBody(
  serverId: string,
  volumeId: string,
  device: string,
  version: number,
  attachmentId?: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = { serverId, volumeId, device };
  if (version >= 2089) {
    body.attachment_id = attachmentId ?? null;
    body.bdm_uuid = bdmUuid(serverId, volumeId);
  } else {
    body.id = volumeId;
  }
  if (version >= 2070) body.tag = null;
  if (version >= 2079) body.delete_on_termination = false;
  return body;
}

/** A stable UUID-shaped id of the block device mapping of `volumeId` on `serverId`. */
function bdmUuid(serverId: string, volumeId: string): string {
  const hex = createHash('sha1').update(`${serverId}/${volumeId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The Cinder attachment id of `volumeId` on `serverId` (what 2.89+ shows as `attachment_id`). */
function attachmentIdOf(state: NovaState, serverId: string, volumeId: string): string | undefined {
  return state.volumes.get(volumeId)?.attachments.find((a) => a.serverId === serverId)?.attachmentId;
}
