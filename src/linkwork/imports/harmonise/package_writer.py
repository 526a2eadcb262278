"""An export written offline as a Common Social Prescribing Dataset package (no database),
pseudonymised as the live export is, part by part: memory holds one part's records whatever
the export's size, and each part is read and mapped once: its tables are written as it is
checked. All or nothing: the package is built in a staging directory beside the destination
and moved into place once complete and only if it may be written."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkwork.evaluation.dataset.package import PackageWriter
from linkwork.evaluation.dataset.pseudonymise import Linker, Pseudonymiser, linkage_meta
from linkwork.imports.harmonise.dataset import (
    SchemeInfo,
    practice_codes,
    record_tables,
    scheme_tables,
)
from linkwork.imports.harmonise.export_check import ExportCheck, PartCheck, checked_export
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import Profile
from linkwork.imports.harmonise.rejects import write_rejects

__all__ = ["PackageResult", "package_export"]


@dataclass(frozen=True)
class PackageResult:
    path: Path
    rows: dict[str, int]
    rejected: int
    rejects_path: Path | None


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _refuse_early(
    *, out_dir: Path, rejects_path: Path | None, key: bytes, linkage_key: bytes | None
) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ImportInputError(
            f"{out_dir} already exists and is not empty; give a new directory for the package.",
            code="out_exists",
        )
    if rejects_path is not None and rejects_path.exists():
        raise ImportInputError(
            f"{rejects_path} already exists; move it, or give another file with --rejects.",
            code="rejects_exists",
        )
    if linkage_key is not None and linkage_key == key:
        raise ImportInputError(
            "The linkage key must not be the pseudonymisation key: give --linkage-key-file a "
            "key shared only for linkage, and keep --key-file to this source.",
            code="linkage_key_reused",
        )


class _Pieces:
    """Each part's tables written as it is checked (and again if it is checked again), so a
    large export is read and mapped once; the scheme's own tables come last."""

    def __init__(
        self,
        writer: PackageWriter,
        scheme: SchemeInfo,
        pseudonymiser: Pseudonymiser,
        linker: Linker | None,
    ) -> None:
        self.writer = writer
        self.scheme = scheme
        self.pseudonymiser = pseudonymiser
        self.linker = linker
        self.codes: dict[int, set[str]] = {}

    def __call__(self, number: int, part: PartCheck) -> None:
        self.codes[number] = practice_codes(part.checked)
        tables = record_tables(
            part.checked,
            scheme=self.scheme,
            pseudonymiser=self.pseudonymiser,
            linker=self.linker,
        )
        for name, frame in tables.items():
            self.writer.put(name, number, frame)

    def scheme_tables(self) -> None:
        codes = set().union(*self.codes.values())
        for name, frame in scheme_tables(self.scheme, codes).items():
            self.writer.put(name, 0, frame)


def package_export(
    *,
    profile: Profile,
    paths: Sequence[Path],
    out_dir: Path,
    scheme: SchemeInfo,
    key: bytes,
    skip_invalid: bool,
    rejects_path: Path | None,
    parquet: bool = False,
    linkage_key: bytes | None = None,
    part_bytes: int | None = None,
    checked: Callable[[ExportCheck], None] | None = None,
) -> PackageResult:
    """Check the export and write it as a package, all or nothing: with problems and no
    `skip_invalid`, raise ImportInputError and write nothing; with `skip_invalid`, write the
    valid rows and a rejects file. `checked` is shown the check before anything is kept (to
    report its problems). Raises ImportInputError for files that cannot be read as the profile
    says."""
    _refuse_early(out_dir=out_dir, rejects_path=rejects_path, key=key, linkage_key=linkage_key)
    linker = Linker(linkage_key) if linkage_key is not None else None
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    wrote_rejects = False
    try:
        writer = PackageWriter(staging, identifiable=False, parquet=parquet)
        pieces = _Pieces(writer, scheme, Pseudonymiser(key), linker)
        with checked_export(
            profile=profile, paths=paths, part_bytes=part_bytes, seen=pieces
        ) as check:
            if checked is not None:
                checked(check)
            if check.report and not skip_invalid:
                raise ImportInputError(
                    f"{len(check.report.problems):,} problem(s) found; nothing was written. "
                    "Fix them, or write the valid rows with --skip-invalid (the rest go to a "
                    "rejects file).",
                    code="has_problems",
                )
            pieces.scheme_tables()
            reasons = check.reasons
            writer.finish(_meta(check, linker, rejected=len(reasons)))
            rejected = 0
            if reasons and rejects_path is not None:
                wrote_rejects = True
                rejected = write_rejects(rejects_path, check.sources(), reasons)
        if out_dir.exists():
            out_dir.rmdir()
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if wrote_rejects and rejects_path is not None:
            rejects_path.unlink(missing_ok=True)
        raise
    return PackageResult(
        path=out_dir / "datapackage.json",
        rows=writer.rows,
        rejected=rejected,
        rejects_path=rejects_path if reasons else None,
    )


def _meta(check: ExportCheck, linker: Linker | None, *, rejected: int) -> dict[str, Any]:
    return {
        "source": "import",
        "profile": check.profile.name,
        "files": [{"name": p.name, "sha256": _sha256(p)} for p in check.paths],
        "rows_read": check.rows_read(),
        "rows_rejected": rejected,
        "identifiable": False,
        "pseudonymised": True,
        "keyed_hash": "HMAC-SHA256, truncated to 20 hex digits; key not stored",
        "linkage": linkage_meta(linker),
    }
