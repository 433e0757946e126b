"""Help derived from declarations: syntax lines, help objects and their text, for cmdlets (from
`@cmdlet`/`Param`/`Example`) and functions (from `param(...)` and comment-based help).

`Get-Help` emits a `HelpInfo` whose view (default, detailed, full, examples) is a type name,
so `Out-String` and the console print the text, and `(Get-Help x).Synopsis` is a plain string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text

from pshell.cmdlets.base import ALL_SETS, CmdletInfo, Param
from pshell.format.measure import wrap_line
from pshell.format.views import CustomView, register_view

COMMON_PARAMETERS_TEXT = (
    "This cmdlet supports the common parameters: Verbose, Debug, ErrorAction, ErrorVariable, WarningAction, "
    "WarningVariable, OutBuffer, PipelineVariable, and OutVariable. For more information, see "
    "about_CommonParameters (https://go.microsoft.com/fwlink/?LinkID=113216).")

_ACCELERATORS = {
    name.lower(): name for name in (
        "string", "int", "long", "double", "float", "decimal", "bool", "switch", "char", "byte", "sbyte", "short",
        "ushort", "uint", "ulong", "scriptblock", "hashtable", "datetime", "timespan", "psobject", "regex", "xml",
        "guid", "uri", "version", "ipaddress", "type", "bigint", "array", "ordered", "pscustomobject",
        "securestring", "pscredential")
}
_SYSTEM_NAMES = {
    "string": "string", "int32": "int", "int64": "long", "double": "double", "single": "float",
    "decimal": "decimal", "boolean": "bool", "char": "char", "byte": "byte", "datetime": "datetime",
    "timespan": "timespan", "object": "Object", "int16": "short", "uint32": "uint", "uint64": "ulong",
    "guid": "guid", "switchparameter": "switch", "psobject": "psobject", "hashtable": "hashtable",
}


def type_display(type_name: str) -> str:
    """A parameter type as PowerShell's syntax shows it: string[], int, Object, FileInfo."""
    base = (type_name or "object").strip()
    rank = 0
    while base.endswith("[]"):
        base, rank = base[:-2], rank + 1
    low = base.lower()
    if low in ("object", "system.object"):
        name = "Object"
    elif low in _ACCELERATORS:
        name = _ACCELERATORS[low]
    else:
        last = base.rsplit(".", 1)[-1]
        name = _SYSTEM_NAMES.get(last.lower(), last)
    return name + "[]" * rank


_DOTNET_NAMES = {
    "string": "String", "int": "Int32", "long": "Int64", "double": "Double", "float": "Single", "bool": "Boolean",
    "decimal": "Decimal", "char": "Char", "byte": "Byte", "datetime": "DateTime", "timespan": "TimeSpan",
    "hashtable": "Hashtable", "scriptblock": "ScriptBlock", "psobject": "PSObject", "switch": "SwitchParameter",
    "short": "Int16", "uint": "UInt32", "ulong": "UInt64", "guid": "Guid", "regex": "Regex", "version": "Version",
}


def dotnet_display(type_name: str) -> str:
    """A parameter type as comment-based help shows it: String, Int32[], Object."""
    shown = type_display(type_name)
    base = shown.rstrip("[]")
    return _DOTNET_NAMES.get(base, base) + shown[len(base):]


def _value_text(p: Param, *, choices: bool, dotnet: bool = False) -> str:
    if choices and p.choices:
        return "{" + " | ".join(p.choices) + "}"
    return f"<{dotnet_display(p.type) if dotnet else type_display(p.type)}>"


def parameter_syntax(p: Param, set_name: str, *, choices: bool = False, dotnet: bool = False) -> str:
    """One parameter in PowerShell's syntax notation: `[[-Name] <string[]>]`, `-Path <string>`, `[-Force]`."""
    mandatory = p.is_mandatory_in(set_name)
    if p.is_switch:
        return f"-{p.name}" if mandatory else f"[-{p.name}]"
    value = _value_text(p, choices=choices, dotnet=dotnet)
    if p.position is not None:
        return f"[-{p.name}] {value}" if mandatory else f"[[-{p.name}] {value}]"
    return f"-{p.name} {value}" if mandatory else f"[-{p.name} {value}]"


def _in_set(p: Param, set_name: str) -> bool:
    return set_name == ALL_SETS or p.in_set(set_name)


def syntax_line(name: str, params: dict[str, Param], set_name: str, *, common: bool, should_process: bool = False,
                choices: bool = False, dotnet: bool = False) -> str:
    """One parameter set's syntax: positional parameters by position, then the mandatory named ones,
    then the other named ones (as declared), then -WhatIf/-Confirm and [<CommonParameters>]."""
    members = [p for p in params.values() if _in_set(p, set_name)]
    positional = sorted((p for p in members if p.position is not None), key=lambda p: p.position or 0)
    named_mandatory = [p for p in members if p.position is None and p.is_mandatory_in(set_name)]
    named = [p for p in members if p.position is None and not p.is_mandatory_in(set_name)]
    parts = [name] + [parameter_syntax(p, set_name, choices=choices, dotnet=dotnet)
                      for p in positional + named_mandatory + named]
    if should_process:
        parts += ["[-WhatIf]", "[-Confirm]"]
    if common:
        parts.append("[<CommonParameters>]")
    return " ".join(parts)


def parameter_sets(params: dict[str, Param], default_set: str) -> list[str]:
    """The parameter set names, the default one first; a command without sets has one line."""
    sets: list[str] = []
    for p in params.values():
        for s in p.sets:
            if s not in sets:
                sets.append(s)
    if not sets:
        return [ALL_SETS]
    if default_set in sets:
        sets.remove(default_set)
        sets.insert(0, default_set)
    return sets


def syntax_lines(name: str, params: dict[str, Param], default_set: str, *, common: bool,
                 should_process: bool = False, choices: bool = False, dotnet: bool = False) -> list[str]:
    return [syntax_line(name, params, s, common=common, should_process=should_process, choices=choices, dotnet=dotnet)
            for s in parameter_sets(params, default_set)]


# ------------------------------------------------------------------ comment-based help
_KEYWORD = re.compile(r"^\s*\.(SYNOPSIS|DESCRIPTION|PARAMETER|EXAMPLE|INPUTS|OUTPUTS|NOTES|LINK|COMPONENT|ROLE|"
                      r"FUNCTIONALITY)\b\s*(.*)$", re.IGNORECASE)


def _comment_blocks(text: str) -> list[list[str]]:
    blocks = [m.group(1).split("\n") for m in re.finditer(r"<#(.*?)#>", text, re.DOTALL)]
    run: list[str] = []
    for line in text.split("\n") + [""]:
        stripped = line.strip()
        if stripped.startswith("#") and not stripped.startswith("#>") and not stripped.startswith("<#"):
            run.append(stripped[1:])
        elif run:
            blocks.append(run)
            run = []
    return blocks


def _dedent(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:].rstrip() for line in lines)


def _sections(block: list[str]) -> list[tuple[str, str, str]]:
    """(keyword, argument, content) for each `.KEYWORD argument` of a comment block."""
    found: list[tuple[str, str, list[str]]] = []
    for line in block:
        match = _KEYWORD.match(line)
        if match:
            found.append((match.group(1).lower(), match.group(2).strip(), []))
        elif found:
            found[-1][2].append(line)
    return [(keyword, argument, _dedent(body)) for keyword, argument, body in found]


def parse_comment_help(text: str) -> dict[str, Any] | None:
    """The sections of comment-based help (`.SYNOPSIS`, `.PARAMETER x`, `.EXAMPLE`, ...) in a function's text."""
    for block in _comment_blocks(text):
        if not any(_KEYWORD.match(line) for line in block):
            continue
        found: dict[str, Any] = {"parameters": {}, "examples": [], "links": []}
        for keyword, argument, content in _sections(block):
            if keyword == "parameter":
                found["parameters"][argument.lower()] = content
            elif keyword == "example":
                found["examples"].append(content)
            elif keyword == "link":
                found["links"].extend(x for x in [argument] + content.split("\n") if x.strip())
            else:
                found[keyword] = content
        return found
    return None


# ------------------------------------------------------------------ help objects
@dataclass
class ParameterHelp:
    """What help says about one parameter (Get-Help -Parameter shows it)."""

    name: str
    type: str
    description: str = ""
    required: str = "false"
    position: str = "named"
    defaultValue: str = "None"
    pipelineInput: str = "False"
    aliases: str = "none"
    globbing: str = "false"
    is_switch: bool = False

    PS_TYPE_NAMES = ("MamlCommandHelpInfo#parameter", "System.Object")
    PS_PROPERTIES = ("name", "type", "description", "required", "position", "defaultValue", "pipelineInput",
                     "aliases", "globbing")

    def ToString(self) -> str:
        return self.name


@dataclass
class ExampleHelp:
    """One example: its title, code, optional output and what it shows."""

    title: str
    code: str
    remarks: str = ""
    output: str | None = None
    introduction: str = ""

    PS_TYPE_NAMES = ("MamlCommandHelpInfo#example", "System.Object")
    PS_PROPERTIES = ("title", "introduction", "code", "remarks")


@dataclass
class ExamplesHelp:
    """`(Get-Help x).Examples`: the examples, as `.example`."""

    example: list[ExampleHelp] = field(default_factory=list)

    PS_TYPE_NAMES = ("MamlCommandHelpInfo#examples", "System.Object")
    PS_PROPERTIES = ("example",)


@dataclass
class ParametersHelp:
    """`(Get-Help x).Parameters`: the parameters, as `.parameter`."""

    parameter: list[ParameterHelp] = field(default_factory=list)

    PS_TYPE_NAMES = ("MamlCommandHelpInfo#parameters", "System.Object")
    PS_PROPERTIES = ("parameter",)


@dataclass
class SyntaxHelp:
    """`(Get-Help x).Syntax`: one line per parameter set."""

    syntaxItem: list[str] = field(default_factory=list)

    PS_TYPE_NAMES = ("MamlCommandHelpInfo#syntax", "System.Object")
    PS_PROPERTIES = ("syntaxItem",)

    def ToString(self) -> str:
        return "\n".join(self.syntaxItem)


VIEWS = ("default", "detailed", "full", "examples")


@dataclass
class HelpInfo:
    """The help of one command, as Get-Help returns it."""

    Name: str
    Category: str
    Synopsis: str
    Syntax: SyntaxHelp
    Description: str
    Parameters: ParametersHelp
    Examples: ExamplesHelp
    Aliases: list[str]
    ModuleName: str = ""
    Inputs: list[str] = field(default_factory=list)
    Outputs: list[str] = field(default_factory=list)
    Notes: str = ""
    RelatedLinks: list[str] = field(default_factory=list)
    common: bool = True
    style: str = "declared"
    view: str = "default"

    PS_PROPERTIES = ("Name", "Category", "Synopsis", "Syntax", "Description", "Parameters", "Examples", "Aliases",
                     "ModuleName", "Inputs", "Outputs", "Notes", "RelatedLinks")

    @property
    def PS_TYPE_NAMES(self) -> tuple[str, ...]:
        suffix = {"default": "", "detailed": "#DetailedView", "full": "#FullView", "examples": "#ExamplesView"}
        return ("MamlCommandHelpInfo" + suffix[self.view], "MamlCommandHelpInfo", "HelpInfo", "System.Object")

    @property
    def documented(self) -> bool:
        """Whether there is help beyond the syntax (declared cmdlet help, or comment-based help)."""
        return self.style != "none"

    def in_view(self, view: str) -> HelpInfo:
        self.view = view
        return self

    def ToString(self) -> str:
        return self.Name


# ------------------------------------------------------------------ text
class HelpText:
    """Help text as indented paragraphs, word-wrapped to the console width when printed."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []

    def blank(self, count: int = 1) -> HelpText:
        self.lines.extend([(0, "")] * count)
        return self

    def add(self, text: str, indent: int = 0) -> HelpText:
        """Add lines of text; a line's own leading blanks add to its indentation (kept when wrapped)."""
        for line in text.split("\n"):
            stripped = line.strip()
            self.lines.append((indent + len(line) - len(line.lstrip()) if stripped else 0, stripped))
        return self

    def section(self, title: str, body: str | list[str], *, after: int = 2) -> HelpText:
        self.add(title)
        for item in [body] if isinstance(body, str) else body:
            self.add(item, 4)
        return self.blank(after)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        width = options.max_width
        for indent, line in self.lines:
            if not line:
                yield Text("")
                continue
            room = max(width - indent, 10)
            for piece in wrap_line(line, room):
                yield Text(" " * indent + piece.rstrip())

    def plain(self) -> str:
        return "\n".join(" " * indent + line if line else "" for indent, line in self.lines)


def _parameter_block(doc: HelpText, p: ParameterHelp, indent: int, *, full: bool) -> None:
    heading = f"-{p.name} [<SwitchParameter>]" if p.is_switch else f"-{p.name} <{p.type}>"
    doc.add(heading, indent)
    if p.description:
        doc.add(p.description, indent + 4)
    doc.blank()
    if full:
        rows = [("Required?", p.required), ("Position?", p.position),
                ("Default value", p.defaultValue), ("Accept pipeline input?", p.pipelineInput),
                ("Aliases", p.aliases), ("Accept wildcard characters?", p.globbing)]
        for label, value in rows:
            doc.add(f"{label:<28} {value}", indent + 4)
        doc.blank()


def _examples(doc: HelpText, examples: list[ExampleHelp]) -> None:
    for example in examples:
        doc.add(f"{'-' * 26} {example.title} {'-' * 26}", 4).blank()
        doc.add(example.introduction + example.code, 4).blank()
        if example.output:
            doc.add(example.output.strip("\n"), 4).blank()
        if example.remarks:
            doc.add(example.remarks, 4).blank()
        doc.blank()


def _remarks(help: HelpInfo) -> list[str]:
    if not help.documented:
        return ["None"]
    name = help.Name
    if help.style == "comment":
        return [f'To see the examples, type: "get-help {name} -examples".',
                f'For more information, type: "get-help {name} -detailed".',
                f'For technical information, type: "get-help {name} -full".']
    return [f'To see the examples, type: "Get-Help {name} -Examples"',
            f'For more information, type: "Get-Help {name} -Detailed"',
            f'For technical information, type: "Get-Help {name} -Full"']


def render_help(help: HelpInfo) -> HelpText:
    """The text Get-Help prints, in the object's view."""
    doc = HelpText().blank()
    doc.section("NAME", help.Name, after=1)
    if help.documented:
        doc.section("SYNOPSIS", help.Synopsis, after=1 if help.view == "examples" else 2)
    if help.view == "examples":
        doc.blank()
        _examples(doc, help.Examples.example)
        return doc
    doc.add("SYNTAX")
    for index, line in enumerate(help.Syntax.syntaxItem):
        if index:
            doc.blank()
        doc.add(line, 4)
    doc.blank(2)
    if help.documented and help.Description:
        doc.section("DESCRIPTION", help.Description)
    if help.view in ("detailed", "full"):
        doc.add("PARAMETERS")
        for p in help.Parameters.parameter:
            _parameter_block(doc, p, 4, full=help.view == "full")
        if help.common:
            doc.add("<CommonParameters>", 4).add(COMMON_PARAMETERS_TEXT, 8).blank()
        if help.view == "full":
            doc.blank().section("INPUTS", help.Inputs or ["None"]).section("OUTPUTS", help.Outputs or ["None"])
            if help.Notes:
                doc.section("NOTES", help.Notes)
        doc.blank()
        _examples(doc, help.Examples.example)
    if help.style == "comment" and help.view != "detailed" or help.RelatedLinks and help.view != "detailed":
        doc.section("RELATED LINKS", help.RelatedLinks, after=1)
    if help.style != "comment":
        doc.section("ALIASES", help.Aliases or ["None"])
    if help.view != "full":
        doc.section("REMARKS", _remarks(help))
    return doc


def render_parameter(p: ParameterHelp) -> HelpText:
    doc = HelpText().blank()
    _parameter_block(doc, p, 0, full=True)
    return doc


def render_examples(examples: ExamplesHelp) -> HelpText:
    doc = HelpText().blank()
    _examples(doc, examples.example)
    return doc


for _view in VIEWS:
    _suffix = {"default": "", "detailed": "#DetailedView", "full": "#FullView", "examples": "#ExamplesView"}[_view]
    register_view(CustomView(("MamlCommandHelpInfo" + _suffix,), render_help))
register_view(CustomView(("MamlCommandHelpInfo#parameter",), render_parameter))
register_view(CustomView(("MamlCommandHelpInfo#examples",), render_examples))
register_view(CustomView(("MamlCommandHelpInfo#syntax",), lambda s: HelpText().blank().add("\n\n".join(s.syntaxItem)).blank()))


# ------------------------------------------------------------------ building help
def _pipeline_text(p: Param) -> str:
    kinds = [k for k, on in (("ByValue", p.pipeline), ("ByPropertyName", p.pipeline_by_name)) if on]
    return f"True ({', '.join(kinds)})" if kinds else "False"


def parameter_help(p: Param, description: str = "", *, default_set: str = ALL_SETS) -> ParameterHelp:
    default = p.default
    if p.is_switch:
        default_text = "False" if not default else "True"
    elif default is None or callable(default):
        default_text = "None"
    else:
        default_text = str(default)
    return ParameterHelp(
        name=p.name, type=type_display(p.type), description=description or p.help,
        required="true" if p.mandatory or p.mandatory_in else "false", position="named" if p.position is None else str(p.position),
        defaultValue=default_text, pipelineInput=_pipeline_text(p), aliases=", ".join(p.aliases) or "none",
        is_switch=p.is_switch)


def cmdlet_help(info: CmdletInfo, aliases: list[str]) -> HelpInfo:
    """Help for a cmdlet, from its declaration alone."""
    from pshell.cmdlets._command_info import module_of

    examples = [ExampleHelp(f"Example {i}", e.code, e.description, e.output) for i, e in enumerate(info.examples, 1)]
    inputs = [type_display(p.type) for p in info.parameters.values() if p.pipeline]
    return HelpInfo(
        Name=info.name, Category="Cmdlet", Synopsis=info.synopsis,
        Syntax=SyntaxHelp(syntax_lines(info.name, info.parameters, info.default_set, common=True,
                                       should_process=info.supports_should_process, choices=True)),
        Description=info.description,
        Parameters=ParametersHelp([parameter_help(p) for p in info.parameters.values()]),
        Examples=ExamplesHelp(examples), Aliases=aliases, ModuleName=module_of(info.name),
        Inputs=inputs, Outputs=[info.outputs] if info.outputs else [], RelatedLinks=list(info.related))


def function_help(fn: Any, name: str, aliases: list[str]) -> HelpInfo:
    """Help for a function or script: its param block, plus comment-based help when it has some."""
    comment = parse_comment_help(fn.text or "") or {}
    descriptions = comment.get("parameters", {})
    examples = []
    for index, text in enumerate(comment.get("examples", []), 1):
        code, _, remarks = text.partition("\n\n")
        examples.append(ExampleHelp(f"EXAMPLE {index}", code.strip(), remarks.strip(), introduction="PS > "))
    params = {k: v for k, v in fn.params.items()}
    return HelpInfo(
        Name=name, Category=getattr(fn, "CommandType", "Function"),
        Synopsis=comment.get("synopsis", "") or "",
        Syntax=SyntaxHelp(syntax_lines(name, params, fn.default_set, common=bool(fn.advanced), choices=True,
                                       dotnet=bool(comment))),
        Description=comment.get("description", "") or "",
        Parameters=ParametersHelp([parameter_help(p, descriptions.get(p.name.lower(), "")) for p in params.values()]),
        Examples=ExamplesHelp(examples), Aliases=aliases,
        Inputs=[comment["inputs"]] if comment.get("inputs") else [],
        Outputs=[comment["outputs"]] if comment.get("outputs") else [],
        Notes=comment.get("notes", "") or "", RelatedLinks=comment.get("links", []),
        common=bool(fn.advanced), style="comment" if comment else "none")
