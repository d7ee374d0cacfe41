import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CliError } from '../cli-error';
import type { RunPart } from '../run/runner';
import { findScenario, SCENARIO_KWARGS, SCENARIOS } from './registry';

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
 * checked against the action's own strict schema, so a misspelled key is an error too.
 */
export function loadScenarioFile(path: string): RunPart[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read scenario file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new CliError(
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
    throw new CliError(`${path}:${line}: ${field}: ${issue.message}`);
  };
  const parsed = ScenarioFileSchema.safeParse(doc.toJS());
  if (!parsed.success) fail(parsed.error.issues[0]!);
  return parsed.data!.map((action, index) => {
    const scenario = findScenario(action.action);
    if (!scenario) {
      const node = doc.getIn([index, 'action'], true) as { range?: [number, number, number] } | undefined;
      const line = lineCounter.linePos(node?.range?.[0] ?? 0).line;
      throw new CliError(
        `${path}:${line}: [${index}].action: unknown scenario ${JSON.stringify(action.action)}; known: ${[...SCENARIOS.keys()].join(', ')}`,
      );
    }
    const kwargs = SCENARIO_KWARGS.get(scenario.name)?.safeParse(action.kwargs) ?? {
      success: true as const,
      data: action.kwargs,
    };
    if (!kwargs.success) fail(kwargs.error.issues[0]!, [index, 'kwargs']);
    return { scenario, workers: action.threads, kwargs: kwargs.data! };
  });
}
