"""Out-String, Out-Host, Out-Default and Out-Null: where formatted output goes."""

from __future__ import annotations

from typing import Any

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.format.out_default import OutDefault
from pshell.format.render import format_to_lines


@cmdlet(
    "Out-String", synopsis="Outputs input objects as a string.",
    description="Formats the objects as the console would show them and outputs the text: one string with a "
                "line break after every line, or with -Stream one string per line.",
    outputs="System.String",
    related=("Out-Host", "Format-Table"),
    examples=[
        Example("$text = 1, 2 | Out-String; $text.Length", "Two lines, each ending with a line break.", output="4"),
        Example("[pscustomobject]@{a=1; b=2} | Out-String -Stream | Where-Object { $_ }",
                "Gets the lines of a table, without the empty ones.", output="a b\n- -\n1 2"),
        Example("'abc' | Out-String -NoNewline", "Leaves out the line breaks.", output="abc"),
    ],
)
class OutString(Cmdlet):
    InputObject = Param("psobject", pipeline=True, help="The objects to format as text.")
    Width = Param("int", range=(2, None), help="The number of characters in each line (default: the console width).")
    Stream = Param("switch", sets=("NoNewLineFormatting",), help="Outputs each line as its own string.")
    NoNewline = Param("switch", sets=("NoNewLineFormatting",), help="Removes all line breaks from the output.")

    def begin(self) -> None:
        self.items: list[Any] = []

    def process(self) -> None:
        if self.InputObject is not None:
            self.items.append(self.InputObject)

    def end(self) -> None:
        width = int(self.Width) if self.Width else self.context.host.width
        lines = [line.rstrip() for line in format_to_lines(self.items, width=width)]
        if self.Stream:
            for line in lines:
                self.write_output(line)
        elif self.NoNewline:
            self.write_output("".join(lines))
        else:
            self.write_output("".join(line + "\n" for line in lines))


class HostWriter(Cmdlet):
    """Formats its input as the console shows it and writes it to the host as it arrives."""

    InputObject = Param("psobject", pipeline=True, help="The objects to write to the console.")

    def begin(self) -> None:
        self.out = OutDefault(self.context.host)

    def process(self) -> None:
        if self.InputObject is not None:
            self.out.push(self.InputObject)

    def end(self) -> None:
        self.out.flush()


@cmdlet(
    "Out-Host", aliases=("oh",), synopsis="Sends output to the command line.",
    description="Formats the objects and writes them to the console at once, instead of sending them down the "
                "pipeline. -Paging is accepted and ignored.",
    related=("Out-Default", "Out-String"),
    examples=[
        Example("'hello' | Out-Host", "Writes to the console.", output="hello"),
        Example("$x = 1..2 | Out-Host; $null -eq $x", "Nothing goes down the pipeline.", output="1\n2\nTrue"),
    ],
)
class OutHost(HostWriter):
    Paging = Param("switch", help="Shows one page at a time (accepted and ignored).")


@cmdlet(
    "Out-Default", synopsis="Sends the output to the default formatter and to the default output cmdlet.",
    description="What happens to the objects that reach the end of a pipeline: they are formatted and written to "
                "the console.",
    related=("Out-Host",),
    examples=[Example("'done' | Out-Default", "Writes the string to the console.", output="done"),
              Example("[pscustomobject]@{a=1} | Out-Default", "Writes a table.", output="\na\n-\n1\n")],
)
class OutDefaultCommand(HostWriter):
    Transcript = Param("switch", help="Writes to the transcript only (accepted; pshell has no transcripts).")


@cmdlet(
    "Out-Null", synopsis="Hides the output instead of sending it down the pipeline or displaying it.",
    description="Discards its input. Errors are not discarded: they go to the error stream as usual.",
    examples=[Example("1..3 | Out-Null", "Prints nothing.", output=""),
              Example("$list = [System.Collections.ArrayList]::new(); $list.Add('x') | Out-Null; $list.Count",
                      "Hides the index that ArrayList.Add returns.", output="1")],
)
class OutNull(Cmdlet):
    InputObject = Param("psobject", pipeline=True, help="The objects to discard.")
