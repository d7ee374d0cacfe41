#!/usr/bin/python3
"""Creates, through the APIs and idempotently, what the loopback cloud needs.

    setup-cloud.py identity MODE    service users, the member user and project, the catalog
    setup-cloud.py resources MODE   a flavor, a tiny raw image, an external network (prints their ids)
    setup-cloud.py ready-volume MODE SECONDS   waits for cinder-scheduler and cinder-volume, then
                                    creates and deletes one volume
    setup-cloud.py ready-compute MODE SECONDS  waits for nova-compute to report up
    setup-cloud.py sweep MODE PREFIX    deletes, in every project, the servers, snapshots and volumes
                                    whose names start with PREFIX; prints one line per resource found

MODE is `all` (Keystone, Glance, Cinder, Placement, Nova, Neutron) or `volume` (Keystone, Glance and
Cinder only: the compute, placement and network services are removed from the catalog). Passwords
come from the environment (TRACK_ADMIN_PASSWORD, TRACK_SERVICE_PASSWORD, TRACK_MEMBER_PASSWORD) and
are never printed.
"""
import json
import os
import sys
import time

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

AUTH_URL = "http://127.0.0.1:5000/v3"
REGION = "RegionOne"
SERVICE_USERS = ["cinder", "glance", "nova", "placement", "neutron"]
CATALOG = {
    # type: (name, url, needed in volume mode)
    "volumev3": ("cinderv3", "http://127.0.0.1:8776/v3/%(project_id)s", True),
    "block-storage": ("cinder", "http://127.0.0.1:8776/v3/%(project_id)s", True),
    "image": ("glance", "http://127.0.0.1:9292", True),
    "compute": ("nova", "http://127.0.0.1:8774/v2.1", False),
    "placement": ("placement", "http://127.0.0.1:8778", False),
    "network": ("neutron", "http://127.0.0.1:9696", False),
}
FLAVOR = "track.tiny"
IMAGE = "track-tiny-raw"
EXTERNAL_NETWORK = "track-public"


def admin_session():
    auth = v3.Password(
        auth_url=AUTH_URL,
        username="admin",
        password=os.environ["TRACK_ADMIN_PASSWORD"],
        project_name="admin",
        user_domain_id="default",
        project_domain_id="default",
    )
    return ks_session.Session(auth=auth)


class Identity:
    def __init__(self, sess):
        self.s = sess

    def call(self, method, path, body=None, ok=(200, 201, 204)):
        r = self.s.request(AUTH_URL + path, method, json=body, raise_exc=False)
        if r.status_code not in ok:
            sys.exit(f"setup-cloud: keystone {method} {path}: {r.status_code} {r.text[:300]}")
        return r.json() if r.content else {}

    def find(self, collection, **query):
        q = "&".join(f"{k}={v}" for k, v in query.items())
        items = self.call("GET", f"/{collection}?{q}")[collection]
        return items[0] if items else None

    def project(self, name):
        found = self.find("projects", name=name, domain_id="default")
        if found:
            return found["id"]
        body = {"project": {"name": name, "domain_id": "default", "description": f"track {name}"}}
        return self.call("POST", "/projects", body)["project"]["id"]

    def user(self, name, password, project_id):
        found = self.find("users", name=name, domain_id="default")
        if found:
            # up.sh keeps its passwords in the state directory: an existing user already has its own.
            return found["id"]
        body = {
            "user": {
                "name": name,
                "domain_id": "default",
                "password": password,
                "default_project_id": project_id,
            }
        }
        return self.call("POST", "/users", body)["user"]["id"]

    def grant(self, project_id, user_id, role):
        role_id = self.find("roles", name=role)["id"]
        self.call("PUT", f"/projects/{project_id}/users/{user_id}/roles/{role_id}")

    def service(self, type_, name):
        found = self.find("services", type=type_)
        if found:
            return found["id"]
        return self.call("POST", "/services", {"service": {"type": type_, "name": name}})["service"]["id"]

    def endpoints(self, service_id, url):
        for interface in ("public", "internal", "admin"):
            found = self.find("endpoints", service_id=service_id, interface=interface)
            if found and found["url"] == url:
                continue
            if found:
                self.call("PATCH", f"/endpoints/{found['id']}", {"endpoint": {"url": url}})
                continue
            body = {
                "endpoint": {
                    "service_id": service_id,
                    "interface": interface,
                    "url": url,
                    "region_id": REGION,
                }
            }
            self.call("POST", "/endpoints", body)

    def remove_service(self, type_):
        found = self.find("services", type=type_)
        if not found:
            return
        for endpoint in self.call("GET", f"/endpoints?service_id={found['id']}")["endpoints"]:
            self.call("DELETE", f"/endpoints/{endpoint['id']}")
        self.call("DELETE", f"/services/{found['id']}")


def identity(mode):
    ks = Identity(admin_session())
    service_project = ks.project("service")
    # Cinder accepts Nova's attachment deletes only with a service token of this role (OSSA-2023-003).
    if not ks.find("roles", name="service"):
        ks.call("POST", "/roles", {"role": {"name": "service"}})
    for name in SERVICE_USERS:
        user = ks.user(name, os.environ["TRACK_SERVICE_PASSWORD"], service_project)
        ks.grant(service_project, user, "admin")
        ks.grant(service_project, user, "service")
    member_project = ks.project("member")
    member = ks.user("member", os.environ["TRACK_MEMBER_PASSWORD"], member_project)
    ks.grant(member_project, member, "member")
    for type_, (name, url, in_volume_mode) in CATALOG.items():
        if mode == "all" or in_volume_mode:
            ks.endpoints(ks.service(type_, name), url)
        else:
            ks.remove_service(type_)


def answer(sess, service, method, path, body=None, **kwargs):
    """The response of SERVICE's public endpoint to METHOD PATH, whatever its status."""
    return sess.request(
        path,
        method,
        json=body,
        raise_exc=False,
        endpoint_filter={"service_type": service, "interface": "public", "region_name": REGION},
        **kwargs,
    )


def request(sess, service, method, path, body=None, ok=(200, 201, 202, 204), **kwargs):
    """The response to METHOD PATH; any status outside OK ends setup-cloud with the answer's start."""
    r = answer(sess, service, method, path, body, **kwargs)
    if r.status_code not in ok:
        sys.exit(f"setup-cloud: {service} {method} {path}: {r.status_code} {r.text[:300]}")
    return r


def flavor(sess):
    flavors = request(sess, "compute", "GET", "/flavors?is_public=None").json()["flavors"]
    for f in flavors:
        if f["name"] == FLAVOR:
            return f["id"]
    body = {"flavor": {"name": FLAVOR, "ram": 64, "vcpus": 1, "disk": 1, "id": "track-tiny"}}
    return request(sess, "compute", "POST", "/flavors", body).json()["flavor"]["id"]


def image(sess):
    images = request(sess, "image", "GET", f"/v2/images?name={IMAGE}").json()["images"]
    found = next((i for i in images if i["status"] == "active"), None)
    if found:
        return found["id"]
    for stale in images:
        request(sess, "image", "DELETE", f"/v2/images/{stale['id']}")
    body = {
        "name": IMAGE,
        "disk_format": "raw",
        "container_format": "bare",
        "visibility": "public",
    }
    created = request(sess, "image", "POST", "/v2/images", body).json()
    request(
        sess,
        "image",
        "PUT",
        f"/v2/images/{created['id']}/file",
        data=bytes(1024 * 1024),
        headers={"Content-Type": "application/octet-stream"},
    )
    return created["id"]


def external_network(sess):
    nets = request(sess, "network", "GET", f"/v2.0/networks?name={EXTERNAL_NETWORK}").json()["networks"]
    if nets:
        net_id = nets[0]["id"]
    else:
        body = {
            "network": {
                "name": EXTERNAL_NETWORK,
                "router:external": True,
                "provider:network_type": "flat",
                "provider:physical_network": "public",
            }
        }
        net_id = request(sess, "network", "POST", "/v2.0/networks", body).json()["network"]["id"]
    subnets = request(sess, "network", "GET", f"/v2.0/subnets?network_id={net_id}").json()["subnets"]
    if not subnets:
        body = {
            "subnet": {
                "name": EXTERNAL_NETWORK + "-subnet",
                "network_id": net_id,
                "ip_version": 4,
                # TEST-NET-3 (RFC 5737): records in Neutron's database only, no traffic anywhere.
                "cidr": "203.0.113.0/24",
                "enable_dhcp": False,
            }
        }
        request(sess, "network", "POST", "/v2.0/subnets", body)
    return net_id


def resources(mode):
    sess = admin_session()
    out = {"image": image(sess)}
    if mode == "all":
        out["flavor"] = flavor(sess)
        out["external_network"] = external_network(sess)
    print(json.dumps(out))


def services_up(sess, service, path, binaries):
    r = answer(sess, service, "GET", path)
    if r.status_code != 200:
        return False
    up = {s["binary"] for s in r.json()["services"] if s["state"] == "up" and s["status"] == "enabled"}
    return all(b in up for b in binaries)


def wait(what, deadline, check):
    while True:
        try:
            if check():
                return
        except Exception as error:  # a service still starting: connection refused, 503
            print(f"setup-cloud: {what}: {error}", file=sys.stderr)
        if time.time() > deadline:
            sys.exit(f"setup-cloud: {what}: not ready in time")
        time.sleep(1)


def has_pool(sess):
    """True when cinder-scheduler holds the capabilities of a volume backend (one pool or more)."""
    r = answer(sess, "volumev3", "GET", "/scheduler-stats/get_pools")
    return r.status_code == 200 and len(r.json()["pools"]) > 0


def ready_volume(seconds):
    deadline = time.time() + seconds
    sess = admin_session()
    wait(
        "cinder services",
        deadline,
        lambda: services_up(sess, "volumev3", "/os-services", ["cinder-scheduler", "cinder-volume"]),
    )
    # cinder-volume is listed up as soon as its service record exists, before its driver is set up and
    # its capabilities reach cinder-scheduler; a scheduler started on an empty database does not wait
    # for them, so a volume created in between goes to error ("No valid backend was found"). The
    # backend's pool shows in the scheduler's stats once it has them.
    wait("cinder-scheduler's pool of the fake backend", deadline, lambda: has_pool(sess))
    name = "track-up-smoke"
    for old in request(sess, "volumev3", "GET", f"/volumes?name={name}").json()["volumes"]:
        request(sess, "volumev3", "DELETE", f"/volumes/{old['id']}", ok=(202, 404))
    vol = request(sess, "volumev3", "POST", "/volumes", {"volume": {"size": 1, "name": name}}).json()["volume"]

    def status():
        r = request(sess, "volumev3", "GET", f"/volumes/{vol['id']}", ok=(200, 404))
        return "gone" if r.status_code == 404 else r.json()["volume"]["status"]

    def settled(wanted):
        current = status()
        if current == "error":
            sys.exit("setup-cloud: the smoke volume went to error: see the cinder-volume log")
        return current == wanted

    wait("smoke volume available", deadline, lambda: settled("available"))
    request(sess, "volumev3", "DELETE", f"/volumes/{vol['id']}")
    wait("smoke volume deleted", deadline, lambda: settled("gone"))


def ready_compute(seconds):
    deadline = time.time() + seconds
    sess = admin_session()
    wait("nova-compute", deadline, lambda: services_up(sess, "compute", "/os-services", ["nova-compute"]))
    # nova-compute is "up" once its service record exists; the scheduler can place a server only once
    # the compute host's resource provider, with its VCPU inventory, is in Placement.
    wait("nova-compute's resource provider in placement", deadline, lambda: has_compute_provider(sess))


def has_compute_provider(sess):
    """True when Placement holds a resource provider with a VCPU inventory (nova-compute's host)."""
    r = answer(sess, "placement", "GET", "/resource_providers")
    if r.status_code != 200:
        return False
    for provider in r.json()["resource_providers"]:
        inventories = answer(sess, "placement", "GET", f"/resource_providers/{provider['uuid']}/inventories")
        if inventories.status_code == 200 and "VCPU" in inventories.json()["inventories"]:
            return True
    return False


def sweep(mode, prefix):
    sess = admin_session()
    found = []
    if mode == "all":
        servers = request(sess, "compute", "GET", "/servers/detail?all_tenants=1").json()["servers"]
        found += [("server", s) for s in servers if (s["name"] or "").startswith(prefix)]
    snapshots = request(sess, "volumev3", "GET", "/snapshots/detail?all_tenants=1").json()["snapshots"]
    found += [("snapshot", s) for s in snapshots if (s["name"] or "").startswith(prefix)]
    volumes = request(sess, "volumev3", "GET", "/volumes/detail?all_tenants=1").json()["volumes"]
    found += [("volume", v) for v in volumes if (v["name"] or "").startswith(prefix)]
    for kind, item in found:
        print(f"{kind} {item['name']} ({item['id']}, {item['status']})")
    deadline = time.time() + 300
    paths = {"server": ("compute", "/servers/"), "snapshot": ("volumev3", "/snapshots/"), "volume": ("volumev3", "/volumes/")}
    for kind in ("server", "snapshot", "volume"):
        service, base = paths[kind]
        ids = [item["id"] for k, item in found if k == kind]
        for id_ in ids:
            if kind == "volume":
                # A volume left attached (its server gone) or stuck in a transition cannot be deleted.
                request(sess, service, "POST", f"{base}{id_}/action", {"os-reset_status": {"status": "available", "attach_status": "detached"}}, ok=(202, 404))
            request(sess, service, "DELETE", f"{base}{id_}", ok=(202, 204, 404))
        gone = lambda: all(request(sess, service, "GET", f"{base}{i}", ok=(200, 404)).status_code == 404 for i in ids)
        wait(f"{kind}s deleted", deadline, gone)


def main():
    args = sys.argv[1:]
    commands = {"identity": 2, "resources": 2, "ready-volume": 3, "ready-compute": 3, "sweep": 3}
    if not args or commands.get(args[0]) != len(args) or args[1] not in ("all", "volume"):
        sys.exit("usage: setup-cloud.py identity|resources MODE, ready-volume|ready-compute MODE SECONDS, sweep MODE PREFIX")
    if args[0] == "identity":
        identity(args[1])
    elif args[0] == "resources":
        resources(args[1])
    elif args[0] == "sweep":
        sweep(args[1], args[2])
    elif args[0] == "ready-volume":
        ready_volume(float(args[2]))
    else:
        ready_compute(float(args[2]))


if __name__ == "__main__":
    main()
