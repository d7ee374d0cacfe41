import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('./', import.meta.url);

/** The `paths` of tsconfig.base.json: where the type checker finds each `@track/*` import's source. */
const paths: Record<string, string[]> = JSON.parse(readFileSync(new URL('tsconfig.base.json', root), 'utf8'))
  .compilerOptions.paths;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Tests import workspace packages from source, so a test run never depends on a stale build, and
 * from the same files `tsc` type-checks: the aliases are tsconfig.base.json's `paths` (a `*` matches
 * one path segment). Exact entries come first: the alias list is matched in order.
 */
export const workspaceAliases = Object.entries(paths)
  .sort(([a], [b]) => Number(a.includes('*')) - Number(b.includes('*')))
  .map(([pattern, [target]]) => {
    if (target === undefined) throw new Error(`tsconfig.base.json paths: ${pattern} maps to nothing`);
    const [before, after = ''] = pattern.split('*');
    return {
      find: new RegExp(
        `^${escapeRegExp(before ?? '')}${pattern.includes('*') ? '([^/]+)' : ''}${escapeRegExp(after)}$`,
      ),
      replacement: fileURLToPath(new URL(target.replace('*', '$1'), root)),
    };
  });
