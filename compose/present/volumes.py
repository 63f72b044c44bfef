"""``volumes``' output, as v2 prints it with the docker CLI's volume formatter.

Rows are the formatter's ``*formatter.volumeContext``: ``Name``, ``Driver``, ``Scope``,
``Mountpoint``, ``Labels`` (``k=v,...``), ``{{.Label "k"}}``, and the fields a plain volume list
leaves unknown (``Links``, ``Size``, ``Group``, ``Availability``, ``Status``: ``N/A``). ``json`` is
the formatter's ``{{json .}}`` (keys sorted, HTML left unescaped); ``table`` is
``table {{.Driver}}\\t{{.Name}}``.
"""

from __future__ import annotations

from collections.abc import Sequence

from compose.engine.port import VolumeInfo

DEFAULT_TABLE = "table {{.Driver}}\t{{.Name}}"


def header_label(name: str) -> str:
    """The header of a ``{{.Label "com.example.some-key"}}`` column: ``some key`` (the docker CLI's)."""
    return name.rsplit(".", 1)[-1].replace("-", " ").replace("_", " ")


HEADERS: dict[str, object] = {
    "Name": "VOLUME NAME", "Driver": "DRIVER", "Scope": "SCOPE", "Availability": "AVAILABILITY",
    "Group": "GROUP", "Mountpoint": "MOUNTPOINT", "Labels": "LABELS", "Links": "LINKS", "Size": "SIZE",
    "Status": "STATUS", "Label": header_label,
}


def volume_row(v: VolumeInfo) -> dict[str, object]:
    """The formatter's fields of one volume, in its JSON order (sorted), ``Label`` last."""
    labels = dict(v.labels)
    return {
        "Availability": "N/A",
        "Driver": v.driver,
        "Group": "N/A",
        "Labels": ",".join(f"{k}={value}" for k, value in labels.items()),
        "Links": "N/A",
        "Mountpoint": v.mountpoint,
        "Name": v.name,
        "Scope": v.scope,
        "Size": "N/A",
        "Status": "N/A",
        "Label": lambda key: labels.get(key, ""),
    }


def volumes_text(volumes: Sequence[VolumeInfo], format: str) -> str:
    """``--format`` over the volumes; a bad template is a ``TemplateError``."""
    from compose.present.gotemplate import Struct, render_rows

    if format != "json" and format.lower() == "json":  # the formatter takes only "json" as JSON:
        return "".join(format.strip(" ") + "\n" for _ in volumes)  # "JSON" is a template of plain text
    rows = [Struct("*formatter.volumeContext", volume_row(v)) for v in volumes]
    return render_rows("{{json .}}" if format == "json" else format, rows, HEADERS, table_default=DEFAULT_TABLE)
