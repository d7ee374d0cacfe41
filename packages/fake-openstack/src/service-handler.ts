import type { FakeRequest, FakeResponse } from './fake-request';
import type { FakeToken } from './keystone/fake-keystone';
import type { RouteTable } from './route-table';

/** A route handler of Cinder, Nova or Neutron: the request, the path parameters, the token, the microversion. */
export type ServiceHandler = (
  req: FakeRequest,
  params: Record<string, string>,
  token: FakeToken,
  version: number,
) => FakeResponse;

/** The route table of one service. */
export type ServiceRoutes = RouteTable<ServiceHandler>;
