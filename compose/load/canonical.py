"""Short syntax -> long syntax, for ONE interpolated compose document.

``canonical(doc)`` is called on every file before the merge, so that the merge
rules see one shape per attribute (a port is always a mapping, ``environment``
always a map, ``depends_on`` always a map with ``condition``/``required``...).
It never mutates its input and is idempotent: ``canonical(canonical(d)) ==
canonical(d)``.

The rules are a table keyed by key-path patterns (``*`` matches any key or
index), tried in order, most specific first; the walker applies the first
matching rule to a node and then descends into the result, so nested rules
(``services.*.build`` then ``services.*.build.args``) compose. Values that
only need a type (durations, byte sizes, numbers) are left alone here:
``finalize`` formats them once, after the merge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compose.errors import Issue, ValidationError
from compose.load import _canon_values as values
from compose.load._canon_tree import PathRules
from compose.load.sourcemap import KeyPath, SourceMap, format_path

Rule = Callable[[Any], Any]


# --------------------------------------------------------------------------
# generic shapes
# --------------------------------------------------------------------------


def _string_list(value: Any) -> Any:
    """A string or a list of strings -> a list of strings."""
    if isinstance(value, str):
        return [value]
    return value


def _omit_empty_list(value: Any) -> Any:
    """``dns: ""`` (typically an unset variable) means no entry at all."""
    if value == "" or value is None:
        return []
    return _string_list(value)


def _name_map(value: Any) -> Any:
    """``[a, b]`` -> ``{a: None, b: None}`` (service networks, models)."""
    if isinstance(value, list):
        return {str(item): None for item in value}
    return value


def _equals_map(value: Any, *, missing: str | None) -> Any:
    """``["K=v", "K2"]`` or ``{K: v}`` -> ``{K: "v", K2: missing}`` with string values."""
    if isinstance(value, list):
        out: dict[str, Any] = {}
        for item in value:
            key, val = values.split_key_value(str(item))
            out[key] = val if val is not None else missing
        return out
    if isinstance(value, dict):
        return {str(k): (missing if v is None else values.go_string(v)) for k, v in value.items()}
    return value


def _environment(value: Any) -> Any:
    """MappingWithEquals: ``VAR`` without a value stays ``None`` (resolved later from the environment)."""
    if isinstance(value, list):
        for item in value:
            key = str(item).split("=", 1)[0]
            if key != key.rstrip():
                raise ValueError(f"environment variable {key} is declared with a trailing space")
    return _equals_map(value, missing=None)


def _labels(value: Any) -> Any:
    """Labels/Mapping: ``KEY`` without a value becomes ``""``."""
    return _equals_map(value, missing="")


def _command(value: Any) -> Any:
    """A command string is split into words as a shell would; a list keeps its items as strings."""
    if isinstance(value, str):
        return values.split_shell(value)
    if isinstance(value, list):
        return [values.go_string(v) if not isinstance(v, str) else v for v in value]
    return value


# --------------------------------------------------------------------------
# service attributes
# --------------------------------------------------------------------------


def _build(value: Any) -> Any:
    if isinstance(value, str):
        return {"context": value}
    return value


def _ssh(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [k if v is None else f"{k}={v}" for k, v in value.items()]
    return value


def _file_ref(value: Any) -> Any:
    """A secret/config reference by name -> ``{source: name}``."""
    if isinstance(value, str):
        return {"source": value}
    return value


def _service_secret(value: Any) -> Any:
    ref = _file_ref(value)
    if isinstance(ref, dict) and ref.get("source") is not None and not ref.get("target"):
        return {**ref, "target": f"/run/secrets/{ref['source']}"}
    return ref


def _depends_on(value: Any) -> Any:
    if isinstance(value, list):
        return {str(name): {"condition": "service_started", "required": True} for name in value}
    if isinstance(value, dict):
        return {name: _dependency(dep) for name, dep in value.items()}
    return value


def _dependency(dep: Any) -> Any:
    dep = dict(dep) if isinstance(dep, dict) else {}
    dep.setdefault("condition", "service_started")
    if dep.get("required") is None:
        dep["required"] = True
    return dep


def _devices(value: Any) -> Any:
    if isinstance(value, str):
        return values.parse_device(value)
    return value


def _env_file(value: Any) -> Any:
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        return value
    out = []
    for item in value:
        if isinstance(item, str):
            out.append({"path": item, "required": True})
        elif isinstance(item, dict):
            entry = dict(item)
            if entry.get("required") is None:
                entry["required"] = True
            out.append(entry)
        else:
            out.append(item)
    return out


def _expose(value: Any) -> Any:
    if isinstance(value, str | int):
        value = [value]
    if isinstance(value, list):
        return [values.go_string(v) for v in value]
    return value


def _extends(value: Any) -> Any:
    if isinstance(value, str):
        return {"service": value}
    return value


def _extra_hosts(value: Any) -> Any:
    """Lists ``host:ip``/``host=ip`` and maps ``host: ip`` (or a list of ips) -> ``["host=ip", ...]``."""
    pairs: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for host, ips in value.items():
            for ip in ips if isinstance(ips, list) else [ips]:
                pairs.append((str(host), values.go_string(ip) or ""))
    elif isinstance(value, list):
        for entry in value:
            pairs.extend(values.parse_extra_host(str(entry)))
    else:
        return value
    for host, _ in pairs:
        if not host or ":" in host or "=" in host:
            raise ValueError(f"bad host name '{host}'")
    return [f"{host}={ip}" for host, ip in pairs]


def _gpus(value: Any) -> Any:
    if value == "all":
        return [{"count": -1}]
    return value


def _device_request(value: Any) -> Any:
    """A device request with neither ``count`` nor ``device_ids`` asks for all devices (``count: -1``)."""
    if not isinstance(value, dict):
        return value
    if value.get("count") is None and value.get("device_ids") is None:
        return {**value, "count": -1}
    if value.get("count") is not None and value.get("device_ids") is not None:
        raise ValueError('"count" and "device_ids" attributes are exclusive')
    return value


def _device_count(value: Any) -> Any:
    if value == "all":
        return -1
    if isinstance(value, str):
        if not value.strip().lstrip("-").isdigit():
            raise ValueError(f"invalid value {value!r}, the only value allowed is 'all' or a number")
        return int(value)
    return value


def _healthcheck_test(value: Any) -> Any:
    if isinstance(value, str):
        return ["CMD-SHELL", value]
    return value


def _ports(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for entry in value:
        if isinstance(entry, bool):
            raise ValueError(f"invalid type {type(entry).__name__} for port")
        if isinstance(entry, int):
            out.append({"mode": "ingress", "target": entry, "protocol": "tcp"})
        elif isinstance(entry, str):
            out.extend(values.parse_port(entry))
        elif isinstance(entry, dict):
            out.append(_long_port(entry))
        else:
            raise ValueError(f"invalid type {type(entry).__name__} for port")
    return out


def _long_port(entry: dict[str, Any]) -> dict[str, Any]:
    port = dict(entry)
    if port.get("mode") is None:
        port["mode"] = "ingress"
    if port.get("protocol") is None:
        port["protocol"] = "tcp"
    if isinstance(port.get("target"), str) and port["target"].isdigit():
        port["target"] = int(port["target"])
    if isinstance(port.get("published"), int) and not isinstance(port.get("published"), bool):
        port["published"] = str(port["published"])
    host_ip = port.get("host_ip")
    if isinstance(host_ip, str) and host_ip and not values.is_ip(host_ip):
        raise ValueError(f"invalid ip address: {host_ip}")
    return port


def _volume_mount(value: Any) -> Any:
    if isinstance(value, str):
        mount = values.parse_volume(value)
        if mount.get("target"):
            mount["target"] = _clean_target(mount["target"])
        return mount
    return value


def _clean_target(target: str) -> str:
    return values.clean_path(target) if target else target


def _watch(value: Any) -> Any:
    """A watch rule whose ``path`` is a list becomes one rule per path."""
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for rule in value:
        if isinstance(rule, dict) and isinstance(rule.get("path"), list):
            out.extend({**rule, "path": p} for p in rule["path"])
        else:
            out.append(rule)
    return out


# --------------------------------------------------------------------------
# top-level elements
# --------------------------------------------------------------------------


def _maybe_external(value: Any) -> Any:
    """Legacy ``external: {name: x}`` -> ``external: true`` + ``name: x``."""
    if not isinstance(value, dict):
        return value
    external = value.get("external")
    if isinstance(external, dict):
        out = {k: v for k, v in value.items() if k != "external"}
        out["external"] = True
        if external.get("name") is not None:
            if value.get("name") not in (None, external["name"]):
                raise ValueError("name and external.name conflict; only use name")
            out["name"] = external["name"]
        return out
    return value


def _include(value: Any) -> Any:
    if isinstance(value, str):
        return {"path": [value]}
    if isinstance(value, dict):
        out = dict(value)
        for key in ("path", "env_file"):
            if isinstance(out.get(key), str):
                out[key] = [out[key]]
        return out
    return value


# --------------------------------------------------------------------------
# the table
# --------------------------------------------------------------------------

_S = ("services", "*")

RULES: tuple[tuple[tuple[str, ...], Rule], ...] = (
    ((*_S, "build"), _build),
    ((*_S, "build", "args"), _environment),
    ((*_S, "build", "labels"), _labels),
    ((*_S, "build", "additional_contexts"), _labels),
    ((*_S, "build", "ssh"), _ssh),
    ((*_S, "build", "secrets", "*"), _file_ref),
    ((*_S, "build", "extra_hosts"), _extra_hosts),
    ((*_S, "build", "cache_from"), _string_list),
    ((*_S, "build", "cache_to"), _string_list),
    ((*_S, "build", "tags"), _string_list),
    ((*_S, "build", "platforms"), _string_list),
    ((*_S, "build", "entitlements"), _string_list),
    ((*_S, "command"), _command),
    ((*_S, "entrypoint"), _command),
    ((*_S, "post_start", "*", "command"), _command),
    ((*_S, "pre_stop", "*", "command"), _command),
    ((*_S, "post_start", "*", "environment"), _environment),
    ((*_S, "pre_stop", "*", "environment"), _environment),
    ((*_S, "develop", "watch"), _watch),
    ((*_S, "develop", "watch", "*", "exec", "command"), _command),
    ((*_S, "develop", "watch", "*", "exec", "environment"), _environment),
    ((*_S, "depends_on"), _depends_on),
    ((*_S, "devices", "*"), _devices),
    ((*_S, "dns"), _omit_empty_list),
    ((*_S, "dns_search"), _string_list),
    ((*_S, "tmpfs"), _string_list),
    ((*_S, "label_file"), _string_list),
    ((*_S, "env_file"), _env_file),
    ((*_S, "environment"), _environment),
    ((*_S, "expose"), _expose),
    ((*_S, "extends"), _extends),
    ((*_S, "extra_hosts"), _extra_hosts),
    ((*_S, "gpus"), _gpus),
    ((*_S, "gpus", "*"), _device_request),
    ((*_S, "gpus", "*", "count"), _device_count),
    ((*_S, "deploy", "resources", "*", "devices", "*"), _device_request),
    ((*_S, "deploy", "resources", "*", "devices", "*", "count"), _device_count),
    ((*_S, "deploy", "labels"), _labels),
    ((*_S, "healthcheck", "test"), _healthcheck_test),
    ((*_S, "labels"), _labels),
    ((*_S, "annotations"), _labels),
    ((*_S, "sysctls"), _labels),
    ((*_S, "networks"), _name_map),
    ((*_S, "models"), _name_map),
    ((*_S, "ports"), _ports),
    ((*_S, "secrets", "*"), _service_secret),
    ((*_S, "configs", "*"), _file_ref),
    ((*_S, "volumes", "*"), _volume_mount),
    ((*_S, "volumes", "*", "volume", "labels"), _labels),
    (("networks", "*", "labels"), _labels),
    (("volumes", "*", "labels"), _labels),
    (("secrets", "*", "labels"), _labels),
    (("configs", "*", "labels"), _labels),
    (("volumes", "*"), _maybe_external),
    (("networks", "*"), _maybe_external),
    (("secrets", "*"), _maybe_external),
    (("configs", "*"), _maybe_external),
    (("include", "*"), _include),
)


_COMPILED = PathRules(RULES)


def canonical(doc: dict[str, Any], sources: SourceMap | None = None) -> dict[str, Any]:
    """The long-syntax form of one compose document; ``ValidationError`` lists every unparsable value.

    Subtrees no rule touches are shared with ``doc`` (neither is modified).
    """
    issues: list[tuple[KeyPath, str]] = []

    def apply(rule: Rule, value: Any, path: KeyPath) -> tuple[Any, bool]:
        try:
            return rule(value), True
        except (ValueError, TypeError, KeyError) as exc:
            issues.append((path, str(exc)))
            return value, False

    out = _COMPILED.walk(doc, apply)
    if issues:
        raise ValidationError(
            [Issue(sources.locate(p) if sources else None, format_path(p), msg) for p, msg in issues]
        )
    return out if isinstance(out, dict) else {}
