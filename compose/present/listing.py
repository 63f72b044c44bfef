"""Tables and JSON of the listing commands, as Docker Compose v2 prints them (pure; ``now`` is given).

``ls`` and ``images`` use v2's table writer (columns at least 20 wide, 3 spaces of
padding), ``top`` a narrower one (4 and 2), ``stats`` the docker CLI's (10 and 3).
Sizes follow go-units: ``human_size`` in decimal units with 3 significant digits
(``1.98MB``), ``bytes_size`` in binary units with 4 (``23.54GiB``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from compose._record import record, replace
from compose.engine.port import ImageInfo, ProcessList, StatsSample
from compose.model.gojson import go_json as _go_json
from compose.model.imageref import is_image_id, parse_image_ref
from compose.plan.observed import ObservedContainer
from compose.present.tables import human_duration

__all__ = [
    "ImageRow",
    "Stack",
    "StatsRow",
    "bytes_size",
    "event_json",
    "event_line",
    "human_size",
    "images_json",
    "images_table",
    "stacks",
    "stacks_json",
    "stacks_table",
    "stats_json",
    "stats_render",
    "tabwrite",
    "top_table",
]


def tabwrite(rows: Sequence[Sequence[str]], *, minwidth: int, padding: int) -> str:
    """Go's text/tabwriter with space padding (compose.present.gotemplate's): every cell but a row's
    last is padded to its column."""
    from compose.present.gotemplate import tabwrite as go_tabwrite

    if not rows:
        return ""
    return "".join(line + "\n" for line in
                   go_tabwrite("\n".join("\t".join(r) for r in rows), minwidth=minwidth, padding=padding).split("\n"))


def _custom_size(size: float, base: float, units: Sequence[str], digits: int) -> str:
    i = 0
    while size >= base and i < len(units) - 1:
        size /= base
        i += 1
    return f"{size:.{digits}g}{units[i]}"


def human_size(size: float) -> str:
    """go-units HumanSizeWithPrecision(size, 3): ``892B``, ``1.04kB``, ``1.98MB``."""
    return _custom_size(size, 1000.0, ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"), 3)


def bytes_size(size: float) -> str:
    """go-units BytesSize: ``480KiB``, ``23.54GiB``."""
    return _custom_size(size, 1024.0, ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"), 4)


# -- ls -------------------------------------------------------------------------------------------

@record
class Stack:
    name: str
    status: str
    config_files: str


def stacks(containers: Iterable[ObservedContainer]) -> list[Stack]:
    """One entry per project label, sorted by name: ``running(2)``, ``exited(1), running(2)``."""
    from compose.model.labels import CONFIG_FILES

    grouped: dict[str, list[ObservedContainer]] = {}
    for c in containers:
        grouped.setdefault(c.project, []).append(c)
    out = []
    for name in sorted(grouped):
        counts: dict[str, int] = {}
        files: dict[str, None] = {}
        for c in grouped[name]:
            counts[c.state] = counts.get(c.state, 0) + 1
            for f in filter(None, c.labels.get(CONFIG_FILES, "").split(",")):
                files[f] = None
        status = ", ".join(f"{state}({counts[state]})" for state in sorted(counts))
        out.append(Stack(name, status, ",".join(files)))
    return out


def stacks_table(items: Sequence[Stack]) -> str:
    rows = [("NAME", "STATUS", "CONFIG FILES")] + [(s.name, s.status, s.config_files) for s in items]
    return tabwrite(rows, minwidth=20, padding=3)


def stacks_json(items: Sequence[Stack]) -> str:
    return _go_json([{"Name": s.name, "Status": s.status, "ConfigFiles": s.config_files} for s in items]) + "\n"


# -- images ---------------------------------------------------------------------------------------

@record
class ImageRow:
    container: str
    repository: str
    tag: str
    image: ImageInfo


def image_row(c: ObservedContainer, image: ImageInfo) -> ImageRow:
    """Repository and tag come from the reference the container was created with (v2)."""
    repository, tag = split_reference(c.image)
    return ImageRow(c.name, repository, tag, image)


def split_reference(ref: str) -> tuple[str, str]:
    """``docker.io/library/busybox`` -> (``busybox``, ``latest``); an image id -> ("", "")."""
    if not ref or is_image_id(ref):
        return "", ""
    parsed = parse_image_ref(ref)
    if parsed.digest:  # as v2 shows it: the name as written before the digest, no tag
        written = f"{parsed.repository}:{parsed.tag}" if parsed.tag else parsed.repository
        return replace(parsed, repository=written).short_repository, ""
    return parsed.short_repository, parsed.tag or "latest"


def images_table(rows: Sequence[ImageRow], *, now: float) -> str:
    table = [("CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED")]
    for r in sorted(rows, key=lambda r: r.container):
        image_id = r.image.id.partition(":")[2] or r.image.id
        created = human_duration(now - r.image.last_tag_time) + " ago" if r.image.last_tag_time else "N/A"
        table.append((r.container, r.repository or "<none>", r.tag or "<none>", r.image.platform,
                      image_id[:12], human_size(r.image.size), created))
    return tabwrite(table, minwidth=20, padding=3)


def images_json(rows: Sequence[ImageRow]) -> str:
    items = [{"ID": r.image.id, "ContainerName": r.container, "Repository": r.repository, "Tag": r.tag,
              "Platform": r.image.platform, "Size": r.image.size,
              "LastTagTime": r.image.last_tagged or "0001-01-01T00:00:00Z"}
             for r in sorted(rows, key=lambda r: r.container)]
    return _go_json(items) + "\n"


def image_ids(rows: Sequence[ImageRow]) -> list[str]:
    """``images -q``: the distinct ids without their ``sha256:`` prefix, in container order."""
    ids = [r.image.id.partition(":")[2] or r.image.id for r in sorted(rows, key=lambda r: r.container)]
    return list(dict.fromkeys(ids))


# -- top ------------------------------------------------------------------------------------------

def top_table(entries: Sequence[tuple[ObservedContainer, ProcessList]]) -> str:
    """v2's merged table: SERVICE and # first, then the ps columns in order of appearance, CMD last."""
    header = ["SERVICE", "#"]
    rows: list[dict[str, str]] = []
    for c, processes in entries:
        for process in processes.processes:
            row = {"SERVICE": c.service, "#": str(c.number)}
            for title, cell in zip(processes.titles, process, strict=False):
                if title not in header:
                    header.append(title)
                row[title] = cell
            rows.append(row)
    if not rows:
        return ""
    if "CMD" in header:
        header.remove("CMD")
        header.append("CMD")
    return tabwrite([header] + [[row.get(h, "-") for h in header] for row in rows], minwidth=4, padding=2)


# -- stats ----------------------------------------------------------------------------------------

@record
class StatsRow:
    container: ObservedContainer
    sample: StatsSample | None

    def fields(self, *, truncate: bool = True) -> dict[str, str]:
        s = self.sample or StatsSample()
        cpu_delta = s.cpu_total - s.pre_cpu_total
        system_delta = s.system_cpu - s.pre_system_cpu
        cpu = cpu_delta / system_delta * s.online_cpus * 100.0 if cpu_delta > 0 and system_delta > 0 else 0.0
        memory = s.memory_usage / s.memory_limit * 100.0 if s.memory_limit else 0.0
        known = self.sample is not None
        return {
            "BlockIO": f"{human_size(s.block_read)} / {human_size(s.block_write)}" if known else "--",
            "CPUPerc": f"{cpu:.2f}%" if known else "--",
            "Container": self.container.id,
            "ID": self.container.id[:12] if truncate else self.container.id,
            "MemPerc": f"{memory:.2f}%" if known else "--",
            "MemUsage": f"{bytes_size(s.memory_usage)} / {bytes_size(s.memory_limit)}" if known else "-- / --",
            "Name": self.container.name,
            "NetIO": f"{human_size(s.net_rx)} / {human_size(s.net_tx)}" if known else "--",
            "PIDs": str(s.pids) if known else "--",
        }


_STATS_HEADERS = {"ID": "CONTAINER ID", "Container": "CONTAINER", "Name": "NAME", "CPUPerc": "CPU %",
                  "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O",
                  "BlockIO": "BLOCK I/O", "PIDs": "PIDS"}
DEFAULT_STATS_FORMAT = ("table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}"
                        "\t{{.BlockIO}}\t{{.PIDs}}")


def stats_render(rows: Sequence[StatsRow], template: str, *, truncate: bool = True) -> str:
    """``--format``: ``table``, ``json``, ``table TEMPLATE`` or a Go template (compose.present.gotemplate)."""
    from compose.present.gotemplate import Struct, render_rows

    if template == "json":
        return stats_json(rows, truncate=truncate)
    records = [Struct("formatter.containerStatsContext", r.fields(truncate=truncate)) for r in rows]
    return render_rows(template or "table", records, _STATS_HEADERS, table_default=DEFAULT_STATS_FORMAT)


def stats_json(rows: Sequence[StatsRow], *, truncate: bool = True) -> str:
    return "".join(_go_json(r.fields(truncate=truncate)) + "\n" for r in rows)


# -- events ---------------------------------------------------------------------------------------

def _attributes(attributes: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in sorted(attributes.items()) if not k.startswith("com.docker.compose.")}


def event_line(time_nano: int, action: str, container: str, attributes: Mapping[str, str]) -> str:
    """``2026-11-28 07:15:53.505097 container kill <id> (name=..., signal=15)``, then v2's blank line."""
    seconds, nanos = divmod(time_nano, 1_000_000_000)
    stamp = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d %H:%M:%S") + f".{nanos // 1000:06d}"
    pairs = ", ".join(f"{k}={v}" for k, v in _attributes(attributes).items())
    return f"{stamp} container {action} {container} ({pairs})\n\n"


def event_json(time_nano: int, action: str, container: str, service: str, attributes: Mapping[str, str]) -> str:
    seconds, nanos = divmod(time_nano, 1_000_000_000)
    stamp = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f".{nanos:09d}".rstrip("0").rstrip(".")
    return _go_json({"action": action, "attributes": _attributes(attributes), "id": container,
                     "service": service, "time": f"{stamp}{fraction}Z", "type": "container"}) + "\n"
