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

describe('Whitelist.coversStack with a frames memo', () => {
  const frames = (name: string) =>
    `\n    at transmit (file:///app/session.js:10:5)\n    at ${name} (file:///app/client.js:20:7)\n    at run (file:///app/run.js:3:1)`;
  const whitelist = new Whitelist(['isResourceDeleted']);

  test('gives the verdict of a whole scan, whatever the order of stacks', () => {
    const stacks = [
      `NotFound: Volume 1 not found${frames('isResourceDeleted')}`,
      `NotFound: Volume 2 not found${frames('getVolume')}`,
      `NotFound: Volume 3 not found${frames('getVolume')}`,
      `NotFound: Volume 4 not found${frames('isResourceDeleted')}`,
      // A message that looks like a frame line is scanned too, as in a whole scan.
      `Error: multi-line\n    at isResourceDeleted (fake)${frames('getVolume')}`,
      'Error: no frames at all',
    ];
    const memo = { frames: '', covered: false };
    for (const stack of [...stacks, ...stacks.reverse()]) {
      expect(whitelist.coversStack(stack, 'getVolume', memo)).toBe(whitelist.coversStack(stack, 'getVolume'));
    }
  });

  test('reuses the verdict for frame lines equal to the last ones scanned', () => {
    const stack = `NotFound: Volume 5 not found${frames('getVolume')}`;
    // A memo that claims these frame lines are whitelisted: only a reused verdict says true.
    const memo = { frames: frames('getVolume'), covered: true };
    expect(whitelist.coversStack(stack, 'getVolume', memo)).toBe(true);
    expect(whitelist.coversStack(stack, 'getVolume')).toBe(false);
  });
});

describe('Whitelist.coversStack: frames are matched line by line', () => {
  test('an unclosed "[as" in a message does not swallow the next lines (memo or not)', () => {
    const whitelist = new Whitelist(['isResourceDeleted']);
    const stack = 'Error: x\n  at foo [as bar\n    at isResourceDeleted (f.js:1:1)\n    at y (z.js:1:1) ]';
    expect(whitelist.coversStack(stack, 'getVolume')).toBe(true);
    expect(whitelist.coversStack(stack, 'getVolume', { frames: '', covered: false })).toBe(true);
  });
});

describe('Whitelist.coversStack: callers, not callees', () => {
  test.each([
    ['a whitelisted caller after the own frame', ['getVolume', 'isResourceDeleted'], 'getVolume', true],
    ['a whitelisted callee before the own frame', ['isResourceDeleted', 'waitForGone'], 'waitForGone', false],
    ['a callee and a caller', ['isResourceDeleted', 'waitForGone', 'isResourceDeleted'], 'waitForGone', true],
    ['no own frame: any whitelisted frame', ['helper', 'isResourceDeleted'], 'getVolume', true],
    ['own frame, no whitelisted caller', ['getVolume', 'main'], 'getVolume', false],
  ])('%s', (_, frames, ownMethod, covered) => {
    const whitelist = new Whitelist(['isResourceDeleted']);
    expect(whitelist.coversStack(stack(...frames), ownMethod)).toBe(covered);
    expect(whitelist.coversStack(stack(...frames), ownMethod, { frames: '', covered: false })).toBe(covered);
  });
});
