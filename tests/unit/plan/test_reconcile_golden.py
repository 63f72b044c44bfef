"""Golden plans of ``up``: (project, observed state, options) -> the exact rendered plan (no Docker)."""

from __future__ import annotations

import pytest
from plan_support import IMAGE, IMAGE_ID, MakeProject, container, state

from compose.errors import PlanError
from compose.plan.observed import ObservedNetwork, ObservedState, ObservedVolume
from compose.plan.ops import OpKind
from compose.plan.options import PullPolicy, Recreate, UpOptions
from compose.plan.reconcile import plan_pull, plan_up, service_order

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    healthcheck: {test: ["CMD", "true"], interval: 1s}
  init:
    image: pycompose/busybox:latest
    volumes: [data:/data]
  web:
    image: pycompose/busybox:latest
    depends_on:
      db: {condition: service_healthy}
      init: {condition: service_completed_successfully}
      cache: {condition: service_started, required: false}
    networks: [front, back]
  cache:
    image: pycompose/busybox:latest
    networks: [back]
volumes: {data: {}}
networks: {front: {}, back: {}}
"""


def golden(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines()) + "\n"


def test_create_everything_in_dependency_order(make_project: MakeProject) -> None:
    project = make_project(STACK)
    plan = plan_up(project, state(project, networks=[], volumes=[]))
    assert plan.render() == golden("""
        #1 CreateNetwork network:back (p_back) -- not found
        #2 CreateNetwork network:default (p_default) -- not found
        #3 CreateNetwork network:front (p_front) -- not found
        #4 CreateVolume volume:data (p_data) -- not found
        #5 CreateContainer service:cache:1 (p-cache-1) after #1 -- not found
        #6 StartContainer service:cache:1 (p-cache-1) after #5
        #7 CreateContainer service:db:1 (p-db-1) after #2 -- not found
        #8 StartContainer service:db:1 (p-db-1) after #7
        #9 CreateContainer service:init:1 (p-init-1) after #2,#4 -- not found
        #10 StartContainer service:init:1 (p-init-1) after #9
        #11 CreateContainer service:web:1 (p-web-1) after #1,#3 -- not found
        #12 ConnectNetwork service:web:1 (p-web-1) network=p_front after #11 -- network front
        #13 WaitContainer service:db:1 (p-db-1) condition=healthy after #8 -- until healthy
        #14 WaitContainer service:init:1 (p-init-1) condition=completed after #10 -- until completed
        #15 StartContainer service:web:1 (p-web-1) after #6?,#11,#12,#13,#14
    """)
    create_web = plan.node(11).op
    assert create_web.body["Labels"]["com.docker.compose.depends_on"] == (
        "cache:service_started:false,db:service_healthy:false,init:service_completed_successfully:false")
    assert create_web.body["HostConfig"]["NetworkMode"] == "p_back"


def test_no_op_only_reruns_the_one_shot_job(make_project: MakeProject) -> None:
    project = make_project(STACK)
    observed = state(project, *(container(project, s) for s in ("cache", "db", "web")),
                     container(project, "init", state="exited"))
    assert plan_up(project, observed).render() == "#1 StartContainer service:init:1 (p-init-1) -- exited\n"
    running = state(project, *(container(project, s) for s in ("cache", "db", "web", "init")))
    assert plan_up(project, running).render() == "(nothing to do)\n"


def test_changed_config_replaces_exactly_that_service(make_project: MakeProject) -> None:
    project = make_project(STACK)
    observed = state(project, container(project, "cache"), container(project, "db", config_hash="old"),
                     container(project, "web"), container(project, "init"))
    plan = plan_up(project, observed, UpOptions(timeout=2))
    assert plan.render() == golden("""
        #1 CreateContainer service:db:1 (646231000000_p-db-1) replaces=646231000000 -- config changed
        #2 StopContainer service:db:1 (p-db-1) timeout=2 after #1 -- replaced
        #3 RemoveContainer service:db:1 (p-db-1) after #1,#2 -- replaced
        #4 RenameContainer service:db:1 (-> p-db-1) after #3 -- replaced
        #5 StartContainer service:db:1 (p-db-1) after #4
    """)
    assert plan.node(1).op.body["Labels"]["com.docker.compose.replace"] == "db-1"


def test_changed_image_replaces_and_foreign_containers_are_kept(make_project: MakeProject) -> None:
    project = make_project(STACK)
    observed = state(project, container(project, "cache", config_hash="v2-hash", version="2.20.3"),
                     container(project, "db"), container(project, "web", image_id="sha256:old"),
                     container(project, "init"))
    assert plan_up(project, observed).render() == golden("""
        #1 CreateContainer service:web:1 (776562310000_p-web-1) replaces=776562310000 -- image changed
        #2 StopContainer service:web:1 (p-web-1) after #1 -- replaced
        #3 RemoveContainer service:web:1 (p-web-1) after #1,#2 -- replaced
        #4 RenameContainer service:web:1 (-> p-web-1) after #3 -- replaced
        #5 ConnectNetwork service:web:1 (p-web-1) network=p_front after #1 -- network front
        #6 WaitContainer service:db:1 (p-db-1) condition=healthy -- until healthy
        #7 WaitContainer service:init:1 (p-init-1) condition=completed -- until completed
        #8 StartContainer service:web:1 (p-web-1) after #4,#5,#6,#7
        warning: container p-cache-1 was created by another tool or version (com.docker.compose.version=2.20.3); its configuration hash is not comparable, so it is kept as it is: use --force-recreate to replace it
    """)


def test_a_docker_compose_2_40_container_is_compared_like_ours(make_project: MakeProject) -> None:
    project = make_project("services: {a: {image: pycompose/busybox:latest}, b: {image: pycompose/busybox:latest}}")
    same = container(project, "a", version="2.40.3")  # our hash: v2.40 computes the same
    changed = container(project, "b", config_hash="v2-hash-of-an-older-config", version="2.40.3")
    plan = plan_up(project, state(project, same, changed))
    assert [(n.op.kind, n.op.resource) for n in plan.nodes][:1] == [(OpKind.CREATE_CONTAINER, "service:b:1")]
    assert {n.op.resource for n in plan.nodes} == {"service:b:1"}
    assert plan.warnings == ()


def test_foreign_container_with_a_new_image_is_replaced(make_project: MakeProject) -> None:
    project = make_project("services: {a: {image: pycompose/busybox:latest}}")
    observed = state(project, container(project, "a", config_hash="x", version="2.20.3", image_id="sha256:old"))
    assert [n.op.kind for n in plan_up(project, observed).nodes][:1] == [OpKind.CREATE_CONTAINER]


SCALED = """
services:
  w:
    image: pycompose/busybox:latest
    scale: 3
"""


def test_scale_up_numbers_after_the_highest(make_project: MakeProject) -> None:
    project = make_project(SCALED)
    assert plan_up(project, state(project, container(project, "w", 1))).render() == golden("""
        #1 CreateContainer service:w:2 (p-w-2) -- not found
        #2 StartContainer service:w:2 (p-w-2) after #1
        #3 CreateContainer service:w:3 (p-w-3) -- not found
        #4 StartContainer service:w:3 (p-w-3) after #3
    """)


def test_scale_down_removes_the_highest_numbers_first(make_project: MakeProject) -> None:
    project = make_project(SCALED).with_scale("w", 1)
    observed = state(project, *(container(project, "w", n) for n in (1, 2, 3)))
    assert plan_up(project, observed).render() == golden("""
        #1 StopContainer service:w:3 (p-w-3) -- scale 3 -> 1
        #2 RemoveContainer service:w:3 (p-w-3) after #1 -- scale 3 -> 1
        #3 StopContainer service:w:2 (p-w-2) -- scale 3 -> 1
        #4 RemoveContainer service:w:2 (p-w-2) after #3 -- scale 3 -> 1
    """)


def test_orphans_are_reported_or_removed(make_project: MakeProject) -> None:
    project = make_project(SCALED)
    observed = state(project, *(container(project, "w", n) for n in (1, 2, 3)), container(project, "gone"))
    assert plan_up(project, observed).render() == golden("""
        (nothing to do)
        warning: Found orphan containers ([p-gone-1]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.
    """)
    assert plan_up(project, observed, UpOptions(remove_orphans=True, timeout=3)).render() == golden("""
        #1 StopContainer service:gone:1 (p-gone-1) timeout=3 -- orphan
        #2 RemoveContainer service:gone:1 (p-gone-1) after #1 -- orphan
    """)
    assert plan_up(project, observed, UpOptions(ignore_orphans=True)).warnings == ()


def test_deselected_and_profile_services_are_not_orphans(make_project: MakeProject) -> None:
    project = make_project("""
        services:
          a: {image: pycompose/busybox:latest}
          b: {image: pycompose/busybox:latest}
          debug: {image: pycompose/busybox:latest, profiles: [debug]}
    """, ["a"])
    observed = state(project, container(project, "a"), container(project, "b"), container(project, "debug"))
    plan = plan_up(project, observed)
    assert plan.render() == "(nothing to do)\n"


def test_no_recreate_and_force_recreate(make_project: MakeProject) -> None:
    project = make_project(SCALED)
    stale = state(project, *(container(project, "w", n, config_hash="old") for n in (1, 2, 3)))
    assert plan_up(project, stale, UpOptions(recreate=Recreate.NEVER)).empty
    fresh = state(project, *(container(project, "w", n) for n in (1, 2, 3)))
    plan = plan_up(project, fresh, UpOptions(recreate=Recreate.FORCE))
    assert [n.reason for n in plan.of_kind(OpKind.CREATE_CONTAINER)] == ["forced"] * 3


def test_always_recreate_deps_only_touches_dependencies(make_project: MakeProject) -> None:
    project = make_project(STACK, ["web"])
    observed = state(project, *(container(project, s) for s in ("cache", "db", "web", "init")))
    options = UpOptions(services=("web",), recreate_dependencies=Recreate.FORCE)
    replaced = [n.op.resource for n in plan_up(project, observed, options).of_kind(OpKind.CREATE_CONTAINER)]
    assert replaced == ["service:cache:1", "service:db:1", "service:init:1"]


def test_anonymous_volumes_are_inherited_unless_renewed(make_project: MakeProject) -> None:
    project = make_project("services: {a: {image: pycompose/busybox:latest, volumes: [/cache]}}")
    anon = "f" * 64
    observed = state(project, container(project, "a", config_hash="old", anonymous={"/cache": anon}))
    kept = plan_up(project, observed).node(1).op.body
    renewed = plan_up(project, observed, UpOptions(renew_anon_volumes=True)).node(1).op.body
    assert anon in str(kept["HostConfig"])
    assert anon not in str(renewed["HostConfig"])


def test_namespace_sharing_replaces_dependents_and_restart_true_restarts(make_project: MakeProject) -> None:
    project = make_project("""
        services:
          vpn: {image: pycompose/busybox:latest}
          app: {image: pycompose/busybox:latest, network_mode: "service:vpn"}
          watcher:
            image: pycompose/busybox:latest
            depends_on: {app: {condition: service_started, restart: true}}
    """)
    observed = state(project, container(project, "vpn", config_hash="old"), container(project, "app"),
                     container(project, "watcher"))
    plan = plan_up(project, observed, UpOptions(wait=True, wait_timeout=30, timeout=2))
    assert plan.render() == golden("""
        #1 CreateContainer service:vpn:1 (76706e310000_p-vpn-1) replaces=76706e310000 -- config changed
        #2 StopContainer service:vpn:1 (p-vpn-1) timeout=2 after #1 -- replaced
        #3 RemoveContainer service:vpn:1 (p-vpn-1) after #1,#2 -- replaced
        #4 RenameContainer service:vpn:1 (-> p-vpn-1) after #3 -- replaced
        #5 StartContainer service:vpn:1 (p-vpn-1) after #4
        #6 CreateContainer service:app:1 (617070310000_p-app-1) replaces=617070310000 after #4 -- vpn was replaced and app shares its network_mode
        #7 StopContainer service:app:1 (p-app-1) timeout=2 after #6 -- replaced
        #8 RemoveContainer service:app:1 (p-app-1) after #6,#7 -- replaced
        #9 RenameContainer service:app:1 (-> p-app-1) after #8 -- replaced
        #10 StartContainer service:app:1 (p-app-1) after #5,#9
        #11 StopContainer service:watcher:1 (p-watcher-1) timeout=2 after #9 -- restart: app was replaced
        #12 StartContainer service:watcher:1 (p-watcher-1) after #10,#11 -- restart
        #13 WaitContainer service:vpn:1 (p-vpn-1) condition=ready timeout=30 after #5 -- until ready
        #14 WaitContainer service:app:1 (p-app-1) condition=ready timeout=30 after #10 -- until ready
        #15 WaitContainer service:watcher:1 (p-watcher-1) condition=ready timeout=30 after #12 -- until ready
    """)
    assert plan.node(6).op.body["HostConfig"]["NetworkMode"] == "container:p-vpn-1"


def test_newer_engines_take_every_network_at_create(make_project: MakeProject) -> None:
    project = make_project(STACK)
    plan = plan_up(project, state(project, api_version="1.44"))
    assert not plan.of_kind(OpKind.CONNECT_NETWORK)
    endpoints = plan.node(7).op.body["NetworkingConfig"]["EndpointsConfig"]
    assert sorted(endpoints) == ["p_back", "p_front"]


EXTERNAL = """
services:
  a:
    image: pycompose/busybox:latest
    networks: [outside]
    volumes: [keep:/k]
networks: {outside: {external: true}}
volumes: {keep: {external: true, name: shared-keep}}
"""


def test_external_resources_are_checked_never_created(make_project: MakeProject) -> None:
    project = make_project(EXTERNAL)
    with pytest.raises(PlanError, match="network outside declared as external, but could not be found"):
        plan_up(project, ObservedState("p", images={IMAGE: IMAGE_ID}))
    observed = ObservedState("p", images={IMAGE: IMAGE_ID},
                             named_networks={"outside": ObservedNetwork("n1", "outside")},
                             named_volumes={"shared-keep": ObservedVolume("shared-keep")})
    assert plan_up(project, observed).render() == golden("""
        #1 CreateContainer service:a:1 (p-a-1) -- not found
        #2 StartContainer service:a:1 (p-a-1) after #1
    """)


def test_existing_unlabelled_network_is_used_with_a_warning(make_project: MakeProject) -> None:
    project = make_project("services: {a: {image: pycompose/busybox:latest}}")
    observed = ObservedState("p", images={IMAGE: IMAGE_ID},
                             named_networks={"p_default": ObservedNetwork("n1", "p_default")})
    plan = plan_up(project, observed)
    assert not plan.of_kind(OpKind.CREATE_NETWORK)
    assert plan.warnings[0].startswith("a network with name p_default exists but was not created for project")


PULLS = """
services:
  a: {image: "registry.invalid/a:1"}
  b: {image: "registry.invalid/b:1", pull_policy: never}
"""


def test_missing_images_are_pulled_per_policy(make_project: MakeProject) -> None:
    project = make_project(PULLS)
    with pytest.raises(PlanError, match="not present locally and pull_policy is never"):
        plan_up(project, ObservedState("p"))
    assert plan_up(project.with_services(["a"], with_deps=False), ObservedState("p")).render() == golden("""
        #1 PullImage image:registry.invalid/a:1 (registry.invalid/a:1) -- not present locally
        #2 CreateNetwork network:default (p_default) -- not found
        #3 CreateContainer service:a:1 (p-a-1) after #1,#2 -- not found
        #4 StartContainer service:a:1 (p-a-1) after #3
    """)
    assert plan_pull(project, UpOptions(pull=PullPolicy.ALWAYS)).render() == golden("""
        #1 PullImage image:registry.invalid/a:1 (registry.invalid/a:1) -- pull_policy always
        #2 PullImage image:registry.invalid/b:1 (registry.invalid/b:1) -- pull_policy always
    """)
    assert plan_pull(project, UpOptions()).empty


def test_build_only_service_is_refused_clearly(make_project: MakeProject) -> None:
    project = make_project("services: {a: {build: .}}")
    with pytest.raises(PlanError, match="does not build images yet"):
        plan_up(project, ObservedState("p"))


def test_no_start_creates_only(make_project: MakeProject) -> None:
    project = make_project(STACK)
    plan = plan_up(project, state(project), UpOptions(start=False))
    assert {n.op.kind for n in plan.nodes} == {OpKind.CREATE_CONTAINER, OpKind.CONNECT_NETWORK}


def test_service_order_is_by_generation(make_project: MakeProject) -> None:
    project = make_project(STACK)
    assert service_order(project) == ("cache", "db", "init", "web")
