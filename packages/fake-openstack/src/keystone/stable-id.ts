import { createHash } from 'node:crypto';

const computed = new Map<string, string>();

/**
 * A fixed id of 32 hex digits (as Keystone's) for the `kind` object named `name`: the same for every
 * fake and every call, hashed once per name and then remembered.
 */
export function stableId(kind: 'role' | 'service', name: string): string {
  const key = `${kind}:${name}`;
  let id = computed.get(key);
  if (id === undefined) {
    id = createHash('md5').update(key).digest('hex');
    computed.set(key, id);
  }
  return id;
}
