"""The little of the Office Open XML spreadsheet format the importer needs, with the standard
library only: writing a plain workbook of text cells (the linkwork template and test files)
and finding merged cells, which a reader of values cannot see but which shift a sheet's rows.

Reading values goes through polars and calamine (fastexcel); this module never reads them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["merged_cells", "write_xlsx"]

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = _REL_NS + "/worksheet"
_SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BOOK_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAX_XML_BYTES = 50_000_000


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_xml(rows: Sequence[Sequence[str]], merged: Sequence[str]) -> str:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{_column_letters(c)}{r}" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(value)}</t></is></c>"
            for c, value in enumerate(row)
            if value != ""
        )
        body.append(f'<row r="{r}">{cells}</row>')
    merges = ""
    if merged:
        refs = "".join(f'<mergeCell ref="{ref}"/>' for ref in merged)
        merges = f'<mergeCells count="{len(merged)}">{refs}</mergeCells>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}">'
        f"<sheetData>{''.join(body)}</sheetData>{merges}</worksheet>"
    )


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[str]]],
    *,
    merged: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write a workbook with one sheet per entry, every cell as text (so codes such as
    NHS numbers and leading zeros stay as typed). `merged` lists ranges like "A1:C1"."""
    merged = merged or {}
    names = list(sheets)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_BOOK_CT}"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_CT}"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        f'xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL_NS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS}" '
        f'xmlns:r="{_REL_NS}"><sheets>'
        + "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    book_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        f'xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_SHEET_TYPE}" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Relationships>"
    )
    # A fixed timestamp keeps the shipped template byte-for-byte reproducible.
    stamp = (2026, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, text: str) -> None:
            archive.writestr(zipfile.ZipInfo(name, stamp), text)

        put("[Content_Types].xml", content_types)
        put("_rels/.rels", root_rels)
        put("xl/workbook.xml", workbook)
        put("xl/_rels/workbook.xml.rels", book_rels)
        for i, name in enumerate(names, start=1):
            put(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheets[name], merged.get(name, ())))


def _read(archive: zipfile.ZipFile, name: str) -> str:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise ValueError(f"{name} is larger than {MAX_XML_BYTES:,} bytes.")
    return archive.read(name).decode("utf-8", errors="replace")


def merged_cells(path: Path) -> dict[str, list[str]]:
    """Merged ranges by sheet name (only sheets that have any). Raises ValueError when the
    file is not a workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = _read(archive, "xl/workbook.xml")
            rels = _read(archive, "xl/_rels/workbook.xml.rels")
            targets = {
                m.group("id"): m.group("target")
                for m in re.finditer(
                    r'<Relationship\b(?=[^>]*\bId="(?P<id>[^"]+)")'
                    r'(?=[^>]*\bTarget="(?P<target>[^"]+)")[^>]*>',
                    rels,
                )
            }
            found: dict[str, list[str]] = {}
            for m in re.finditer(
                r'<(?:\w+:)?sheet\b(?=[^>]*\bname="(?P<name>[^"]*)")'
                r'(?=[^>]*\br:id="(?P<id>[^"]+)")[^>]*>',
                workbook,
            ):
                target = targets.get(m.group("id"), "").lstrip("/")
                member = target if target.startswith("xl/") else f"xl/{target}"
                if member not in archive.namelist():
                    continue
                refs = re.findall(
                    r'<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)"', _read(archive, member)
                )
                if refs:
                    found[m.group("name")] = refs
            return found
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(f"not an Excel workbook ({exc})") from exc
