/** A Nova server (detail view). */
export interface Server {
  id: string;
  name: string;
  status: string;
  taskState: string | null;
  vmState: string | null;
  powerState: number | null;
  addresses: Record<string, { addr: string; version: number; type?: string }[]>;
  flavorId: string | null;
  imageId: string | null;
  keyName: string | null;
  metadata: Record<string, string>;
  created: Date | null;
  updated: Date | null;
  projectId: string | null;
  volumesAttached: string[];
  fault?: { code: number; message: string };
}

/** What a server create returns. */
export interface CreatedServer {
  id: string;
  /** The generated admin password (registered as a secret by the session). */
  adminPass?: string;
}

/** Fields of a server create request. */
export interface CreateServerRequest {
  name: string;
  flavorRef: string;
  imageRef?: string;
  /** `auto`, `none`, or network ids (required by Nova from microversion 2.37). */
  networks?: 'auto' | 'none' | string[];
  keyName?: string;
  metadata?: Record<string, string>;
  availabilityZone?: string;
}

/** A volume attachment as Nova reports it. */
export interface VolumeAttachment {
  volumeId: string;
  serverId: string;
  device: string | null;
}

/** A keypair. */
export interface Keypair {
  name: string;
  publicKey: string;
  fingerprint: string;
  type?: string;
  userId?: string;
  /** Only when Nova generated the key. */
  privateKey?: string;
}

/** A flavor. */
export interface Flavor {
  id: string;
  name: string;
  ram?: number;
  vcpus?: number;
  disk?: number;
}
