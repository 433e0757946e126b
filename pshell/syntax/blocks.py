"""Arranging a script block's statements into param block, begin/process/end and traps."""

from __future__ import annotations

from pshell.syntax import ast as A


class BlockStructureError(Exception):
    """A param block or named block where the language does not allow one."""

    def __init__(self, message: str, error_id: str, pos: A.Pos | None) -> None:
        super().__init__(message)
        self.error_id = error_id
        self.pos = pos


def split_script_body(statements: A.StatementList) -> A.ScriptBlockBody:
    """Sort a block's statements into the parts of a ScriptBlockBody, checking their order."""
    items = list(statements.statements)
    param_block = None
    if items and isinstance(items[0], A.ParamBlock):
        param_block = items.pop(0)
    traps = [s for s in items if isinstance(s, A.TrapStatement)]
    items = [s for s in items if not isinstance(s, A.TrapStatement)]
    for s in items:
        if isinstance(s, A.ParamBlock):
            raise BlockStructureError(
                "The param block must be the first statement in a script or script block.",
                "ParamBlockNotFirst" if False else "UnexpectedToken",
                s.pos,
            )
    named = [s for s in items if isinstance(s, A.NamedBlock)]
    if not named:
        return A.ScriptBlockBody(param_block, None, None, A.StatementList(items, pos=statements.pos), traps)
    if len(named) != len(items):
        other = next(s for s in items if not isinstance(s, A.NamedBlock))
        raise BlockStructureError(
            "Unexpected token in a script block that has begin, process or end blocks: "
            "statements must be inside one of them.",
            "UnexpectedToken",
            other.pos,
        )
    parts: dict[str, A.StatementList] = {}
    for block in named:
        if block.kind in parts:
            raise BlockStructureError(
                f"Script command clause '{block.kind}' has already been defined.",
                "DuplicateScriptCommandClause",
                block.pos,
            )
        parts[block.kind] = block.body
    return A.ScriptBlockBody(param_block, parts.get("begin"), parts.get("process"), parts.get("end"), traps)
