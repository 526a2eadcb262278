"""Writes to the directory: imports, the needs taxonomy, and service capacity."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.directory import mapping, oruk, store
from linkwork.directory.models import ImportFingerprint, Service
from linkwork.directory.needs import needs_dataset
from linkwork.directory.oruk.files import read_path, source_digest
from linkwork.directory.oruk.records import Problem, Reading
from linkwork.directory.oruk.resolve import resolve
from linkwork.directory.store import HeldRows, TableCount, dataset_write, directory_state
from linkwork.organisations.models import Region


@dataclass(slots=True)
class ImportResult:
    written: bool
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, TableCount] = field(default_factory=dict)
    kept: int = 0  # records (top-level JSON records or CSV rows) imported
    skipped: int = 0  # records left out because of their problems
    # Set when the same files were imported cleanly before into the directory as it still is,
    # so nothing was read again: when that import ran.
    unchanged_since: datetime | None = None

    @property
    def changed(self) -> int:
        return sum(c.created + c.updated + c.deleted for c in self.counts.values())


@transaction.atomic
def directory_import(
    *, reading: Reading, skip_invalid: bool = False, region: Region | None = None
) -> ImportResult:
    """Import what an adapter read. With problems and no `skip_invalid`, nothing is written
    and every problem is returned; with it, the valid records are written and the rest
    returned. Records are matched by their published ids, so importing again changes only
    what differs. `region` is where new services are listed."""
    resolution = resolve(reading, HeldRows(), skip_invalid=skip_invalid)
    result = ImportResult(
        written=False,
        problems=resolution.problems,
        notices=list(reading.notices),
        kept=resolution.kept,
        skipped=resolution.skipped,
    )
    if resolution.problems and not skip_invalid:
        return result
    result.counts = dataset_write(resolution.dataset, region=region)
    result.written = True
    return result


@cache
def _rules_digest() -> str:
    """The code that reads and writes imports: a new version of it may read the same files
    differently, so a fingerprint taken under another version is not trusted."""
    digest = hashlib.sha256()
    folder = Path(oruk.__file__).parent
    for module in [*sorted(folder.glob("*.py")), Path(mapping.__file__), Path(store.__file__)]:
        digest.update(module.read_bytes())
    return digest.hexdigest()


@transaction.atomic
def directory_import_path(
    *, path: Path, skip_invalid: bool = False, region: Region | None = None, force: bool = False
) -> ImportResult:
    """Import the file or folder at `path` (see `directory_import`). If the same files were
    imported cleanly into the same region and the directory has not changed since, nothing is
    read again and `unchanged_since` says when; `force` compares every record regardless.
    Raises UnreadableInputError if there is nothing importable at `path`."""
    salt = f"{_rules_digest()}:{region.pk if region else ''}"
    digest = source_digest(path, salt=salt)
    if digest is not None and not force:
        last = ImportFingerprint.objects.order_by("-imported_at", "-pk").first()
        if last and last.source_digest == digest and last.state_digest == directory_state():
            return ImportResult(written=False, unchanged_since=last.imported_at)
    result = directory_import(reading=read_path(path), skip_invalid=skip_invalid, region=region)
    # Only a clean import is a fingerprint: one with problems would have to report them again.
    if result.written and not result.problems and digest is not None:
        ImportFingerprint.objects.create(source_digest=digest, state_digest=directory_state())
    return result


@transaction.atomic
def needs_taxonomy_ensure() -> int:
    """Hold the needs taxonomy, one term per need, each marked with the need it meets (the
    store marks them). Safe to run again. Returns how many records changed."""
    counts = dataset_write(needs_dataset())
    return sum(c.created + c.updated for c in counts.values())


@transaction.atomic
def service_capacity_update(
    *,
    service: Service,
    actor: User,
    capacity: str,
    verified_on: date | None = None,
    note: str = "",
) -> Service:
    """Record whether a service can take people now, and when someone checked."""
    today = clock.today()
    verified_on = verified_on or today
    problems: dict[str, list[str]] = {}
    if capacity not in Service.Capacity.values:
        allowed = ", ".join(label.lower() for label in Service.Capacity.labels)
        problems["capacity"] = [f"Choose one of: {allowed}."]
    if verified_on > today:
        problems["verified_on"] = ["The date it was checked cannot be in the future."]
    if len(note) > Service._meta.get_field("capacity_note").max_length:  # type: ignore[operator]
        problems["note"] = ["Keep the note to 300 characters."]
    if problems:
        raise DomainError(
            "The capacity could not be saved.", code="capacity_invalid", field_errors=problems
        )
    service.capacity = capacity
    service.capacity_verified_on = verified_on
    service.capacity_verified_by = actor
    service.capacity_note = note.strip()
    service.save(
        update_fields=[
            "capacity",
            "capacity_verified_on",
            "capacity_verified_by",
            "capacity_note",
            "updated_at",
        ]
    )
    return service
