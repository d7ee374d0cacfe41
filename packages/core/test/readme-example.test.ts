import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's "Example" section, up to the next `## ` heading. */
function exampleSection(): string {
  const start = README.indexOf('\n## Example');
  if (start < 0) throw new Error('README.md has no "## Example" section');
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The body of the first fenced block that starts after `offset` in `text`. */
function fencedBlockAfter(text: string, offset: number): string {
  const open = text.indexOf('```', offset);
  const bodyStart = text.indexOf('\n', open) + 1;
  const close = text.indexOf('\n```', bodyStart);
  if (open < 0 || close < 0) throw new Error('README.md: no fenced block after the example command');
  return text.slice(bodyStart, close);
}

/** Timestamps and process ids differ from run to run: compare the rest. */
function normalise(lines: string): string[] {
  return lines
    .trim()
    .split('\n')
    .map((line) =>
      line
        .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?Z?/g, '<time>')
        .replace(/<time> \d+ /g, '<time> <pid> ')
        .trimEnd(),
    );
}

describe("the README's example", () => {
  const section = exampleSection();
  const command = /`node --import tsx (examples\/[\w.-]+\.ts)`/.exec(section);

  test('names a runnable example file', () => {
    expect(command?.[1]).toBe('examples/set-up-tracking.ts');
  });

  test('prints what the README shows', { timeout: 60_000 }, async () => {
    const script = command![1]!;
    const shown = fencedBlockAfter(section, command!.index);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 50_000,
    });
    expect(normalise(stdout)).toEqual(normalise(shown));
  });

  test("shows the example's setUpTracking(trace) as the example file defines it", () => {
    const code = fencedBlockAfter(section, 0);
    const shownFunction = /^function setUpTracking\(trace: Trace\): void \{\n[\s\S]*?\n\}$/m.exec(code);
    expect(shownFunction, 'README example has no `function setUpTracking(trace: Trace)`').not.toBeNull();
    const example = readFileSync(new URL(`../${command![1]}`, import.meta.url), 'utf8');
    expect(example).toContain(shownFunction![0]);
    expect(code).toContain('setUpTracking(trace);');
    expect(example).toContain('setUpTracking(trace);');
  });
});
