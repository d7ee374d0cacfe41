/** A server as the fake stores it. */
export interface FakeServer {
  id: string;
  projectId: string;
  userId: string;
  name: string;
  vmState: 'building' | 'active' | 'error' | 'deleted';
  taskState: string | null;
  powerState: number;
  flavorId: string;
  imageId: string;
  keyName: string | null;
  metadata: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  /** When it first became active (`OS-SRV-USG:launched_at`). */
  launchedAt?: number;
  /** Its description (2.19+), `null` when none was given. */
  description?: string | null;
  availabilityZone: string;
  networkIds: string[];
  /** volume id -> device (Nova's block device mappings). */
  volumes: Map<string, string>;
  fault?: { code: number; message: string; created: number };
}

/** A keypair as the fake stores it. */
export interface FakeKeypair {
  id: number;
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: string;
  createdAt: number;
}

/** A flavor the fake offers. */
export interface FakeFlavor {
  id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
  /** Its extra specs (`os-extra_specs`); none when absent. */
  extraSpecs?: Record<string, string>;
}
