"""Relative paths of a compose model made absolute, as Docker Compose v2 does.

``resolve_paths(data, base_dir, home)`` rewrites, in a new dict, every
attribute that names a host path: build contexts (a URL or git context is kept
as written), additional contexts, bind-mount sources, ``env_file`` and
``label_file`` entries, ``extends.file``, watch paths, secret/config files,
include paths, and the ``device`` of a local volume with ``o: bind``. ``~`` is
expanded to ``home``. Already absolute paths are kept, so resolving twice is
harmless: the loader can resolve a file's paths against that file's directory
(extends/include) and ``finalize`` resolves whatever is left against the
project directory.
"""

from __future__ import annotations

import ntpath
import os.path
import posixpath
from collections.abc import Callable
from typing import Any

from compose.load._canon_tree import PathRules
from compose.load._canon_values import is_file_path

_REMOTE_PREFIXES = ("https://", "http://", "git://", "ssh://", "github.com/", "git@")


def expand_user(path: str, home: str | None) -> str:
    """``~`` and ``~/x`` -> the home directory (Go's ExpandUser also turns ``~x`` into ``home/x``)."""
    if home and path.startswith("~"):
        return posixpath.join(home, path[1:].lstrip("/")) if path != "~" else home
    return path


def is_windows_abs(path: str) -> bool:
    return ntpath.isabs(path) and ((len(path) > 1 and path[1] == ":") or path.startswith("\\\\"))


def abs_path(path: str, base_dir: str, home: str | None) -> str:
    """A host path made absolute against ``base_dir`` (and cleaned), ``~`` expanded."""
    if not path:
        return path
    path = expand_user(path, home)
    if posixpath.isabs(path) or is_windows_abs(path):
        return path
    return posixpath.normpath(posixpath.join(base_dir, path))


def is_remote_context(path: str) -> bool:
    """A build context that is not a local directory: a URL, a git reference, ``docker-image://``, ``service:``."""
    return "://" in path or path.startswith(_REMOTE_PREFIXES) or path.startswith(("service:", "target:"))


def _context(value: Any, base: str, home: str | None) -> Any:
    if isinstance(value, str) and not is_remote_context(value):
        return abs_path(value, base, home)
    return value


def _plain(value: Any, base: str, home: str | None) -> Any:
    if isinstance(value, str):
        return abs_path(value, base, home)
    if isinstance(value, list):
        return [_plain(v, base, home) for v in value]
    return value


def _volume_mount(value: Any, base: str, home: str | None) -> Any:
    if not isinstance(value, dict) or value.get("type") != "bind":
        return value
    source = value.get("source")
    if not isinstance(source, str):
        return value
    return {**value, "source": abs_path(source, base, home) if source else base}


def _volume_driver_opts(value: Any, base: str, home: str | None) -> Any:
    if not isinstance(value, dict):
        return value
    opts = value.get("driver_opts")
    if not isinstance(opts, dict) or opts.get("o") != "bind" or not isinstance(opts.get("device"), str):
        return value
    if value.get("driver") not in (None, "local"):
        return value
    return {**value, "driver_opts": {**opts, "device": abs_path(opts["device"], base, home)}}


Resolver = Callable[[Any, str, str | None], Any]

RESOLVERS: tuple[tuple[tuple[str, ...], Resolver], ...] = (
    (("services", "*", "build", "context"), _context),
    (("services", "*", "build", "additional_contexts", "*"), _context),
    (("services", "*", "env_file", "*", "path"), _plain),
    (("services", "*", "label_file", "*"), _plain),
    (("services", "*", "extends", "file"), _plain),
    (("services", "*", "develop", "watch", "*", "path"), _plain),
    (("services", "*", "volumes", "*"), _volume_mount),
    (("configs", "*", "file"), _plain),
    (("secrets", "*", "file"), _plain),
    (("include", "*", "path"), _plain),
    (("include", "*", "project_directory"), _plain),
    (("include", "*", "env_file"), _plain),
    (("volumes", "*"), _volume_driver_opts),
)


_COMPILED = PathRules(RESOLVERS)


def resolve_paths(data: dict[str, Any], base_dir: str, home: str | None = None) -> dict[str, Any]:
    """``data`` with every host path attribute absolute against ``base_dir`` (a new dict; ``data`` is unchanged)."""
    base = os.path.abspath(base_dir)

    def apply(resolver: Resolver, value: Any, _path: tuple[str | int, ...]) -> tuple[Any, bool]:
        return resolver(value, base, home), False

    out = _COMPILED.walk(data, apply)
    return out if isinstance(out, dict) else data


def resolve_service_paths(service: dict[str, Any], base_dir: str, home: str | None = None) -> dict[str, Any]:
    """One service's host paths made absolute (for ``extends`` of a service defined in another file)."""
    out = resolve_paths({"services": {"_": service}}, base_dir, home)
    resolved = out["services"]["_"]
    return resolved if isinstance(resolved, dict) else service


__all__ = [
    "abs_path",
    "expand_user",
    "is_file_path",
    "is_remote_context",
    "resolve_paths",
    "resolve_service_paths",
]
