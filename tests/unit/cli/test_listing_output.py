"""The tables and JSON of ls, images, top, stats and events (compose.present.listing): v2's exact text."""

from __future__ import annotations

import json

from compose.engine.port import ImageInfo, ProcessList, StatsSample
from compose.plan.observed import ObservedContainer
from compose.present.listing import (
    StatsRow,
    bytes_size,
    event_json,
    event_line,
    human_size,
    image_ids,
    image_row,
    images_json,
    images_table,
    split_reference,
    stacks,
    stacks_json,
    stacks_table,
    stats_render,
    tabwrite,
    top_table,
)


def container(name: str, project: str = "demo", service: str = "web", number: int = 1, state: str = "running",
              files: str = "/srv/compose.yaml", image: str = "pycompose/busybox:latest") -> ObservedContainer:
    labels = {"com.docker.compose.project": project, "com.docker.compose.service": service,
              "com.docker.compose.container-number": str(number),
              "com.docker.compose.project.config_files": files}
    return ObservedContainer(id=name.encode().hex().ljust(64, "0"), name=name, labels=labels, state=state,
                             image=image, image_id="sha256:" + "7" * 64)


def test_tabwrite_pads_all_but_the_last_column() -> None:
    assert tabwrite([("A", "BB", "C"), ("long-name", "x", "last")], minwidth=4, padding=2) == (
        "A          BB  C\nlong-name  x   last\n")


def test_sizes_follow_go_units() -> None:
    assert [human_size(n) for n in (0, 892, 1040, 1984258, 3_500_000_000)] == ["0B", "892B", "1.04kB", "1.98MB",
                                                                                 "3.5GB"]
    assert [bytes_size(n) for n in (491520, 25275020000)] == ["480KiB", "23.54GiB"]


def test_ls_groups_by_project_with_counted_states() -> None:
    found = stacks([container("b-web-1", "b"), container("a-db-1", "a", state="exited"),
                    container("a-web-1", "a"), container("a-web-2", "a", files="/srv/compose.yaml,/srv/o.yaml")])
    assert [(s.name, s.status, s.config_files) for s in found] == [
        ("a", "exited(1), running(2)", "/srv/compose.yaml,/srv/o.yaml"), ("b", "running(1)", "/srv/compose.yaml")]
    assert stacks_table(found) == (
        "NAME                STATUS                  CONFIG FILES\n"
        "a                   exited(1), running(2)   /srv/compose.yaml,/srv/o.yaml\n"
        "b                   running(1)              /srv/compose.yaml\n")
    assert json.loads(stacks_json(found)) == [
        {"Name": "a", "Status": "exited(1), running(2)", "ConfigFiles": "/srv/compose.yaml,/srv/o.yaml"},
        {"Name": "b", "Status": "running(1)", "ConfigFiles": "/srv/compose.yaml"}]
    assert stacks_json([]) == "[]\n"


def test_image_references_as_v2_splits_them() -> None:
    assert split_reference("pycompose/busybox:latest") == ("pycompose/busybox", "latest")
    assert split_reference("busybox") == ("busybox", "latest")
    assert split_reference("docker.io/library/redis:7") == ("redis", "7")
    assert split_reference("localhost:5000/app") == ("localhost:5000/app", "latest")
    assert split_reference("sha256:" + "a" * 64) == ("", "")


def test_images_table_json_and_ids() -> None:
    image = ImageInfo(id="sha256:" + "73fe7a319bc3" * 5 + "abcd", size=1984258, os="linux", architecture="amd64",
                      last_tag_time=1000.0, last_tagged="2026-11-28T06:40:07.179093585Z")
    rows = [image_row(container("demo-web-1"), image), image_row(container("demo-db-1", service="db"), image)]
    assert images_table(rows, now=1000.0 + 35 * 60) == (
        "CONTAINER           REPOSITORY          TAG                 PLATFORM            IMAGE ID            "
        "SIZE                CREATED\n"
        "demo-db-1           pycompose/busybox   latest              linux/amd64         73fe7a319bc3        "
        "1.98MB              35 minutes ago\n"
        "demo-web-1          pycompose/busybox   latest              linux/amd64         73fe7a319bc3        "
        "1.98MB              35 minutes ago\n")
    records = json.loads(images_json(rows))
    assert [r["ContainerName"] for r in records] == ["demo-db-1", "demo-web-1"]
    assert records[0] == {"ID": image.id, "ContainerName": "demo-db-1", "Repository": "pycompose/busybox",
                          "Tag": "latest", "Platform": "linux/amd64", "Size": 1984258,
                          "LastTagTime": "2026-11-28T06:40:07.179093585Z"}
    assert image_ids(rows) == [image.id.removeprefix("sha256:")]


def test_top_merges_containers_with_service_and_number_first_and_cmd_last() -> None:
    processes = ProcessList(("UID", "PID", "CMD", "C"), (("root", "10", "sleep 1", "0"),))
    text = top_table([(container("demo-db-1", service="db"), processes),
                      (container("demo-web-2", number=2), processes)])
    assert text == ("SERVICE  #   UID   PID  C   CMD\n"
                    "db       1   root  10   0   sleep 1\n"
                    "web      2   root  10   0   sleep 1\n")
    assert top_table([]) == ""


def test_stats_figures_table_json_and_templates() -> None:
    sample = StatsSample(cpu_total=300, pre_cpu_total=100, system_cpu=10_000, pre_system_cpu=6_000, online_cpus=2,
                         memory_usage=491520, memory_limit=25275020000, net_rx=892, net_tx=0, pids=2)
    row = StatsRow(container("demo-web-1"), sample)
    fields = row.fields()
    assert (fields["CPUPerc"], fields["MemUsage"], fields["MemPerc"], fields["NetIO"], fields["PIDs"]) == (
        "10.00%", "480KiB / 23.54GiB", "0.00%", "892B / 0B", "2")
    table = stats_render([row], "table")
    assert table.splitlines()[0] == ("CONTAINER ID   NAME         CPU %     MEM USAGE / LIMIT   MEM %     NET I/O     "
                                     "BLOCK I/O   PIDS")
    assert json.loads(stats_render([row], "json"))["Name"] == "demo-web-1"
    assert stats_render([row], "{{.Name}}: {{.PIDs}}") == "demo-web-1: 2\n"
    assert stats_render([row], "table {{.Name}}\\t{{.PIDs}}") == "NAME         PIDS\ndemo-web-1   2\n"
    assert StatsRow(container("demo-web-1", state="exited"), None).fields()["CPUPerc"] == "--"


def test_events_text_and_json_drop_compose_labels() -> None:
    attributes = {"name": "demo-db-1", "image": "busybox", "com.docker.compose.project": "demo", "signal": "15"}
    assert event_line(1_764_315_353_505_097_883, "kill", "abc", attributes) == (
        "2025-11-28 07:35:53.505097 container kill abc (image=busybox, name=demo-db-1, signal=15)\n\n")
    record = json.loads(event_json(1_764_315_353_505_097_880, "kill", "abc", "db", attributes))
    assert record == {"action": "kill", "attributes": {"image": "busybox", "name": "demo-db-1", "signal": "15"},
                      "id": "abc", "service": "db", "time": "2025-11-28T07:35:53.50509788Z", "type": "container"}
