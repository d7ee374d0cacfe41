#!/usr/bin/python3
"""Dumps Tempest's response schemas, and which schema module each service client uses at which
microversion, as JSON on stdout (sorted keys, so the output is stable).

Run with the system Python that has Debian's python3-tempest:

    /usr/bin/python3 scripts/dump-tempest-schemas.py > test/tempest-schemas.json

Output: {"tempest": "<version>", "modules": {"volume.volumes": {"create_volume": {...}, ...},
"compute.v2_1.servers": {...}}, "clients": {"volume.v3.volumes_client.VolumesClient":
[{"min": null, "max": "3.60", "module": "volume.volumes"}, ...]}}.
"""
import copy
import importlib
import importlib.metadata
import json
import pkgutil
import sys

import tempest.lib.api_schema.response as response_pkg
import tempest.lib.services as services_pkg

PREFIX = 'tempest.lib.api_schema.response.'
SERVICES = ('volume', 'compute')


def schema_modules():
    out = {}
    for info in pkgutil.walk_packages(response_pkg.__path__, PREFIX):
        name = info.name[len(PREFIX):]
        if info.ispkg or not name.startswith(SERVICES):
            continue
        module = importlib.import_module(info.name)
        schemas = {}
        for attr, value in vars(module).items():
            if attr.startswith('_') or not isinstance(value, dict):
                continue
            if 'status_code' in value or 'response_body' in value:
                schemas[attr] = copy.deepcopy(value)
            elif attr not in ('common_show_volume',) and value.get('type') is not None:
                schemas[attr] = copy.deepcopy(value)
        out[name] = schemas
    return out


def client_versions():
    out = {}
    for info in pkgutil.walk_packages(services_pkg.__path__, 'tempest.lib.services.'):
        short = info.name[len('tempest.lib.services.'):]
        if info.ispkg or not short.startswith(SERVICES):
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            infos = getattr(value, 'schema_versions_info', None)
            if not isinstance(value, type) or value.__module__ != info.name or not infos:
                continue
            out['%s.%s' % (short, attr)] = [
                {'min': i['min'], 'max': i['max'], 'module': i['schema'].__name__[len(PREFIX):]}
                for i in infos
            ]
    return out


def main():
    doc = {
        'tempest': importlib.metadata.version('tempest'),
        'modules': schema_modules(),
        'clients': client_versions(),
    }
    json.dump(doc, sys.stdout, indent=1, sort_keys=True, default=str)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
