"""The project's variables (shell + env files) and each service's resolved ``environment``.

Project environment: the shell environment wins; then the env files in order
(``--env-file`` values, else ``COMPOSE_ENV_FILES``, else ``.env`` in the working
directory unless ``COMPOSE_DISABLE_ENV_FILE`` is true). While an env file is read,
``${VAR}`` looks at the files read before it, then the shell.

Service environment (``resolve_service_environment``): each ``env_file`` in order
(later files win; ``required: false`` files may be missing; ``format: raw`` takes
values literally), then ``environment`` on top, where ``VAR`` with no value takes
the project's value if there is one and stays null otherwise, and still overrides
an env-file value. ``label_file`` is folded into ``labels`` the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from compose.errors import EnvFileError, LoadError
from compose.load import dotenv, fs

Reader = Callable[[str], str]


read_text: Reader = fs.read_text


_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def parse_bool(name: str, value: str) -> bool:
    """Go's ``strconv.ParseBool``, used by v2 for its COMPOSE_* switches."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise LoadError(f"invalid boolean value {value!r} for {name}")


def default_env_files(explicit: Sequence[str] | None, environ: Mapping[str, str], workdir: str,
                      cwd: str) -> list[str]:
    """The project env files to read, absolute. ``environ`` is the shell's: v2 does not take
    ``COMPOSE_ENV_FILES`` or ``COMPOSE_DISABLE_ENV_FILE`` from a ``.env`` file."""
    if explicit:
        return [os.path.normpath(os.path.join(cwd, os.path.expanduser(f))) for f in explicit]
    from_env = environ.get("COMPOSE_ENV_FILES")
    if from_env:
        return [os.path.normpath(os.path.join(cwd, f)) for f in from_env.split(",") if f]
    disable = environ.get("COMPOSE_DISABLE_ENV_FILE")
    if disable is not None and parse_bool("COMPOSE_DISABLE_ENV_FILE", disable):
        return []
    dotenv_path = os.path.join(workdir, ".env")
    return [dotenv_path] if fs.isfile(dotenv_path) else []


def read_env_files(files: Sequence[str], shell: Mapping[str, str],
                   reader: Reader = read_text) -> dict[str, str]:
    """The variables of ``files`` (later files win), each read with what came before then ``shell``."""
    found: dict[str, str] = {}
    for path in files:
        if fs.isdir(path):
            raise EnvFileError(f"{path} is a directory")
        try:
            text = reader(path)
        except FileNotFoundError:
            raise EnvFileError(f"couldn't find env file: {path}") from None
        except OSError as exc:
            raise EnvFileError(f"cannot read env file {path}: {exc.strerror}") from None
        earlier = dict(found)

        def lookup(name: str, earlier: Mapping[str, str] = earlier) -> str | None:
            value = earlier.get(name)
            return value if value is not None else shell.get(name)

        found.update(dotenv.parse(text, path, lookup))
    return found


def with_env_files(shell: Mapping[str, str], files_env: Mapping[str, str]) -> dict[str, str]:
    """The project environment: ``files_env`` entries the shell does not set are added."""
    merged = dict(shell)
    for key, value in files_env.items():
        merged.setdefault(key, value)
    return merged


# --- services ------------------------------------------------------------------------------------

def resolve_service_environment(service: Mapping[str, Any], project_env: Mapping[str, str],
                                reader: Reader = read_text, *, discard_env_files: bool = True,
                                workdir: str = "") -> dict[str, Any]:
    """A copy of a canonical service with ``env_file`` folded into ``environment``.

    Relative env file paths (``--no-path-resolution``) are relative to ``workdir`` (v2: the current
    directory).
    """
    out = dict(service)
    declared = _as_mapping(service.get("environment"))
    resolved: dict[str, Any] = {}
    for key, value in declared.items():
        resolved[key] = project_env.get(key) if value is None else value
    combined: dict[str, Any] = {}
    for entry in _as_file_list(service.get("env_file")):
        combined.update(_read_service_env_file(entry, combined, project_env, resolved, reader, workdir))
    combined.update(resolved)
    combined = {k: combined[k] for k in sorted(combined)}
    if not combined:
        out.pop("environment", None)
    elif "environment" in out:
        out["environment"] = combined
    else:  # where env_file was, so the keys keep v2's order
        out = _insert_after(out, "env_file", "environment", combined)
    if discard_env_files:
        out.pop("env_file", None)
    return out


def _insert_after(data: dict[str, Any], anchor: str, key: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        out[k] = v
        if k == anchor:
            out[key] = value
    out.setdefault(key, value)
    return out


def resolve_service_labels(service: Mapping[str, Any], project_env: Mapping[str, str],
                           reader: Reader = read_text, *, workdir: str = "") -> dict[str, Any]:
    """A copy of a canonical service with ``label_file`` folded into ``labels`` (labels win)."""
    files = _as_file_list(service.get("label_file"))
    out = dict(service)
    if not files:
        return out
    from_files: dict[str, str] = {}
    for entry in files:
        from_files.update(_read_service_env_file(entry, from_files, project_env, {}, reader, workdir))
    labels: dict[str, Any] = dict(from_files)
    labels.update(_as_mapping(service.get("labels")))
    out["labels"] = labels
    out.pop("label_file", None)
    return out


def _read_service_env_file(entry: Mapping[str, Any], earlier: Mapping[str, str],
                           project_env: Mapping[str, str], declared: Mapping[str, Any],
                           reader: Reader, workdir: str = "") -> dict[str, str]:
    path = str(entry.get("path", ""))
    try:
        text = reader(os.path.join(workdir, path) if workdir else path)
    except FileNotFoundError:
        if entry.get("required", True) is False:
            return {}
        raise EnvFileError(f"env file {path} not found: stat {path}: no such file or directory") from None
    except OSError as exc:
        raise EnvFileError(f"cannot read env file {path}: {exc.strerror}") from None

    def lookup(name: str) -> str | None:
        value = project_env.get(name)
        if value is not None:
            return value
        value = earlier.get(name)
        if value is not None:
            return value
        declared_value = declared.get(name)
        return declared_value if isinstance(declared_value, str) else None

    if entry.get("format") == "raw":
        return dotenv.parse_raw(text, path, lookup)
    return dotenv.parse(text, path, lookup)


def _as_mapping(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    out: dict[str, Any] = {}
    if isinstance(value, list):
        for item in value:
            key, sep, val = str(item).partition("=")
            out[key] = val if sep else None
    return out


def _as_file_list(value: Any) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item if isinstance(item, Mapping) else {"path": item} for item in items]
