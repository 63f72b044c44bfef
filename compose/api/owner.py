"""Who started a stack: the run labels, and whether that run is still alive.

Every stack the pytest plugin starts (and any stack started with ``run_id=``)
carries these labels on its containers, networks and volumes:

``io.pycompose.run.id``        the test run (shared by the xdist workers of one session)
``io.pycompose.run.started``   when the stack was started, RFC 3339 UTC
``io.pycompose.run.host``      the owner's host name
``io.pycompose.run.pidns``     the owner's PID namespace (inode of /proc/self/ns/pid)
``io.pycompose.run.boot``      the boot id of the owner's kernel
``io.pycompose.run.pid``       the owning process
``io.pycompose.run.pid-start`` that process's start time (clock ticks after boot, /proc/PID/stat)

How "live" is known. A label cannot be refreshed (labels are fixed at creation), so a
heartbeat is impossible; a lock file only works where the file system is shared. What a
label *can* hold is the identity of the owning process, which is enough to check it from
the same machine: the owner is alive when host, PID namespace and boot id are ours and a
process with that PID exists *and* started at the recorded tick (a recycled PID has another
start time). If the boot id differs the machine rebooted since: the owner is dead. From
another host or PID namespace (another CI container on a shared engine) the owner cannot be
checked: liveness is *unknown*, and such stacks are only reaped when asked explicitly
(``reap --any-host``) and old enough.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import Enum

from compose._record import record

__all__ = [
    "LABELS",
    "Liveness",
    "RunOwner",
    "liveness",
    "parse_started",
]

PREFIX = "io.pycompose.run."
RUN_ID = PREFIX + "id"
STARTED = PREFIX + "started"
HOST = PREFIX + "host"
PIDNS = PREFIX + "pidns"
BOOT = PREFIX + "boot"
PID = PREFIX + "pid"
PID_START = PREFIX + "pid-start"
LABELS = (RUN_ID, STARTED, HOST, PIDNS, BOOT, PID, PID_START)


class Liveness(Enum):
    ALIVE = "alive"
    DEAD = "dead"
    UNKNOWN = "unknown"
    """Owned by a process of another host or PID namespace: it cannot be checked from here."""


@record
class RunOwner:
    """The process that owns a stack, as its labels record it."""

    run_id: str
    started: float
    host: str
    pidns: str
    boot: str
    pid: int
    pid_start: str

    @classmethod
    def current(cls, run_id: str, *, started: float | None = None) -> RunOwner:
        """This process, now (or at ``started``, seconds since the epoch)."""
        pid = os.getpid()
        return cls(run_id=run_id, started=time.time() if started is None else started, host=socket.gethostname(),
                   pidns=_pid_namespace(), boot=_boot_id(), pid=pid, pid_start=process_start(pid) or "")

    def labels(self) -> dict[str, str]:
        stamp = datetime.fromtimestamp(self.started, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {RUN_ID: self.run_id, STARTED: stamp, HOST: self.host, PIDNS: self.pidns, BOOT: self.boot,
                PID: str(self.pid), PID_START: self.pid_start}

    @classmethod
    def from_labels(cls, labels: Mapping[str, str]) -> RunOwner | None:
        """The owner recorded in ``labels``; None when they carry no run id."""
        run_id = labels.get(RUN_ID, "")
        if not run_id:
            return None
        try:
            pid = int(labels.get(PID, "0"))
        except ValueError:
            pid = 0
        return cls(run_id=run_id, started=parse_started(labels.get(STARTED, "")), host=labels.get(HOST, ""),
                   pidns=labels.get(PIDNS, ""), boot=labels.get(BOOT, ""), pid=pid,
                   pid_start=labels.get(PID_START, ""))


def parse_started(text: str) -> float:
    """Seconds since the epoch of an ``io.pycompose.run.started`` value; 0 when unreadable."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return 0.0


def liveness(owner: RunOwner) -> Liveness:
    """Whether the process that owns a stack still runs (see the module's docstring)."""
    if owner.host != socket.gethostname() or owner.pidns != _pid_namespace():
        return Liveness.UNKNOWN
    if owner.boot and owner.boot != _boot_id():
        return Liveness.DEAD
    if owner.pid <= 0:
        return Liveness.DEAD
    started = process_start(owner.pid)
    if started is None or (owner.pid_start and started != owner.pid_start):
        return Liveness.DEAD
    return Liveness.ALIVE


def process_start(pid: int) -> str | None:
    """The start time of process ``pid`` in clock ticks after boot (field 22 of /proc/PID/stat);
    None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            text = f.read()
    except OSError:
        return None if not _exists(pid) else ""
    # the command name (field 2) is in parentheses and may contain spaces: split after its last ')'
    fields = text[text.rfind(")") + 2:].split()
    if fields and fields[0] in ("Z", "X"):  # a zombie has finished: only its parent has not read its status
        return None
    return fields[19] if len(fields) > 19 else ""


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_namespace() -> str:
    try:
        link = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return link.removeprefix("pid:[").removesuffix("]")


def _boot_id() -> str:
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as f:
            return f.read().strip()
    except OSError:
        return ""
