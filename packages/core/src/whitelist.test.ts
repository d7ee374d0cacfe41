import { describe, expect, test } from 'vitest';
import { Whitelist } from './whitelist';

const stack = (...frames: string[]) =>
  ['NotFound: Volume 1 could not be found.', ...frames.map((f) => `    at ${f} (file:///x.js:1:1)`)].join(
    '\n',
  );

describe('Whitelist.coversStack', () => {
  test('a whitelisted frame other than the failing method covers the stack', () => {
    const whitelist = new Whitelist(['isResourceDeleted']);
    expect(whitelist.coversStack(stack('VolumesClient.getVolume', 'isResourceDeleted'), 'getVolume')).toBe(
      true,
    );
    expect(whitelist.coversStack(stack('VolumesClient.getVolume', 'main'), 'getVolume')).toBe(false);
  });

  test('names match whole, in frames only: not as a prefix, not in the message', () => {
    const whitelist = new Whitelist(['isResourceDeleted']);
    expect(whitelist.coversStack(stack('getVolume', 'isResourceDeletedLater'), 'getVolume')).toBe(false);
    const inMessage = 'Error: isResourceDeleted said no\n    at getVolume (file:///x.js:1:1)';
    expect(whitelist.coversStack(inMessage, 'getVolume')).toBe(false);
  });

  test('names with characters that are special in regular expressions match literally', () => {
    const whitelist = new Whitelist(['gone$', 'Pool.wait$Deleted']);
    expect(whitelist.coversStack(stack('getVolume', 'gone$'), 'getVolume')).toBe(true);
    expect(whitelist.coversStack(stack('getVolume', 'gone'), 'getVolume')).toBe(false);
    expect(whitelist.coversStack(stack('getVolume', 'Pool.wait$Deleted'), 'getVolume')).toBe(true);
    expect(whitelist.coversStack(stack('getVolume', 'Other.wait$Deleted'), 'getVolume')).toBe(false);
  });

  test('async frames and aliases count', () => {
    const whitelist = new Whitelist(['waitForServerTermination']);
    const aliased = 'Error: x\n    at Object.poll [as waitForServerTermination] (file:///x.js:1:1)';
    expect(whitelist.coversStack(aliased, 'getServer')).toBe(true);
    expect(whitelist.coversStack(stack('getServer', 'async waitForServerTermination'), 'getServer')).toBe(
      true,
    );
  });

  test('a RegExp entry is tested on each frame name', () => {
    const whitelist = new Whitelist([/^Volumes\w*\.isGone$/]);
    expect(whitelist.coversStack(stack('getVolume', 'VolumesClient.isGone'), 'getVolume')).toBe(true);
    expect(whitelist.coversStack(stack('getVolume', 'ServersClient.isGone'), 'getVolume')).toBe(false);
  });
});
