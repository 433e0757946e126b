"""Default views for the .NET types this library models whose PowerShell display is not the
plain property list (TimeSpan shows eleven properties, Version a four-column table)."""

from __future__ import annotations

from pshell.format.views import ListView, TableView, ViewColumn, register_view

register_view(ListView(("System.TimeSpan",), [ViewColumn(name) for name in (
    "Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks", "TotalDays", "TotalHours", "TotalMinutes",
    "TotalSeconds", "TotalMilliseconds")]))
register_view(TableView(("System.Version",), [ViewColumn(name, width=len(name) + 1 if name != "Revision" else None)
                                              for name in ("Major", "Minor", "Build", "Revision")]))
register_view(TableView(("System.Management.Automation.PSMethod",), [ViewColumn("OverloadDefinitions")]))
