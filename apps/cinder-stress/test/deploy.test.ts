import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, PersistentVolumeClaim } from 'kubernetes-models/v1';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CLI, runCli } from './cli-harness';

const DEPLOY = join(__dirname, '..', 'deploy');
const documents = parseAllDocuments(readFileSync(join(DEPLOY, 'kubernetes', 'fleet.yaml'), 'utf8')).map(
  (d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as { kind: string; metadata: { name: string } };
  },
);

function documentOf<T>(kind: string, name: string): T {
  const found = documents.find((d) => d.kind === kind && d.metadata.name === name);
  if (!found) throw new Error(`fleet.yaml has no ${kind} ${name}`);
  return found as T;
}

const config = new ConfigMap(documentOf('ConfigMap', 'cinder-stress-fleet'));
const claim = new PersistentVolumeClaim(documentOf('PersistentVolumeClaim', 'cinder-stress-reports'));
const shards = new Job(documentOf('Job', 'cinder-stress-shards'));
const merge = new Job(documentOf('Job', 'cinder-stress-merge'));
const settings = config.data!;
const shardPod = shards.spec!.template.spec!;
const shardContainer = shardPod.containers[0]!;
const mergePod = merge.spec!.template.spec!;

/** The `cinder-stress <command> ...` options a shell script of the manifest passes. */
function optionsOf(script: string, command: string): string[] {
  const start = script.indexOf(`cinder-stress ${command}`);
  expect(start, `no cinder-stress ${command} in:\n${script}`).toBeGreaterThanOrEqual(0);
  const line = script.slice(start).replace(/\\\n/g, ' ').split('\n')[0]!;
  return [...line.matchAll(/\s(--[a-z-]+)/g)].map((m) => m[1]!);
}

describe('the Kubernetes fleet manifest', () => {
  test('every object validates against the Kubernetes schemas (kubernetes-models)', () => {
    expect(documents.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'Job', 'Job', 'PersistentVolumeClaim']);
    for (const model of [config, claim, shards, merge]) expect(() => model.validate()).not.toThrow();
  });

  test('the shards are an Indexed Job of SHARDS pods, none retried', () => {
    const count = Number(settings.SHARDS);
    expect(count).toBeGreaterThan(1);
    expect(shards.spec!.completionMode).toBe('Indexed');
    expect(shards.spec!.completions).toBe(count);
    expect(shards.spec!.parallelism).toBe(count);
    expect(shards.spec!.backoffLimitPerIndex).toBe(0);
    expect(shardPod.restartPolicy).toBe('Never');
  });

  test('each shard reads clouds.yaml from the Secret and runs as its index of the fleet', () => {
    const secret = shardPod.volumes!.find((v) => v.secret)!;
    expect(secret.secret!.secretName).toBe('cinder-stress-clouds');
    const mount = shardContainer.volumeMounts!.find((m) => m.name === secret.name)!;
    expect(mount.readOnly).toBe(true);
    expect(settings.OS_CLIENT_CONFIG_FILE).toBe(join(mount.mountPath, 'clouds.yaml'));
    expect(shardPod.securityContext!.fsGroup).toBe(shardPod.securityContext!.runAsGroup);
    const script = shardContainer.args!.join('\n');
    expect(script).toMatch(/--shard-count "\$SHARDS"/);
    expect(script).toMatch(/--run-id "\$RUN_ID"/);
    expect(script).toMatch(/--cloud "\$CLOUD"/);
    expect(settings.RUN_ID).toMatch(/^[a-z0-9]{1,40}$/);
  });

  test('each shard serves /metrics on the port Prometheus is told to scrape', () => {
    const annotations = shards.spec!.template.metadata!.annotations!;
    const port = shardContainer.ports!.find((p) => p.name === 'metrics')!.containerPort;
    expect(annotations['prometheus.io/port']).toBe(String(port));
    const script = shardContainer.args!.join('\n');
    expect(script).toContain(`--metrics-port ${port}`);
    expect(script).toContain('--metrics-host 0.0.0.0');
  });

  test('the shards write their reports to the shared volume, where the merge waits for all and reads them', () => {
    expect(claim.spec!.accessModes).toEqual(['ReadWriteMany']);
    const mountOf = (
      pod: typeof shardPod,
      container: { volumeMounts?: { name: string; mountPath: string }[] },
    ) => {
      const volume = pod.volumes!.find((v) => v.persistentVolumeClaim?.claimName === claim.metadata!.name)!;
      return container.volumeMounts!.find((m) => m.name === volume.name)!.mountPath;
    };
    const shardOut = `${mountOf(shardPod, shardContainer)}/$RUN_ID/shard-$JOB_COMPLETION_INDEX`;
    expect(shardContainer.args!.join('\n')).toContain(`out="${shardOut}"`);
    const wait = mergePod.initContainers![0]!;
    const pattern = `${mountOf(mergePod, wait)}/$RUN_ID/shard-*`;
    expect(wait.args!.join('\n')).toContain(`${pattern}/exit-code`);
    expect(wait.args!.join('\n')).toContain('-ge "$SHARDS"');
    const mergeContainer = mergePod.containers[0]!;
    expect(mergeContainer.args!.join('\n')).toContain(`cinder-stress merge ${pattern}/report.json`);
    expect(dirname(shardOut)).toBe(dirname(pattern));
  });

  test('the options the manifest passes are options the built CLI has', { timeout: 60_000 }, async () => {
    const runHelp = await runCli(['run', '--help']);
    for (const option of optionsOf(shardContainer.args!.join('\n'), 'run'))
      expect(runHelp.stdout, `cinder-stress run ${option}`).toContain(option);
    const mergeHelp = await runCli(['merge', '--help']);
    for (const option of optionsOf(mergePod.containers[0]!.args!.join('\n'), 'merge'))
      expect(mergeHelp.stdout, `cinder-stress merge ${option}`).toContain(option);
    expect(CLI).toMatch(/cli\.js$/);
  });
});

describe('the container image file', () => {
  const containerfile = readFileSync(join(DEPLOY, 'Containerfile'), 'utf8');
  const instructions = containerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));

  test('runs the published package as the unprivileged node user, on a Node.js the package supports', () => {
    const from = instructions.find((l) => l.startsWith('FROM '))!;
    const major = Number(/node:(\d+)/.exec(from)?.[1]);
    const engines = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).engines
      .node as string;
    expect(major).toBeGreaterThanOrEqual(Number(/>=(\d+)/.exec(engines)![1]));
    expect(instructions).toContain('ARG CINDER_STRESS=@track/cinder-stress@latest');
    expect(instructions.find((l) => l.startsWith('RUN '))).toContain('npm install --global');
    expect(instructions).toContain('USER node');
    expect(instructions).toContain('ENTRYPOINT ["cinder-stress"]');
  });

  test('the image the manifest runs is one this file builds (the name the guide tags)', () => {
    const images = new Set([
      shardContainer.image,
      ...mergePod.containers.map((c) => c.image),
      ...mergePod.initContainers!.map((c) => c.image),
    ]);
    expect(images.size).toBe(1);
    expect(containerfile).toContain(`-t ${[...images][0]}`);
  });
});
