"""The watch rules of a project: checked, compiled, and matched against changed host paths.

As Docker Compose v2 (pkg/compose/watch.go): a path is taken by a rule when it is the rule's
``path`` or below it, matches ``include`` (when given), and is not ignored. Ignored are: what the
build context's ``.dockerignore`` excludes (``<Dockerfile>.dockerignore`` first, patterns relative
to the context), the ``ignore`` list (relative to the rule's path), editors' temporary files and
anything inside a ``.git`` directory. Every pattern goes through Docker's matcher
(compose/engine/_dockerignore.py), where a pattern that matches a directory matches what is below.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping, Sequence

from compose._record import record
from compose.engine._dockerignore import IgnoreRules, parse_dockerignore
from compose.errors import ComposeError
from compose.model.parts import Hook
from compose.model.project import Project
from compose.model.service import Service

__all__ = [
    "ACTIONS",
    "SYNC_ACTIONS",
    "Mapping_",
    "Rule",
    "WatchConfigError",
    "bind_mounted",
    "compile_rules",
    "container_path",
]

ACTIONS = frozenset({"sync", "rebuild", "restart", "sync+restart", "sync+exec"})
SYNC_ACTIONS = frozenset({"sync", "sync+restart", "sync+exec"})

# v2's pkg/watch/ephemeral.go: files editors and tools write and remove at once
_EPHEMERAL = IgnoreRules([
    "**/*___jb_old___", "**/*___jb_tmp___", "**/.idea/**",  # GoLand
    "**/.#*", "**/#*#",  # emacs
    "**/4913", "**/*~", "**/.*.swp", "**/.*.swx", "**/.*.swo", "**/.*.swn",  # vim
    "**/.*.kate-swp",  # kate
    "**/*-go-tmp-umask",  # go
])
_GIT = IgnoreRules(["**/.git"])


class WatchConfigError(ComposeError):
    """A ``develop.watch`` that cannot be watched (exit code 1)."""


@record
class Mapping_:
    """A changed host path and where it lands in the container (None: no target, not synced)."""

    host: str
    container: str | None


@record
class Rule:
    """One compiled ``develop.watch`` entry of a service."""

    service: str
    action: str
    path: str
    """Absolute, normalised host path (a directory or a file)."""
    target: str | None = None
    ignore: IgnoreRules | None = None
    include: IgnoreRules | None = None
    context: str | None = None
    """The build context the ``.dockerignore`` rules are relative to."""
    dockerignore: IgnoreRules | None = None
    initial_sync: bool = False
    exec: Hook | None = None

    @property
    def syncs(self) -> bool:
        return self.action in SYNC_ACTIONS

    def ignored(self, host: str) -> bool:
        """Whether ``host`` (absolute) is left alone by this rule's ignore rules."""
        if _relative(host, "/") is not None and (_EPHEMERAL.excluded(host.lstrip("/"))
                                                 or _GIT.excluded(host.lstrip("/"))):
            return True
        if self.dockerignore is not None and self.context is not None:
            rel = _relative(host, self.context)
            if rel is not None and rel != "." and self.dockerignore.excluded(rel):
                return True
        if self.ignore is not None:
            rel = _relative(host, self.path)
            if rel is not None and rel != "." and self.ignore.excluded(rel):
                return True
        return False

    def included(self, host: str) -> bool:
        if self.include is None:
            return True
        rel = _relative(host, self.path)
        return rel is not None and (rel == "." or self.include.excluded(rel))

    def match(self, host: str) -> Mapping_ | None:
        """The mapping of ``host`` when this rule takes it, else None."""
        rel = _relative(host, self.path)
        if rel is None or not self.included(host) or self.ignored(host):
            return None
        return Mapping_(host, container_path(self.target, rel) if self.target else None)


def container_path(target: str, rel: str) -> str:
    """Where host path ``rel`` (relative to the rule's path, ``.`` for itself) lands below ``target``."""
    rel = rel.replace(os.sep, "/")
    return posixpath.normpath(posixpath.join(target, rel)) if rel != "." else posixpath.normpath(target)


def _relative(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` (``/``-separated, ``.`` for ``base`` itself), None when outside it."""
    if path == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not path.startswith(prefix):
        return None
    return path[len(prefix):].replace(os.sep, "/")


def compile_rules(project: Project, services: Sequence[str] = (), *,
                  read_ignore: Mapping[str, list[str]] | None = None) -> list[Rule]:
    """The rules of the ``services`` (all when empty) of ``project``; ``WatchConfigError`` for a rule that
    cannot work, naming the service: a ``rebuild`` without ``build``, a sync action whose ``target`` is
    not absolute, a ``sync+exec`` without ``exec.command``, a named service without ``develop.watch``, or
    no service to watch at all. ``read_ignore``: a context's .dockerignore patterns (tests)."""
    for name in services:
        if name not in project.services:
            raise WatchConfigError(f"no such service: {name}")
        service = project.services[name]
        if service.develop is None or not service.develop.watch:
            raise WatchConfigError(f'service "{name}" has no develop.watch section: nothing to watch '
                                   "(see https://docs.docker.com/compose/how-tos/file-watch/)")
    rules: list[Rule] = []
    for name, service in project.services.items():
        if services and name not in services:
            continue
        rules.extend(_service_rules(service, read_ignore))
    if not rules:
        raise WatchConfigError("none of the selected services is configured for watch, "
                               "consider setting a 'develop' section")
    return rules


def _service_rules(service: Service, read_ignore: Mapping[str, list[str]] | None) -> Iterable[Rule]:
    if service.develop is None:
        return
    context = dockerignore = None
    if service.build is not None and "://" not in service.build.context:
        context = os.path.normpath(os.path.abspath(service.build.context))
        patterns = (read_ignore or {}).get(context) if read_ignore is not None else \
            _context_ignore(context, service.build.dockerfile)
        dockerignore = IgnoreRules(patterns) if patterns else None
    for index, watch in enumerate(service.develop.watch):
        where = f"service {service.name!r}, develop.watch[{index}]"
        if watch.action not in ACTIONS:
            raise WatchConfigError(f"{where}: unknown action {watch.action!r}")
        if watch.action == "rebuild" and service.build is None:
            raise WatchConfigError(f'can\'t watch service "{service.name}" with action rebuild without a '
                                   "build context")
        if watch.action in SYNC_ACTIONS:
            if not watch.target:
                raise WatchConfigError(f"{where}: target is required for {watch.action!r} watch actions")
            if not watch.target.startswith("/"):
                raise WatchConfigError(f"{where}: target {watch.target!r} must be an absolute path in the "
                                       "container")
        if watch.action == "sync+exec" and (watch.exec is None or not watch.exec.command):
            raise WatchConfigError(f'can\'t watch with action "sync+exec" on service {service.name} '
                                   "without a command (exec.command)")
        if not watch.path:
            raise WatchConfigError(f"{where}: watch rules must define a path")
        path = os.path.normpath(os.path.abspath(watch.path))
        yield Rule(
            service=service.name,
            action=watch.action,
            path=path,
            target=posixpath.normpath(watch.target) if watch.target else None,
            ignore=_rules(watch.ignore),
            include=_rules(watch.include),
            context=context,
            dockerignore=dockerignore,
            initial_sync=watch.initial_sync,
            exec=watch.exec,
        )


def _rules(patterns: tuple[str, ...]) -> IgnoreRules | None:
    """Patterns as .dockerignore lines (cleaned the same way), compiled; None when there are none."""
    if not patterns:
        return None
    cleaned = parse_dockerignore("\n".join(patterns))
    return IgnoreRules(cleaned) if cleaned else None


def _context_ignore(context: str, dockerfile: str | None) -> list[str]:
    from compose.engine._context import _read_ignore

    name = dockerfile or "Dockerfile"
    if os.path.isabs(name):
        name = os.path.relpath(name, context)
    return _read_ignore(context, name)


def bind_mounted(rule: Rule, service: Service) -> bool:
    """Whether a sync rule's path is already inside a bind mount of the service (v2 skips it, warning)."""
    for volume in service.volumes:
        if volume.type == "bind" and volume.source and _relative(rule.path, os.path.normpath(volume.source)):
            return True
    return False
