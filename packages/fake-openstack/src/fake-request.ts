/** A request as the fake cloud's handlers see it, whichever way it arrived (in-process or HTTP). */
export interface FakeRequest {
  method: string;
  /** Path without query, e.g. `/volume/v3/<project>/volumes/<id>`. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** Raw body text (`''` when none). */
  body: string;
  /** `scheme://host[:port]` the request was sent to; catalog URLs are built from it. */
  origin: string;
}

/** A response from the fake cloud. */
export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set by fault rules: drop the connection instead of answering. */
  connection?: 'reset' | 'hang';
  /** Set on the answer of a service's router for a path it has no route for (no handler ran). */
  router?: true;
}

/** Parses `url` (absolute) into origin, path and query without allocating a `URL`. */
export function splitUrl(url: string): { origin: string; path: string; query: URLSearchParams } {
  const schemeEnd = url.indexOf('://');
  const pathStart = schemeEnd < 0 ? 0 : url.indexOf('/', schemeEnd + 3);
  const origin = pathStart < 0 ? url : url.slice(0, pathStart);
  const rest = pathStart < 0 ? '/' : url.slice(pathStart);
  const q = rest.indexOf('?');
  return q < 0
    ? { origin, path: rest, query: new URLSearchParams() }
    : { origin, path: rest.slice(0, q), query: new URLSearchParams(rest.slice(q + 1)) };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** An empty response (202/204). */
export function empty(status: number, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, body: '' };
}
