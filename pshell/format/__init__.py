"""Low-level PowerShell-style layout renderables: tables, lists and wide lists."""

from __future__ import annotations

from pshell.format.listing import ListRenderable
from pshell.format.measure import cell_width
from pshell.format.table import TableColumn, TableRenderable
from pshell.format.wide import WideRenderable

__all__ = ["ListRenderable", "TableColumn", "TableRenderable", "WideRenderable", "cell_width"]
