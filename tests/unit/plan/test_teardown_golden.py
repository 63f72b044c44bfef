"""Golden plans of down, stop and kill: dependents stop first, external resources are never touched."""

from __future__ import annotations

from plan_support import MakeProject, container, state
from test_reconcile_golden import STACK, golden

from compose.model.project import Project
from compose.plan.observed import ObservedNetwork, ObservedState, ObservedVolume
from compose.plan.options import DownOptions, StopOptions
from compose.plan.teardown import plan_down, plan_kill, plan_stop

ORPHAN_WARNING = ("warning: Found orphan containers ([p-gone-1]) for this project. If you removed or renamed "
                  "this service in your compose file, you can run this command with the --remove-orphans flag "
                  "to clean it up.")


def observed(make_project: MakeProject) -> tuple[Project, ObservedState]:
    project = make_project(STACK)
    return project, state(project, container(project, "cache"), container(project, "db"), container(project, "web"),
                          container(project, "init", state="exited"), container(project, "gone"))


def test_down_stops_dependents_first_then_removes_networks(make_project: MakeProject) -> None:
    project, obs = observed(make_project)
    assert plan_down(project, obs).render() == golden("""
        #1 StopContainer service:web:1 (p-web-1)
        #2 RemoveContainer service:web:1 (p-web-1) after #1
        #3 RemoveContainer service:init:1 (p-init-1)
        #4 StopContainer service:db:1 (p-db-1) after #1:exited
        #5 RemoveContainer service:db:1 (p-db-1) after #4
        #6 StopContainer service:cache:1 (p-cache-1) after #1:exited
        #7 RemoveContainer service:cache:1 (p-cache-1) after #6
        #8 RemoveNetwork network:back (p_back) after #2,#3,#5,#7
        #9 RemoveNetwork network:default (p_default) after #2,#3,#5,#7
        #10 RemoveNetwork network:front (p_front) after #2,#3,#5,#7
    """) + ORPHAN_WARNING + "\n"


def test_down_with_volumes_orphans_images_and_timeout(make_project: MakeProject) -> None:
    project, obs = observed(make_project)
    options = DownOptions(volumes=True, remove_orphans=True, timeout=1, images="all")
    assert plan_down(project, obs, options).render() == golden("""
        #1 StopContainer service:gone:1 (p-gone-1) timeout=1
        #2 RemoveContainer service:gone:1 (p-gone-1) volumes=True after #1
        #3 StopContainer service:web:1 (p-web-1) timeout=1
        #4 RemoveContainer service:web:1 (p-web-1) volumes=True after #3
        #5 RemoveContainer service:init:1 (p-init-1) volumes=True
        #6 StopContainer service:db:1 (p-db-1) timeout=1 after #3:exited
        #7 RemoveContainer service:db:1 (p-db-1) volumes=True after #6
        #8 StopContainer service:cache:1 (p-cache-1) timeout=1 after #3:exited
        #9 RemoveContainer service:cache:1 (p-cache-1) volumes=True after #8
        #10 RemoveNetwork network:back (p_back) after #2,#4,#5,#7,#9
        #11 RemoveNetwork network:default (p_default) after #2,#4,#5,#7,#9
        #12 RemoveNetwork network:front (p_front) after #2,#4,#5,#7,#9
        #13 RemoveVolume volume:data (p_data) after #2,#4,#5,#7,#9
        #14 RemoveImage image:pycompose/busybox:latest (pycompose/busybox:latest) missing_ok=True after #2,#4,#5,#7,#9 -- --rmi all
    """)


def test_rmi_local_only_removes_images_without_a_custom_name(make_project: MakeProject) -> None:
    project = make_project("services: {a: {image: pycompose/busybox:latest}, b: {build: .}}")
    plan = plan_down(project, state(project), DownOptions(images="local"))
    assert [n.op.target for n in plan.nodes if n.op.resource.startswith("image:")] == ["p-b"]


def test_down_of_named_services_keeps_networks(make_project: MakeProject) -> None:
    project, obs = observed(make_project)
    assert plan_down(project, obs, DownOptions(services=("db",))).render() == golden("""
        #1 StopContainer service:db:1 (p-db-1)
        #2 RemoveContainer service:db:1 (p-db-1) after #1
    """)


def test_down_without_a_compose_file_takes_everything_labelled(make_project: MakeProject) -> None:
    _, obs = observed(make_project)
    plan = plan_down(None, obs, DownOptions(volumes=True))
    removed = [n.op.label for n in plan.nodes if n.op.kind.title.startswith("Remove")]
    assert removed == ["p-cache-1", "p-db-1", "p-gone-1", "p-init-1", "p-web-1", "p_back", "p_default",
                       "p_front", "p_data"]
    assert plan.warnings == ()


def test_external_and_foreign_resources_are_never_removed(make_project: MakeProject) -> None:
    project = make_project("""
        services: {a: {image: pycompose/busybox:latest, networks: [outside], volumes: [keep:/k]}}
        networks: {outside: {external: true}}
        volumes: {keep: {external: true}}
    """)
    obs = ObservedState("p", containers=(container(project, "a"),),
                        named_networks={"outside": ObservedNetwork("n", "outside")},
                        named_volumes={"keep": ObservedVolume("keep")})
    plan = plan_down(project, obs, DownOptions(volumes=True))
    assert [n.op.kind.title for n in plan.nodes] == ["StopContainer", "RemoveContainer"]


def test_stop_and_kill(make_project: MakeProject) -> None:
    project, obs = observed(make_project)
    assert plan_stop(project, obs, StopOptions(timeout=2)).render() == golden("""
        #1 StopContainer service:web:1 (p-web-1) timeout=2
        #2 StopContainer service:db:1 (p-db-1) timeout=2 after #1:exited
        #3 StopContainer service:cache:1 (p-cache-1) timeout=2 after #1:exited
    """)
    assert plan_kill(obs, ["web", "init"]).render() == "#1 KillContainer service:web:1 (p-web-1) signal=SIGKILL\n"
