"""``pycompose config``: parse, resolve and print the compose model in canonical form.

Prints what Docker Compose v2 prints: YAML (default) or ``--format json``, or one
of the lists (``--services``, ``--volumes``, ``--networks``, ``--models``, ``--profiles``,
``--images``, ``--hash``, ``--variables``, ``--environment``). On any error the
message goes to stderr, nothing to stdout, and the exit code is 1.

``--resolve-image-digests`` pins each service's ``image`` to the digest its registry holds
(asked through the engine: compose/engine/distribution.py), written as v2 writes it
(``registry/repo:tag@sha256:...``); ``--lock-image-digests`` implies it and prints only
the services' images: an override file that locks them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import ComposeError, UsageError
from compose.load.options import LoadedProject


@record
class ConfigOptions:
    """``config``'s flags."""

    services: tuple[str, ...] = ()
    format: str | None = None
    output: str | None = None
    quiet: bool = False
    list_services: bool = False
    list_volumes: bool = False
    list_networks: bool = False
    list_profiles: bool = False
    list_images: bool = False
    hash: str | None = None
    variables: bool = False
    environment: bool = False
    no_interpolate: bool = False
    no_normalize: bool = False
    no_path_resolution: bool = False
    no_consistency: bool = False
    no_env_resolution: bool = False
    resolve_image_digests: bool = False
    lock_image_digests: bool = False
    list_models: bool = False


Options = ConfigOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="only these services (and their dependencies)")
    parser.add_argument("--format", choices=("yaml", "json"), default=None, help="output format (default yaml)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="only validate, print nothing")
    lists = parser.add_mutually_exclusive_group()
    lists.add_argument("--services", dest="list_services", action="store_true", help="print the service names")
    lists.add_argument("--volumes", dest="list_volumes", action="store_true", help="print the volume names")
    lists.add_argument("--networks", dest="list_networks", action="store_true", help="print the network names")
    lists.add_argument("--models", dest="list_models", action="store_true",
                       help="print the model names (each model's `model`), one per line")
    lists.add_argument("--profiles", dest="list_profiles", action="store_true", help="print the profile names")
    lists.add_argument("--images", dest="list_images", action="store_true", help="print the image names")
    lists.add_argument("--hash", metavar="SERVICES", help='print "service hash" lines ("*" for all)')
    lists.add_argument("--variables", action="store_true", help="print the variables and their defaults")
    lists.add_argument("--environment", action="store_true", help="print the environment used for interpolation")
    parser.add_argument("--no-interpolate", action="store_true", help="don't interpolate variables")
    parser.add_argument("--no-normalize", action="store_true", help="don't normalize the model")
    parser.add_argument("--no-path-resolution", action="store_true", help="don't resolve file paths")
    parser.add_argument("--no-consistency", action="store_true", help="don't check the model's consistency")
    parser.add_argument("--no-env-resolution", action="store_true", help="don't fold env files into environment")
    parser.add_argument("--resolve-image-digests", action="store_true", help="pin image tags to digests")
    parser.add_argument("--lock-image-digests", action="store_true",
                        help="print an override file with image digests (implies --resolve-image-digests)")


def run(o: ConfigOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.loading import load_options, print_warnings
    from compose.graph.loading import load_checked

    options = load_options(
        g,
        o.services,
        interpolate=not o.no_interpolate,
        normalize=not o.no_normalize,
        resolve_paths=not o.no_path_resolution,
        consistency=not o.no_consistency,
        resolve_environment=not o.no_env_resolution,
    )
    project = load_checked(options)
    print_warnings(project)
    if (o.resolve_image_digests or o.lock_image_digests) and _renders_document(o):
        project = _with_digests(project, g)
    text = render(project, o, options.stdin)
    if o.quiet:
        return 0
    if o.output:
        with open(o.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


def render(project: LoadedProject, o: ConfigOptions, stdin: str | None = None) -> str:
    """The text ``config`` prints for the flags ``o``."""
    data = project.data
    services: Mapping[str, Any] = data.get("services") or {}
    if o.list_services:
        return _lines(sorted(services))
    if o.list_volumes:
        return _lines(sorted(data.get("volumes") or {}))
    if o.list_networks:
        return _lines(sorted(data.get("networks") or {}))
    if o.list_models:
        models: Mapping[str, Any] = data.get("models") or {}
        return _lines(m["model"] for m in models.values() if isinstance(m, Mapping) and m.get("model"))
    if o.list_profiles:
        return _lines(project.all_profiles)
    if o.list_images:
        return _lines(_image(project.name, name, svc) for name, svc in sorted(services.items()))
    if o.hash is not None:
        return _hashes(services, o.hash)
    if o.variables:
        return _variables(project, stdin)
    if o.environment:
        return _lines(f"{k}={v}" for k, v in sorted(project.environment.items()))
    if o.lock_image_digests:
        return _lock_document(project, json=o.format == "json", interpolated=not o.no_interpolate)
    return document(project, json=o.format == "json", escape_dollars=not o.no_interpolate)


def _renders_document(o: ConfigOptions) -> bool:
    """Whether ``o`` prints the model (the lists ignore the digest flags, as in v2)."""
    return not (o.list_services or o.list_volumes or o.list_networks or o.list_models or o.list_profiles
                or o.list_images or o.hash is not None or o.variables or o.environment)


def _with_digests(project: LoadedProject, g: GlobalOptions) -> LoadedProject:
    """``project`` with every service's ``image`` pinned to its registry digest (v2's WithImagesResolved:
    the qualified reference, ``@digest`` added unless it has one)."""
    from compose._record import replace
    from compose.cli.shared.plans import connect_engine
    from compose.engine.distribution import resolve_digest
    from compose.model.imageref import docker_ref, with_digest

    services: Mapping[str, Any] = project.data.get("services") or {}
    images = {name: svc["image"] for name, svc in services.items()
              if isinstance(svc, Mapping) and isinstance(svc.get("image"), str) and svc["image"]}
    if not images:
        return project
    pinned: dict[str, str] = {}
    engine = None
    try:
        for name, image in images.items():
            try:
                qualified = docker_ref(image)
            except ValueError as exc:
                raise ComposeError(f"service {name!r}: image {image!r}: {exc}") from None
            if "@" in qualified:
                pinned[name] = qualified
                continue
            if engine is None:
                engine = connect_engine(g)
            pinned[name] = with_digest(image, resolve_digest(engine, qualified))
    finally:
        if engine is not None:
            engine.close()
    data = dict(project.data)
    data["services"] = {name: ({**svc, "image": pinned[name]} if name in pinned else svc)
                        for name, svc in services.items()}
    return replace(project, data=data)


def _lock_document(project: LoadedProject, *, json: bool, interpolated: bool) -> str:
    """``--lock-image-digests``: v2's override file, each service with only its ``image``. v2 prints it
    from an empty project whose services have only an image: its JSON keeps the empty ``name`` and
    the null ``command``/``entrypoint`` of such services (its model without interpolation does not)."""
    from compose.cli.shared.config_format import to_json, to_yaml

    services: Mapping[str, Any] = project.data.get("services") or {}

    def only_image(svc: Any) -> dict[str, Any]:
        image = svc.get("image") if isinstance(svc, Mapping) else None
        out: dict[str, Any] = {"command": None, "entrypoint": None} if json and interpolated else {}
        if image:
            out["image"] = image
        return out

    locked = {name: only_image(svc) for name, svc in services.items()}
    if json:
        return to_json({"name": "", "services": locked} if interpolated else {"services": locked})
    return to_yaml({"services": locked})


def document(project: LoadedProject, *, json: bool, escape_dollars: bool = True) -> str:
    """The whole model as v2's ``config`` prints it; ``$`` doubled so the output reads back the same."""
    from compose.cli.shared.config_format import to_json, to_yaml, yaml_view

    if json:
        from compose.load.finalize import json_document

        _check_json_ssh(project.data)
        text = to_json(json_document(dict(project.data)))
    else:
        text = to_yaml(yaml_view(project.data))
    return text.replace("$", "$$") if escape_dollars else text


def _check_json_ssh(data: Mapping[str, Any]) -> None:
    """v2 cannot print ``build.ssh`` entries with a path as JSON (its SSHKey writes ``"id": path``,
    which is not JSON) and fails; so do we, rather than print what v2 never prints."""
    for name, service in (data.get("services") or {}).items():
        build = service.get("build") if isinstance(service, Mapping) else None
        ssh = build.get("ssh") if isinstance(build, Mapping) else None
        for entry in ssh or ():
            if isinstance(entry, str) and entry.partition("=")[2]:
                raise ComposeError(f"services.{name}.build.ssh: cannot write {entry!r} as JSON (Docker Compose "
                                   "fails the same way: json: error calling MarshalJSON for type types.SSHKey); "
                                   "use the YAML format")


def _lines(items: Any) -> str:
    return "".join(f"{item}\n" for item in items)


def _image(project: str, name: str, service: Mapping[str, Any]) -> str:
    image = service.get("image")
    return str(image) if image else f"{project}-{name}"


def _hashes(services: Mapping[str, Any], wanted: str) -> str:
    from compose.model.hashing import service_config_hash

    names = sorted(services) if wanted.strip() == "*" else [n.strip() for n in wanted.split(",") if n.strip()]
    for name in names:
        if name not in services:
            raise UsageError(f"no such service: {name}")
    return _lines(f"{name} {service_config_hash(services[name])}" for name in names)


def _variables(project: LoadedProject, stdin: str | None) -> str:
    from compose.load.pipeline import referenced_variables

    found = referenced_variables(project, stdin)
    rows = [("NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE")]
    for name in sorted(found):
        default, required = found[name]
        rows.append((name, "true" if required else "false", default or "", ""))
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    return "".join(
        "   ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip() + "\n" for row in rows
    )
