"""``build`` (build.md) and ``develop`` (develop.md) of a service."""

from __future__ import annotations

from collections.abc import Mapping

from compose.model._record import record
from compose.model.frozen import EMPTY
from compose.model.parts import ExtraHost, FileRef, Hook, Ulimit


@record
class BuildConfig:
    """How to build a service's image; ``context`` is an absolute path or a URL."""

    context: str = "."
    dockerfile: str | None = None
    dockerfile_inline: str | None = None
    args: Mapping[str, str | None] = EMPTY
    ssh: tuple[str, ...] = ()
    cache_from: tuple[str, ...] = ()
    cache_to: tuple[str, ...] = ()
    additional_contexts: Mapping[str, str] = EMPTY
    extra_hosts: tuple[ExtraHost, ...] = ()
    isolation: str | None = None
    privileged: bool = False
    labels: Mapping[str, str] = EMPTY
    no_cache: bool = False
    network: str | None = None
    pull: bool = False
    platforms: tuple[str, ...] = ()
    secrets: tuple[FileRef, ...] = ()
    shm_size: int | None = None
    tags: tuple[str, ...] = ()
    target: str | None = None
    ulimits: Mapping[str, Ulimit] = EMPTY
    entitlements: tuple[str, ...] = ()
    provenance: str | None = None
    sbom: str | None = None


@record
class Watch:
    """One ``develop.watch`` rule."""

    path: str
    action: str
    target: str | None = None
    ignore: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    initial_sync: bool = False
    exec: Hook | None = None


@record
class Develop:
    watch: tuple[Watch, ...] = ()
