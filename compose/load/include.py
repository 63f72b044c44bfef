"""``include``: other compose projects whose resources are copied into this one.

Each entry (canonical: ``{path: [files...], env_file: [...], project_directory: dir}``)
is loaded as a project of its own: its files merged in order, relative paths
resolved against its project directory (default: the first file's directory),
variables taken from this project's environment first, then from its env files
(default: ``.env`` in its project directory). Its services, networks, volumes,
secrets and configs are then added to the including document; a name that is
already defined there (differently) is an error, and so is an include cycle.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from compose._record import record
from compose.errors import LoadError, Location
from compose.load import fs
from compose.load.sourcemap import KeyPath, SourceMap

RESOURCES = ("services", "volumes", "networks", "secrets", "configs")


@record
class IncludedProject:
    data: Mapping[str, Any]
    locations: Mapping[KeyPath, Location]


LoadProject = Callable[[Sequence[str], str, Sequence[str]], IncludedProject]
"""Loads included files: (absolute files, project directory, absolute env files) -> project."""


def apply_include(doc: Mapping[str, Any], sources: SourceMap, workdir: str, chain: Sequence[str],
                  load: LoadProject) -> tuple[dict[str, Any], dict[KeyPath, Location]]:
    """``doc`` without ``include`` and with the included resources added, plus their locations."""
    entries = doc.get("include")
    out = {k: v for k, v in doc.items() if k != "include"}
    if not entries:
        return out, {}
    locations: dict[KeyPath, Location] = {}
    for i, entry in enumerate(entries if isinstance(entries, list) else [entries]):
        where = sources.locate(("include", i))
        files, project_dir, env_files = _entry(entry, workdir, where, i)
        for f in files[:1]:
            if f in chain:
                shown = "\n include ".join([*chain, f])
                raise LoadError(f"include cycle detected:\n{shown}", location=where, path=f"include[{i}]")
        included = load(files, project_dir, env_files)
        _import(out, included.data, where)
        locations.update(included.locations)
    return out, locations


def _entry(entry: Any, workdir: str, where: Location | None, i: int) -> tuple[list[str], str, list[str]]:
    if isinstance(entry, str):
        entry = {"path": [entry]}
    if not isinstance(entry, Mapping):
        raise LoadError("an include entry must be a path or a mapping", location=where, path=f"include[{i}]")
    paths = entry.get("path") or []
    paths = [paths] if isinstance(paths, str) else list(paths)
    if not paths:
        raise LoadError("include: path is required", location=where, path=f"include[{i}]")
    files = [_abs(workdir, str(p)) for p in paths]
    for f in files:
        if not fs.isfile(f):
            raise LoadError(f"include: open {f}: no such file or directory", location=where,
                            path=f"include[{i}].path")
    project_dir = entry.get("project_directory")
    project_dir = _abs(workdir, str(project_dir)) if project_dir else os.path.dirname(files[0])
    env = entry.get("env_file")
    if env:
        env_files = [_abs(workdir, str(e)) for e in ([env] if isinstance(env, str) else env)]
        for e in env_files:
            if not fs.isfile(e):
                raise LoadError(f"include: env file {e} not found", location=where, path=f"include[{i}].env_file")
    else:
        default = os.path.join(project_dir, ".env")
        env_files = [default] if fs.isfile(default) else []
    return files, project_dir, env_files


def _abs(base: str, path: str) -> str:
    return os.path.normpath(os.path.join(base, os.path.expanduser(path)))


def _import(target: dict[str, Any], source: Mapping[str, Any], where: Location | None) -> None:
    for kind in RESOURCES:
        incoming = source.get(kind)
        if not isinstance(incoming, Mapping):
            continue
        current = dict(target.get(kind) or {})
        for name, value in incoming.items():
            if name in current and current[name] != value:
                raise LoadError(f"{kind}.{name} conflicts with imported resource", location=where,
                                path=f"{kind}.{name}")
            current[name] = value
        target[kind] = current
