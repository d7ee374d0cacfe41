/**
 * Path templates (`/volumes/{volume_id}`) to handlers, matched segment by segment. Static segments
 * win over parameters, so `/volumes/detail` is never taken for a volume id.
 */
export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
  /** The template as registered, e.g. `GET /volumes/{volume_id}`: the key fault rules match on. */
  key: string;
}

interface Route<H> {
  method: string;
  /** Per template segment: its literal text, or `{ param }` with the parameter's name. */
  segments: (string | { param: string })[];
  handler: H;
  key: string;
  staticCount: number;
}

/** A route table for one service; paths are relative to the service's base path. */
export class RouteTable<H> {
  readonly #byLength = new Map<number, Route<H>[]>();

  /** Registers `method` + `template` (e.g. `GET`, `/volumes/{volume_id}`). */
  add(method: string, template: string, handler: H): this {
    const segments = template
      .split('/')
      .filter(Boolean)
      .map((s) => (s.startsWith('{') ? { param: s.slice(1, -1) } : s));
    const route: Route<H> = {
      method,
      segments,
      handler,
      key: `${method} ${template}`,
      staticCount: segments.filter((s) => typeof s === 'string').length,
    };
    const list = this.#byLength.get(segments.length) ?? [];
    list.push(route);
    list.sort((a, b) => b.staticCount - a.staticCount);
    this.#byLength.set(segments.length, list);
    return this;
  }

  /**
   * Finds the route for `method` and the split `path` segments. Returns `'method-not-allowed'` when the
   * path exists with other methods, `undefined` when it does not exist at all.
   */
  match(method: string, segments: readonly string[]): RouteMatch<H> | 'method-not-allowed' | undefined {
    const candidates = this.#byLength.get(segments.length);
    if (!candidates) return undefined;
    let pathMatched = false;
    for (const route of candidates) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      return { handler: route.handler, params, key: route.key };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

function matchSegments(
  template: Route<unknown>['segments'],
  actual: readonly string[],
): Record<string, string> | undefined {
  let params: Record<string, string> | undefined;
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const a = actual[i]!;
    if (typeof t !== 'string') {
      params ??= {};
      params[t.param] = decodeURIComponent(a);
    } else if (t !== a) {
      return undefined;
    }
  }
  return params ?? {};
}
