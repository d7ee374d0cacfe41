import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  loadScenarioFile,
  MAX_SCENARIO_ACTIONS,
  MAX_SCENARIO_FILE_BYTES,
  MAX_SCENARIO_THREADS,
  ScenarioFileError,
} from './scenario-file';

function fileWith(text: string, name = 'scenario.yaml'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scenario-file-')), name);
  writeFileSync(file, text);
  return file;
}

describe('scenario file kwargs are checked against the action they belong to', () => {
  test.each([
    [
      'a value of the wrong type',
      '- action: volume-create-delete\n  threads: 1\n  kwargs: { size: big }\n',
      ':3: [0].kwargs.size: Invalid input: expected number',
    ],
    [
      'a misspelled key',
      '- action: volume-create-delete\n- action: snapshot-create-delete\n  kwargs:\n    size: 1\n    snapshot: 3\n',
      ':5: [1].kwargs.snapshot: Unrecognized key: "snapshot"',
    ],
    [
      'a key the action does not take',
      '- action: list-and-get\n  kwargs: { size: 2 }\n',
      ':2: [0].kwargs.size: Unrecognized key: "size"',
    ],
    [
      'a number out of range',
      '- action: snapshot-create-delete\n  kwargs: { snapshots: 0 }\n',
      ':2: [0].kwargs.snapshots: Too small',
    ],
  ])('%s exits 2 naming the file, line and field', (_name, text, message) => {
    const file = fileWith(text);
    expect(() => loadScenarioFile(file)).toThrow(`${file}${message}`);
  });

  test('valid kwargs reach the scenario', () => {
    const file = fileWith(
      JSON.stringify([{ action: 'snapshot-create-delete', threads: 2, kwargs: { size: 2, snapshots: 3 } }]),
      'scenario.json',
    );
    const [part] = loadScenarioFile(file);
    expect(part).toMatchObject({ concurrency: 2, kwargs: { size: 2, snapshots: 3 } });
    expect(part!.scenario.name).toBe('snapshot-create-delete');
  });
});

/** The error `loadScenarioFile(file)` throws. */
function errorOf(file: string): ScenarioFileError {
  try {
    loadScenarioFile(file);
  } catch (error) {
    if (error instanceof ScenarioFileError) return error;
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe('scenario files are capped: a file that would exhaust memory exits 2 naming the cap', () => {
  test('YAML aliases that expand exponentially ("billion laughs") name the file and the alias limit', () => {
    let text = 'base: &a0 [{ action: list-and-get }]\n';
    for (let i = 1; i <= 9; i++)
      text += `l${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    text += 'actions: *a9\n';
    const file = fileWith(text);
    const error = errorOf(file);
    expect(error.code).toBe('SCENARIO_FILE_TOO_LARGE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(file);
    expect(error.message).toContain('limit of 100 (maxAliasCount)');
  });

  test('more actions than the cap name the cap', () => {
    const actions = Array.from({ length: MAX_SCENARIO_ACTIONS + 1 }, () => ({ action: 'list-and-get' }));
    const file = fileWith(JSON.stringify(actions), 'scenario.json');
    const error = errorOf(file);
    expect(error.code).toBe('SCENARIO_FILE_TOO_LARGE');
    expect(error.message).toBe(
      `${file}: ${MAX_SCENARIO_ACTIONS + 1} actions are above the cap of ${MAX_SCENARIO_ACTIONS} actions`,
    );
  });

  test('more threads in all than the cap name the cap', () => {
    const file = fileWith(
      JSON.stringify([
        { action: 'list-and-get', threads: MAX_SCENARIO_THREADS },
        { action: 'list-and-get', threads: 1 },
      ]),
      'scenario.json',
    );
    expect(errorOf(file).message).toBe(
      `${file}: ${MAX_SCENARIO_THREADS + 1} threads in all are above the cap of ${MAX_SCENARIO_THREADS} threads (concurrent iterations)`,
    );
  });

  test('a file above the size cap is not read', () => {
    const file = fileWith(`# ${'x'.repeat(MAX_SCENARIO_FILE_BYTES)}\n- action: list-and-get\n`);
    expect(errorOf(file).message).toContain(`above the cap of ${MAX_SCENARIO_FILE_BYTES} bytes`);
  });

  test('a missing file has its own code, so callers never match the message text', () => {
    const error = errorOf(join(tmpdir(), 'no-such-scenario-file.yaml'));
    expect(error.code).toBe('SCENARIO_FILE_NOT_FOUND');
  });
});
