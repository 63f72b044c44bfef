"""ps output: Docker's human durations, v2's table and JSON fields."""

from __future__ import annotations

import pytest

from compose.plan.observed import ObservedContainer, PortBinding
from compose.present.tables import human_duration, json_record, ports, table

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.5, "Less than a second"), (1, "1 second"), (59, "59 seconds"), (60, "About a minute"),
     (119, "About a minute"), (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"),
     (5400, "2 hours"), (47 * 3600, "47 hours"), (48 * 3600, "2 days"), (15 * 86400, "2 weeks"),
     (70 * 86400, "2 months"), (800 * 86400, "2 years")],
)
def test_human_duration(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text


def web() -> ObservedContainer:
    return ObservedContainer(
        id="a" * 64, name="p-web-1", image="pycompose/busybox:latest", state="running",
        status="Up 3 seconds (healthy)", created=int(NOW) - 8, command="httpd -f -v -p 8080 -h /data/www",
        labels={"com.docker.compose.project": "p", "com.docker.compose.service": "web"},
        networks=("p_back", "p_front"), mounts=("p_data",), local_volumes=1,
        ports=(PortBinding(8080, "tcp", "127.0.0.1", 8080), PortBinding(8080, "tcp", "::", 8080),
               PortBinding(9000, "udp")),
    )


def test_ports_text_as_v2_prints_it() -> None:
    assert ports(web()) == "127.0.0.1:8080->8080/tcp, [::]:8080->8080/tcp, 9000/udp"


def test_table_is_aligned_with_truncated_commands() -> None:
    init = ObservedContainer(id="b" * 64, name="p-init-1", image="pycompose/busybox:latest", state="exited",
                             status="Exited (0) 4 seconds ago", created=int(NOW) - 8, command="true",
                             labels={"com.docker.compose.service": "init"})
    lines = table([init, web()], now=NOW).splitlines()
    assert lines == [
        "NAME       IMAGE                      COMMAND                  SERVICE   CREATED         STATUS                     PORTS",
        'p-init-1   pycompose/busybox:latest   "true"                   init      8 seconds ago   Exited (0) 4 seconds ago   ',
        'p-web-1    pycompose/busybox:latest   "httpd -f -v -p 8080…"   web       8 seconds ago   Up 3 seconds (healthy)     '
        "127.0.0.1:8080->8080/tcp, [::]:8080->8080/tcp, 9000/udp",
    ]


def test_json_record_has_v2_fields_in_order() -> None:
    record = json_record(web(), now=NOW)
    assert list(record) == ["Command", "CreatedAt", "ExitCode", "Health", "ID", "Image", "Labels", "LocalVolumes",
                            "Mounts", "Name", "Names", "Networks", "Ports", "Project", "Publishers", "RunningFor",
                            "Service", "Size", "State", "Status"]
    assert record["ID"] == "a" * 12
    assert record["Health"] == "healthy"
    assert record["Project"] == "p"
    assert record["RunningFor"] == "8 seconds ago"
    assert record["CreatedAt"] == "2027-01-15 07:59:52 +0000 UTC"
    assert record["Publishers"][0] == {"URL": "127.0.0.1", "TargetPort": 8080, "PublishedPort": 8080,
                                       "Protocol": "tcp"}
    assert json_record(web(), now=NOW, truncate=False)["ID"] == "a" * 64
