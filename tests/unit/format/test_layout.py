"""Exact-text tests for the PowerShell-style table, list and wide renderables."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, RenderableType
from rich.style import Style

from pshell.format import ListRenderable, TableColumn, TableRenderable, WideRenderable
from pshell.format.measure import cell_width, first_line, fit, wrap_line, wrap_text


def render(renderable: RenderableType, width: int = 120) -> str:
    """Print *renderable* on a plain console *width* cells wide and return the text."""
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    output = console.file.getvalue()
    assert isinstance(output, str)
    return output


def lines(*text: str) -> str:
    """Join expected screen lines the way the console prints them."""
    return "".join(line + "\n" for line in text)


# The PSSession view: Id 3 right, Name 15, ComputerName 15, State 13,
# ConfigurationName 20, Availability 13 right.
SESSION_COLUMNS = [
    TableColumn("Id", "right", 3),
    TableColumn("Name", width=15),
    TableColumn("ComputerName", width=15),
    TableColumn("State", width=13),
    TableColumn("ConfigurationName", width=20),
    TableColumn("Availability", "right", 13),
]
SESSION_ROW = ["2", "Session2", "Server01", "Disconnected", "Microsoft.PowerShell", "None"]


# --------------------------------------------------------------------------- measure


def test_cell_width_counts_wide_characters_twice() -> None:
    assert cell_width("abc") == 3
    assert cell_width("中文") == 4
    assert cell_width("") == 0


@pytest.mark.parametrize(
    ("text", "width", "align", "expected"),
    [
        ("abc", 5, "left", "abc  "),
        ("abc", 5, "right", "  abc"),
        ("abcdef", 4, "left", "abc…"),
        ("abcdef", 4, "right", "…def"),
        ("abcdef", 1, "left", "a"),
        ("abcdef", 1, "right", "f"),
        ("中文字", 4, "left", "中… "),
        ("中文字", 4, "right", " …字"),
        ("中文", 1, "left", " "),
    ],
)
def test_fit(text: str, width: int, align: str, expected: str) -> None:
    assert fit(text, width, align) == expected  # type: ignore[arg-type]


def test_first_line_marks_the_cut() -> None:
    assert first_line("one\ntwo") == "one…"
    assert first_line("one\r\ntwo") == "one…"
    assert first_line("one") == "one"


def test_wrap_line_breaks_at_blanks_and_inside_long_words() -> None:
    assert wrap_line("one two three", 8) == ["one two", "three"]
    # As in PowerShell, a word must fit together with the blank that ends it.
    assert wrap_line("one two three", 7) == ["one", "two", "three"]
    assert wrap_line("abcdefgh", 3) == ["abc", "def", "gh"]
    assert wrap_line("ab cdefgh", 4) == ["ab c", "defg", "h"]
    assert wrap_line("fits", 4) == ["fits"]
    assert wrap_line("中文", 1) == ["?", "?"]
    assert wrap_text("a b\nccc", 2) == ["a", "b", "cc", "c"]


# --------------------------------------------------------------------------- table


def test_table_declared_widths_match_powershell_session_view() -> None:
    table = TableRenderable(SESSION_COLUMNS, [SESSION_ROW])
    assert render(table) == lines(
        " Id Name            ComputerName    State         ConfigurationName     Availability",
        " -- ----            ------------    -----         -----------------     ------------",
        "  2 Session2        Server01        Disconnected  Microsoft.PowerShell          None",
    )


def test_table_computed_widths_and_right_alignment() -> None:
    table = TableRenderable(
        [TableColumn("Name"), TableColumn("Length", "right")],
        [["a.txt", "12"], ["readme.md", "4096"]],
    )
    assert render(table) == lines(
        "Name      Length",
        "----      ------",
        "a.txt         12",
        "readme.md   4096",
    )


def test_table_right_aligned_dashes_sit_flush_right_in_a_wider_column() -> None:
    table = TableRenderable(
        [TableColumn("N", "right"), TableColumn("Size", "right")],
        [["12345", "1"], ["1", "123456"]],
    )
    assert render(table) == lines(
        "    N   Size",
        "    -   ----",
        "12345      1",
        "    1 123456",
    )


def test_table_cuts_long_cells_with_ellipsis() -> None:
    table = TableRenderable(
        [TableColumn("Name", width=6), TableColumn("Path", "right", width=6)],
        [["abcdefghij", "/usr/local/bin"]],
    )
    assert render(table) == lines(
        "Name     Path",
        "----     ----",
        "abcde… …l/bin",
    )


def test_table_one_cell_columns_cut_without_ellipsis() -> None:
    table = TableRenderable(
        [TableColumn("A", width=1), TableColumn("B", "right", width=1)], [["xyz", "xyz"]]
    )
    assert render(table) == lines("A B", "- -", "x z")


def test_table_shrinks_last_column_and_wraps_its_header() -> None:
    table = TableRenderable(SESSION_COLUMNS, [SESSION_ROW])
    assert render(table, 60) == lines(
        " Id Name            ComputerName    State         Configurat",
        "                                                  ionName",
        " -- ----            ------------    -----         ----------",
        "  2 Session2        Server01        Disconnected  Microsoft…",
    )


def test_table_drops_columns_that_cannot_fit_from_the_right() -> None:
    table = TableRenderable(SESSION_COLUMNS, [SESSION_ROW])
    assert render(table, 30) == lines(
        " Id Name            ComputerNa",
        "                    me",
        " -- ----            ----------",
        "  2 Session2        Server01",
    )


def test_table_column_widths_report_dropped_columns_as_zero() -> None:
    table = TableRenderable(SESSION_COLUMNS, [SESSION_ROW])
    assert table.column_widths(120) == [3, 15, 15, 13, 20, 13]
    assert table.column_widths(30) == [3, 15, 10, 0, 0, 0]
    # 3 + 1 + 15 + 1 + 1 = 21: ComputerName keeps one cell; at 20 it goes too.
    assert table.column_widths(21) == [3, 15, 1, 0, 0, 0]
    assert table.column_widths(20) == [3, 15, 0, 0, 0, 0]


def test_table_hide_headers() -> None:
    table = TableRenderable(
        [TableColumn("Name"), TableColumn("Length", "right")],
        [["a.txt", "12"], ["readme.md", "4096"]],
        hide_headers=True,
    )
    assert render(table) == lines("a.txt         12", "readme.md   4096")


def test_table_without_rows_prints_only_the_header() -> None:
    table = TableRenderable([TableColumn("Name"), TableColumn("Id", "right")], [])
    assert render(table) == lines("Name Id", "---- --")


def test_table_without_columns_prints_nothing() -> None:
    assert render(TableRenderable([], [["x"]])) == ""


def test_table_pads_short_rows_and_ignores_extra_cells() -> None:
    table = TableRenderable(
        [TableColumn("A"), TableColumn("B", "right")], [["1"], ["2", "3", "extra"]]
    )
    assert render(table) == lines("A B", "- -", "1", "2 3")


def test_table_empty_header_gets_full_width_dashes() -> None:
    table = TableRenderable([TableColumn(""), TableColumn("B")], [["xyz", "1"]])
    assert render(table) == lines("    B", "--- -", "xyz 1")


def test_table_wide_characters_count_two_cells() -> None:
    table = TableRenderable([TableColumn("Name"), TableColumn("Value")], [["中文字", "x"]])
    assert render(table) == lines("Name   Value", "----   -----", "中文字 x")


def test_table_cuts_wide_characters_and_pads_the_gap() -> None:
    table = TableRenderable([TableColumn("Name", width=4), TableColumn("V")], [["中文字", "x"]])
    assert render(table) == lines("Name V", "---- -", "中…  x")


def test_table_multiline_value_shows_first_line_with_ellipsis() -> None:
    table = TableRenderable(
        [TableColumn("Name"), TableColumn("Notes")], [["a", "one two three\nfour"]]
    )
    assert render(table) == lines("Name Notes", "---- -----", "a    one two three…")


def test_table_wrap_word_wraps_inside_the_column() -> None:
    table = TableRenderable(
        [TableColumn("Name"), TableColumn("Notes", width=8), TableColumn("N", "right")],
        [["a", "one two three\nfour", "7"]],
        wrap=True,
    )
    assert render(table) == lines(
        "Name Notes    N",
        "---- -----    -",
        "a    one two  7",
        "     three",
        "     four",
    )


def test_table_autosize_ignores_declared_widths() -> None:
    columns = [TableColumn("Name", width=20), TableColumn("Id", "right", width=10)]
    rows = [["pwsh", "42"]]
    assert render(TableRenderable(columns, rows)) == lines(
        "Name                         Id",
        "----                         --",
        "pwsh                         42",
    )
    assert render(TableRenderable(columns, rows, autosize=True)) == lines(
        "Name Id", "---- --", "pwsh 42"
    )


def test_table_strips_trailing_blanks() -> None:
    table = TableRenderable([TableColumn("Name"), TableColumn("Note")], [["a", ""], ["b", "x  "]])
    assert render(table) == lines("Name Note", "---- ----", "a", "b    x")


def test_table_header_style_is_applied_to_header_and_dashes_only() -> None:
    table = TableRenderable(
        [TableColumn("Id", "right"), TableColumn("Name")],
        [["1", "pwsh"]],
        header_style="bold green",
    )
    assert render(table) == lines("Id Name", "-- ----", " 1 pwsh")
    console = Console(file=io.StringIO(), width=40, color_system="standard", legacy_windows=False)
    styled = {seg.text: seg.style for seg in console.render(table) if seg.text.strip()}
    header = Style.parse("bold green")
    assert styled["Id"] == header
    assert styled["Name"] == header
    assert styled["--"] == header
    body = [seg for seg in console.render(table) if "pwsh" in seg.text]
    assert body and all(not seg.style for seg in body)


def test_table_measure_reports_natural_width() -> None:
    table = TableRenderable(SESSION_COLUMNS, [SESSION_ROW])
    console = Console(file=io.StringIO(), width=120, color_system=None, legacy_windows=False)
    measurement = table.__rich_measure__(console, console.options)
    assert measurement.maximum == 84


# --------------------------------------------------------------------------- list


def test_list_pads_names_to_the_longest_in_the_record() -> None:
    listing = ListRenderable([[("Name", "pwsh"), ("Id", "42"), ("CPU", "1.5")]])
    assert render(listing) == lines("Name : pwsh", "Id   : 42", "CPU  : 1.5")


def test_list_separates_records_with_one_blank_line_and_pads_each_separately() -> None:
    listing = ListRenderable([[("A", "1"), ("Bb", "2")], [("LongName", "3")], [], [("C", "4")]])
    assert render(listing) == lines("A  : 1", "Bb : 2", "", "LongName : 3", "", "C : 4")


def test_list_wraps_long_values_to_the_value_column() -> None:
    value = "/usr/local/microsoft/powershell/7/pwsh with some words"
    listing = ListRenderable([[("Path", value)]])
    assert render(listing, 40) == lines(
        "Path : /usr/local/microsoft/powershell/7",
        "       /pwsh with some words",
    )


def test_list_wraps_at_word_boundaries() -> None:
    listing = ListRenderable([[("Text", "the quick brown fox jumps over the lazy dog")]])
    assert render(listing, 20) == lines(
        "Text : the quick",
        "       brown fox",
        "       jumps over",
        "       the lazy dog",
    )


def test_list_multiline_values_keep_their_lines() -> None:
    listing = ListRenderable([[("Id", "1"), ("Lines", "first\nsecond line here\nthird")]])
    assert render(listing, 20) == lines(
        "Id    : 1",
        "Lines : first",
        "        second line",
        "        here",
        "        third",
    )


def test_list_empty_value_has_no_trailing_blank() -> None:
    assert render(ListRenderable([[("Name", ""), ("Id", "7")]])) == lines("Name :", "Id   : 7")


def test_list_wide_character_names_pad_by_cells() -> None:
    listing = ListRenderable([[("名前", "pwsh"), ("Id", "1")]])
    assert render(listing) == lines("名前 : pwsh", "Id   : 1")


def test_list_clips_names_when_the_width_is_tiny() -> None:
    listing = ListRenderable([[("LongName", "abc")]])
    assert render(listing, 8) == lines("Long : a", "       b", "       c")


def test_list_too_narrow_prints_nothing() -> None:
    assert render(ListRenderable([[("A", "1")]]), 4) == ""
    assert render(ListRenderable([[("A", "1")]]), 5) == lines("A : 1")


def test_list_label_style() -> None:
    listing = ListRenderable([[("Name", "pwsh")]], label_style="bold green")
    console = Console(file=io.StringIO(), width=40, color_system="standard", legacy_windows=False)
    styled = {seg.text: seg.style for seg in console.render(listing) if seg.text.strip()}
    assert styled["Name : "] == Style.parse("bold green")
    assert render(listing) == lines("Name : pwsh")


# --------------------------------------------------------------------------- wide


ITEMS = ["alpha", "beta", "gamma", "delta", "epsilon"]


def test_wide_fits_as_many_columns_as_possible() -> None:
    # longest is 7: 3 columns need 7*3 + 2 = 23 < 30, 4 would need 31.
    # 30 - 2 separators = 28 cells shared as 10, 9, 9.
    assert render(WideRenderable(ITEMS), 30) == lines(
        "alpha      beta      gamma",
        "delta      epsilon",
    )


def test_wide_with_requested_columns_shares_the_width() -> None:
    # 21 - 1 separator = 20 cells: two columns of 10.
    assert render(WideRenderable(ITEMS, columns=2), 21) == lines(
        "alpha      beta",
        "gamma      delta",
        "epsilon",
    )


def test_wide_leftover_cells_go_to_the_leftmost_columns() -> None:
    wide = WideRenderable(ITEMS, columns=3)
    assert wide.column_widths(20) == [6, 6, 6]
    assert wide.column_widths(21) == [7, 6, 6]
    assert wide.column_widths(22) == [7, 7, 6]


def test_wide_cuts_items_with_ellipsis() -> None:
    assert render(WideRenderable(ITEMS, columns=3), 14) == lines(
        "alp… beta gam…",
        "del… eps…",
    )


def test_wide_item_longer_than_the_width_gives_one_column() -> None:
    assert render(WideRenderable(["abcdefghij", "xy"]), 6) == lines("abcde…", "xy")


def test_wide_clamps_requested_columns_to_what_fits() -> None:
    wide = WideRenderable(["a", "b", "c", "d"], columns=10)
    assert wide.column_count(5) == 3
    assert render(wide, 5) == lines("a b c", "d")


def test_wide_wide_characters_and_multiline_items() -> None:
    assert render(WideRenderable(["中文", "ab\ncd", "x"], columns=3), 14) == lines(
        "中文 ab…  x",
    )


def test_wide_empty_prints_nothing() -> None:
    assert render(WideRenderable([])) == ""


def test_wide_rejects_zero_columns() -> None:
    with pytest.raises(ValueError):
        WideRenderable(ITEMS, columns=0)
