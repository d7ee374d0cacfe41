import { parseOpenStackTime } from '../wire-time';
import type { Flavor, Keypair, Server, VolumeAttachment } from './types';

type Wire = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Nova's server JSON -> {@link Server}. */
export function serverFromWire(w: Wire): Server {
  const addresses: Server['addresses'] = {};
  for (const [network, list] of Object.entries((w.addresses as Record<string, Wire[]>) ?? {})) {
    addresses[network] = list.map((a) => ({
      addr: String(a.addr),
      version: Number(a.version),
      ...(a['OS-EXT-IPS:type'] ? { type: String(a['OS-EXT-IPS:type']) } : {}),
    }));
  }
  const flavor = w.flavor as Wire | undefined;
  const image = w.image as Wire | string | undefined;
  const server: Server = {
    id: String(w.id),
    name: String(w.name),
    status: String(w.status),
    taskState: str(w['OS-EXT-STS:task_state']),
    vmState: str(w['OS-EXT-STS:vm_state']),
    powerState:
      typeof w['OS-EXT-STS:power_state'] === 'number' ? (w['OS-EXT-STS:power_state'] as number) : null,
    addresses,
    flavorId: flavor ? (str(flavor.id) ?? str(flavor.original_name)) : null,
    imageId: image && typeof image === 'object' ? str(image.id) : null,
    keyName: str(w.key_name),
    metadata: (w.metadata as Record<string, string>) ?? {},
    created: parseOpenStackTime(w.created),
    updated: parseOpenStackTime(w.updated),
    projectId: str(w.tenant_id),
    volumesAttached: ((w['os-extended-volumes:volumes_attached'] as Wire[]) ?? []).map((v) => String(v.id)),
  };
  const fault = w.fault as Wire | undefined;
  if (fault) server.fault = { code: Number(fault.code), message: String(fault.message) };
  return server;
}

/** Nova's volumeAttachment JSON. */
export function volumeAttachmentFromWire(w: Wire): VolumeAttachment {
  return { volumeId: String(w.volumeId), serverId: String(w.serverId), device: str(w.device) };
}

/** Nova's keypair JSON. */
export function keypairFromWire(w: Wire): Keypair {
  const keypair: Keypair = {
    name: String(w.name),
    publicKey: String(w.public_key),
    fingerprint: String(w.fingerprint),
  };
  if (typeof w.type === 'string') keypair.type = w.type;
  if (typeof w.user_id === 'string') keypair.userId = w.user_id;
  if (typeof w.private_key === 'string') keypair.privateKey = w.private_key;
  return keypair;
}

/** Nova's flavor JSON. */
export function flavorFromWire(w: Wire): Flavor {
  const flavor: Flavor = { id: String(w.id), name: String(w.name) };
  if (typeof w.ram === 'number') flavor.ram = w.ram;
  if (typeof w.vcpus === 'number') flavor.vcpus = w.vcpus;
  if (typeof w.disk === 'number') flavor.disk = w.disk;
  return flavor;
}
