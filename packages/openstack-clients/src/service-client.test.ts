import { FakeCloud } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { Manager } from './manager';

/** Every property name of `target` and its prototypes below `Object.prototype`. */
function memberNames(target: object): string[] {
  const names: string[] = [];
  for (let o: object | null = target; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    names.push(...Object.getOwnPropertyNames(o));
  }
  return names;
}

describe('the clients keep their plumbing private', () => {
  test('no client has a `_`-prefixed member, on the instance or its prototypes', () => {
    const manager = Manager.fromFakeCloud(new FakeCloud({ timeScale: 0 }));
    for (const [name, client] of Object.entries(manager.clients())) {
      expect(
        memberNames(client).filter((member) => member.startsWith('_')),
        name,
      ).toEqual([]);
    }
  });

  test('a client serializes to its name only', () => {
    const manager = Manager.fromFakeCloud(new FakeCloud({ timeScale: 0 }));
    expect(JSON.stringify(manager.volumesClient)).toBe('{"client":"VolumesClient"}');
    expect(Object.keys(manager.serversClient)).toEqual([]);
  });
});
