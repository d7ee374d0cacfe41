// Proves the release pipeline can version the packages, without touching the checkout: runs
// `changeset status` (which fails on a changeset it cannot parse, and on a package changed since the
// base branch without a changeset), copies the working tree (tracked and untracked files, not ignored
// ones) to a scratch directory, runs `changeset version` there, and checks that every package a
// changeset names got a new version in its package.json and a CHANGELOG.md section for it, and that
// no changeset is left over.
//
// Usage (through pnpm, so that it runs on the workspace's Node 24 with its @changesets/cli):
//   pnpm check:release [--report <file.json>] [--keep]
// --report writes `{ suite, passed, failed: [{ name, reason }] }` for .ci/count-tests.mjs;
// --keep leaves the scratch directory in place. Exits 1 when a check fails.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const reportPath = args.includes('--report') ? resolve(args[args.indexOf('--report') + 1] ?? '') : undefined;
const keep = args.includes('--keep');
const changeset = join(root, 'node_modules', '.bin', 'changeset');

/** Runs a command; returns its stdout, or throws with its output when it fails. */
function run(command, commandArgs, options) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || String(result.error ?? '');
    throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  return result.stdout;
}

/**
 * The ref `changeset status` compares with: the config's `baseBranch`, or its remote-tracking copy in
 * a clone of another branch, or HEAD when neither exists (a shallow clone): then status still parses
 * every changeset and plans the releases, but cannot name changed packages without a changeset.
 */
function baseRef() {
  const { baseBranch = 'main' } = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8'));
  for (const ref of [baseBranch, `origin/${baseBranch}`]) {
    if (
      spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root }).status === 0
    ) {
      return ref;
    }
  }
  console.log(`     neither ${baseBranch} nor origin/${baseBranch} exists here: comparing with HEAD`);
  return 'HEAD';
}

/** The package names the changesets in `dir` bump (their frontmatter's `"name": patch|minor|major`). */
function namedInChangesets(dir) {
  const names = new Set();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.md') && name !== 'README.md')) {
    const frontmatter = /^---\n([\s\S]*?)\n?---/.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
    for (const match of frontmatter.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(patch|minor|major)\s*$/gm)) {
      names.add(match[1]);
    }
  }
  return names;
}

const results = []; // { name, ok, reason }
const check = (name, body) => {
  try {
    body();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, reason });
    console.log(`FAIL ${name}\n${reason.replace(/^/gm, '     ')}`);
    return false;
  }
};

const scratch = mkdtempSync(join(tmpdir(), 'track-release-'));
const copy = join(scratch, 'repo');
try {
  check('changeset status: every changeset parses, every changed package has one', () => {
    run(changeset, ['status', `--since=${baseRef()}`], { cwd: root });
  });

  const copied = check('the working tree is copied to a scratch directory', () => {
    const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
      .split('\0')
      .filter((file) => file !== '' && existsSync(join(root, file)));
    for (const file of files) cpSync(join(root, file), join(copy, file), { recursive: true });
    // The changelog generator (.changeset/config.json) is resolved from the project's node_modules.
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  // Every workspace package (folder, name, version) before versioning, and the ones the changesets name.
  const workspace = copied
    ? run('git', ['ls-files', '-z', '*package.json'], { cwd: root })
        .split('\0')
        .filter((file) => file !== '' && !file.includes('node_modules') && existsSync(join(copy, file)))
        .map((file) => ({ dir: dirname(file), ...JSON.parse(readFileSync(join(copy, file), 'utf8')) }))
        .filter((manifest) => typeof manifest.name === 'string')
    : [];
  const named = copied ? namedInChangesets(join(copy, '.changeset')) : new Set();

  if (
    copied &&
    check('changeset version runs on the scratch copy', () => run(changeset, ['version'], { cwd: copy }))
  ) {
    for (const { name, dir, version: before } of workspace.filter((manifest) => named.has(manifest.name))) {
      check(`${name} is versioned past ${before}, with a changelog section`, () => {
        const { version } = JSON.parse(readFileSync(join(copy, dir, 'package.json'), 'utf8'));
        if (version === before) throw new Error(`package.json still says ${version}`);
        const changelog = join(copy, dir, 'CHANGELOG.md');
        if (!existsSync(changelog) || !readFileSync(changelog, 'utf8').includes(`## ${version}`)) {
          throw new Error(`${join(dir, 'CHANGELOG.md')} has no "## ${version}" section`);
        }
        console.log(`     ${name} ${before} -> ${version}`);
      });
    }
    check('changeset version consumed every changeset', () => {
      const left = readdirSync(join(copy, '.changeset')).filter(
        (file) => file.endsWith('.md') && file !== 'README.md',
      );
      if (left.length > 0) throw new Error(`left over: ${left.join(', ')}`);
    });
  }
} finally {
  if (keep) console.log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

const failed = results.filter((result) => !result.ok);
console.log(`release: ${results.length - failed.length} passed, ${failed.length} failed`);
if (reportPath !== undefined) {
  const report = {
    suite: 'release',
    passed: results.length - failed.length,
    failed: failed.map(({ name, reason }) => ({ name, reason })),
  };
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
}
process.exit(failed.length === 0 ? 0 : 1);
