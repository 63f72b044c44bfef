"""Reading the engine's classic build stream: log lines, the built image's id, the failing step.

The build itself is planned in ``compose.plan.buildspec``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose.errors import BuildError

__all__ = ["BuildLog"]


class BuildLog:
    """Reads the messages of a classic build: log lines, the built image's id, the failing step."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.image_id = ""
        self.step = ""
        self.output: list[str] = []
        self._partial = ""

    def feed(self, message: Mapping[str, Any]) -> list[str]:
        """The complete lines ``message`` ends; raises ``BuildError`` on an error message."""
        if "error" in message or "errorDetail" in message:
            detail = message.get("errorDetail") or {}
            reason = str(detail.get("message") or message.get("error") or "unknown error")
            self.finish()
            raise BuildError(self.service, reason.strip(), step=self.step, output=self.output)
        aux = message.get("aux")
        if isinstance(aux, Mapping) and aux.get("ID"):
            self.image_id = str(aux["ID"])
        if "stream" in message:
            return self._lines(str(message["stream"]))
        if "status" in message:
            layer = f"{message['id']}: " if message.get("id") else ""
            progress = f" {message['progress']}" if message.get("progress") else ""
            return [f"{layer}{message['status']}{progress}"]
        return []

    def finish(self) -> list[str]:
        return self._lines("\n") if self._partial else []

    def _lines(self, text: str) -> list[str]:
        text = self._partial + text
        *complete, self._partial = text.split("\n")
        out = []
        for line in complete:
            line = line.rstrip("\r")
            if line.startswith("Step ") and " : " in line:
                self.step, self.output = line, []
            elif self.step:
                self.output.append(line)
            if line.strip():
                out.append(line)
        return out
