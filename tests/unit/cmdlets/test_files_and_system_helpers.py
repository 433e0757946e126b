"""Pure helpers behind the file system, content and system cmdlets."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from pshell.cmdlets.content import decode, split_lines, write_text
from pshell.cmdlets.filesystem import join_two, leaf_extension, split_leaf, split_parent
from pshell.cmdlets.items import (
    DirectoryInfo,
    FileInfo,
    expand_path,
    last_write_time_cell,
    make_item,
    provider_path,
    relative_path,
    unescape_wildcard,
)
from pshell.cmdlets.system import DotNetRandom, RandomSource, add_months, long_date_time, uformat


class FakeContext:
    def __init__(self, location: str) -> None:
        self.location = location

    def resolve_path(self, path: str) -> str:
        path = os.path.expanduser(path)
        return os.path.normpath(path if os.path.isabs(path) else os.path.join(self.location, path))


@pytest.mark.parametrize(
    ("path", "parent", "leaf"),
    [
        ("/a/b/c.txt", "/a/b", "c.txt"),
        ("/a", "/", "a"),
        ("/", "", ""),
        ("c.txt", "", "c.txt"),
        ("a/b/", "a", "b"),
    ],
)
def test_split_path_parts(path: str, parent: str, leaf: str) -> None:
    assert split_parent(path) == parent
    assert split_leaf(path) == leaf


@pytest.mark.parametrize(("leaf", "ext"), [("a.tar.gz", ".gz"), (".bashrc", ".bashrc"), ("abc", ""), ("abc.", "")])
def test_leaf_extension_follows_dotnet(leaf: str, ext: str) -> None:
    assert leaf_extension(leaf) == ext


@pytest.mark.parametrize(
    ("parent", "child", "joined"),
    [("a", "b", "a/b"), ("a/", "/b", "a/b"), ("/", "x", "/x"), ("", "x", "x"), ("a\\b", "c", "a/b/c")],
)
def test_join_two(parent: str, child: str, joined: str) -> None:
    assert join_two(parent, child) == joined


def test_provider_path_and_unescape() -> None:
    assert provider_path("Microsoft.PowerShell.Core\\FileSystem::/tmp/x") == "/tmp/x"
    assert provider_path("FileSystem::/y") == "/y"
    assert unescape_wildcard("a`[1`].txt") == "a[1].txt"


def test_expand_path_wildcards_sorted_and_hidden(tmp_path: Path) -> None:
    for name in ("b.txt", "A.txt", ".h.txt", "c.log"):
        (tmp_path / name).write_text("x")
    ctx = FakeContext(str(tmp_path))
    assert [os.path.basename(p) for p in expand_path(ctx, "*.txt")] == ["A.txt", "b.txt"]
    assert [os.path.basename(p) for p in expand_path(ctx, "*.txt", force=True)] == [".h.txt", "A.txt", "b.txt"]
    assert expand_path(ctx, "*.none") == []
    assert expand_path(ctx, "c.log") == [str(tmp_path / "c.log")]
    assert expand_path(ctx, "missing") == []


def test_relative_path() -> None:
    assert relative_path("/a/b/c", "/a") == "./b/c"
    assert relative_path("/a", "/a/b") == ".."
    assert relative_path("/a", "/a") == "."


def test_items(tmp_path: Path) -> None:
    f = tmp_path / "report.final.txt"
    f.write_text("12345")
    item = make_item(str(f))
    assert isinstance(item, FileInfo)
    assert (item.Name, item.BaseName, item.Extension, item.Length) == ("report.final.txt", "report.final", ".txt", 5)
    assert item.Mode == "-----"
    assert item.UnixMode.startswith("-rw")
    assert item.PSPath.endswith("::" + str(f))
    assert isinstance(make_item(str(tmp_path)), DirectoryInfo)
    assert make_item(str(tmp_path)).Mode == "d----"
    assert len(last_write_time_cell(item).split(" ")) == 2


def test_split_lines_and_decode() -> None:
    assert split_lines("a\nb\r\nc\rd") == ["a", "b", "c", "d"]
    assert split_lines("a\n") == ["a"]
    assert split_lines("a\n\n") == ["a", ""]
    assert split_lines("") == []
    assert decode(b"\xef\xbb\xbfhi", None) == "hi"
    assert decode("hi".encode("utf-16-le"), "utf-16-le") == "hi"
    assert decode(b"\xff\xfeh\x00i\x00", None) == "hi"


def test_write_text_bom_only_at_start(tmp_path: Path) -> None:
    path = str(tmp_path / "x.txt")
    write_text(path, "a\n", "utf-8", b"\xef\xbb\xbf", append=False)
    write_text(path, "b\n", "utf-8", b"\xef\xbb\xbf", append=True)
    assert Path(path).read_bytes() == b"\xef\xbb\xbfa\nb\n"


def test_dotnet_random_matches_system_random() -> None:
    assert DotNetRandom(0).sample() == 1559595546
    assert DotNetRandom(42).sample() == 1434747710


def test_random_source_is_repeatable_and_in_range() -> None:
    a, b = RandomSource(5), RandomSource(5)
    assert [a.next_int(0, 10) for _ in range(20)] == [b.next_int(0, 10) for _ in range(20)]
    rng = RandomSource(9)
    assert all(3 <= rng.next_int(3, 7) < 7 for _ in range(200))
    assert all(0.5 <= rng.next_float(0.5, 0.75) < 0.75 for _ in range(200))
    assert all(0 <= rng.next_long(0, 10**12) < 10**12 for _ in range(50))


def test_uformat_codes() -> None:
    d = dt.datetime(2026, 11, 23, 19, 5, 9)
    assert uformat(d, "%Y-%m-%d %H:%M:%S") == "2026-11-23 19:05:09"
    assert uformat(d, "%A %a %B %b %j %V %u %w") == "Monday Mon November Nov 327 48 1 1"
    assert uformat(d, "+%D %r %%") == "11/23/26 07:05:09 PM %"
    assert uformat(dt.datetime(2026, 1, 5, 8), "%e|%k|%l") == " 5| 8| 8"


def test_add_months_clamps_day() -> None:
    assert add_months(dt.datetime(2026, 1, 31), 1) == dt.datetime(2026, 2, 28)
    assert add_months(dt.datetime(2026, 12, 15), 1) == dt.datetime(2027, 1, 15)
    assert add_months(dt.datetime(2026, 3, 31), -1) == dt.datetime(2026, 2, 28)


def test_long_date_time() -> None:
    d = dt.datetime(2026, 11, 23, 19, 5, 9)
    assert long_date_time(d) == "Monday, November 23, 2026 7:05:09 PM"
    assert long_date_time(d, "Date") == "Monday, November 23, 2026"
    assert long_date_time(d, "Time") == "7:05:09 PM"
