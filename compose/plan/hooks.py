"""Lifecycle hooks in plans: ``post_start`` after a container starts, ``pre_stop`` before it stops.

As Docker Compose v2 runs them: ``post_start`` after every start of a service's container (``up``,
``start``, ``restart``), before its dependents start; ``pre_stop`` before ``stop``, ``restart`` and
``down`` stop a container, not when ``up`` replaces one. Each hook is one exec in the container
(command, user, privileged, working_dir, environment), the hooks of one event in order; a hook that
exits non-zero fails the operation: ``SERVICE hook exited with status N`` (the executor's words).
"""

from __future__ import annotations

from compose.model.parts import Hook
from compose.model.project import Project
from compose.plan.ops import Dep, Operation, OpKind, PlanBuilder, Target

__all__ = ["hook_body", "hooks_of", "post_start", "pre_stop"]


def hooks_of(project: Project | None, service: str, event: str) -> tuple[Hook, ...]:
    """The service's ``post_start`` or ``pre_stop`` hooks (none known without a compose file, as in v2)."""
    found = None if project is None else project.services.get(service) or project.disabled.get(service)
    if found is None:
        return ()
    return found.post_start if event == "post_start" else found.pre_stop


def hook_body(hooks: tuple[Hook, ...]) -> list[dict[str, object]]:
    """The execs of ``hooks``, in order, as the executor runs them (Engine API exec-create fields)."""
    return [{"Cmd": list(h.command or ()), "User": h.user or "", "Privileged": h.privileged,
             "WorkingDir": h.working_dir or "",
             "Env": [k if v is None else f"{k}={v}" for k, v in h.environment.items()]}
            for h in hooks]


def _add(b: PlanBuilder, event: str, service: str, hooks: tuple[Hook, ...], resource: str, target: Target,
         display: str, after: list[int | Dep | None]) -> int:
    return b.add(Operation(OpKind.RUN_HOOK, resource, target=target, display=display,
                           args={"event": event, "service": service, "hooks": hook_body(hooks)}),
                 after, group=service, reason=event)


def post_start(b: PlanBuilder, service: str, hooks: tuple[Hook, ...], start: int, resource: str, target: Target,
               display: str) -> int:
    """The node dependents of a start wait for: the ``post_start`` hooks after ``start``, or ``start``."""
    if not hooks:
        return start
    return _add(b, "post_start", service, hooks, resource, target, display, [start])


def pre_stop(b: PlanBuilder, service: str, hooks: tuple[Hook, ...], resource: str, target: Target, display: str,
             after: list[int | Dep | None]) -> list[int | Dep | None]:
    """What a stop waits for: ``after``, then the ``pre_stop`` hooks when there are any."""
    if not hooks:
        return after
    return [_add(b, "pre_stop", service, hooks, resource, target, display, after)]
