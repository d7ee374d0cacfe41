/** One attachment of a volume to a server. */
export interface VolumeAttachmentRecord {
  attachmentId: string;
  serverId: string;
  device: string;
  attachedAt: number;
}

/** A volume as the fake stores it. */
export interface FakeVolume {
  id: string;
  projectId: string;
  userId: string;
  name: string | null;
  description: string | null;
  status: string;
  attachStatus: 'detached' | 'reserved' | 'attaching' | 'attached' | 'detaching';
  size: number;
  availabilityZone: string;
  createdAt: number;
  updatedAt: number | null;
  attachments: VolumeAttachmentRecord[];
  bootable: boolean;
  multiattach: boolean;
  volumeTypeId: string;
  snapshotId: string | null;
  sourceVolid: string | null;
  metadata: Record<string, string>;
  host: string | null;
}

/** A snapshot as the fake stores it. */
export interface FakeSnapshot {
  id: string;
  projectId: string;
  userId: string;
  volumeId: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number | null;
}

/** A volume type as the fake stores it. */
export interface FakeVolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}
