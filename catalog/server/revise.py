"""CKAN's package_revise semantics: remove the keys `filter` names, then set the keys `update` gives.

Filter entries are "-key" or "+key" paths like "-resources__1__url"; update keys may be paths too
("update__resources__-1__name"); resources can also be addressed by id prefix ("resources__<id>"), and
"update__resources__extend" adds to the list, before any other path key is applied, so that one call can
add a resource and attach its file ("update__resources__-1__upload").
"""

from __future__ import annotations

import copy
import fnmatch

from catalog.server.errors import ValidationError


def _walk(data, parts):
    for part in parts:
        data = _child(data, part)
    return data


def _child(data, part):
    if isinstance(data, list):
        if part.lstrip("-").isdigit():
            return data[int(part)]
        for item in data:  # address a resource by the start of its id
            if isinstance(item, dict) and str(item.get("id", "")).startswith(part):
                return item
        raise ValidationError({"update": [f"no element {part}"]})
    if isinstance(data, dict):
        if part not in data:
            data[part] = {}
        return data[part]
    raise ValidationError({"update": [f"cannot descend into {part}"]})


def _filter(pkg: dict, patterns: list[str]) -> None:
    removes = [p[1:] for p in patterns if p.startswith("-")]
    keeps = [p[1:] for p in patterns if p.startswith("+")]
    for pattern in removes:
        parts = pattern.split("__")
        parent = _walk(pkg, parts[:-1]) if len(parts) > 1 else pkg
        last = parts[-1]
        if isinstance(parent, dict):
            for key in [k for k in parent if fnmatch.fnmatch(k, last)]:
                if not any(fnmatch.fnmatch(key, k.split("__")[-1]) for k in keeps):
                    del parent[key]
        elif isinstance(parent, list) and last.lstrip("-").isdigit():
            del parent[int(last)]


def _update(pkg: dict, update: dict, prefix=()) -> None:
    for key, value in update.items():
        parts = [*prefix, *key.split("__")]
        if isinstance(value, dict) and len(parts) == 1 and isinstance(pkg.get(parts[0]), dict):
            pkg[parts[0]].update(value)
            continue
        parent = _walk(pkg, parts[:-1]) if len(parts) > 1 else pkg
        last = parts[-1]
        if isinstance(parent, list):
            if last == "extend":
                if not isinstance(value, list):
                    raise ValidationError({"update": [f"{key}: expected a list to extend with"]})
                parent.extend(value)
            elif last.lstrip("-").isdigit():
                index = int(last)
                if index == len(parent):
                    parent.append(value)
                else:
                    if isinstance(parent[index], dict) and isinstance(value, dict):
                        parent[index].update(value)
                    else:
                        parent[index] = value
            else:
                _child(parent, last).update(value)
        else:
            if isinstance(parent.get(last), dict) and isinstance(value, dict):
                parent[last].update(value)
            else:
                parent[last] = value


def revise(existing: dict, filters: list[str], update: dict, path_updates: dict) -> dict:
    pkg = copy.deepcopy(existing)
    _filter(pkg, filters)
    _update(pkg, update)
    extends_first = sorted(path_updates, key=lambda key: not key.endswith("extend"))
    _update(pkg, {key: path_updates[key] for key in extends_first})
    return pkg
