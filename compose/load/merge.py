"""Merging compose documents (several ``-f`` files, ``extends``) by the Compose rules.

Both sides are canonical documents (``canonical.canonical``). The default rules:
mappings merge key by key, sequences are appended, scalars are replaced, and a
null on the overriding side keeps the base value. ``x-*`` keys are replaced
whole. ``RULES`` lists the exceptions, most specific first; every strategy
returns new values and never mutates its inputs.

After a merge, ``enforce_unique`` removes redefinitions from the sequences whose
items have an identity (ports, volumes, secrets, configs, expose): a later item
with the same key replaces the earlier one, in the earlier one's place.

Paths tagged ``!reset`` or ``!override`` in the overriding document are removed
from the base first (``apply_resets``), so the override's value (if any) stands alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from compose.errors import LoadError
from compose.load.sourcemap import KeyPath, format_path

Strategy = Callable[[Any, Any, KeyPath], Any]


class MergeConflict(LoadError):
    """A value cannot override another (a mapping by a scalar...); ``key_path`` says where."""

    def __init__(self, message: str, key_path: KeyPath) -> None:
        super().__init__(message, path=format_path(key_path))
        self.key_path = key_path


def _replace(_base: Any, override: Any, _path: KeyPath) -> Any:
    return override


def _by_key(base: Any, override: Any, path: KeyPath) -> Any:
    """Maps whose entries are replaced whole (environment, labels...); lists are appended."""
    if isinstance(base, Mapping) or isinstance(override, Mapping):
        merged = _as_map(base)
        merged.update(_as_map(override))
        return merged
    return _append(base, override, path)


def _as_map(value: Any) -> dict[str, Any]:
    """A ``KEY=value`` list (or a mapping, or nothing) as a mapping."""
    if isinstance(value, Mapping):
        return dict(value)
    out: dict[str, Any] = {}
    if isinstance(value, list):
        for item in value:
            key, sep, val = str(item).partition("=")
            out[key] = val if sep else None
    return out


def _append(base: Any, override: Any, path: KeyPath) -> Any:
    if isinstance(base, list) and isinstance(override, list):
        return [*base, *override]
    return merge_values(base, override, path, rules=False)


def _append_new(base: Any, override: Any, path: KeyPath) -> Any:
    """Sequences whose override items are added only when not there yet (extra_hosts)."""
    if isinstance(base, list) and isinstance(override, list):
        return [*base, *(item for item in override if item not in base)]
    return _append(base, override, path)


def _logging(base: Any, override: Any, path: KeyPath) -> Any:
    """Options merge only when both sides name the same driver (or one names none)."""
    if (isinstance(base, Mapping) and isinstance(override, Mapping) and "driver" in base
            and "driver" in override and base["driver"] != override["driver"]):
        return dict(override)
    return merge_values(base, override, path, rules=False)


def _ipam_config(base: Any, override: Any, path: KeyPath) -> Any:
    """IPAM pools are merged by subnet."""
    if not (isinstance(base, list) and isinstance(override, list)):
        return merge_values(base, override, path, rules=False)
    out: list[Any] = [dict(b) if isinstance(b, Mapping) else b for b in base]
    for pool in override:
        subnet = pool.get("subnet") if isinstance(pool, Mapping) else None
        index = next((i for i, b in enumerate(out)
                      if isinstance(b, Mapping) and isinstance(pool, Mapping) and b.get("subnet") == subnet),
                     None)
        if index is None:
            out.append(pool)
        else:
            out[index] = merge_values(out[index], pool, path, rules=False)
    return out


_S = ("services", "*")

RULES: tuple[tuple[tuple[str, ...], Strategy], ...] = (
    ((*_S, "command"), _replace),
    ((*_S, "entrypoint"), _replace),
    ((*_S, "healthcheck", "test"), _replace),
    ((*_S, "ulimits", "*"), _replace),
    ((*_S, "logging"), _logging),
    ((*_S, "extra_hosts"), _append_new),
    ((*_S, "build", "extra_hosts"), _append_new),
    ((*_S, "environment"), _by_key),
    ((*_S, "labels"), _by_key),
    ((*_S, "annotations"), _by_key),
    ((*_S, "sysctls"), _by_key),
    ((*_S, "build", "args"), _by_key),
    ((*_S, "build", "labels"), _by_key),
    ((*_S, "build", "additional_contexts"), _by_key),
    ((*_S, "deploy", "labels"), _by_key),
    (("networks", "*", "labels"), _by_key),
    (("volumes", "*", "labels"), _by_key),
    (("networks", "*", "ipam", "config"), _ipam_config),
)
_RULES_BY_LEN: dict[int, list[tuple[tuple[str, ...], Strategy]]] = {}
for _pattern, _strategy in RULES:
    _RULES_BY_LEN.setdefault(len(_pattern), []).append((_pattern, _strategy))


def _rule_for(path: KeyPath) -> Strategy | None:
    for pattern, strategy in _RULES_BY_LEN.get(len(path), ()):
        if all(p == "*" or p == k for p, k in zip(pattern, path, strict=True)):
            return strategy
    return None


def merge_values(base: Any, override: Any, path: KeyPath, *, rules: bool = True) -> Any:
    """``override`` merged onto ``base`` at ``path`` (new values; inputs untouched)."""
    if rules:
        strategy = _rule_for(path)
        if strategy is not None:
            return strategy(base, override, path)
    if override is None:
        return base
    if isinstance(base, Mapping):
        if not isinstance(override, Mapping):
            raise MergeConflict(f"cannot override {format_path(path)}: a mapping cannot be replaced by "
                                f"a {_kind(override)}", path)
        return merge_mappings(base, override, path)
    if isinstance(base, list):
        if not isinstance(override, list):
            raise MergeConflict(f"cannot override {format_path(path)}: a sequence cannot be replaced by "
                                f"a {_kind(override)}", path)
        return [*base, *override]
    return override


def merge_mappings(base: Mapping[str, Any], override: Mapping[str, Any], path: KeyPath = ()) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if key not in out or key.startswith("x-"):
            out[key] = value
        else:
            out[key] = merge_values(out[key], value, (*path, key))
    return out


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, list):
        return "sequence"
    return "scalar"


def merge_documents(base: Mapping[str, Any], override: Mapping[str, Any],
                    resets: Iterable[KeyPath] = ()) -> dict[str, Any]:
    """Two whole documents: ``resets`` (the override's !reset/!override paths) are cleared first."""
    return enforce_unique(merge_mappings(apply_resets(base, resets), override))


def extend_service(base: Mapping[str, Any], service: Mapping[str, Any], name: str) -> dict[str, Any]:
    """``service`` merged onto the service it ``extends`` (same rules as a file override)."""
    merged = merge_mappings(base, service, ("services", name))
    merged.pop("extends", None)
    return merged


# --- resets --------------------------------------------------------------------------------------

def apply_resets(data: Mapping[str, Any], resets: Iterable[KeyPath]) -> dict[str, Any]:
    """A copy of ``data`` without the values at ``resets`` (paths of mapping keys)."""
    out: dict[str, Any] = dict(data)
    for path in resets:
        if path:
            out = _without(out, path)
    return out


def _without(data: dict[str, Any], path: KeyPath) -> dict[str, Any]:
    head = path[0]
    if head not in data:
        return data
    out = dict(data)
    if len(path) == 1:
        del out[head]
        return out
    child = out[head]
    if isinstance(child, dict):
        out[head] = _without(child, path[1:])
    elif isinstance(child, list) and isinstance(path[1], int):
        pass  # items of a sequence cannot be reset (v2 leaves them)
    return out


# --- unicity -------------------------------------------------------------------------------------

def _volume_key(item: Any) -> Any:
    return item.get("target") if isinstance(item, Mapping) else item


def _secret_key(item: Any) -> Any:
    if isinstance(item, Mapping):
        return item.get("target") or f"/run/secrets/{item.get('source')}"
    return f"/run/secrets/{item}"


def _config_key(item: Any) -> Any:
    if isinstance(item, Mapping):
        return item.get("target") or f"/{item.get('source')}"
    return f"/{item}"


def _port_key(item: Any) -> Any:
    if isinstance(item, Mapping):
        published = item.get("published")
        return (f"{item.get('host_ip') or '0.0.0.0'}:{'' if published is None else published}:"
                f"{item.get('target')}/{item.get('protocol') or 'tcp'}")
    return str(item)


def _key_value_key(item: Any) -> Any:
    """``KEY=value`` items are identified by KEY, other items by themselves."""
    text = str(item)
    return text.split("=", 1)[0]


def _target_key(item: Any) -> Any:
    return item.get("target") if isinstance(item, Mapping) else str(item)


def _env_file_key(item: Any) -> Any:
    return item.get("path") if isinstance(item, Mapping) else str(item)


def _expose_key(item: Any) -> Any:
    return str(item)


# Sequences (under a service) whose items have an identity: a later item replaces an earlier one.
UNIQUE: dict[tuple[str, ...], Callable[[Any], Any]] = {
    ("volumes",): _volume_key,
    ("secrets",): _secret_key,
    ("configs",): _config_key,
    ("ports",): _port_key,
    ("expose",): _expose_key,
    ("devices",): _target_key,
    ("env_file",): _env_file_key,
    ("label_file",): _expose_key,
    ("cap_add",): _key_value_key,
    ("cap_drop",): _key_value_key,
    ("dns",): _key_value_key,
    ("dns_opt",): _key_value_key,
    ("dns_search",): _key_value_key,
    ("tmpfs",): _key_value_key,
    ("links",): _key_value_key,
    ("profiles",): _key_value_key,
    ("build", "tags"): _key_value_key,
    ("networks", "*", "aliases"): _key_value_key,
    ("networks", "*", "link_local_ips"): _key_value_key,
}


def enforce_unique(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``doc`` with redefined sequence items collapsed (the later wins, in the earlier one's place)."""
    services = doc.get("services")
    if not isinstance(services, Mapping):
        return dict(doc)
    out = dict(doc)
    out["services"] = {name: unique_service(svc) if isinstance(svc, Mapping) else svc
                       for name, svc in services.items()}
    return out


def unique_service(service: Mapping[str, Any]) -> Mapping[str, Any]:
    result: Mapping[str, Any] = service
    for pattern, key_of in UNIQUE.items():
        result = _unique_at(result, pattern, key_of)
    return result


def _unique_at(node: Any, pattern: tuple[str, ...], key_of: Callable[[Any], Any]) -> Any:
    if not isinstance(node, Mapping):
        return node
    head, rest = pattern[0], pattern[1:]
    keys = list(node) if head == "*" else [head] if head in node else []
    changed: dict[str, Any] | None = None
    for key in keys:
        child = node[key]
        new = _unique_at(child, rest, key_of) if rest else _dedupe(child, key_of)
        if new is not child:
            changed = dict(node) if changed is None else changed
            changed[key] = new
    return node if changed is None else changed


def _dedupe(items: Any, key_of: Callable[[Any], Any]) -> Any:
    if not isinstance(items, list) or len(items) < 2:
        return items
    kept: list[Any] = []
    index: dict[Any, int] = {}
    for item in items:
        try:
            key = key_of(item)
            at = index.get(key)
        except TypeError:
            kept.append(item)
            continue
        if at is None:
            index[key] = len(kept)
            kept.append(item)
        else:
            kept[at] = item
    return kept if len(kept) != len(items) else items
