// Proves the release pipeline can version the packages, without touching the checkout: reads the
// planned releases (`changeset status --output`, which fails on a changeset it cannot parse and on a
// changed package without a changeset),
// copies the working tree (tracked and untracked files, not ignored ones) to a scratch directory, runs
// `changeset version` there, and checks that every planned release got its new version in its
// package.json and a CHANGELOG.md section, and that no changeset is left over.
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
  let releases = [];
  check('changeset status parses every changeset', () => {
    const output = join(scratch, 'status.json');
    run(changeset, ['status', `--since=${baseRef()}`, `--output=${output}`], { cwd: root });
    releases = JSON.parse(readFileSync(output, 'utf8')).releases.filter((release) => release.type !== 'none');
    console.log(
      releases.map((r) => `     ${r.name} ${r.oldVersion} -> ${r.newVersion} (${r.type})`).join('\n') ||
        '     no release planned',
    );
  });

  const copied = check('the working tree is copied to a scratch directory', () => {
    const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
      .split('\0')
      .filter((file) => file !== '' && existsSync(join(root, file)));
    for (const file of files) cpSync(join(root, file), join(copy, file), { recursive: true });
    // The changelog generator (.changeset/config.json) is resolved from the project's node_modules.
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  if (
    copied &&
    check('changeset version runs on the scratch copy', () => run(changeset, ['version'], { cwd: copy }))
  ) {
    for (const release of releases) {
      check(`${release.name} is versioned ${release.newVersion} with a changelog section`, () => {
        const dir = run('git', ['ls-files', '-z', '*package.json'], { cwd: root })
          .split('\0')
          .map((file) => dirname(file))
          .find((candidate) => {
            const path = join(copy, candidate, 'package.json');
            return existsSync(path) && JSON.parse(readFileSync(path, 'utf8')).name === release.name;
          });
        if (dir === undefined) throw new Error(`no package.json names ${release.name}`);
        const { version } = JSON.parse(readFileSync(join(copy, dir, 'package.json'), 'utf8'));
        if (version !== release.newVersion) throw new Error(`package.json says ${version}`);
        const changelog = join(copy, dir, 'CHANGELOG.md');
        if (!existsSync(changelog) || !readFileSync(changelog, 'utf8').includes(`## ${release.newVersion}`)) {
          throw new Error(`${join(dir, 'CHANGELOG.md')} has no "## ${release.newVersion}" section`);
        }
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
