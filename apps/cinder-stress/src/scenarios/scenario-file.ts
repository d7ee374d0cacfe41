import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { EXIT } from '../exit-codes';
import type { RunPart } from '../run/runner';
import { findScenario, SCENARIO_KWARGS, SCENARIOS } from './registry';

/** Largest scenario file read, in bytes. */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;
/** Most actions a scenario file may list. */
export const MAX_SCENARIO_ACTIONS = 1000;
/** Most threads (concurrent iterations) of all actions of a scenario file together. */
export const MAX_SCENARIO_THREADS = 10_000;
/** Most YAML aliases a scenario file may expand (the `yaml` library's `maxAliasCount`). */
export const MAX_SCENARIO_ALIASES = 100;

/** Stable codes of {@link ScenarioFileError}. */
export type ScenarioFileErrorCode =
  | 'SCENARIO_FILE_NOT_FOUND'
  | 'SCENARIO_FILE_UNREADABLE'
  | 'SCENARIO_FILE_INVALID'
  | 'SCENARIO_FILE_TOO_LARGE';

/** A scenario file that cannot be used: exit 2, the message names the file (and line, field or cap). */
export class ScenarioFileError extends CliError {
  override readonly code: ScenarioFileErrorCode;
  /** The scenario file, as given. */
  readonly file: string;
  constructor(message: string, code: ScenarioFileErrorCode, file: string) {
    super(message, EXIT.usage, code);
    this.name = 'ScenarioFileError';
    this.code = code;
    this.file = file;
  }
}

const ActionSchema = z
  .object({
    action: z.string().min(1),
    threads: z.number().int().min(1).max(10_000).default(1),
    // Each action's own kwargs schema (registry.ts) checks the keys and values once the action is known.
    kwargs: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** A scenario file (like Tempest's stress `etc/*.json`): a list of actions with threads and kwargs. */
export const ScenarioFileSchema = z.array(ActionSchema).min(1);

/**
 * Loads a JSON or YAML scenario file. Errors exit 2 and name the file, the line and the field, e.g.
 * `scenario.yaml:4: [1].threads: expected a number >= 1` or
 * `scenario.yaml:3: [0].kwargs.size: Invalid input: expected number, received string`; kwargs are
 * checked against the action's own strict schema, so a misspelled key is an error too. A file
 * above {@link MAX_SCENARIO_FILE_BYTES}, {@link MAX_SCENARIO_ACTIONS} actions,
 * {@link MAX_SCENARIO_THREADS} threads in all or {@link MAX_SCENARIO_ALIASES} YAML aliases is an
 * error naming the cap. Every error is a {@link ScenarioFileError}.
 */
export function loadScenarioFile(path: string): RunPart[] {
  function invalid(message: string): never {
    throw new ScenarioFileError(message, 'SCENARIO_FILE_INVALID', path);
  }
  function tooLarge(message: string): never {
    throw new ScenarioFileError(message, 'SCENARIO_FILE_TOO_LARGE', path);
  }
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_SCENARIO_FILE_BYTES)
      tooLarge(
        `${path}: scenario file of ${size} bytes is above the cap of ${MAX_SCENARIO_FILE_BYTES} bytes`,
      );
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ScenarioFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioFileError(
      `Cannot read scenario file ${path}: ${code ?? (error as Error).message}`,
      code === 'ENOENT' ? 'SCENARIO_FILE_NOT_FOUND' : 'SCENARIO_FILE_UNREADABLE',
      path,
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    invalid(
      `${path}:${first.linePos?.[0]?.line ?? 1}: not valid JSON or YAML: ${first.message.split('\n')[0]}`,
    );
  }
  // Names the line of a field: its own node when present, else its parent (a missing key).
  const fail = (issue: z.core.$ZodIssue, prefix: (string | number)[] = []): never => {
    const path_ = [
      ...prefix,
      ...(issue.path as (string | number)[]),
      // An unknown key has no path of its own: point at the (first) key itself.
      ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : []),
    ];
    const node = doc.getIn(path_, true) as { range?: [number, number, number] } | undefined;
    const parent = doc.getIn(path_.slice(0, -1), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0] ?? parent?.range?.[0] ?? 0;
    const line = lineCounter.linePos(offset).line;
    const field =
      path_
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
        .join('')
        .replace(/^\./, '') || '(file)';
    return invalid(`${path}:${line}: ${field}: ${issue.message}`);
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_SCENARIO_ALIASES });
  } catch (error) {
    // The yaml library throws a ReferenceError when expanding the aliases would exceed the limit.
    if (error instanceof ReferenceError)
      tooLarge(
        `${path}: YAML aliases expand beyond the limit of ${MAX_SCENARIO_ALIASES} (maxAliasCount); write the actions out`,
      );
    throw error;
  }
  if (Array.isArray(value) && value.length > MAX_SCENARIO_ACTIONS)
    tooLarge(`${path}: ${value.length} actions are above the cap of ${MAX_SCENARIO_ACTIONS} actions`);
  const parsed = ScenarioFileSchema.safeParse(value);
  if (!parsed.success) fail(parsed.error.issues[0]!);
  const threads = parsed.data!.reduce((n, action) => n + action.threads, 0);
  if (threads > MAX_SCENARIO_THREADS)
    tooLarge(
      `${path}: ${threads} threads in all are above the cap of ${MAX_SCENARIO_THREADS} threads (concurrent iterations)`,
    );
  return parsed.data!.map((action, index) => {
    const scenario = findScenario(action.action);
    if (!scenario) {
      const node = doc.getIn([index, 'action'], true) as { range?: [number, number, number] } | undefined;
      const line = lineCounter.linePos(node?.range?.[0] ?? 0).line;
      invalid(
        `${path}:${line}: [${index}].action: unknown scenario ${JSON.stringify(action.action)}; known: ${[...SCENARIOS.keys()].join(', ')}`,
      );
    }
    const kwargs = SCENARIO_KWARGS.get(scenario.name)?.safeParse(action.kwargs) ?? {
      success: true as const,
      data: action.kwargs,
    };
    if (!kwargs.success) fail(kwargs.error.issues[0]!, [index, 'kwargs']);
    return { scenario, concurrency: action.threads, kwargs: kwargs.data! };
  });
}
