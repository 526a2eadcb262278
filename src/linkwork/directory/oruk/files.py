"""Reading an import from disk: a JSON file, a CSV table, or a directory of either.

A directory holding CSV files is the tabular form (its JSON files, such as a
`datapackage.json`, are descriptors and are skipped); otherwise its JSON files are read,
each as the kind of record its name says.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from linkwork.directory.oruk.limits import MAX_FILE_BYTES
from linkwork.directory.oruk.read_csv import read_csv_texts
from linkwork.directory.oruk.read_json import read_json_text
from linkwork.directory.oruk.records import Problem, Reading
from linkwork.directory.oruk.tables import TABLES

CSV_FILES = frozenset(table.csv_file for table in TABLES.values())


class UnreadableInputError(Exception):
    """The path cannot be imported at all; the message says why."""


def _text(path: Path, reading: Reading) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            reading.problems.append(
                Problem(path.name, "file", "", f"has {size:,} bytes; at most {MAX_FILE_BYTES:,}")
            )
            return None
        # utf-8-sig: spreadsheets often save CSV with a byte-order mark.
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        reading.problems.append(
            Problem(path.name, "file", "", f"is not UTF-8 text (byte {exc.start} is invalid)")
        )
    except OSError as exc:
        reading.problems.append(Problem(path.name, "file", "", f"cannot be read: {exc.strerror}"))
    return None


def _files_read(path: Path) -> list[Path]:
    """The files `read_path` reads at `path`, in the order it reads them."""
    if path.is_dir():
        csv_files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        return csv_files or sorted(p for p in path.iterdir() if p.suffix.lower() == ".json")
    return [path]


def source_digest(path: Path, *, salt: str) -> str | None:
    """A SHA-256 of every file `read_path` would read at `path` (names and bytes) and `salt`
    (what else decides the outcome, such as the region), or None if a file cannot be read.
    Hashing costs a small share of parsing and checking the same files."""
    digest = hashlib.sha256(salt.encode())
    try:
        for file in _files_read(path):
            digest.update(f"\0{file.name}\0{file.stat().st_size}\0".encode())
            with file.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def read_path(path: Path) -> Reading:
    """Read everything to import from `path`. Raises UnreadableInputError if there is nothing
    importable there."""
    reading = Reading()
    if not path.exists():
        raise UnreadableInputError(f"{path} does not exist.")
    if path.is_dir():
        csv_files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        json_files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json")
        if csv_files:
            texts = {p.name: text for p in csv_files if (text := _text(p, reading)) is not None}
            reading.extend(read_csv_texts(texts))
            return reading
        if not json_files:
            raise UnreadableInputError(f"{path} holds no .json or .csv files to import.")
        for json_path in json_files:
            text = _text(json_path, reading)
            if text is not None:
                reading.extend(read_json_text(json_path.name, text))
        return reading
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise UnreadableInputError(
            f"{path.name} is neither a .json file nor a .csv table of Open Referral UK data."
        )
    if suffix == ".csv" and path.name not in CSV_FILES:
        raise UnreadableInputError(
            f"{path.name} is not a table of Open Referral UK's tabular form (those are "
            f"{', '.join(sorted(CSV_FILES))})."
        )
    text = _text(path, reading)
    if text is not None:
        if suffix == ".json":
            reading.extend(read_json_text(path.name, text))
        else:
            reading.extend(read_csv_texts({path.name: text}))
    return reading
