import { parseOpenStackTime } from '../wire-time';
import type { Snapshot, Volume, VolumeAttachmentInfo, VolumeSummary, VolumeType } from './types';

type Wire = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Cinder's volume JSON -> {@link Volume}. */
export function volumeFromWire(w: Wire): Volume {
  return {
    id: String(w.id),
    name: str(w.name),
    description: str(w.description),
    status: String(w.status),
    size: Number(w.size),
    availabilityZone: str(w.availability_zone),
    createdAt: parseOpenStackTime(w.created_at) ?? new Date(0),
    updatedAt: parseOpenStackTime(w.updated_at),
    attachments: Array.isArray(w.attachments) ? (w.attachments as Wire[]).map(attachmentFromWire) : [],
    bootable: w.bootable === true || w.bootable === 'true',
    encrypted: w.encrypted === true,
    multiattach: w.multiattach === true,
    volumeType: str(w.volume_type),
    snapshotId: str(w.snapshot_id),
    sourceVolid: str(w.source_volid),
    metadata: (w.metadata as Record<string, string>) ?? {},
    userId: str(w.user_id),
    projectId: str(w['os-vol-tenant-attr:tenant_id']),
  };
}

function attachmentFromWire(w: Wire): VolumeAttachmentInfo {
  return {
    attachmentId: String(w.attachment_id ?? w.id),
    volumeId: String(w.volume_id ?? w.id),
    serverId: String(w.server_id),
    device: str(w.device),
    attachedAt: parseOpenStackTime(w.attached_at),
    hostName: str(w.host_name),
  };
}

/** A summary list entry. */
export function volumeSummaryFromWire(w: Wire): VolumeSummary {
  return { id: String(w.id), name: str(w.name) };
}

/** Cinder's snapshot JSON -> {@link Snapshot}. */
export function snapshotFromWire(w: Wire): Snapshot {
  const snapshot: Snapshot = {
    id: String(w.id),
    name: str(w.name),
    description: str(w.description),
    status: String(w.status),
    size: Number(w.size),
    volumeId: String(w.volume_id),
    metadata: (w.metadata as Record<string, string>) ?? {},
    createdAt: parseOpenStackTime(w.created_at) ?? new Date(0),
    updatedAt: parseOpenStackTime(w.updated_at),
  };
  const progress = str(w['os-extended-snapshot-attributes:progress']);
  const projectId = str(w['os-extended-snapshot-attributes:project_id']);
  if (progress !== null) snapshot.progress = progress;
  if (projectId !== null) snapshot.projectId = projectId;
  return snapshot;
}

/** A volume type. */
export function volumeTypeFromWire(w: Wire): VolumeType {
  return {
    id: String(w.id),
    name: String(w.name),
    description: str(w.description),
    isPublic: w.is_public !== false && w['os-volume-type-access:is_public'] !== false,
    extraSpecs: (w.extra_specs as Record<string, string>) ?? {},
  };
}
