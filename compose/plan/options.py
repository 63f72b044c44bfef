"""Options of the plans, one frozen dataclass per verb (no 20-keyword functions)."""

from __future__ import annotations

from enum import Enum

from compose._record import record


class Recreate(Enum):
    """When a container whose service already has one is replaced."""

    DIVERGED = "diverged"
    """When its configuration or image changed (the default)."""
    FORCE = "force"
    """Always (``--force-recreate``; ``--always-recreate-deps`` for dependencies)."""
    NEVER = "never"
    """Never (``--no-recreate``)."""


class PullPolicy(Enum):
    """``--pull``; ``POLICY`` follows each service's ``pull_policy`` (missing when unset)."""

    POLICY = "policy"
    ALWAYS = "always"
    MISSING = "missing"
    NEVER = "never"
    BUILD = "build"


@record
class UpOptions:
    services: tuple[str, ...] = ()
    """The services named on the command line (empty: all); the project is already restricted."""
    recreate: Recreate = Recreate.DIVERGED
    recreate_dependencies: Recreate = Recreate.DIVERGED
    """For services pulled in as dependencies of the named ones (``--always-recreate-deps``)."""
    renew_anon_volumes: bool = False
    remove_orphans: bool = False
    ignore_orphans: bool = False
    start: bool = True
    wait: bool = False
    wait_timeout: float | None = None
    timeout: int | None = None
    """Seconds to wait for a replaced or removed container to stop (``-t``); None: its own."""
    pull: PullPolicy = PullPolicy.POLICY
    all_resources: bool = False
    """``--all-resources``: create every network and volume of the file, not only those services use."""


@record
class DownOptions:
    services: tuple[str, ...] = ()
    remove_orphans: bool = False
    volumes: bool = False
    images: str | None = None
    """``--rmi``: ``local`` (images without a custom tag) or ``all``."""
    timeout: int | None = None


@record
class StopOptions:
    services: tuple[str, ...] = ()
    timeout: int | None = None
