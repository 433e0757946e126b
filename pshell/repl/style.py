"""Colours for the syntax classes the REPL lexer emits (`class:pshell.<name>`)."""

from __future__ import annotations

from prompt_toolkit.styles import Style, merge_styles

#: Syntax class -> prompt_toolkit style; PSReadLine's default colours,
#: as ANSI names so that the terminal's theme applies.
SYNTAX_COLOURS: dict[str, str] = {
    "pshell.command": "ansiyellow",
    "pshell.parameter": "ansibrightblack",
    "pshell.string": "ansicyan",
    "pshell.variable": "ansibrightgreen",
    "pshell.number": "ansiwhite",
    "pshell.operator": "ansibrightblack",
    "pshell.comment": "ansigreen",
    "pshell.type": "ansiwhite",
    "pshell.keyword": "ansibrightgreen",
    "pshell.member": "",
    "pshell.error": "ansired",
}

_UI: dict[str, str] = {
    "prompt": "",
    "continuation": "ansibrightblack",
    "completion-menu.completion": "bg:#303030 #d0d0d0",
    "completion-menu.completion.current": "bg:#5f87af #ffffff",
    "completion-menu.meta.completion": "bg:#262626 #909090",
    "completion-menu.meta.completion.current": "bg:#5f87af #ffffff",
}


def pshell_style() -> Style:
    """The REPL's style: syntax colours plus the completion menu."""
    return merge_styles([Style.from_dict(_UI), Style.from_dict(SYNTAX_COLOURS)])
