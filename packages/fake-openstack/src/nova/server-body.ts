import { createHash } from 'node:crypto';
import { databaseTime, novaTime } from '../fake-context';
import type { FakeFlavor, FakeServer } from './records';

/** Nova's `status` derived from vm_state (a delete does not change it; contract §3.2). */
export function serverStatus(s: FakeServer): string {
  switch (s.vmState) {
    case 'building':
      return 'BUILD';
    case 'active':
      return 'ACTIVE';
    case 'error':
      return 'ERROR';
    default:
      return 'UNKNOWN';
  }
}

/** Nova's `self` and `bookmark` links of a server. */
export function serverLinks(s: FakeServer, origin: string): { rel: string; href: string }[] {
  return [
    { rel: 'self', href: `${origin}/compute/v2.1/servers/${s.id}` },
    { rel: 'bookmark', href: `${origin}/compute/servers/${s.id}` },
  ];
}

/** A server's detailed JSON as Nova shows it at `version` (2.1 = 2001). */
export function serverBody(
  s: FakeServer,
  flavor: FakeFlavor,
  version: number,
  origin: string,
  view: 'show' | 'list' = 'show',
): Record<string, unknown> {
  const addresses: Record<string, unknown[]> = {};
  s.networkIds.forEach((networkId, i) => {
    addresses[i === 0 ? 'private' : `net-${networkId.slice(0, 8)}`] = [
      {
        addr: `10.0.${i}.${(parseInt(s.id.slice(0, 2), 16) % 250) + 3}`,
        version: 4,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': `fa:16:3e:${s.id.slice(0, 2)}:${s.id.slice(2, 4)}:${s.id.slice(4, 6)}`,
      },
    ];
  });
  const body: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    status: serverStatus(s),
    'OS-EXT-STS:task_state': s.taskState,
    'OS-EXT-STS:vm_state': s.vmState,
    'OS-EXT-STS:power_state': s.powerState,
    addresses,
    flavor:
      version >= 2047
        ? {
            original_name: flavor.name,
            ram: flavor.ram,
            vcpus: flavor.vcpus,
            disk: flavor.disk,
            ephemeral: 0,
            swap: 0,
            extra_specs: {},
          }
        : { id: flavor.id, links: [{ rel: 'bookmark', href: `${origin}/compute/flavors/${flavor.id}` }] },
    image:
      s.imageId === ''
        ? ''
        : { id: s.imageId, links: [{ rel: 'bookmark', href: `${origin}/compute/images/${s.imageId}` }] },
    key_name: s.keyName,
    metadata: s.metadata,
    created: novaTime(s.createdAt),
    updated: novaTime(s.updatedAt),
    tenant_id: s.projectId,
    user_id: s.userId,
    hostId: createHash('sha224').update(`fake-host${s.projectId}`).digest('hex'),
    // Nova's fake and libvirt drivers never report build progress: 0 before and after.
    progress: 0,
    links: serverLinks(s, origin),
    'os-extended-volumes:volumes_attached': [...s.volumes.keys()].map((id) =>
      version >= 2003 ? { id, delete_on_termination: false } : { id },
    ),
    'OS-EXT-AZ:availability_zone': s.availabilityZone,
    'OS-DCF:diskConfig': 'MANUAL',
    accessIPv4: '',
    accessIPv6: '',
    config_drive: '',
  };
  // Security groups are those of the server's ports: a server without networks has none, and no key.
  if (s.networkIds.length > 0) body.security_groups = [{ name: 'default' }];
  // The server-usage fields of every Nova v2.1 server: launched when it first became active.
  body['OS-SRV-USG:launched_at'] = s.launchedAt === undefined ? null : databaseTime(s.launchedAt);
  body['OS-SRV-USG:terminated_at'] = null;
  if (version >= 2009) body.locked = false;
  if (version >= 2019) body.description = s.description ?? null;
  if (version >= 2026) body.tags = [];
  if (version >= 2063) body.trusted_image_certificates = null;
  // Nova shows server_groups on a single server only, not in the detailed list.
  if (version >= 2071 && view === 'show') body.server_groups = [];
  if (version >= 2073) body.locked_reason = null;
  // From 2.90 every user sees the hostname Nova derived from the name at create.
  if (version >= 2090) body['OS-EXT-SRV-ATTR:hostname'] = sanitizedHostname(s.name);
  if (s.fault)
    body.fault = { code: s.fault.code, message: s.fault.message, created: novaTime(s.fault.created) };
  return body;
}

/**
 * The hostname Nova derives from a server's name (`nova.utils.sanitize_hostname`): lower case,
 * spaces and underscores as `-`, other characters outside `[a-z0-9.-]` dropped, no leading or
 * trailing `.`/`-`, at most 63 characters.
 */
export function sanitizedHostname(name: string): string {
  const hostname = name
    .toLowerCase()
    .replace(/[ _]/g, '-')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 63)
    .replace(/[.-]+$/, '');
  return hostname === '' ? 'server' : hostname;
}
