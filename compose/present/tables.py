"""``ps`` output: v2's table and its JSON objects, from observed containers (pure; ``now`` is given)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from compose.model.gojson import go_json
from compose.plan.observed import ObservedContainer, PortBinding

COLUMNS = ("NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS")


def human_duration(seconds: float) -> str:
    """Docker's units.HumanDuration: ``Less than a second``, ``5 seconds``, ``About a minute`` ..."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return f"{s} seconds"
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{hours // 24 // 365} years"


def command(c: ObservedContainer, *, truncate: bool = True) -> str:
    text = c.command
    if truncate and len(text) > 20:
        text = text[:19] + "…"
    return f'"{text}"'


def port_text(p: PortBinding) -> str:
    if p.published is None:
        return f"{p.target}/{p.protocol}"
    ip = f"[{p.host_ip}]" if ":" in p.host_ip else p.host_ip
    return f"{ip}:{p.published}->{p.target}/{p.protocol}"


def ports(c: ObservedContainer) -> str:
    """Published ports first as the engine lists them, deduplicated, ``, ``-separated (as v2 does)."""
    seen: list[str] = []
    for p in sorted(c.ports, key=lambda p: (p.target, p.protocol, p.host_ip, p.published or 0)):
        text = port_text(p)
        if text not in seen:
            seen.append(text)
    return ", ".join(seen)


def table(containers: Sequence[ObservedContainer], *, now: float, truncate: bool = True) -> str:
    rows = [COLUMNS] + [
        (c.name, c.image, command(c, truncate=truncate), c.service, human_duration(now - c.created) + " ago",
         c.status, ports(c))
        for c in containers
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("   ".join([*cells, row[-1]]))
    return "\n".join(lines) + "\n"


def json_record(c: ObservedContainer, *, now: float, truncate: bool = True) -> dict[str, object]:
    """The fields v2's ``ps --format json`` prints, in its order."""
    created = datetime.fromtimestamp(c.created, tz=UTC).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")
    return {
        "Command": command(c, truncate=truncate),
        "CreatedAt": created,
        "ExitCode": c.exit_code,
        "Health": c.health,
        "ID": c.id[:12] if truncate else c.id,
        "Image": c.image,
        "Labels": ",".join(f"{k}={v}" for k, v in c.labels.items()),
        "LocalVolumes": str(c.local_volumes),
        "Mounts": ",".join(c.mounts),
        "Name": c.name,
        "Names": c.name,
        "Networks": ",".join(c.networks),
        "Ports": ports(c),
        "Project": c.project,
        "Publishers": [
            {"URL": p.host_ip, "TargetPort": p.target, "PublishedPort": p.published or 0, "Protocol": p.protocol}
            for p in sorted(c.ports, key=lambda p: (p.target, p.protocol, p.host_ip))
        ],
        "RunningFor": human_duration(now - c.created) + " ago",
        "Service": c.service,
        "Size": "0B",
        "State": c.state,
        "Status": c.status,
    }


# The headers of v2's ``ps --format 'table ...'`` columns (docker/cli's container context); the
# other fields have none (``<no value>``, as in v2).
PS_HEADERS = {"ID": "CONTAINER ID", "Name": "NAME", "Image": "IMAGE", "Command": "COMMAND",
              "CreatedAt": "CREATED AT", "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE",
              "Status": "STATUS", "Size": "SIZE", "Service": "SERVICE", "Project": "PROJECT",
              "Label": "LABEL", "Labels": "LABELS"}


def templated(containers: Sequence[ObservedContainer], format: str, *, now: float, truncate: bool = True) -> str:
    """``ps --format TEMPLATE`` (or ``table TEMPLATE``): Go's text/template over v2's row fields,
    ``{{.Label "key"}}`` included. A bad template is a ``TemplateError``."""
    from compose.present.gotemplate import Struct, render_rows

    rows = []
    for c in containers:
        row: dict[str, object] = dict(json_record(c, now=now, truncate=truncate))
        row["Publishers"] = [Struct("api.PortPublisher", p) for p in row["Publishers"]]  # type: ignore[attr-defined]
        row["Label"] = lambda key, labels=c.labels: labels.get(key, "")
        rows.append(Struct("*formatter.ContainerContext", row))
    return render_rows(format, rows, PS_HEADERS)


def json_lines(containers: Sequence[ObservedContainer], *, now: float, truncate: bool = True) -> str:
    return "".join(go_json(json_record(c, now=now, truncate=truncate)) + "\n"
                   for c in containers)
