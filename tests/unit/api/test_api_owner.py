"""Run labels and liveness: the current process is alive, a finished one is dead, others are unknown."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

from compose.api.owner import LABELS, Liveness, RunOwner, liveness, parse_started, process_start


def test_labels_round_trip() -> None:
    owner = RunOwner.current("run1", started=1_700_000_000)
    labels = owner.labels()
    assert set(labels) == set(LABELS)
    assert labels["io.pycompose.run.started"] == "2023-11-14T22:13:20Z"
    assert RunOwner.from_labels(labels) == owner


def test_labels_without_run_id_are_no_owner() -> None:
    assert RunOwner.from_labels({"com.docker.compose.project": "x"}) is None


def test_started_unreadable_is_zero() -> None:
    assert parse_started("yesterday") == 0.0


def test_this_process_is_alive() -> None:
    assert liveness(RunOwner.current("r")) is Liveness.ALIVE


def test_a_finished_process_is_dead() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    owner = dataclasses.replace(RunOwner.current("r"), pid=child.pid, pid_start="1")
    assert liveness(owner) is Liveness.DEAD


def test_a_zombie_is_dead() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped: a zombie
        assert process_start(child.pid) is None
    finally:
        child.wait()


def test_a_recycled_pid_is_dead() -> None:
    owner = dataclasses.replace(RunOwner.current("r"), pid_start="1")  # our pid, another start time
    assert liveness(owner) is Liveness.DEAD


def test_another_host_or_namespace_is_unknown() -> None:
    me = RunOwner.current("r")
    assert liveness(dataclasses.replace(me, host=me.host + "-other")) is Liveness.UNKNOWN
    assert liveness(dataclasses.replace(me, pidns="1")) is Liveness.UNKNOWN


def test_another_boot_is_dead() -> None:
    me = RunOwner.current("r")
    assert liveness(dataclasses.replace(me, boot="00000000-0000-0000-0000-000000000000")) is Liveness.DEAD
