import { describe, expect, test } from 'vitest';
import {
  isNameOfRunOrShard,
  isRunOrShardOf,
  parseRunId,
  parseShard,
  resolveShard,
  shardLabel,
  shardRunId,
  shardSeed,
  WHOLE_RUN,
} from './shard';

describe('shards of a fleet run', () => {
  test.each([
    ['0/1', { index: 0, count: 1 }],
    ['3/4', { index: 3, count: 4 }],
  ])('--shard %s', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
    expect(shardLabel(parseShard(text))).toBe(text);
  });

  test.each(['4/4', '1/0', '-1/4', '1', 'a/4', '1/4/2', ''])(
    '--shard %j is refused, naming the option',
    (text) => {
      expect(() => parseShard(text)).toThrow(/--shard must be INDEX\/COUNT/);
    },
  );

  test('--shard-count takes the index from JOB_COMPLETION_INDEX', () => {
    expect(resolveShard({ shardCount: '8' }, { JOB_COMPLETION_INDEX: '5' })).toEqual({ index: 5, count: 8 });
    expect(() => resolveShard({ shardCount: '8' }, {})).toThrow(/JOB_COMPLETION_INDEX.*not set/);
    expect(() => resolveShard({ shardCount: '4' }, { JOB_COMPLETION_INDEX: '4' })).toThrow(
      /JOB_COMPLETION_INDEX \(with --shard-count 4\)/,
    );
    expect(() => resolveShard({ shard: '0/2', shardCount: '2' }, {})).toThrow(/not both/);
    expect(resolveShard({}, { JOB_COMPLETION_INDEX: '1' })).toEqual(WHOLE_RUN);
  });

  test('resource names and seeds differ per shard; a whole run keeps its id and seed', () => {
    const shards = [0, 1, 2].map((index) => ({ index, count: 3 }));
    expect(shards.map((s) => shardRunId('fleet1', s))).toEqual(['fleet1s0', 'fleet1s1', 'fleet1s2']);
    expect(new Set(shards.map((s) => shardSeed(7, s))).size).toBe(3);
    expect(shardRunId('20261201abc123', WHOLE_RUN)).toBe('20261201abc123');
    expect(shardSeed(7, WHOLE_RUN)).toBe(7);
  });

  test('a fleet run id covers its shards and nothing else', () => {
    expect(isRunOrShardOf('fleet1s2', 'fleet1')).toBe(true);
    expect(isRunOrShardOf('fleet1', 'fleet1')).toBe(true);
    expect(isRunOrShardOf('fleet12', 'fleet1')).toBe(false);
    expect(isRunOrShardOf('fleet1sx', 'fleet1')).toBe(false);
    expect(isRunOrShardOf('fleet1s', 'fleet1')).toBe(false);
    expect(isNameOfRunOrShard('track-fleet1s3-volume-12', 'fleet1')).toBe(true);
    expect(isNameOfRunOrShard('track-fleet1-snapshot-1', 'fleet1')).toBe(true);
    expect(isNameOfRunOrShard('track-fleet12-volume-1', 'fleet1')).toBe(false);
    expect(isNameOfRunOrShard('other-fleet1s3-volume-1', 'fleet1')).toBe(false);
  });

  test('--run-id takes lower-case letters and digits only', () => {
    expect(parseRunId('fleet20261201')).toBe('fleet20261201');
    expect(() => parseRunId('Fleet-1')).toThrow(/--run-id must be/);
  });
});
