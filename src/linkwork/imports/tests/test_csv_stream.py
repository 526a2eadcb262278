"""A large export is read a row at a time: the rows, headings and refusals must be those of
reading the file whole, or a split import would see another file than a whole one."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkwork.imports.harmonise.csv_stream import open_csv
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.reading import read_source


def both(path: Path) -> tuple[object, object]:
    stream = open_csv(path)
    table = read_source(path, kind="csv")
    streamed = (stream.columns, list(stream.numbered_rows()), stream.notes)
    whole = (table.columns, list(table.numbered_rows()), table.notes)
    return streamed, whole


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\n1,2\n3,4\n",
        b"a,b\r\n1,2\r\n\r\n3,4\r\n",  # a blank line is a row of empty cells
        b' a , b \n"x\ny","q ""u"" z"\n',  # headings trimmed; a cell over two lines
        b"\xef\xbb\xbfa,b\n1,2\n",  # UTF-8 with a byte order mark
        b"a,b\ncaf\xe9,\x801\n",  # Windows-1252
        b"a,b\n   ,2\n,\n",  # cells of spaces, and empty cells
        b"a\n1\n\n2",  # one column, no newline at the end
    ],
)
def test_rows_are_those_of_reading_the_file_whole(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    streamed, whole = both(path)
    assert streamed == whole


CELL = st.text(alphabet=st.sampled_from('ab ,"\n\r;é£-=1'), max_size=6)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=6))
def test_any_csv_written_row_reads_the_same_both_ways(rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["first", "second", "third"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "export.csv"
        path.write_bytes(buffer.getvalue().encode())
        streamed, whole = both(path)
    assert streamed == whole


def refusal(path: Path, read: str) -> tuple[str, str]:
    try:
        if read == "stream":
            list(open_csv(path).rows())
        else:
            read_source(path, kind="csv")
    except ImportInputError as exc:
        return exc.code, exc.message
    raise AssertionError(f"{read} read {path.name} without a word")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"a,b,c\n1,2,3\n1,2\n4,5\n", "short_row"),
        (b"a,b\n1,2,3\n", "unreadable_csv"),
        (b"", "empty_file"),
        (b"a,a\n1,2\n", "duplicate_column"),
        ("a,b\n1,2\n".encode("utf-16"), "wrong_encoding"),
        (b"PK\x03\x04rest of a workbook", "profile_mismatch"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not_text"),
        # 0x81 is neither UTF-8 nor Windows-1252, past the first block read.
        (b"a,b\n" + b"x,y\n" * 300_000 + b"\x81,z\n", "wrong_encoding"),
    ],
)
def test_refusals_are_those_of_reading_the_file_whole(
    tmp_path: Path, data: bytes, code: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    streamed, whole = refusal(path, "stream"), refusal(path, "whole")
    assert streamed[0] == code
    if code != "unreadable_csv":  # polars words its own reason
        assert streamed == whole
