"""The end-of-episode summary as a FHIR document Bundle, sent to the practice by MESH beside
the PDF and the coded events: registered on messaging's `extra_documents` hook, so each
discharge (or amendment) sends it as one more tracked MESH message."""

from __future__ import annotations

import json

from linkwork.episodes.models import EpisodeSummary
from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.summary import summary_document
from linkwork.messaging.documents import Document

KIND = "fhir_document"


def summary_fhir_document(summary: EpisodeSummary) -> list[Document]:
    """The summary version as a validated FHIR document Bundle, the same one
    /fhir/Composition/{id}/$document answers (the version is a snapshot: a retry sends the
    same bytes)."""
    practice = summary.referral.practice
    bundle = summary_document(
        summary.content,
        summary_id=str(summary.pk),
        version=summary.version,
        written_at=summary.created_at,
        practice_ods=practice.code if practice else "",
        amendment_reason=summary.reason,
    )
    return [
        Document(
            KIND,
            f"end-of-episode-summary-{summary.referral_id}-v{summary.version}.fhir.json",
            systems.MEDIA_TYPE,
            json.dumps(bundle, indent=2, ensure_ascii=False).encode(),
        )
    ]
