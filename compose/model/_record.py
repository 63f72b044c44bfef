"""``@record`` and ``field`` for the model: see compose/_record.py (a frozen, slotted dataclass that is
cheap to define; the plan, load and engine packages use it too)."""

from compose._record import field, record

__all__ = ["field", "record"]
