"""Scalar parsers and formatters shared by canonical.py and finalize.py.

Each function turns one short-syntax value into the shape Docker Compose v2
prints (ports, volumes, devices, extra hosts, durations, byte sizes, shell
words, Go-style number formatting). Pure functions; invalid input raises
``ValueError`` with a plain message, which the callers turn into located issues.
"""

from __future__ import annotations

import math
import re
import struct
from typing import Any

# --------------------------------------------------------------------------
# numbers as Go prints them
# --------------------------------------------------------------------------


def go_float(value: float) -> str:
    """A float64 as Go's ``fmt.Sprint`` writes it: ``1.5``, ``100``, ``1e+06``, ``+Inf``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    digits, exp = _shortest_digits(repr(value))
    return _format_g(digits, exp, value < 0)


def _shortest_digits(text: str) -> tuple[str, int]:
    """Shortest round-trip digits of a Python float repr, and the decimal exponent of the first digit."""
    text = text.lstrip("-")
    mantissa, _, e = text.partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    lead_zeros = len(whole + frac) - len((whole + frac).lstrip("0"))
    exp = len(whole) - 1 - lead_zeros + (int(e) if e else 0)
    return digits.rstrip("0") or "0", exp


def _format_g(digits: str, exp: int, negative: bool) -> str:
    """strconv 'g' with the shortest precision: exponent form when exp < -4 or exp >= 6."""
    sign = "-" if negative else ""
    if exp < -4 or exp >= 6:
        return sign + _exp_form(digits, exp)
    if exp >= 0:
        if len(digits) <= exp + 1:
            return sign + digits + "0" * (exp + 1 - len(digits))
        return sign + digits[: exp + 1] + "." + digits[exp + 1 :]
    return sign + "0." + "0" * (-exp - 1) + digits


def _exp_form(digits: str, exp: int) -> str:
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def float32(value: float) -> float | int:
    """A Go float32 as encoding/json prints it, read back by Python (integral values become ints)."""
    f32 = struct.unpack("f", struct.pack("f", value))[0]
    if f32 == int(f32) and abs(f32) < 1e21:
        return int(f32)
    for precision in range(1, 10):
        text = f"{f32:.{precision}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == f32:
            return float(text)
    return float(f32)


def go_string(value: Any) -> str | None:
    """A scalar as compose-go stringifies it in string maps (``1`` -> ``"1"``, ``true`` -> ``"true"``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float(value)
    return str(value)


def to_int(value: Any) -> int:
    """An integer given as a number or a numeric string."""
    if isinstance(value, bool):
        raise ValueError(f"expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return int(value.strip(), 0) if value.strip().lower().startswith(("0x", "0o", "0b")) else int(value)
    raise ValueError(f"expected an integer, got {value!r}")


def to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return float(value)
    raise ValueError(f"expected a number, got {value!r}")


_TRUE = ("y", "yes", "true", "on", "1", "t")
_FALSE = ("n", "no", "false", "off", "0", "f")


def to_bool(value: Any) -> bool:
    """A boolean, or a string v2 casts to one (``yes``/``no``, ``on``/``off``, ``true``/``false``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE + _FALSE:
        return value.lower() in _TRUE
    raise ValueError(f"expected a boolean, got {value!r}")


# --------------------------------------------------------------------------
# byte sizes (go-units RAMInBytes)
# --------------------------------------------------------------------------

_BYTES = re.compile(r"^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b?)$", re.IGNORECASE)
_BYTE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def parse_bytes(value: Any) -> int:
    """A size in bytes from ``512m``, ``1.5g``, ``2KB``, ``1024`` (binary units, as v2)."""
    if isinstance(value, bool):
        raise ValueError(f"invalid size: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    text = str(value).strip()
    if text.startswith("-") and text[1:].isdigit():
        return int(text)
    m = _BYTES.match(text)
    if not m:
        raise ValueError(f"invalid size: '{value}'")
    return int(float(m.group(1)) * _BYTE_UNITS[m.group(2).lower()])


# --------------------------------------------------------------------------
# shell words (go-shellwords, as compose-go splits string commands)
# --------------------------------------------------------------------------

_STOP = ";&|<>"


def split_shell(line: str) -> list[str]:
    """Split a command string like a POSIX shell; unquoted ``;&|<>`` end the command (go-shellwords)."""
    words: list[str] = []
    buf: list[str] = []
    have = False
    quote = ""
    escaped = False
    for ch in line:
        if escaped:
            buf.append(ch)
            have, escaped = True, False
            continue
        if ch == "\\" and quote != "'":
            escaped = True  # go-shellwords: a backslash escapes the next char, in double quotes too
            continue
        if quote:
            if ch == quote:
                quote = ""
            else:
                buf.append(ch)
            continue
        if ch in "'\"":
            quote, have = ch, True
            continue
        if ch in " \t\r\n":
            if have:
                words.append("".join(buf))
                buf, have = [], False
            continue
        if ch in _STOP:
            break
        buf.append(ch)
        have = True
    if quote:
        raise ValueError(f"invalid command line string: unterminated quote in {line!r}")
    if have:
        words.append("".join(buf))
    return words


# --------------------------------------------------------------------------
# ports (docker/go-connections nat.ParsePortSpec, as compose-go uses it)
# --------------------------------------------------------------------------


def parse_port_range(text: str) -> tuple[int, int]:
    if not text:
        raise ValueError("empty string specified for ports")
    start, sep, end = text.partition("-")
    if not start.isdigit() or (sep and not end.isdigit()):
        raise ValueError(f"invalid port range: {text}")
    lo, hi = int(start), int(end) if sep else int(start)
    if hi < lo or hi > 65535:
        raise ValueError(f"invalid range specified for port: {text}")
    return lo, hi


def _split_port_parts(raw: str) -> tuple[str, str, str]:
    parts = raw.split(":")
    if len(parts) == 1:
        return "", "", parts[0]
    if len(parts) == 2:
        return "", parts[0], parts[1]
    return ":".join(parts[:-2]), parts[-2], parts[-1]


def is_ip(text: str) -> bool:
    """An IPv4 or IPv6 address (no brackets, no zone)."""
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _check_ip(ip: str) -> str:
    if ip.startswith("["):
        if not ip.endswith("]"):
            raise ValueError(f"invalid IP address {ip}")
        ip = ip[1:-1]
    if not is_ip(ip):
        raise ValueError(f"invalid IP address: {ip}")
    return ip


def clean_path(path: str) -> str:
    """Go's ``path.Clean``: ``""`` -> ``.``, no trailing or doubled slashes, ``.``/``..`` resolved lexically."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    out = "/".join(parts)
    return ("/" + out) if rooted else (out or ".")


def parse_port(raw: str) -> list[dict[str, Any]]:
    """``[ip:][host[-range]:]container[-range][/proto]`` -> long-syntax port mappings."""
    ip, host, container = _split_port_parts(raw)
    container, _, proto = container.partition("/")
    proto = (proto or "tcp").lower()
    if ip:
        ip = _check_ip(ip)
    if not container:
        raise ValueError(f"no port specified: {raw}<empty>")
    try:
        lo, hi = parse_port_range(container)
    except ValueError:
        raise ValueError(f"invalid containerPort: {container}") from None
    hlo = hhi = 0
    if host:
        try:
            hlo, hhi = parse_port_range(host)
        except ValueError:
            raise ValueError(f"invalid hostPort: {host}") from None
        if hi - lo != hhi - hlo and hi != lo:
            raise ValueError(f"invalid ranges specified for container and host Ports: {container} and {host}")
    if proto not in ("tcp", "udp", "sctp"):
        raise ValueError(f"invalid proto: {proto}")
    found: dict[str, list[dict[str, Any]]] = {}
    for i in range(hi - lo + 1):
        published = ""
        if host:
            published = str(hlo + i)
            if lo == hi and hlo != hhi:
                published = f"{hlo}-{hhi}"
        entry: dict[str, Any] = {"mode": "ingress"}
        if ip:
            entry["host_ip"] = ip
        entry["target"] = lo + i
        if published:
            entry["published"] = published
        entry["protocol"] = proto
        found.setdefault(f"{lo + i}/{proto}", []).append(entry)
    return [e for key in sorted(found) for e in found[key]]


# --------------------------------------------------------------------------
# volumes (compose-go format.ParseVolume)
# --------------------------------------------------------------------------

_PROPAGATIONS = ("rprivate", "private", "rshared", "shared", "rslave", "slave")


def _is_windows_drive(buffer: str, ch: str) -> bool:
    return ch == ":" and len(buffer) == 1 and buffer.isalpha()


def is_file_path(source: str) -> bool:
    """True when a volume source names a host path (bind mount) rather than a named volume."""
    if not source:
        return False
    if source[0] in "./~" or source.startswith("\\\\"):
        return True
    return len(source) > 1 and _is_windows_drive(source[0], source[1])


def parse_volume(spec: str) -> dict[str, Any]:
    """``[source:]target[:options]`` -> a long-syntax service volume."""
    if not spec:
        raise ValueError("invalid empty volume spec")
    if len(spec) <= 2:
        return {"type": "volume", "target": spec, "volume": {}}
    sections: list[str] = []
    buf = ""
    for ch in spec:
        if _is_windows_drive(buf, ch) or ch != ":":
            buf += ch
        else:
            sections.append(buf)
            buf = ""
    sections.append(buf)
    if any(s == "" for s in sections):
        raise ValueError(f"invalid spec: {spec}: empty section between colons")
    if len(sections) > 3:
        raise ValueError(f"invalid spec: {spec}: too many colons")
    if len(sections) == 1:
        return {"type": "volume", "target": sections[0], "volume": {}}
    return _volume_from_sections(sections)


def _volume_from_sections(sections: list[str]) -> dict[str, Any]:
    source, target = sections[0], sections[1]
    read_only = False
    bind: dict[str, Any] = {}
    volume: dict[str, Any] | None = None
    for option in (sections[2].split(",") if len(sections) == 3 else []):
        if option == "ro":
            read_only = True
        elif option == "rw":
            read_only = False
        elif option == "nocopy":
            volume = {"nocopy": True}
        elif option in _PROPAGATIONS:
            bind["propagation"] = option
        elif option in ("z", "Z"):
            bind["selinux"] = option
    out: dict[str, Any] = {"source": source, "target": target}
    if read_only:
        out["read_only"] = True
    if is_file_path(source):
        bind["create_host_path"] = True
        out = {"type": "bind", **out, "bind": bind}
        if volume is not None:
            out["volume"] = volume
    else:
        out = {"type": "volume", **out}
        if bind:
            out["bind"] = bind
        out["volume"] = volume or {}
    return out


# --------------------------------------------------------------------------
# devices, extra hosts, key=value lists
# --------------------------------------------------------------------------


def parse_device(spec: str) -> dict[str, str]:
    """``host[:container[:perms]]`` -> {source, target, permissions}."""
    parts = spec.split(":")
    if len(parts) == 1:
        return {"source": parts[0], "target": parts[0], "permissions": "rwm"}
    if len(parts) == 2:
        return {"source": parts[0], "target": parts[1], "permissions": "rwm"}
    if len(parts) == 3:
        return {"source": parts[0], "target": parts[1], "permissions": parts[2]}
    raise ValueError(f"confusing device mapping, please use long syntax: {spec}")


def parse_extra_host(entry: str) -> list[tuple[str, str]]:
    """``host=ip`` or ``host:ip`` (first separator wins; ``ip`` may list several, comma-separated)."""
    for sep in ("=", ":"):
        host, found, ips = entry.partition(sep)
        if found:
            return [(host, _unbracket(ip)) for ip in ips.split(",")]
    raise ValueError(f"invalid additional host, missing IP: {entry}")


def _unbracket(ip: str) -> str:
    return ip[1:-1] if len(ip) > 2 and ip[0] == "[" and ip[-1] == "]" else ip


def split_key_value(entry: str) -> tuple[str, str | None]:
    """``KEY=value`` -> (KEY, value); ``KEY`` -> (KEY, None)."""
    key, found, value = entry.partition("=")
    return key, (value if found else None)
