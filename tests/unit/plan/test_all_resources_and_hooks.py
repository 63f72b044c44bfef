"""``--all-resources`` in plan_up, and lifecycle hooks in the plans (pure: no engine)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from plan_support import IMAGE, MakeProject, container, state

from compose.graph.loading import load_checked
from compose.load.options import LoadOptions
from compose.model.convert import project_from_loaded
from compose.plan.lifecycle import dependency_graph, plan_restart, plan_start
from compose.plan.ops import OpKind
from compose.plan.options import UpOptions
from compose.plan.reconcile import plan_up
from compose.plan.teardown import plan_down, plan_stop

UNUSED = f"""
services:
  a:
    image: {IMAGE}
networks:
  spare: {{}}
volumes:
  extra: {{}}
"""


def _kept(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "compose.yaml"
    path.write_text(textwrap.dedent(text))
    loaded = load_checked(LoadOptions(files=(str(path),), environ={}, cwd=str(tmp_path), project_name="p",
                                      select_services=False, drop_unused_resources=False))
    return project_from_loaded(loaded)


def test_all_resources_creates_what_no_service_uses(tmp_path: Path) -> None:
    project = _kept(tmp_path, UNUSED)
    observed = state(project, networks=(), volumes=())
    used = plan_up(project, observed, UpOptions())
    every = plan_up(project, observed, UpOptions(all_resources=True))
    assert [n.op.resource for n in used.of_kind(OpKind.CREATE_NETWORK)] == ["network:default"]
    assert not used.of_kind(OpKind.CREATE_VOLUME)
    assert [n.op.resource for n in every.of_kind(OpKind.CREATE_NETWORK)] == ["network:default", "network:spare"]
    assert [n.op.resource for n in every.of_kind(OpKind.CREATE_VOLUME)] == ["volume:extra"]


HOOKED = f"""
services:
  db:
    image: {IMAGE}
    post_start: [{{command: ["touch", "/ready"], user: "1000"}}]
    pre_stop: [{{command: ["sync"]}}]
  web:
    image: {IMAGE}
    depends_on: [db]
"""


def _kinds_before(plan, kind: OpKind, resource: str) -> list[OpKind]:  # type: ignore[no-untyped-def]
    node = next(n for n in plan.nodes if n.op.kind is kind and n.op.resource == resource)
    return [plan.node(d.node).op.kind for d in node.depends_on]


def test_post_start_runs_after_the_start_and_before_the_dependents(make_project: MakeProject) -> None:
    project = make_project(HOOKED)
    plan = plan_up(project, state(project, networks=()), UpOptions())
    hook = next(n for n in plan.nodes if n.op.kind is OpKind.RUN_HOOK)
    assert hook.op.resource == "service:db:1" and hook.op.args["event"] == "post_start"
    assert hook.op.args["hooks"] == [{"Cmd": ["touch", "/ready"], "User": "1000", "Privileged": False,
                                      "WorkingDir": "", "Env": []}]
    assert [plan.node(d.node).op.kind for d in hook.depends_on] == [OpKind.START_CONTAINER]
    assert OpKind.RUN_HOOK in _kinds_before(plan, OpKind.START_CONTAINER, "service:web:1")


@pytest.mark.parametrize("verb", ["stop", "down", "restart"])
def test_pre_stop_runs_before_stop_down_and_restart(make_project: MakeProject, verb: str) -> None:
    project = make_project(HOOKED)
    observed = state(project, container(project, "db"), container(project, "web"))
    if verb == "stop":
        plan, kind = plan_stop(project, observed), OpKind.STOP_CONTAINER
    elif verb == "down":
        plan, kind = plan_down(project, observed), OpKind.STOP_CONTAINER
    else:
        plan, kind = plan_restart(dependency_graph(project, observed), observed, project=project), \
            OpKind.RESTART_CONTAINER
    hooks = [n for n in plan.nodes if n.op.kind is OpKind.RUN_HOOK]
    assert [h.op.args["event"] for h in hooks] == (["pre_stop", "post_start"] if verb == "restart" else ["pre_stop"])
    assert OpKind.RUN_HOOK in _kinds_before(plan, kind, "service:db:1")
    assert OpKind.RUN_HOOK not in _kinds_before(plan, kind, "service:web:1")


def test_no_hooks_without_the_compose_file_and_none_on_recreate(make_project: MakeProject) -> None:
    project = make_project(HOOKED)
    stopped = state(project, container(project, "db", state="exited"))
    assert not plan_start(dependency_graph(None, stopped), stopped, ["db"]).of_kind(OpKind.RUN_HOOK)
    assert plan_start(dependency_graph(project, stopped), stopped, ["db"], project=project).of_kind(OpKind.RUN_HOOK)
    running = state(project, container(project, "db", config_hash="0" * 64), container(project, "web"))
    recreate = plan_up(project, running, UpOptions())
    events = [n.op.args["event"] for n in recreate.of_kind(OpKind.RUN_HOOK)]
    assert events == ["post_start"]  # the replaced container's stop runs no pre_stop (as v2)
