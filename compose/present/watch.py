"""What ``watch`` says, in Docker Compose v2's words (pkg/compose/watch.go)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "build_failed",
    "built",
    "enabled",
    "exec_failed",
    "go_list",
    "initial_sync",
    "rebuilding",
    "recreate_failed",
    "restarted",
    "skipped_bind_mount",
    "syncing",
]


def go_list(names: Iterable[str]) -> str:
    """A list of names as Go's ``%q`` prints a ``[]string``: ``["web" "db"]``."""
    return "[" + " ".join(f'"{n}"' for n in names) + "]"


def enabled() -> str:
    return "Watch enabled"


def syncing(service: str, changes: int, paths: Iterable[str] = (), *, verbose: bool = False) -> str:
    if verbose:
        return f'Syncing service "{service}" after changes were detected: {", ".join(paths)}'
    return f'Syncing service "{service}" after {changes} changes were detected'


def initial_sync(service: str, files: int) -> str:
    return f'Initial sync of service "{service}": {files} files'


def rebuilding(services: Iterable[str]) -> str:
    return f"Rebuilding service(s) {go_list(services)} after changes were detected..."


def built(services: Iterable[str]) -> str:
    return f"service(s) {go_list(services)} successfully built"


def build_failed(error: str) -> str:
    return f"Build failed. Error: {error}"


def recreate_failed(error: str) -> str:
    return f"Failed to recreate services after update. Error: {error}"


def restarted(services: Iterable[str]) -> str:
    return f"service(s) {go_list(services)} restarted"


def exec_failed(service: str, container: str, code: int) -> str:
    return f'exec of service "{service}" in {container} exited with code {code}'


def skipped_bind_mount(path: str) -> str:
    return f"path '{path}' also declared by a bind mount volume, this path won't be monitored!"
