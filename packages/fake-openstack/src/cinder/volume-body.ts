import { cinderTime } from '../fake-context';
import { type CinderState, links } from './cinder-state';
import type { FakeVolume } from './records';

/** A volume's JSON as Cinder shows it at `version` (3.0 = 3000). */
export function volumeBody(state: CinderState, v: FakeVolume, version: number): Record<string, unknown> {
  const type = state.types.find((t) => t.id === v.volumeTypeId);
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
