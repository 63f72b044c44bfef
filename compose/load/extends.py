"""``extends``: a service built on another one, in the same file or in another file.

A service with ``extends: {service: base}`` (or ``{file: other.yaml, service: base}``)
is the base service (itself extended first, recursively) with the service's own
attributes merged on top by the override rules (``merge.extend_service``). The
``!reset``/``!override`` paths of the extending document apply to the base copy.
Relative paths of a base taken from another file are resolved against that file's
directory before the merge. A cycle (``a`` extends ``b`` extends ``a``) is an error
that shows the chain.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from compose._record import field, record
from compose.errors import LoadError, Location
from compose.load.merge import apply_resets, extend_service
from compose.load.sourcemap import KeyPath, SourceMap


@record
class ExtendsSource:
    """One loaded document that services may extend: canonical data, where each key came from."""

    file: str
    data: Mapping[str, Any]
    sources: SourceMap
    resets: frozenset[KeyPath] = frozenset()
    base_dir: str = ""
    """What a relative ``extends.file`` is relative to: the project directory, for v2 (not the file's)."""


LoadOther = Callable[[str], ExtendsSource]
"""Loads another compose file for ``extends.file`` (absolute path): parsed, interpolated, canonical,
its relative paths resolved against its own directory."""


@record(frozen=False)
class _Resolver:
    load_other: LoadOther
    done: dict[tuple[str, str], tuple[dict[str, Any], dict[KeyPath, Location]]] = field(default_factory=dict)
    by_service: dict[str, dict[str, dict[KeyPath, Location]]] = field(default_factory=dict)

    def locations(self, doc: ExtendsSource, name: str) -> dict[KeyPath, Location]:
        """The locations under ``services.<name>`` of ``doc`` (indexed once per document)."""
        index = self.by_service.get(doc.file)
        if index is None:
            index = self.by_service[doc.file] = {}
            for path, loc in doc.sources.items():
                if len(path) >= 2 and path[0] == "services" and isinstance(path[1], str):
                    index.setdefault(path[1], {})[path] = loc
        return dict(index.get(name, {}))

    def service(self, doc: ExtendsSource, name: str, chain: tuple[tuple[str, str], ...]
                ) -> tuple[Any, dict[KeyPath, Location]]:
        """The service ``name`` of ``doc`` with its ``extends`` applied, and its locations (under its name)."""
        key = (doc.file, name)
        if key in self.done:
            return self.done[key]
        services = doc.data.get("services") or {}
        service = services.get(name)
        own = self.locations(doc, name)
        if not isinstance(service, Mapping) or "extends" not in service:
            return service, own
        if key in chain:
            raise _cycle_error(doc, name, (*chain, key))
        ext = service["extends"]
        ref = ext.get("service") if isinstance(ext, Mapping) else ext
        ext_file = ext.get("file") if isinstance(ext, Mapping) else None
        where = doc.sources.locate(("services", name, "extends"))
        if not isinstance(ref, str) or not ref:
            raise LoadError("extends.service is required", location=where, path=f"services.{name}.extends")
        if ext_file:
            base_doc = self.load_other(os.path.join(doc.base_dir or os.path.dirname(doc.file), str(ext_file)))
            if ref not in (base_doc.data.get("services") or {}):
                raise LoadError(f"cannot extend service {name!r} in {doc.file}: service {ref!r} not found "
                                f"in {base_doc.file}", location=where, path=f"services.{name}.extends")
        else:
            base_doc = doc
            if ref not in services:
                raise LoadError(f"cannot extend service {name!r} in {doc.file}: service {ref!r} not found",
                                location=where, path=f"services.{name}.extends")
        base, base_locations = self.service(base_doc, ref, (*chain, key))
        if base is None:  # extending an empty service: v2 keeps the service as written, extends included
            self.done[key] = (dict(service), own)
            return self.done[key]
        base = apply_resets({"services": {name: base}}, doc.resets)["services"].get(name)
        merged = extend_service(base if isinstance(base, Mapping) else {}, service, name)
        locations = _rebased(base_locations, ("services", ref), ("services", name))
        locations.update(own)
        self.done[key] = (merged, locations)
        return merged, locations


def _rebased(locations: Mapping[KeyPath, Location], old: KeyPath, new: KeyPath) -> dict[KeyPath, Location]:
    n = len(old)
    return {new + k[n:]: v for k, v in locations.items() if k[:n] == old}


def _cycle_error(doc: ExtendsSource, name: str, chain: tuple[tuple[str, str], ...]) -> LoadError:
    start = chain.index(chain[-1])
    steps = [f"{svc} ({os.path.basename(file)})" for file, svc in chain[start:]]
    return LoadError("extends cycle: " + " -> ".join(steps),
                     location=doc.sources.locate(("services", name, "extends")),
                     path=f"services.{name}.extends")


def apply_extends(doc: ExtendsSource, load_other: LoadOther) -> tuple[dict[str, Any], dict[KeyPath, Location]]:
    """``doc``'s data with every ``extends`` resolved, and the locations of the extended services."""
    services = doc.data.get("services")
    if not isinstance(services, Mapping) or not any(
        isinstance(s, Mapping) and "extends" in s for s in services.values()
    ):
        return dict(doc.data), {}
    resolver = _Resolver(load_other)
    out_services: dict[str, Any] = {}
    locations: dict[KeyPath, Location] = {}
    for name in services:
        service, where = resolver.service(doc, name, ())
        out_services[name] = service
        if isinstance(services[name], Mapping) and "extends" in services[name]:
            locations.update(where)
    out = dict(doc.data)
    out["services"] = out_services
    return out, locations
