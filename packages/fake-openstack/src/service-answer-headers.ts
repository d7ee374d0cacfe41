import type { FakeRequest, FakeResponse } from './fake-request';
import { type FakeService, webobError } from './fault-bodies';

/**
 * Adds the request-id headers every answer of `service` carries (`undefined`: no service at the
 * path) and Nova's charset on its own faults, as the real services' middlewares do.
 */
export function addRequestHeaders(
  service: FakeService | undefined,
  response: FakeResponse,
  requestId: string,
): FakeResponse {
  // Glance's 401 comes from keystonemiddleware before its request-id middleware: no id.
  if (!(service === 'image' && response.status === 401))
    response.headers['x-openstack-request-id'] = requestId;
  if (service === 'compute' || (service === 'block-storage' && cinderSerialized(response)))
    response.headers['x-compute-request-id'] = requestId;
  // Nova's own faults name their charset (keystonemiddleware's 401 does not).
  if (
    service === 'compute' &&
    response.status >= 400 &&
    response.status !== 401 &&
    response.headers['content-type'] === 'application/json'
  )
    response.headers['content-type'] = 'application/json; charset=UTF-8';
  return response;
}

/** Adds Cinder's microversion headers (`header`: the served `volume 3.x`) to one of its answers. */
export function addCinderVersionHeaders(response: FakeResponse, header: string): FakeResponse {
  response.headers['openstack-api-version'] = header;
  response.headers.vary = 'OpenStack-API-Version';
  // Cinder's empty answers are bare webob responses.
  if (response.body === '' && response.headers['content-type'] === undefined)
    response.headers['content-type'] = 'text/html; charset=UTF-8';
  return response;
}

/** Adds Nova's microversion headers (`header`: the served `compute 2.x`) to one of its answers. */
export function addNovaVersionHeaders(response: FakeResponse, header: string): FakeResponse {
  response.headers['openstack-api-version'] = header;
  response.headers['x-openstack-nova-api-version'] = header.slice('compute '.length);
  response.headers.vary = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version';
  // Nova's serializer sets the negotiated content type on every answer, empty or not.
  if (response.headers['content-type'] === undefined) response.headers['content-type'] = 'application/json';
  return response;
}

/** The generic 404 of a service's router for a path or method it has no route for (webob's page). */
export function routerNotFound(request: FakeRequest): FakeResponse {
  return { ...webobError(404, 'The resource could not be found.', request.headers.accept), router: true };
}

/**
 * Whether Cinder's own WSGI resource serialized `response`, the only answers that carry
 * `x-compute-request-id`: not keystonemiddleware's 401, not the router's 404, not a bare webob
 * answer (empty, its content type `text/html`); an empty serialized one (extend's 202) is JSON.
 */
function cinderSerialized(response: FakeResponse): boolean {
  if (response.status === 401 || response.router === true) return false;
  return response.body !== '' || response.headers['content-type'] === 'application/json';
}
