"""Exports of the common dataset: pseudonymised by default; identifiable only on request by a
user entitled to every scheme exported, and audited person by person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core.errors import DomainError
from linkwork.evaluation.dataset.extract import ExportFilters, extract
from linkwork.evaluation.dataset.package import write_package
from linkwork.evaluation.dataset.pseudonymise import (
    Linker,
    Pseudonymiser,
    linkage_meta,
    new_key,
)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: dict[str, int]
    identifiable: bool


def common_dataset_export(
    *,
    filters: ExportFilters,
    out_dir: Path,
    parquet: bool = False,
    identifiable: bool = False,
    actor: User | None = None,
    key: bytes | None = None,
    linkage_key: bytes | None = None,
) -> ExportResult:
    """The common dataset as a package; with `linkage_key` (a key shared with the other
    installations whose packages are to be pooled) each person carries a linkage id."""
    if identifiable and actor is None:
        raise DomainError(
            "An identifiable export needs the user it is for (--as USERNAME).",
            code="export_needs_user",
        )
    if linkage_key is not None and key is not None and linkage_key == key:
        raise DomainError(
            "The linkage key must not be the pseudonymisation key: give --linkage-key-file a "
            "key shared only for linkage, and keep the installation's own key to itself.",
            code="export_linkage_key_reused",
        )
    linker = Linker(linkage_key) if linkage_key is not None else None
    data = extract(
        filters,
        pseudonymiser=Pseudonymiser(key or new_key()),
        identifiable=identifiable,
        linker=linker,
    )
    if not data.scheme_ids:
        raise DomainError("No scheme matches those filters.", code="export_no_scheme")
    if identifiable and actor is not None:
        allowed = scope_for(actor).managed_schemes
        refused = [sid for sid in data.scheme_ids if sid not in allowed]
        if refused:
            raise DomainError(
                f"{actor.username} may not export identifiable data for {len(refused)} of "
                "these schemes; only a scheme's managers may. Narrow the export with --scheme.",
                code="export_not_allowed",
            )
    meta = {
        "pseudonymised": not identifiable,
        "filters": {
            "schemes": list(filters.scheme_slugs),
            "region": filters.region_slug,
            "from": filters.start.isoformat() if filters.start else None,
            "to": filters.end.isoformat() if filters.end else None,
        },
        "keyed_hash": "HMAC-SHA256, truncated to 20 hex digits; key not stored",
        "linkage": linkage_meta(linker),
    }
    if data.set_aside:
        # What the pseudonymised tables cannot show, so a report from the package counts it.
        meta["set_aside"] = dict(data.set_aside)
    path = write_package(
        data.tables, out_dir, identifiable=identifiable, parquet=parquet, meta=meta
    )
    if identifiable:
        _audit_identifiable(actor, data.person_ids, data.scheme_ids, out_dir)
    return ExportResult(
        path=path, rows={k: v.height for k, v in data.tables.items()}, identifiable=identifiable
    )


@transaction.atomic
def _audit_identifiable(
    actor: User | None, person_ids: list[uuid.UUID], scheme_ids: list[uuid.UUID], out_dir: Path
) -> None:
    audit_record_list(
        actor=actor,
        action="export",
        object_type="common_dataset",
        rows=[(pid, None) for pid in person_ids],
        detail={"identifiable": True, "people": len(person_ids), "out": str(out_dir)},
    )
