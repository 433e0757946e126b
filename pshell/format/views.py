"""Views: how a type is shown by default, declared once beside the type.

    register_view(TableView(
        ("System.Diagnostics.Process",),
        [ViewColumn("Id", align="right", width=6), ViewColumn("ProcessName")],
    ))

A view names the type names it applies to (the first matching one of an object's type names
wins, so `Deserialized.X` can be listed too) and its columns; a column shows a property of the
same name unless `value` gives another property name or a function of the object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Literal, Sequence

from pshell.engine.values import PSObject, type_names


@dataclass(frozen=True)
class ViewColumn:
    label: str
    value: str | Callable[[Any], Any] | None = None
    width: int | None = None
    align: Literal["left", "right"] | None = None
    fit: bool = False  # sized to its widest cell (plus a blank) instead of a fixed width

    def get(self, obj: Any) -> Any:
        from pshell.engine.members import get_property

        if callable(self.value):
            try:
                return self.value(obj)
            except Exception:  # noqa: BLE001 - e.g. a deserialized object lacks what the function reads
                return get_property(obj, self.label) if isinstance(obj, PSObject) else None
        return get_property(obj, self.value or self.label)


@dataclass(frozen=True)
class TableView:
    type_names: tuple[str, ...]
    columns: Sequence[ViewColumn]
    group_by: str | Callable[[Any], Any] | None = None
    group_label: str = ""
    wrap: bool = False


@dataclass(frozen=True)
class ListView:
    type_names: tuple[str, ...]
    columns: Sequence[ViewColumn]


@dataclass(frozen=True)
class WideView:
    type_names: tuple[str, ...]
    column: ViewColumn


@dataclass(frozen=True)
class CustomView:
    """A type shown as text by a function (e.g. ErrorRecord, help)."""

    type_names: tuple[str, ...]
    render: Callable[[Any], Any]  # text, or a rich renderable that wraps to the console width


View = TableView | ListView | WideView | CustomView

_VIEWS: dict[str, list[View]] = {}


def register_view(view: View) -> View:
    for name in view.type_names:
        _VIEWS.setdefault(name.lower(), []).append(view)
        if not name.lower().startswith("deserialized."):
            _VIEWS.setdefault("deserialized." + name.lower(), []).append(view)
    return view


_all_declared = False


def find_view(obj: Any, kind: type | None = None) -> View | None:
    """The first view declared for the object's most specific type name (optionally of a kind).
    The cmdlet modules, which declare views beside their types, are loaded first, so that how
    an object looks never depends on which cmdlets happened to run before."""
    global _all_declared
    if not _all_declared:
        _all_declared = True
        from pshell.cmdlets.base import all_cmdlets

        all_cmdlets()
    for name in type_names(obj):
        for view in _VIEWS.get(name.lower(), ()):
            if kind is None or isinstance(view, kind):
                return view
    return None
