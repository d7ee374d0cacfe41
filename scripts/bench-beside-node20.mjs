// Runs a benchmark on this Node (the workspace's Node 24), then the same benchmark on the machine's
// own older Node (Node 20 on these machines), and prints the figures of both side by side.
// A benchmark prints its figures as markdown table rows (`| name | value ... |`); rows are matched by
// their first cell. Node's own arguments and the script follow, as for `node`, after an optional
// `--older-node-import <file>` that only the older Node preloads (a stand-in for what it cannot load):
//   node scripts/bench-beside-node20.mjs --expose-gc bench/.out/run.js
//   node scripts/bench-beside-node20.mjs --older-node-import bench/older-node.mjs --import tsx bench/run.ts
// The older Node is $TRACK_BENCH_OLD_NODE, or else the first `node` on PATH outside node_modules
// whose major version is below this one's. Without one, or when the benchmark cannot run on it, only
// this Node's figures are printed, with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const [olderNodeImport, args] =
  process.argv[2] === '--older-node-import'
    ? [process.argv[3], process.argv.slice(4)]
    : [undefined, process.argv.slice(2)];
const major = (version) => Number(/^v(\d+)/.exec(version)?.[1] ?? Number.NaN);

/** The machine's own older Node: its path and version, or why there is none. */
function olderNode() {
  const candidates = process.env.TRACK_BENCH_OLD_NODE
    ? [process.env.TRACK_BENCH_OLD_NODE]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter((dir) => dir !== '' && !dir.includes('node_modules'))
        .map((dir) => join(dir, 'node'))
        .filter((path) => existsSync(path));
  for (const path of candidates) {
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    if (major(version) < major(process.version)) return { path, version };
  }
  return { reason: `no node older than ${process.version} found (set TRACK_BENCH_OLD_NODE)` };
}

/** Runs the benchmark on one Node, its output shown as it comes; returns stdout and the exit status. */
function runOn(node, preload = []) {
  console.log(`\n## on Node ${node.version} (${node.path})\n`);
  const result = spawnSync(node.path, [...preload, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(result.stdout ?? '');
  return { stdout: result.stdout ?? '', status: result.status };
}

/** Table rows by first cell: the other cells, joined. */
function figures(stdout) {
  const rows = new Map();
  const lines = stdout.split('\n');
  const isSeparator = (line = '') => /^\|[\s:|-]+\|$/.test(line);
  for (const [index, line] of lines.entries()) {
    // A table's header row is the one above its separator row: not a figure.
    if (!line.startsWith('|') || isSeparator(line) || isSeparator(lines[index + 1])) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (cells.length >= 2 && !rows.has(cells[0])) rows.set(cells[0], cells.slice(1).join(' · '));
  }
  return rows;
}

const current = runOn({ path: process.execPath, version: process.version });
const older = olderNode();
if (older.path === undefined) {
  console.log(`\nNo Node 20 figures: ${older.reason}.`);
  process.exit(current.status ?? 1);
}
const previous = runOn(older, olderNodeImport === undefined ? [] : ['--import', resolve(olderNodeImport)]);
if (previous.status !== 0) {
  console.log(
    `\nNo ${older.version} figures: the benchmark exited ${previous.status} on it (its error is above).`,
  );
  process.exit(current.status ?? 1);
}

const before = figures(previous.stdout);
console.log(`\n## ${process.version} beside ${older.version}, same run\n`);
console.log(`| figure | ${process.version} | ${older.version} |`);
console.log('|---|---:|---:|');
for (const [name, value] of figures(current.stdout)) {
  const old = before.get(name);
  if (old !== undefined) console.log(`| ${name} | ${value} | ${old === value ? 'same' : old} |`);
}
process.exit(current.status ?? 1);
