import { OpenStackError } from '@track/openstack-clients';
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './cli-error';
import { cleanupCommand } from './commands/cleanup-command';
import { compareCommand } from './commands/compare-command';
import { mergeCommand } from './commands/merge-command';
import { fakeCloudCommand, scenariosCommand } from './commands/other-commands';
import { type RunCommandOptions, runCommand } from './commands/run-command';
import { EXIT, exitCodeHelp } from './exit-codes';

function program(setExit: (code: number) => void): Command {
  const cli = new Command('cinder-stress')
    .description(
      'Cinder stress and CHO runs, every API call tracked by @track: on the embedded fake cloud by default, or on a real OpenStack.',
    )
    .exitOverride()
    .showHelpAfterError('(run cinder-stress --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });

  cli
    .command('run')
    .description(
      'run a scenario (name or JSON/YAML scenario file); without --cloud or OS_* settings it runs on the embedded fake cloud',
    )
    .argument('[scenario]', 'a scenario from `cinder-stress scenarios`, or a scenario file', 'cinder-stress')
    .option('--duration <time>', 'how long to start iterations, e.g. 30s, 15m, 2h (default 60s; 1h for cho)')
    .option('--iterations <n>', 'stop after this many iterations in all (instead of --duration)')
    .option(
      '--concurrency <n>',
      'concurrent iterations: how many iterations run at once, each one after the other in its slot',
      '4',
    )
    .option(
      '--workers <n>',
      'worker threads sharing the concurrent iterations, for more cores; their statistics are merged (each has its own embedded fake cloud)',
    )
    .option('--stop-on-error', 'stop at the first failed iteration')
    .option(
      '--max-fail-rate <rate>',
      'SLA: exit 1 when failed traced calls / all traced calls or failed iterations / all iterations exceeds this (0..1)',
    )
    .option('--seed <n>', 'seed of the fake cloud and of the scenario mix', '1')
    .option('--cloud <name>', 'a cloud from clouds.yaml (else OS_* settings, else the embedded fake)')
    .option('--flavor <id>', 'flavor for servers on a real cloud (or TRACK_FLAVOR)')
    .option('--image <id>', 'image for servers on a real cloud (or TRACK_IMAGE)')
    .option('--network <id>', 'network id for servers on a real cloud, or none/auto (or TRACK_NETWORK)')
    .option(
      '--whitelist <names>',
      'comma-separated method names whose failures count as passes, added to the defaults',
    )
    .option('--report <formats>', 'report formats: log,table,json,junit,html', 'log,table,json,junit,html')
    .option('--out <dir>', 'directory for reports, journal and orphans (default track-runs/<run id>)')
    .option('--report-interval <time>', 'print the stats lines this often during the run (>= 1s)', '60s')
    .option(
      '--fake-latency <ms>',
      'embedded fake only (warned and ignored on a real cloud): added latency per call, in ms',
    )
    .option(
      '--fault-rate <p>',
      'embedded fake only (warned and ignored on a real cloud): probability (0..1) that a call fails with 500 or 503',
    )
    .option(
      '--fault-profile <name>',
      'embedded fake only (warned and ignored on a real cloud): faults as a cloud under stress shows them; realistic = 1% 500/503, rare hung volume reads, 3% of volumes end in error (seeded by --seed)',
    )
    .option(
      '--fake-time-scale <x>',
      'embedded fake: multiplies OpenStack-like delays (1 = seconds, 0 = instant)',
      '0.01',
    )
    .option(
      '--drain-timeout <time>',
      'after --duration ends or Ctrl-C, how long in-flight iterations may take; then they are abandoned and the end-of-run cleanup gets as long again',
      '30s',
    )
    .option('--request-timeout <time>', 'per-request HTTP timeout')
    .option(
      '--metrics-port <n>',
      'serve /metrics (Prometheus text format) on this port during the run and --metrics-linger after (0: any free port)',
    )
    .option(
      '--metrics-host <addr>',
      'address /metrics listens on (default 127.0.0.1; 0.0.0.0 in a container)',
    )
    .option(
      '--metrics-linger <time>',
      'how long /metrics stays up after the run, for a last scrape (default 30s)',
    )
    .option('--shard <i/n>', 'run shard i (0 to n-1) of a fleet of n: own resource names and seeds')
    .option(
      '--shard-count <n>',
      'run as one of n shards, the index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)',
    )
    .option(
      '--run-id <id>',
      "the fleet's run id, shared by its shards (lower-case letters and digits; default: a new id)",
    )
    .option(
      '--poll-interval <time>',
      'how often waiters poll (default 1s on a real cloud; scaled on the fake)',
    )
    .action(async (scenario: string, options: RunCommandOptions) =>
      setExit(await runCommand(scenario, options)),
    );

  cli
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(() => setExit(scenariosCommand()));

  cli
    .command('cleanup')
    .description(
      'find and delete the resources this tool created (names track-<run id>-...), in dependency order',
    )
    .option('--cloud <name>', 'a cloud from clouds.yaml (else OS_* settings)')
    .option('--run <id>', 'only the resources of this run (a shard of a fleet run: <id>s<i>)')
    .option('--all-shards', 'with --run: the resources of every shard of that fleet run too')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--poll-interval <time>', 'how often deletion waits poll', '1s')
    .option(
      '--timeout <time>',
      'how long the whole cleanup may take; what is not removed by then is listed as left (exit 4)',
      '10m',
    )
    .action(async (options) => setExit(await cleanupCommand(options)));

  cli
    .command('merge')
    .description('merge JSON reports from several hosts into one report')
    .argument('<reports...>', 'report.json files')
    .option('--report <formats>', 'report formats', 'log,table,json,junit,html')
    .option('--out <dir>', 'directory for the merged reports', 'track-runs/merged')
    .option('--allow-same', 'merge reports of the same run more than once (its counts are then added again)')
    .action(async (files: string[], options) => setExit(await mergeCommand(files, options)));

  cli
    .command('compare')
    .description(
      'per method, what got worse from a baseline run to the current one (fail rate, p50/p95/p99, new failure traces); exit 1 when a limit is crossed',
    )
    .argument('<baseline>', "the baseline run's report.json")
    .argument('<current>', "the current run's report.json")
    .option(
      '--max-fail-rate-increase <pp>',
      "most a method's fail rate may rise, in percentage points, e.g. 0.5pp",
    )
    .option(
      '--max-p95-increase <percent>',
      "most a method's p95 latency may rise, in percent of the baseline's, e.g. 20%",
    )
    .option(
      '--no-fail-on-new-failures',
      'failure traces the baseline did not have do not fail the comparison',
    )
    .option('--json', 'print the comparison as JSON instead of the table')
    .option('--out <dir>', 'also write compare.json and compare.html there')
    .action(async (baseline: string, current: string, options) =>
      setExit(await compareCommand(baseline, current, options)),
    );

  cli
    .command('fake-cloud')
    .description(
      'serve the fake cloud on loopback HTTP and print OS_* export lines for it; stops on SIGINT/SIGTERM',
    )
    .option('--port <n>', 'port (0 = any free port)', '0')
    .option('--host <addr>', 'loopback address', '127.0.0.1')
    .option('--seed <n>', 'seed', '1')
    .option('--time-scale <x>', 'multiplies OpenStack-like delays', '0.01')
    .addOption(new Option('--fault-rate <p>', 'probability (0..1) that a call fails with 500 or 503'))
    .addOption(new Option('--fake-latency <ms>', 'added latency per call, in ms'))
    .action(async (options) => setExit(await fakeCloudCommand(options)));
  for (const command of [cli, ...cli.commands]) command.addHelpText('after', `\n${exitCodeHelp()}`);
  return cli;
}

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program((c) => {
      code = c;
    }).parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`cinder-stress: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof OpenStackError && error.code === 'OPENSTACK_CONFIG_ERROR') {
      process.stderr.write(`cinder-stress: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`cinder-stress: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.failures;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
  // Pending timers of a finished run must not keep the process alive.
  setTimeout(() => process.exit(code), 100).unref();
});
