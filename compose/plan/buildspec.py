"""Building a service's image: the model's ``build:`` -> a ``BuildSpec`` -> the Engine's ``/build``.

pycompose builds with the Docker Engine's classic builder (``POST /build`` with the
context as a tar archive; the docker SDK has no BuildKit session). Every key of
``build:`` is either sent (context, dockerfile, dockerfile_inline, args, target,
labels, cache_from, network, shm_size, extra_hosts, tags, no_cache, pull,
isolation, ulimits, one platform; and ``build --memory``, the limit of each step's
container) or refused with an error naming the feature and
the service: build secrets, ssh, additional_contexts, cache_to, several platforms,
privileged builds and entitlements, provenance and SBOM attestations only exist
with BuildKit. The engine's embedded BuildKit (``POST /build?version=2``, Engine
20.10) does accept an uploaded context without a client session, but offers none
of these features that way: secrets, ssh and local contexts are served by the
client's session (gRPC, which the docker SDK lacks), and API 1.41 has no
parameters for cache export, several platforms or entitlements. So "a BuildKit
builder is available" means a docker CLI with the buildx plugin, which holds such
a session; Debian 12 packages none, and pycompose does not drive one:
``buildkit_builder()`` only names it in the error's hint.

``build_spec`` is pure (the planner calls it); ``compose.engine.build.BuildLog`` reads
the engine's build stream (lines, the image id, the failing step's output).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from typing import Any

from compose._record import field, record
from compose.errors import PlanError

__all__ = [
    "BUILDKIT_ONLY",
    "BuildSpec",
    "build_spec",
    "buildkit_builder",
]


@record
class BuildSpec:
    """One image build, as the Engine's classic builder takes it."""

    service: str
    context: str
    """An absolute directory, or a URL the engine fetches (git repository, tarball)."""
    tags: tuple[str, ...]
    """The image name first, then ``build.tags``."""
    dockerfile: str | None = None
    dockerfile_inline: str | None = None
    args: Mapping[str, str] = field(default_factory=dict)
    target: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    cache_from: tuple[str, ...] = ()
    network: str | None = None
    shm_size: int | None = None
    extra_hosts: tuple[str, ...] = ()
    """``host:ip`` entries."""
    no_cache: bool = False
    pull: bool = False
    isolation: str | None = None
    platform: str | None = None
    ulimits: tuple[tuple[str, int, int], ...] = ()
    quiet: bool = False
    memory: int | None = None
    """``build --memory``: the memory limit of the classic builder's step containers, in bytes."""
    classic: bool = False
    """Build with the classic builder (``DOCKER_BUILDKIT=0``); otherwise BuildKit where the engine has it
    (``compose.engine.build.choose_builder`` decides)."""

    @property
    def image(self) -> str:
        return self.tags[0]

    @property
    def remote(self) -> bool:
        return _is_url(self.context)

    def params(self, dockerfile: str | None = None, *, buildkit: bool = False) -> list[tuple[str, str]]:
        """The query of ``POST /build`` (``dockerfile``: its path inside the sent archive); ``buildkit``:
        for the engine's BuildKit (``version=2``), which reads the same keys (those it does not take
        make ``choose_builder`` pick the classic builder)."""
        out: list[tuple[str, str]] = [("t", tag) for tag in self.tags]
        out += [("version", "2")] if buildkit else [("rm", "1"), ("forcerm", "1")]
        if self.remote:
            out.append(("remote", self.context))
        name = dockerfile or self.dockerfile
        if name:
            out.append(("dockerfile", name))
        flags = {"nocache": self.no_cache, "pull": self.pull, "q": self.quiet}
        out += [(key, "1") for key, on in flags.items() if on]
        if self.args:
            out.append(("buildargs", json.dumps(dict(self.args), sort_keys=True)))
        if self.labels:
            out.append(("labels", json.dumps(dict(self.labels), sort_keys=True)))
        if self.cache_from:
            out.append(("cachefrom", json.dumps(list(self.cache_from))))
        if self.ulimits:
            out.append(("ulimits", json.dumps([{"Name": n, "Soft": s, "Hard": h} for n, s, h in self.ulimits])))
        text = {"target": self.target, "networkmode": self.network, "isolation": self.isolation,
                "platform": self.platform, "shmsize": None if self.shm_size is None else str(self.shm_size),
                "memory": str(self.memory) if self.memory else None}
        out += [(key, value) for key, value in text.items() if value]
        out += [("extrahosts", host) for host in self.extra_hosts]
        return out

    def __str__(self) -> str:
        """Short text for ``Plan.render()``."""
        parts = [f"context={self.context}"]
        if self.dockerfile_inline is not None:
            parts.append("dockerfile=(inline)")
        elif self.dockerfile and self.dockerfile != "Dockerfile":
            parts.append(f"dockerfile={self.dockerfile}")
        if self.target:
            parts.append(f"target={self.target}")
        if self.no_cache:
            parts.append("no_cache")
        if self.memory:
            parts.append(f"memory={self.memory}")
        return " ".join(parts)


# build key -> the feature's name in errors; these need BuildKit.
BUILDKIT_ONLY: Mapping[str, str] = {
    "secrets": "build secrets",
    "ssh": "SSH agent forwarding",
    "additional_contexts": "additional build contexts",
    "cache_to": "cache export",
    "platforms": "multi-platform builds",
    "privileged": "privileged builds",
    "entitlements": "build entitlements",
    "provenance": "provenance attestations",
    "sbom": "SBOM attestations",
}


def buildkit_builder(env: Mapping[str, str]) -> str | None:
    """The docker CLI's buildx plugin, where the docker CLI looks for it; None when there is none."""
    home = env.get("HOME") or os.path.expanduser("~")
    config = env.get("DOCKER_CONFIG") or os.path.join(home, ".docker")
    dirs = [os.path.join(config, "cli-plugins"), "/usr/local/lib/docker/cli-plugins",
            "/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins",
            "/usr/libexec/docker/cli-plugins"]
    for directory in dirs:
        candidate = os.path.join(directory, "docker-buildx")
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("docker-buildx", path=env.get("PATH"))


def buildkit_keys(build: Any) -> list[str]:
    """The keys of ``build`` (a ``BuildConfig``) that only BuildKit can honour."""
    used = []
    for key in BUILDKIT_ONLY:
        value = getattr(build, key)
        if key == "platforms":
            if len(set(value)) > 1:
                used.append(key)
        elif key in ("provenance", "sbom"):
            if value is not None and str(value).lower() not in ("false", "0", "no", ""):
                used.append(key)
        elif value:
            used.append(key)
    return used


def build_spec(
    project: Any,
    service: Any,
    *,
    build_args: Mapping[str, str | None] | None = None,
    no_cache: bool = False,
    pull: bool = False,
    quiet: bool = False,
    env: Mapping[str, str] | None = None,
    memory: int | None = None,
) -> BuildSpec:
    """The build of ``service`` (a ``Service`` with ``build``) of ``project``; a ``PlanError`` for a key
    the classic builder cannot honour. ``build_args`` (``--build-arg``) override ``build.args``; a
    ``None`` value is taken from the project's environment (then dropped when unset there)."""
    build = service.build
    if build is None:
        raise PlanError(f"service {service.name!r} has no build section", path=f"services.{service.name}")
    _refuse_buildkit_only(service, env if env is not None else os.environ)
    environment: Mapping[str, str] = project.environment
    args: dict[str, str] = {}
    for key, value in {**dict(build.args), **dict(build_args or {})}.items():
        resolved = value if value is not None else environment.get(key)
        if resolved is not None:
            args[key] = resolved
    platforms = tuple(build.platforms)
    platform = service.platform or (platforms[0] if platforms else None)
    if _is_url(build.context) and build.dockerfile_inline is not None:
        raise PlanError(f"service {service.name!r}: dockerfile_inline cannot be combined with a remote "
                        "build context with the classic builder", path=f"services.{service.name}.build")
    return BuildSpec(
        service=service.name,
        context=build.context,
        tags=_unique((service.image_or_default(project.name), *build.tags)),
        dockerfile=build.dockerfile,
        dockerfile_inline=build.dockerfile_inline,
        args=args,
        target=build.target,
        labels=dict(build.labels),
        cache_from=tuple(build.cache_from),
        network=build.network,
        shm_size=build.shm_size,
        extra_hosts=tuple(f"{h.host}:{h.ip}" for h in build.extra_hosts),
        no_cache=no_cache or build.no_cache,
        pull=pull or build.pull,
        isolation=build.isolation,
        platform=platform,
        ulimits=tuple((name, u.soft, u.hard) for name, u in sorted(build.ulimits.items())),
        quiet=quiet,
        memory=memory or None,
        classic=_buildkit_off(env if env is not None else os.environ),
    )


def _buildkit_off(env: Mapping[str, str]) -> bool:
    """``DOCKER_BUILDKIT=0`` (or false), as the docker CLI reads it."""
    return env.get("DOCKER_BUILDKIT", "").strip().lower() in ("0", "false", "f", "no", "off")


def _refuse_buildkit_only(service: Any, env: Mapping[str, str]) -> None:
    used = buildkit_keys(service.build)
    if not used:
        return
    key = used[0]
    builder = buildkit_builder(env)
    found = (f"a buildx plugin exists ({builder}) but pycompose does not drive it: build this image with "
             "`docker buildx build` and run pycompose with --no-build" if builder else
             "no BuildKit builder was found (the docker CLI has no buildx plugin)")
    others = f" (also: {', '.join(used[1:])})" if used[1:] else ""
    raise PlanError(
        f"service {service.name!r} uses {BUILDKIT_ONLY[key]} (build.{key}){others}, which only BuildKit "
        f"offers; pycompose builds with the Docker Engine's classic builder, and {found}",
        path=f"services.{service.name}.build.{key}",
    )


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _is_url(context: str) -> bool:
    return "://" in context or context.startswith("git@") or context.startswith("github.com/")
