"""Which compose files, which project directory, which project name.

Files: ``-f`` (in order, ``-`` is stdin), else ``COMPOSE_FILE`` split on
``COMPOSE_PATH_SEPARATOR`` (``:`` by default), else the first of
``compose.yaml compose.yml docker-compose.yml docker-compose.yaml`` found in the
current directory or the nearest parent, plus the first override file found next
to it (``compose.override.yml compose.override.yaml docker-compose.override.yml
docker-compose.override.yaml``). Relative paths are relative to the current
directory.

Project name: ``-p``, else ``COMPOSE_PROJECT_NAME`` (both must already be valid
names), else the top-level ``name:`` of the files (the last one set wins;
normalised), else the project directory's name (normalised). A valid name is
lowercase letters, digits, ``-`` and ``_``, starting with a letter or digit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

from compose.errors import LoadError, UsageError
from compose.load import fs

DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_FILES = ("compose.override.yml", "compose.override.yaml", "docker-compose.override.yml",
                  "docker-compose.override.yaml")
STDIN = "-"

_NOT_NAME_CHAR = re.compile(r"[^a-z0-9_-]")
_VALID_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def config_files(files: Sequence[str], environ: Mapping[str, str], cwd: str) -> list[str]:
    """Absolute paths (or ``-``) of the compose files to load, in order."""
    if files:
        return [_existing(f, cwd) for f in files]
    from_env = environ.get("COMPOSE_FILE")
    if from_env:
        sep = environ.get("COMPOSE_PATH_SEPARATOR") or os.pathsep
        return [_existing(f, cwd) for f in from_env.split(sep) if f]
    return discover(cwd)


def _existing(path: str, cwd: str) -> str:
    if path == STDIN:
        return path
    full = os.path.normpath(os.path.join(cwd, os.path.expanduser(path)))
    if not fs.exists(full):
        raise LoadError(f"open {full}: no such file or directory")
    return full


def discover(start: str) -> list[str]:
    """The default compose file in ``start`` or its nearest parent that has one, plus its override."""
    here = os.path.abspath(start)
    while True:
        found = [os.path.join(here, n) for n in DEFAULT_FILES if fs.isfile(os.path.join(here, n))]
        if found:
            overrides = [os.path.join(here, n) for n in OVERRIDE_FILES
                         if fs.isfile(os.path.join(here, n))]
            return found[:1] + overrides[:1]
        parent = os.path.dirname(here)
        if parent == here:
            raise LoadError("no configuration file provided: not found "
                            "(looked for compose.yaml, compose.yml, docker-compose.yml or "
                            "docker-compose.yaml in this directory and its parents)")
        here = parent


def working_dir(project_directory: str | None, files: Sequence[str], cwd: str) -> str:
    """``--project-directory``, else the first compose file's directory, else ``cwd``."""
    if project_directory:
        return os.path.normpath(os.path.join(cwd, os.path.expanduser(project_directory)))
    for f in files:
        if f != STDIN:
            return os.path.dirname(f)
    return os.path.abspath(cwd)


def normalize_name(name: str) -> str:
    """Lowercase, keep only ``[a-z0-9_-]``, strip leading ``_`` and ``-``."""
    return _NOT_NAME_CHAR.sub("", name.lower()).lstrip("_-")


def invalid_name(name: str) -> UsageError:
    return UsageError(
        f"invalid project name {name!r}: must consist only of lowercase alphanumeric characters, "
        "hyphens, and underscores as well as start with a letter or number"
    )


def imperative_name(flag: str | None, environ: Mapping[str, str]) -> str | None:
    """``-p`` or ``COMPOSE_PROJECT_NAME``, checked; None when neither is set."""
    name = flag or environ.get("COMPOSE_PROJECT_NAME") or None
    if name is not None and not _VALID_NAME.fullmatch(name):
        raise invalid_name(name)
    return name


def project_name(imperative: str | None, from_files: str | None, workdir: str) -> str:
    """The project name by v2's precedence (see the module docstring)."""
    if imperative:
        return imperative
    name = normalize_name(from_files) if from_files else normalize_name(os.path.basename(workdir))
    if not name:
        raise LoadError("project name must not be empty")
    return name
