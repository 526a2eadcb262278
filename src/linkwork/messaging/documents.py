"""The documents of an end-of-episode summary that go to the practice: the summary as a PDF
(the same document staff download), and its coded events as JSON. Apps above this one add
documents (a FHIR document Bundle, say) through the `extra_documents` hook."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

from linkwork.core.extensions import Hook
from linkwork.core.pdf import html_to_pdf
from linkwork.episodes.lifecycle import SNOMED_TERMS
from linkwork.episodes.models import EpisodeSummary
from linkwork.episodes.timeline import timeline_entries

SNOMED_SYSTEM = "http://snomed.info/sct"
EVENTS_SCHEMA = "linkwork/episode-coded-events/1"


@dataclass(frozen=True, slots=True)
class Document:
    """One file for the practice. `kind` names it among the summary's documents (one MESH
    message each); a provider of `extra_documents` picks its own kind, e.g. "fhir_bundle"."""

    kind: str
    filename: str
    content_type: str
    data: bytes


# Called with the EpisodeSummary; answers more documents to send with it (or none).
extra_documents: Hook[Callable[[EpisodeSummary], list[Document]]] = Hook("extra_documents")


def summary_pdf(summary: EpisodeSummary) -> Document:
    html = render_to_string(
        "episodes/summary_print.html", {"document": summary, "content": summary.content}
    )
    return Document(
        "summary_pdf",
        f"end-of-episode-summary-{summary.referral_id}-v{summary.version}.pdf",
        "application/pdf",
        html_to_pdf(html),
    )


def coded_events(summary: EpisodeSummary) -> dict[str, object]:
    """The episode's SNOMED CT coded events up to when this version was written, with the
    person's identifiers so the practice can file them against the right record."""
    referral = summary.referral
    events = referral.events.filter(at__lte=summary.created_at).order_by("at")
    coded = [entry for entry in timeline_entries(events) if entry.snomed]
    person = summary.content.get("person", {}) if isinstance(summary.content, dict) else {}
    return {
        "schema": EVENTS_SCHEMA,
        "episode_id": str(referral.pk),
        "summary_version": summary.version,
        "person": person,
        "practice_ods_code": referral.practice.code if referral.practice else "",
        "events": [
            {
                "code": entry.snomed,
                "system": SNOMED_SYSTEM,
                "display": SNOMED_TERMS.get(entry.snomed, entry.title),
                "recorded_at": entry.at.isoformat(),
                "title": entry.title,
            }
            for entry in coded
        ],
    }


def summary_events_json(summary: EpisodeSummary) -> Document:
    data = json.dumps(coded_events(summary), indent=2, ensure_ascii=False).encode()
    return Document(
        "coded_events",
        f"end-of-episode-events-{summary.referral_id}-v{summary.version}.json",
        "application/json",
        data,
    )


def summary_documents(summary: EpisodeSummary) -> list[Document]:
    documents = [summary_pdf(summary), summary_events_json(summary)]
    for provider in extra_documents.providers:
        documents.extend(provider(summary))
    return documents


def summary_document(summary: EpisodeSummary, kind: str) -> Document | None:
    """One of the summary's documents by kind, made afresh (a retry sends the same bytes:
    the summary version is a snapshot)."""
    if kind == "summary_pdf":
        return summary_pdf(summary)
    if kind == "coded_events":
        return summary_events_json(summary)
    for provider in extra_documents.providers:
        for document in provider(summary):
            if document.kind == kind:
                return document
    return None
