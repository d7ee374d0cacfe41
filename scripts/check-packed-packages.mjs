// Proves every publishable workspace package works as published: packs each one (`pnpm pack`, which
// turns `workspace:` ranges into versions), installs all the tarballs with npm into an empty project
// outside the workspace, then loads every entry point of `exports` there twice on this Node: with
// `import` and with `require()` (Node's require(esm), what CommonJS users of an ESM-only package
// get), and checks that both give the same non-empty exports, and that every `bin` file is packed
// and answers `npx <bin> --help` there. A package whose only surface is its bins (no `exports`, no
// `main`: the cinder-stress CLI) is checked through its bins alone.
// Publishable means not `private`, in a folder pnpm-workspace.yaml lists: a new package is checked
// without any change here.
//
// Usage (through pnpm, so that it runs on the workspace's Node 24 and finds pnpm on PATH):
//   pnpm check:packed [--report <file.json>] [--keep]
// --report writes `{ suite, passed, failed: [{ name, reason }] }` for .ci/count-tests.mjs;
// --keep leaves the temporary directory in place. Exits 1 when a check fails.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const reportPath = args.includes('--report') ? resolve(args[args.indexOf('--report') + 1] ?? '') : undefined;
const keep = args.includes('--keep');

/** The folders of the workspace's packages: pnpm-workspace.yaml's `packages` entries (`dir` or `dir/*`). */
function workspaceDirs() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const section = yaml.split(/^packages:\s*$/m)[1] ?? '';
  const entries = [];
  for (const line of section.split('\n')) {
    if (/^\S/.test(line)) break; // the next top-level key
    const entry = /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line)?.[1];
    if (entry !== undefined) entries.push(entry);
  }
  if (entries.length === 0) throw new Error('pnpm-workspace.yaml lists no packages');
  return entries.flatMap((entry) => {
    if (entry.startsWith('!')) return [];
    if (!entry.endsWith('/*')) return [join(root, entry)];
    const parent = join(root, entry.slice(0, -2));
    return readdirSync(parent, { withFileTypes: true })
      .filter((dirent) => dirent.isDirectory())
      .map((dirent) => join(parent, dirent.name));
  });
}

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
 * The environment of the consumer project's processes: none of the workspace's own settings (pnpm's
 * lifecycle variables, the Node 24 shim's NODE_PATH that would let `require` find workspace modules).
 */
function consumerEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(npm_package_|npm_lifecycle_|PNPM_)/.test(name) || name === 'NODE_PATH') delete env[name];
  }
  for (const name of ['npm_config_local_prefix', 'npm_command', 'npm_execpath', 'npm_node_execpath']) {
    delete env[name];
  }
  return env;
}

const packages = workspaceDirs()
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

const results = []; // { name, ok, reason }
const check = (name, body) => {
  try {
    body();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, reason });
    console.log(`FAIL ${name}\n${reason.replace(/^/gm, '     ')}`);
  }
};

const work = mkdtempSync(join(tmpdir(), 'track-packed-'));
const tarballs = join(work, 'tarballs');
const consumer = join(work, 'consumer');
mkdirSync(tarballs);
mkdirSync(consumer);
console.log(`${packages.length} publishable packages, checked on Node ${process.version} in ${work}`);

try {
  const packed = new Map(); // name -> tarball path
  for (const { dir, manifest } of packages) {
    check(`${manifest.name}: pnpm pack`, () => {
      const before = new Set(readdirSync(tarballs));
      run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
      const made = readdirSync(tarballs).filter((file) => !before.has(file) && file.endsWith('.tgz'));
      if (made.length !== 1) throw new Error(`expected one new tarball, found ${made.join(', ') || 'none'}`);
      packed.set(manifest.name, join(tarballs, made[0]));
    });
  }

  // Every packed package comes from its tarball, also where one depends on another (overrides): the
  // workspace's names must never be fetched from the registry.
  const specs = Object.fromEntries([...packed].map(([name, tarball]) => [name, `file:${tarball}`]));
  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'packed-consumer', private: true, dependencies: specs, overrides: specs }, null, 2)}\n`,
  );
  let installed = false;
  check(`npm install of ${packed.size} tarballs into an empty project`, () => {
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: consumer,
      env: consumerEnv(),
    });
    installed = true;
  });

  for (const { manifest } of packages) {
    if (!installed || !packed.has(manifest.name)) {
      results.push({
        name: `${manifest.name}: entry points`,
        ok: false,
        reason: 'not packed or not installed',
      });
      continue;
    }
    const isBinOnly =
      manifest.exports === undefined && manifest.main === undefined && manifest.bin !== undefined;
    const subpaths = isBinOnly
      ? []
      : Object.keys(manifest.exports ?? { '.': null }).filter((subpath) => !subpath.endsWith('.json'));
    for (const subpath of subpaths) {
      const specifier = `${manifest.name}${subpath.slice(1)}`;
      const keys = {};
      const load = (mode, code) =>
        check(`${specifier}: ${mode}`, () => {
          const out = run(process.execPath, code, { cwd: consumer, env: consumerEnv() });
          const names = JSON.parse(out.trim().split('\n').at(-1) ?? '[]');
          if (names.length === 0) throw new Error(`${mode} gave a module with no exports`);
          keys[mode] = names;
        });
      const quoted = JSON.stringify(specifier);
      const print = "console.log(JSON.stringify(Object.keys(m).filter((k) => k !== '__esModule').sort()))";
      load('import', ['--input-type=module', '-e', `const m = await import(${quoted}); ${print}`]);
      load('require', ['--input-type=commonjs', '-e', `const m = require(${quoted}); ${print}`]);
      if (keys.import && keys.require) {
        check(`${specifier}: import and require() give the same exports`, () => {
          if (JSON.stringify(keys.import) !== JSON.stringify(keys.require)) {
            throw new Error(`import: ${keys.import.join(', ')}\nrequire: ${keys.require.join(', ')}`);
          }
        });
      }
    }
    const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
    for (const [bin, file] of Object.entries(bins)) {
      check(`${manifest.name}: bin ${bin} is packed`, () => {
        if (!existsSync(join(consumer, 'node_modules', manifest.name, file)))
          throw new Error(`${file} is missing`);
      });
      check(`${manifest.name}: npx ${bin} --help`, () => {
        const out = run('npx', ['--no-install', bin, '--help'], { cwd: consumer, env: consumerEnv() });
        if (!out.includes('Usage')) throw new Error(`no usage text:\n${out}`);
      });
    }
  }
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((result) => !result.ok);
console.log(`packed packages: ${results.length - failed.length} passed, ${failed.length} failed`);
if (reportPath !== undefined) {
  const report = {
    suite: 'packed packages',
    passed: results.length - failed.length,
    failed: failed.map(({ name, reason }) => ({ name, reason })),
  };
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
}
process.exit(failed.length === 0 ? 0 : 1);
