"""What the loader is asked to do (``LoadOptions``) and what it gives back (``LoadedProject``).

The caller (the CLI, a test, the Python API) passes the environment in
``LoadOptions.environ``: nothing under ``compose.load`` reads ``os.environ``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose._record import field, record
from compose.load.sourcemap import SourceMap


@record
class LoadOptions:
    """The inputs of ``load_project``: the global CLI options, the environment and the switches."""

    files: tuple[str, ...] = ()
    """``-f`` values in order (``-`` is ``stdin``); empty: COMPOSE_FILE, then discovery from ``cwd``."""
    project_name: str | None = None
    """``-p``; when None: COMPOSE_PROJECT_NAME, the top-level ``name:``, the directory's name."""
    project_directory: str | None = None
    """``--project-directory``; when None: the directory of the first compose file."""
    env_files: tuple[str, ...] | None = None
    """``--env-file`` values; None: COMPOSE_ENV_FILES, else ``.env`` in the project directory."""
    profiles: tuple[str, ...] = ()
    """``--profile`` values; empty: COMPOSE_PROFILES (comma separated). ``*`` enables all."""
    services: tuple[str, ...] = ()
    """Services named on the command line: they enable themselves and their dependencies."""
    environ: Mapping[str, str] = field(default_factory=dict)
    """The shell environment (it wins over env files)."""
    cwd: str = "."
    """The directory relative paths on the command line are relative to."""
    stdin: str | None = None
    """The text read for ``-f -``."""
    interpolate: bool = True
    normalize: bool = True
    resolve_paths: bool = True
    consistency: bool = True
    resolve_environment: bool = True
    """Fold each service's ``env_file`` into its ``environment`` (and drop ``env_file``)."""
    select_services: bool = True
    """Keep only the services named in ``services`` (and their dependencies), like v2's commands do."""
    drop_unused_resources: bool = True
    """Drop networks, volumes, secrets and configs no kept service uses (v2 does for every command)."""


@record
class LoadedProject:
    """A loaded project: the canonical plain dict in Docker Compose v2's ``config --format json`` shape."""

    name: str
    working_dir: str
    config_files: tuple[str, ...]
    env_files: tuple[str, ...]
    """The project env files that were read (``.env``, ``--env-file``...)."""
    environment: Mapping[str, str]
    """The variables used for interpolation: shell environment, then env files."""
    data: Mapping[str, Any]
    sources: SourceMap
    profiles: tuple[str, ...]
    """Active profiles, sorted (named services add theirs)."""
    disabled_services: Mapping[str, Any] = field(default_factory=dict)
    """Services left out by profiles, by name (canonical dicts)."""
    all_profiles: tuple[str, ...] = ()
    """Every profile a service declares, sorted (``config --profiles``)."""
    warnings: tuple[str, ...] = ()
    """What v2 would log as warnings (obsolete ``version``, unset variables); the CLI prints them."""

    @property
    def services(self) -> Mapping[str, Any]:
        services: Mapping[str, Any] = self.data.get("services") or {}
        return services
