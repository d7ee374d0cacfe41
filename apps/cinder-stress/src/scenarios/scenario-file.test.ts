import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from './scenario-file';

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
    expect(part).toMatchObject({ workers: 2, kwargs: { size: 2, snapshots: 3 } });
    expect(part!.scenario.name).toBe('snapshot-create-delete');
  });
});
