import { FakeHttpError, newKeystoneId, parseJsonBody } from '../fake-context';
import { empty, type FakeRequest, type FakeResponse, json } from '../fake-request';
import type { RouteTable } from '../route-table';
import type { FakeProject, FakeToken, FakeUser } from './fake-keystone';
import { stableId } from './stable-id';

/** A route handler of Keystone: the request, the origin of links, the path parameters. */
export type KeystoneHandler = (
  req: FakeRequest,
  origin: string,
  params: Record<string, string>,
) => FakeResponse;

/** What the identity admin routes read and change of the fake Keystone. */
export interface IdentityStore {
  readonly projects: FakeProject[];
  readonly users: FakeUser[];
  readonly domains: readonly { id: string; name: string }[];
  /** The roles every user may hold, by name. */
  readonly roleNames: readonly string[];
  validate(id: string | undefined): FakeToken | undefined;
}

/** A role's id: 32 hex digits as Keystone's, fixed per role name (as the token bodies show it). */
export function roleId(name: string): string {
  return stableId('role', name);
}

/**
 * Keystone 22's identity administration the fake serves (what Rally's users context calls): domains
 * (show, list by name), projects and users (create, list, show, delete), roles (list) and role
 * assignments of a user on a project (grant, check, revoke). Every call needs a valid token with
 * the admin role (else 401, 403), as Keystone's default policy has it.
 */
export function addIdentityAdminRoutes(routes: RouteTable<KeystoneHandler>, store: IdentityStore): void {
  const admin = (req: FakeRequest, action: string) => {
    const token = store.validate(req.headers['x-auth-token']);
    if (token === undefined)
      throw new FakeHttpError(401, 'The request you have made requires authentication.');
    if (!token.roles.includes('admin'))
      throw new FakeHttpError(
        403,
        `You are not authorized to perform the requested action: identity:${action}.`,
      );
  };
  const link = (origin: string, path: string) => ({ self: `${origin}/identity/v3/${path}` });
  // A list's self link is the URL it was asked at, query included.
  const collection = (origin: string, path: string, req: FakeRequest) => {
    const query = req.query.toString();
    return {
      self: `${origin}/identity/v3/${path}${query === '' ? '' : `?${query}`}`,
      previous: null,
      next: null,
    };
  };
  // A list with Keystone's exact `?name=` filter, its self link the URL it was asked at.
  const listByName = <T extends { name: string }>(
    req: FakeRequest,
    origin: string,
    kind: 'domains' | 'projects' | 'users',
    items: readonly T[],
    body: (item: T, origin: string) => unknown,
  ) => {
    const name = req.query.get('name');
    return json(200, {
      [kind]: items.filter((item) => name === null || item.name === name).map((item) => body(item, origin)),
      links: collection(origin, kind, req),
    });
  };
  const domainBody = (d: { id: string; name: string }, origin: string) => ({
    id: d.id,
    name: d.name,
    description: d.id === 'default' ? 'The default domain' : '',
    enabled: true,
    tags: [],
    options: {},
    links: link(origin, `domains/${d.id}`),
  });
  const projectBody = (p: FakeProject, origin: string) => ({
    id: p.id,
    name: p.name,
    domain_id: p.domainId,
    description: p.description ?? '',
    enabled: true,
    parent_id: p.domainId,
    is_domain: false,
    tags: [],
    options: {},
    links: link(origin, `projects/${p.id}`),
  });
  const userBody = (u: FakeUser, origin: string) => {
    const body: Record<string, unknown> = {
      id: u.id,
      name: u.name,
      domain_id: u.domainId,
      enabled: true,
      password_expires_at: null,
      options: {},
      links: link(origin, `users/${u.id}`),
    };
    if (u.defaultProjectId !== undefined) body.default_project_id = u.defaultProjectId;
    return body;
  };
  const project = (id: string) => {
    const found = store.projects.find((p) => p.id === id);
    if (!found) throw new FakeHttpError(404, `Could not find project: ${id}.`);
    return found;
  };
  const user = (id: string) => {
    const found = store.users.find((u) => u.id === id);
    if (!found) throw new FakeHttpError(404, `Could not find user: ${id}.`);
    return found;
  };
  const role = (id: string) => {
    const name = store.roleNames.find((r) => roleId(r) === id);
    if (name === undefined) throw new FakeHttpError(404, `Could not find role: ${id}.`);
    return name;
  };
  const domainId = (value: unknown) => {
    const id = typeof value === 'string' ? value : 'default';
    if (!store.domains.some((d) => d.id === id))
      throw new FakeHttpError(404, `Could not find domain: ${id}.`);
    return id;
  };
  const bodyOf = (req: FakeRequest, key: string) => {
    const value = parseJsonBody(req.body)[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new FakeHttpError(400, `'${key}' is a required property`);
    return value as Record<string, unknown>;
  };
  const nameOf = (spec: Record<string, unknown>) => {
    if (typeof spec.name !== 'string' || spec.name === '')
      throw new FakeHttpError(400, "Invalid input for field 'name': None is not of type 'string'");
    return spec.name;
  };

  routes
    .add('GET', '/v3/domains/{domain_id}', (req, origin, p) => {
      admin(req, 'get_domain');
      const found = store.domains.find((d) => d.id === p.domain_id);
      if (!found) throw new FakeHttpError(404, `Could not find domain: ${p.domain_id}.`);
      return json(200, { domain: domainBody(found, origin) });
    })
    .add('GET', '/v3/domains', (req, origin) => {
      admin(req, 'list_domains');
      return listByName(req, origin, 'domains', store.domains, domainBody);
    })
    .add('POST', '/v3/projects', (req, origin) => {
      admin(req, 'create_project');
      const spec = bodyOf(req, 'project');
      const name = nameOf(spec);
      const domain = domainId(spec.domain_id);
      if (store.projects.some((p) => p.name === name && p.domainId === domain))
        throw new FakeHttpError(
          409,
          `Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : ${name}.`,
        );
      const created: FakeProject = { id: newKeystoneId(), name, domainId: domain };
      store.projects.push(created);
      return json(201, { project: projectBody(created, origin) });
    })
    .add('GET', '/v3/projects', (req, origin) => {
      admin(req, 'list_projects');
      return listByName(req, origin, 'projects', store.projects, projectBody);
    })
    .add('GET', '/v3/projects/{project_id}', (req, origin, p) => {
      admin(req, 'get_project');
      return json(200, { project: projectBody(project(p.project_id!), origin) });
    })
    .add('DELETE', '/v3/projects/{project_id}', (req, _origin, p) => {
      admin(req, 'delete_project');
      const found = project(p.project_id!);
      store.projects.splice(store.projects.indexOf(found), 1);
      for (const u of store.users) u.roles.delete(found.id);
      return empty(204);
    })
    .add('POST', '/v3/users', (req, origin) => {
      admin(req, 'create_user');
      const spec = bodyOf(req, 'user');
      const name = nameOf(spec);
      const domain = domainId(spec.domain_id);
      if (store.users.some((u) => u.name === name && u.domainId === domain))
        throw new FakeHttpError(
          409,
          `Conflict occurred attempting to store user - Duplicate entry found with name ${name} at domain ID ${domain}.`,
        );
      const created: FakeUser = {
        id: newKeystoneId(),
        name,
        domainId: domain,
        password: typeof spec.password === 'string' ? spec.password : '',
        roles: new Map(),
        ...(typeof spec.default_project_id === 'string' ? { defaultProjectId: spec.default_project_id } : {}),
      };
      store.users.push(created);
      return json(201, { user: userBody(created, origin) });
    })
    .add('GET', '/v3/users', (req, origin) => {
      admin(req, 'list_users');
      return listByName(req, origin, 'users', store.users, userBody);
    })
    .add('GET', '/v3/users/{user_id}', (req, origin, p) => {
      admin(req, 'get_user');
      return json(200, { user: userBody(user(p.user_id!), origin) });
    })
    .add('DELETE', '/v3/users/{user_id}', (req, _origin, p) => {
      admin(req, 'delete_user');
      const found = user(p.user_id!);
      store.users.splice(store.users.indexOf(found), 1);
      return empty(204);
    })
    .add('GET', '/v3/roles', (req, origin) => {
      admin(req, 'list_roles');
      const name = req.query.get('name');
      const roles = store.roleNames
        .filter((r) => name === null || r === name)
        .map((r) => ({
          id: roleId(r),
          name: r,
          domain_id: null,
          description: null,
          // The roles `keystone-manage bootstrap` creates (all the fake has) are immutable.
          options: { immutable: true },
          links: link(origin, `roles/${roleId(r)}`),
        }));
      return json(200, { roles, links: collection(origin, 'roles', req) });
    })
    .add('PUT', '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}', (req, _origin, p) => {
      admin(req, 'create_grant');
      const found = project(p.project_id!);
      const holder = user(p.user_id!);
      const name = role(p.role_id!);
      const held = holder.roles.get(found.id) ?? [];
      if (!held.includes(name)) holder.roles.set(found.id, [...held, name]);
      return empty(204);
    })
    .add('HEAD', '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}', (req, _origin, p) => {
      admin(req, 'check_grant');
      const name = role(p.role_id!);
      if (!(user(p.user_id!).roles.get(project(p.project_id!).id) ?? []).includes(name))
        throw new FakeHttpError(
          404,
          `Could not find role assignment with role: ${p.role_id}, user or group: ${p.user_id}, project, domain, or system: ${p.project_id}.`,
        );
      return empty(204);
    })
    .add('DELETE', '/v3/projects/{project_id}/users/{user_id}/roles/{role_id}', (req, _origin, p) => {
      admin(req, 'revoke_grant');
      const found = project(p.project_id!);
      const holder = user(p.user_id!);
      const name = role(p.role_id!);
      const held = holder.roles.get(found.id) ?? [];
      if (!held.includes(name))
        throw new FakeHttpError(
          404,
          `Could not find role assignment with role: ${p.role_id}, user or group: ${p.user_id}, project, domain, or system: ${p.project_id}.`,
        );
      holder.roles.set(
        found.id,
        held.filter((r) => r !== name),
      );
      return empty(204);
    });
}
