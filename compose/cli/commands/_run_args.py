"""``run``'s flags -> ``OneOff``: ports, volumes, environment, labels, entrypoint parsed as v2 reads them."""

from __future__ import annotations

import argparse
import os
import shlex
from collections.abc import Mapping

from compose.errors import UsageError
from compose.model.parts import Port, ServiceVolume
from compose.plan.oneoff import OneOff


def ports(values: list[str]) -> tuple[Port, ...]:
    """``-p [ip:][host:]container[/proto]``, the compose short syntax."""
    from compose.load._canon_values import parse_port
    from compose.model._convert_parts import port
    from compose.model._reader import Issues, Reader

    out: list[Port] = []
    for value in values:
        try:
            entries = parse_port(value)
        except ValueError as exc:
            raise UsageError(f"--publish {value!r}: {exc}") from None
        for entry in entries:
            parsed = port(Reader(entry, ("publish",), Issues(None)))
            if parsed is not None:
                out.append(parsed)
    return tuple(out)


def volumes(values: list[str], cwd: str) -> tuple[ServiceVolume, ...]:
    """``-v [source:]target[:options]``; a relative host path is taken from the current directory."""
    from compose.load._canon_values import parse_volume
    from compose.model._convert_parts import service_volume
    from compose.model._reader import Issues, Reader

    out: list[ServiceVolume] = []
    for value in values:
        try:
            entry = parse_volume(value)
        except ValueError as exc:
            raise UsageError(f"--volume {value!r}: {exc}") from None
        source = entry.get("source")
        if entry.get("type") == "bind" and isinstance(source, str):
            entry["source"] = os.path.abspath(os.path.join(cwd, os.path.expanduser(source)))
        issues = Issues(None)
        parsed = service_volume(Reader(entry, ("volume",), issues))
        if parsed is None:
            raise UsageError(f"--volume {value!r}: " + "; ".join(i.message for i in issues.items))
        out.append(parsed)
    return tuple(out)


def environment(values: list[str], files: list[str], environ: Mapping[str, str]) -> dict[str, str | None]:
    """``--env-from-file`` files, then ``-e KEY=VAL`` / ``-e KEY`` (its value from our environment)."""
    from compose.load.dotenv import parse

    out: dict[str, str | None] = {}
    for path in files:
        try:
            with open(path, encoding="utf-8") as handle:
                out.update(parse(handle.read(), path, environ.get))
        except OSError as exc:
            raise UsageError(f"--env-from-file {path}: {exc.strerror}") from None
    for item in values:
        key, sep, value = item.partition("=")
        out[key] = value if sep else environ.get(key)
    return out


def labels(values: list[str]) -> dict[str, str]:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError("label must be set as KEY=VALUE")
        out[key] = value
    return out


def capabilities(values: list[str]) -> tuple[str, ...]:
    """``--cap-add A,B --cap-add C``: comma-separated lists, repeatable."""
    return tuple(c.strip() for value in values for c in value.split(",") if c.strip())


def oneoff(args: argparse.Namespace, *, tty: bool, environ: Mapping[str, str], cwd: str) -> OneOff:
    if args.service_ports and args.publish:
        raise UsageError("--service-ports and --publish are incompatible")
    try:
        entrypoint = tuple(shlex.split(args.entrypoint)) if args.entrypoint is not None else None
    except ValueError as exc:
        raise UsageError(f"--entrypoint {args.entrypoint!r}: {exc}") from None
    return OneOff(
        command=tuple(args.command) if args.command else None,
        entrypoint=entrypoint,
        environment=environment(args.env, args.env_from_file, environ),
        labels=labels(args.label),
        user=args.user,
        workdir=args.workdir,
        publish=ports(args.publish),
        service_ports=args.service_ports,
        volumes=volumes(args.volume, cwd),
        cap_add=capabilities(args.cap_add),
        cap_drop=capabilities(args.cap_drop),
        tty=tty,
        interactive=args.interactive,
        name=args.name,
        auto_remove=args.rm and args.detach,
        use_aliases=args.use_aliases,
    )
