import { cinderTimePrecise, databaseTime } from '../fake-context';
import { type CinderState, links } from './cinder-state';
import type { FakeVolume } from './records';

/**
 * Which answer a volume body is for. Cinder's create and update answers lack the fields its
 * extensions add to show and list (`os-vol-tenant-attr:tenant_id` and the admin-only
 * `os-vol-host-attr:host`, `os-vol-mig-status-attr:*`); a create answer's timestamps keep their
 * sub-second part.
 */
export type VolumeView = 'create' | 'update' | 'show';

/** How a volume body is built: the microversion (3.0 = 3000), the view, the caller's role, the origin of links. */
export interface VolumeBodyOptions {
  version: number;
  view: VolumeView;
  admin: boolean;
  origin: string;
}

/** A volume's JSON as Cinder 21 (Zed) shows it, field by field (compared with a real Cinder 21). */
export function volumeBody(
  state: CinderState,
  v: FakeVolume,
  options: VolumeBodyOptions,
): Record<string, unknown> {
  const { version, view, admin, origin } = options;
  const time = view === 'create' ? cinderTimePrecise : databaseTime;
  const type = state.types.find((t) => t.id === v.volumeTypeId);
  const body: Record<string, unknown> = {
    id: v.id,
    name: v.name,
    description: v.description,
    status: v.status,
    size: v.size,
    availability_zone: v.availabilityZone,
    created_at: time(v.createdAt),
    updated_at: v.updatedAt === null ? null : time(v.updatedAt),
    attachments: v.attachments.map((a) => ({
      id: v.id,
      attachment_id: a.attachmentId,
      volume_id: v.id,
      server_id: a.serverId,
      host_name: null,
      device: a.device,
      attached_at: databaseTime(a.attachedAt),
    })),
    bootable: v.bootable ? 'true' : 'false',
    encrypted: false,
    multiattach: v.multiattach,
    volume_type: type?.name ?? null,
    snapshot_id: v.snapshotId,
    source_volid: v.sourceVolid,
    metadata: v.metadata,
    user_id: v.userId,
    links: links('volumes', v, origin),
    replication_status: null,
    consistencygroup_id: null,
  };
  // Cinder's base view shows migration_status to admins only.
  if (admin) body.migration_status = null;
  if (view === 'show') {
    body['os-vol-tenant-attr:tenant_id'] = v.projectId;
    if (admin) {
      body['os-vol-mig-status-attr:migstat'] = null;
      body['os-vol-mig-status-attr:name_id'] = null;
      body['os-vol-host-attr:host'] = v.host;
    }
  }
  if (version >= 3013) body.group_id = null;
  if (version >= 3021 && admin) body.provider_id = null;
  if (version >= 3048) {
    body.service_uuid = v.host === null ? null : SERVICE_UUID;
    body.shared_targets = false;
  }
  if (version >= 3061 && admin) body.cluster_name = null;
  if (version >= 3063) body.volume_type_id = v.volumeTypeId;
  // encryption_key_id (3.64) appears only for encrypted volumes; the fake's are never encrypted.
  if (version >= 3065) body.consumes_quota = true;
  return body;
}

/** The id of the fake's one cinder-volume service (`service_uuid` of a scheduled volume). */
const SERVICE_UUID = '0e4cd1ad-0a59-4bdb-9e0b-7a6f6b6c6c6c';
