import type { CinderState } from './cinder/cinder-state';
import type { FakeFloatingIp } from './neutron/fake-neutron';
import type { NovaState } from './nova/nova-state';
import { serverStatus } from './nova/server-body';

/** Live resources of the fake, to prove a run left nothing behind. */
export interface FakeCloudResources {
  volumes: { id: string; name: string | null; status: string }[];
  snapshots: { id: string; name: string | null; status: string; volumeId: string }[];
  servers: { id: string; name: string; status: string }[];
  floatingIps: { id: string; address: string; status: string }[];
  keypairs: { name: string }[];
}

/** The live resources held in the services' state, each as its id, name and API status. */
export function liveResources(
  cinder: CinderState,
  nova: NovaState,
  floatingIps: ReadonlyMap<string, FakeFloatingIp>,
): FakeCloudResources {
  return {
    volumes: [...cinder.volumes.values()].map((v) => ({ id: v.id, name: v.name, status: v.status })),
    snapshots: [...cinder.snapshots.values()].map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
      volumeId: s.volumeId,
    })),
    servers: [...nova.servers.values()].map((s) => ({ id: s.id, name: s.name, status: serverStatus(s) })),
    floatingIps: [...floatingIps.values()].map((f) => ({ id: f.id, address: f.address, status: f.status })),
    keypairs: [...nova.keypairs.values()].map((k) => ({ name: k.name })),
  };
}
