"""Log frames, lines, events and container summaries as the Engine API sends them."""

from __future__ import annotations

import struct

from compose.engine import _parse, _streams


def frame(stream: int, data: bytes) -> bytes:
    return struct.pack(">BxxxL", stream, len(data)) + data


def test_multiplexed_frames_split_anywhere() -> None:
    raw = frame(1, b"hello\nwor") + frame(2, b"oops\n") + frame(1, b"ld\n")
    pieces = [raw[i:i + 3] for i in range(0, len(raw), 3)]
    lines = list(_streams.lines(_streams.frames(pieces, tty=False), timestamps=False))
    assert [(line.stream, line.text) for line in lines] == [("stdout", "hello"), ("stderr", "oops"), ("stdout", "world")]


def test_tty_output_and_timestamps_and_a_last_line_without_newline() -> None:
    chunks = [b"2026-01-01T00:00:00.1Z one\r\n2026-01-01T00:00:01.2Z tw", b"o"]
    lines = list(_streams.lines(_streams.frames(chunks, tty=True), timestamps=True))
    assert [(line.timestamp, line.text) for line in lines] == [("2026-01-01T00:00:00.1Z", "one"),
                                                      ("2026-01-01T00:00:01.2Z", "two")]


def test_events_across_chunks() -> None:
    raw = (b'{"Type":"container","Action":"health_status: healthy","Actor":{"ID":"abc","Attributes":'
           b'{"name":"p-db-1"}},"timeNano":5}\n{"Type":"container","Action":"die","Actor":{"ID":"abc",'
           b'"Attributes":{"exitCode":"3"}}}\n')
    events = list(_streams.events([raw[:40], raw[40:100], raw[100:]]))
    assert [(e.action, e.id, dict(e.attributes)) for e in events] == [
        ("health_status: healthy", "abc", {"name": "p-db-1"}), ("die", "abc", {"exitCode": "3"})]
    assert events[0].time_nano == 5


def test_container_summary() -> None:
    c = _parse.container_summary({
        "Id": "f" * 64, "Names": ["/p-web-1"], "Image": "img", "ImageID": "sha256:1", "Command": "httpd",
        "Created": 10, "State": "running", "Status": "Up 2 minutes (health: starting)",
        "Ports": [{"IP": "127.0.0.1", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
                  {"PrivatePort": 81, "Type": "tcp"}],
        "Labels": {"com.docker.compose.service": "web", "com.docker.compose.container-number": "2"},
        "NetworkSettings": {"Networks": {"p_front": {}, "p_back": {}}},
        "Mounts": [{"Type": "volume", "Name": "a" * 64, "Destination": "/cache", "Driver": "local"},
                   {"Type": "bind", "Source": "/src", "Destination": "/app"}],
    })
    assert (c.name, c.service, c.number, c.health, c.running) == ("p-web-1", "web", 2, "starting", True)
    assert c.networks == ("p_back", "p_front")
    assert c.anonymous_volumes == {"/cache": "a" * 64}
    assert c.mounts == ("a" * 64, "/src") and c.local_volumes == 1
    assert [(p.target, p.published) for p in c.ports] == [(80, 8080), (81, None)]
    exited = _parse.container_summary({"Id": "x", "Names": ["/n"], "State": "exited", "Status": "Exited (137) 1 hour ago"})
    assert (exited.exit_code, exited.health, exited.running) == (137, "", False)


def test_container_state_with_health_log() -> None:
    state = _parse.container_state({
        "Id": "x", "Name": "/p-db-1",
        "State": {"Status": "running", "ExitCode": 0, "Health": {"Status": "unhealthy",
                                                                  "Log": [{"Output": "connection refused\n"}]}},
        "Config": {"Labels": {"a": "b"}},
    })
    assert (state.name, state.health, state.health_log, dict(state.labels)) == (
        "p-db-1", "unhealthy", "connection refused", {"a": "b"})
