"""Progress views, colour rules and the log multiplexer (no terminal needed)."""

from __future__ import annotations

import io
import json

import pytest

from compose.apply.events import Event, Status
from compose.engine.port import LogLine
from compose.present.ansi import use_color
from compose.present.logs import LogPrinter
from compose.present.plain import JsonView, PlainView, QuietView
from compose.present.progress import make_view


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def event(status: Status, text: str, detail: str = "") -> Event:
    return Event("service:web:1", "Container", "p-web-1", status, text, detail)


def test_plain_view_prints_v2_lines_and_error_details() -> None:
    out = io.StringIO()
    view = PlainView(out)
    for e in (event(Status.WORKING, "Creating"), event(Status.WORKING, "Creating"), event(Status.DONE, "Created"),
              event(Status.ERROR, "Error", "port is already allocated")):
        view.on(e)
    assert out.getvalue().splitlines() == [
        " Container p-web-1  Creating",
        " Container p-web-1  Created",
        " Container p-web-1  Error: port is already allocated",
    ]


def test_json_view_one_object_per_event() -> None:
    out = io.StringIO()
    JsonView(out).on(event(Status.ERROR, "Error", "boom"))
    assert json.loads(out.getvalue()) == {"id": "Container p-web-1", "status": "Error", "outcome": "error",
                                          "details": "boom"}


@pytest.mark.parametrize(
    ("mode", "tty", "ansi", "kind"),
    [(None, False, None, PlainView), ("auto", False, None, PlainView), ("plain", True, None, PlainView),
     ("json", True, None, JsonView), ("quiet", True, None, QuietView), ("auto", True, "never", PlainView)],
)
def test_make_view_choice(mode: str | None, tty: bool, ansi: str | None, kind: type) -> None:
    stream = FakeTty() if tty else io.StringIO()
    assert isinstance(make_view(mode, stream, ansi=ansi, environ={}), kind)


def test_tty_view_renders_rows_with_times() -> None:
    stream = FakeTty()
    view = make_view("tty", stream, ansi=None, environ={})
    view.on(event(Status.WORKING, "Creating"))
    view.on(event(Status.DONE, "Started"))
    view.close()
    text = stream.getvalue()
    assert "[+] Running 1/1" in text
    assert "Container p-web-1  Started" in text


def test_color_rules() -> None:
    tty, pipe = FakeTty(), io.StringIO()
    assert use_color(tty, ansi=None, environ={})
    assert not use_color(pipe, ansi=None, environ={})
    assert not use_color(tty, ansi=None, environ={"NO_COLOR": "1"})
    assert use_color(pipe, ansi="always", environ={"NO_COLOR": "1"})
    assert not use_color(tty, ansi="always", environ={}, no_color=True)
    assert not use_color(tty, ansi="never", environ={})


def test_log_printer_aligns_prefixes_and_colours() -> None:
    out = io.StringIO()
    printer = LogPrinter(out, color=False)
    printer.register(["a-1", "worker-1"])
    printer.line("a-1", LogLine("stdout", "hello"))
    printer.line("worker-1", LogLine("stderr", "working"))
    printer.exited("a-1", 3)
    assert out.getvalue().splitlines() == ["a-1       | hello", "worker-1  | working", "a-1 exited with code 3"]

    coloured = io.StringIO()
    LogPrinter(coloured, color=True).line("a-1", LogLine("stdout", "x"))
    assert coloured.getvalue() == "\x1b[36ma-1  | \x1b[0mx\n"


def test_log_printer_without_prefix_with_timestamps() -> None:
    out = io.StringIO()
    printer = LogPrinter(out, color=False, prefix=False, timestamps=True)
    printer.line("a-1", LogLine("stdout", "hello", "2026-01-01T00:00:00.000000001Z"))
    assert out.getvalue() == "2026-01-01T00:00:00.000000001Z hello\n"
