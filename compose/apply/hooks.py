"""Running a plan's ``RUN_HOOK`` node: each hook one exec in the container, in order (blocking: the
executor calls it in a worker thread).

The output is read in every case: it goes to ``on_output`` line by line when someone shows it
(attached ``up`` prints it as ``web-1 ->  | line``, as v2 does), and its last lines explain a failure:
``web hook exited with status 3`` followed by what the hook printed last (v2 gives the status only).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from compose.engine.port import Engine
from compose.errors import ApplyError

__all__ = ["HookOutput", "run_hooks"]

HookOutput = Callable[[str, str], None]
"""(source, line): ``source`` is the container's name in the project with `` ->`` (v2's prefix)."""

_TAIL_LINES = 10


def run_hooks(engine: Engine, container: str, hooks: Sequence[Mapping[str, Any]], *, service: str, source: str,
              resource: str, on_output: HookOutput | None) -> None:
    for hook in hooks:
        exec_id = engine.exec_create(container, list(hook["Cmd"]), env=list(hook.get("Env", ())),
                                     user=str(hook.get("User", "")), workdir=str(hook.get("WorkingDir", "")),
                                     privileged=bool(hook.get("Privileged", False)))
        tail: deque[str] = deque(maxlen=_TAIL_LINES)
        attachment = engine.exec_start(exec_id, tty=False)
        pending = b""
        try:
            for _stream, data in attachment.output():
                pending += data
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    _line(line, tail, source, on_output)
        finally:
            attachment.close()
        if pending:
            _line(pending, tail, source, on_output)
        state = engine.exec_inspect(exec_id)
        if state.exit_code:
            shown = "".join(f"\n  {line}" for line in tail)
            raise ApplyError(f"{service} hook exited with status {state.exit_code}{shown}", resource=resource)


def _line(raw: bytes, tail: deque[str], source: str, on_output: HookOutput | None) -> None:
    text = raw.decode("utf-8", "replace").rstrip("\r")
    tail.append(text)
    if on_output is not None:
        on_output(source, text)
