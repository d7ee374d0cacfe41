import { describe, expect, test } from 'vitest';
import { replaceIds } from './replace-ids';
import { Trace } from './trace';

describe('replaceIds', () => {
  test('replaces UUIDs, request ids and 32-digit hex ids, and nothing else', () => {
    const text =
      'NotFound: GET https://cinder/v3/2c0a6b1e9f8d4c3ba1e2d3f4a5b6c7d8/volumes/3f2a8c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6 ' +
      'was not found (request id req-0a1b2c3d-4e5f-6789-abcd-ef0123456789)\n' +
      '    at VolumesClient.getVolume (file:///app/dist/index.js:120:15)';
    expect(replaceIds(text)).toBe(
      'NotFound: GET https://cinder/v3/{id}/volumes/{id} was not found (request id {id})\n' +
        '    at VolumesClient.getVolume (file:///app/dist/index.js:120:15)',
    );
    expect(replaceIds('volume 12 of 3 in deadbeef')).toBe('volume 12 of 3 in deadbeef');
    expect(replaceIds('    at async Promise.all (index 3)\n    at async main (file:///x.js:4:9)')).toBe(
      '    at async Promise.all (index {n})\n    at async main (file:///x.js:4:9)',
    );
  });
});

describe('Trace normalizeStack', () => {
  test('failures that differ only by ids become one trace with a count, the first message kept', () => {
    const trace = new Trace({ normalizeStack: replaceIds });
    const client = trace.decorate(
      {
        getVolume(id: string): never {
          throw new Error(`Volume ${id} could not be found`);
        },
      },
      { name: 'VolumesClient' },
    );
    const ids = ['3f2a8c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6', '9c1b7d2e-2c3d-4e5f-9a01-b2c3d4e5f6a7'];
    for (const id of [...ids, ...ids]) {
      try {
        client.getVolume(id);
      } catch {}
    }
    const stats = trace.stats.get('VolumesClient', 'getVolume')!;
    expect(stats.fail).toBe(4);
    expect(stats.failures).toHaveLength(1);
    expect(stats.failures[0]).toMatchObject({ count: 4, message: `Volume ${ids[0]} could not be found` });
    expect(stats.failures[0]!.stack).toMatch(/^Error: Volume \{id\} could not be found\n/);
  });

  test('without it, failures that differ only by ids are still one trace, its stack kept as V8 wrote it', () => {
    const trace = new Trace();
    const client = trace.decorate({
      getVolume(id: string): never {
        throw new Error(`Volume ${id} could not be found`);
      },
    });
    for (const id of ['3f2a8c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6', '9c1b7d2e-2c3d-4e5f-9a01-b2c3d4e5f6a7']) {
      try {
        client.getVolume(id);
      } catch {}
    }
    const failures = trace.stats.get('Object', 'getVolume')!.failures;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      count: 2,
      message: 'Volume 3f2a8c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6 could not be found',
      normalizedMessage: 'Volume {id} could not be found',
    });
    expect(failures[0]!.stack).toMatch(
      /^Error: Volume 3f2a8c1e-1b2c-4d5e-8f90-a1b2c3d4e5f6 could not be found\n/,
    );
  });

  test('the whitelist still reads the original stack, and a bad option fails early', () => {
    const trace = new Trace({ normalizeStack: () => 'Error: everything looks the same' });
    const client = trace.decorate({
      getVolume(): never {
        throw new Error('gone');
      },
    });
    function isResourceDeleted(): void {
      try {
        client.getVolume();
      } catch {}
    }
    isResourceDeleted();
    expect(trace.stats.get('Object', 'getVolume')).toMatchObject({ pass: 1, fail: 0 });
    expect(() => new Trace({ normalizeStack: 'ids' as never })).toThrow(/normalizeStack must be a function/);
  });
});
