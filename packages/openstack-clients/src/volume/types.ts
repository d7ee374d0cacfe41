/** A volume attachment as Cinder lists it in `attachments[]`. */
export interface VolumeAttachmentInfo {
  attachmentId: string;
  volumeId: string;
  serverId: string;
  device: string | null;
  attachedAt: Date | null;
  hostName: string | null;
}

/** A Cinder volume (detail view). */
export interface Volume {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  availabilityZone: string | null;
  createdAt: Date;
  updatedAt: Date | null;
  attachments: VolumeAttachmentInfo[];
  bootable: boolean;
  encrypted: boolean;
  multiattach: boolean;
  volumeType: string | null;
  snapshotId: string | null;
  sourceVolid: string | null;
  metadata: Record<string, string>;
  userId: string | null;
  projectId: string | null;
}

/** A volume in a summary list: id and name. */
export interface VolumeSummary {
  id: string;
  name: string | null;
}

/** Fields of a volume create request. */
export interface CreateVolumeRequest {
  size?: number;
  name?: string;
  description?: string;
  volumeType?: string;
  availabilityZone?: string;
  metadata?: Record<string, string>;
  snapshotId?: string;
  sourceVolid?: string;
  imageRef?: string;
  multiattach?: boolean;
}

/** Filters and paging of volume and snapshot lists. */
export interface ListQuery {
  name?: string;
  status?: string;
  limit?: number;
  marker?: string;
  allTenants?: boolean;
}

/** A Cinder snapshot. */
export interface Snapshot {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  volumeId: string;
  metadata: Record<string, string>;
  createdAt: Date;
  updatedAt: Date | null;
  progress?: string;
  projectId?: string;
}

/** Fields of a snapshot create request. */
export interface CreateSnapshotRequest {
  volumeId: string;
  name?: string;
  description?: string;
  /** Snapshot an in-use volume (the portable rule: send it when the volume may be in-use). */
  force?: boolean;
  metadata?: Record<string, string>;
}

/** A volume type. */
export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

/** Cinder's absolute limits. */
export interface VolumeLimits {
  maxTotalVolumes: number;
  maxTotalSnapshots: number;
  maxTotalVolumeGigabytes: number;
  totalVolumesUsed: number;
  totalSnapshotsUsed: number;
  totalGigabytesUsed: number;
  [key: string]: number;
}
