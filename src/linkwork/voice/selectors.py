"""Reads: feedback results by scheme with small numbers suppressed, the comments for the
scheme's managers, what the episode page shows, and the case studies to export."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max

from linkwork import stats
from linkwork.core.needs import Need
from linkwork.episodes.models import Referral
from linkwork.organisations.models import Scheme
from linkwork.voice.models import CaseStudy, FeedbackRequest, FeedbackResponse
from linkwork.voice.permissions import VoiceScope
from linkwork.voice.questionnaire import AGREEING, ITEMS, Item
from linkwork.voice.results_disclosure import TOTAL, GroupCounts, Shown, protect_feedback
from linkwork.voice.scrubbing import scrub
from linkwork.voice.vocab import CaseStudyStatus


def suppression_threshold() -> int:
    return int(getattr(settings, "LINKWORK_SUPPRESSION_THRESHOLD", 10))


def feedback_rounding(scope: VoiceScope) -> int:
    """Exact counts for those who manage every scheme shown (they know who was discharged);
    counts rounded as in every outside publication for anyone else, a commissioner say."""
    if set(scope.scheme_ids) <= scope.managed:
        return 1
    return int(getattr(settings, "LINKWORK_ROUNDING_BASE", 5))


@dataclass(frozen=True)
class FeedbackResults:
    """One row per scheme ("scheme", "n" and each item's percentage agreeing, None where
    withheld, "suppressed" when the whole row is, and "hidden": the items withheld), and the
    total across them when it may be shown."""

    rows: list[dict[str, object]]
    total: dict[str, object] | None
    threshold: int
    since: date
    until: date
    rounding: int = 1
    items: tuple[Item, ...] = ITEMS


def _counts(answers: Sequence[dict[str, str]]) -> GroupCounts:
    return GroupCounts(
        n=len(answers),
        agreeing={
            item.code: sum(1 for a in answers if a.get(item.code) in AGREEING) for item in ITEMS
        },
    )


def _row(
    label: str, key: str, counts: GroupCounts, shown: Shown, rounding: int
) -> dict[str, object]:
    if key in shown.hidden_groups:
        return {
            "scheme": label,
            "n": None,
            **dict.fromkeys(i.code for i in ITEMS),
            "suppressed": True,
            "hidden": [i.code for i in ITEMS],
        }
    withheld = shown.withheld[key]
    # Percentages come from the rounded counts, as in the evaluation report, so that the
    # exact count cannot be worked back from a percentage and the rounded total.
    n = stats.round_count(counts.n, rounding)
    row: dict[str, object] = {"scheme": label, "n": n}
    for item in ITEMS:
        agreeing = stats.round_count(counts.agreeing[item.code], rounding)
        row[item.code] = None if item.code in withheld or not n else round(100 * agreeing / n)
    row["suppressed"] = False
    row["hidden"] = [i.code for i in ITEMS if i.code in withheld]
    return row


def feedback_results(
    *,
    scheme_ids: Iterable[uuid.UUID],
    since: date,
    until: date,
    threshold: int | None = None,
    rounding: int = 1,
) -> FeedbackResults:
    """The share agreeing with each statement, by scheme, from the answers given between
    `since` and `until`, under the evaluation's disclosure control (see
    `voice.results_disclosure`): a scheme with fewer than `threshold` answers shows no figures
    (nor its count), a percentage that would tell a small group's answer, or that every
    answer fell the same side, is withheld, and more are hidden with them where the total
    would give them away. The total is shown for two or more schemes, and only when it
    reaches the threshold itself. Counts are rounded to the nearest `rounding` (1: exact, for
    the schemes' own managers)."""
    limit = suppression_threshold() if threshold is None else threshold
    ids = list(scheme_ids)
    names = dict(Scheme.objects.filter(pk__in=ids).values_list("pk", "name"))
    by_scheme: dict[uuid.UUID, list[dict[str, str]]] = {pk: [] for pk in names}
    responses = FeedbackResponse.objects.filter(
        scheme_id__in=ids, submitted_on__gte=since, submitted_on__lte=until
    ).values_list("scheme_id", "answers")
    for scheme_id, answers in responses:
        by_scheme[scheme_id].append(answers or {})
    ordered = sorted(names, key=lambda pk: names[pk])
    counts = {str(pk): _counts(by_scheme[pk]) for pk in ordered}
    everyone = _counts([a for pk in ordered for a in by_scheme[pk]])
    total_shown = len(ordered) > 1 and everyone.n >= limit
    shown = protect_feedback(
        counts, items=[i.code for i in ITEMS], threshold=limit, total_shown=total_shown
    )
    rows = [_row(names[pk], str(pk), counts[str(pk)], shown, rounding) for pk in ordered]
    total = (
        _row("All these schemes", TOTAL, everyone, shown, rounding)
        if total_shown and TOTAL not in shown.hidden_groups
        else None
    )
    return FeedbackResults(rows, total, limit, since, until, rounding)


@dataclass(frozen=True, slots=True)
class Comment:
    scheme: str
    month: date
    text: str
    person_id: uuid.UUID
    scheme_id: uuid.UUID


def feedback_comments(
    *, scheme_ids: Iterable[uuid.UUID], since: date, until: date
) -> list[Comment]:
    """The comments left with feedback, newest first, with the month only: for the scheme's
    managers, never with a name."""
    rows = (
        FeedbackResponse.objects.filter(
            scheme_id__in=list(scheme_ids), submitted_on__gte=since, submitted_on__lte=until
        )
        .exclude(comment="")
        .order_by("-submitted_on", "-created_at")
        .values_list(
            "scheme__name", "submitted_on", "comment", "request__referral__person_id", "scheme_id"
        )
    )
    return [
        Comment(scheme, day.replace(day=1), text, person_id, scheme_id)
        for scheme, day, text, person_id, scheme_id in rows
    ]


@dataclass(frozen=True)
class EpisodeVoice:
    feedback: FeedbackRequest | None
    case_studies: list[CaseStudy] = field(default_factory=list)


def episode_voice(*, referral: Referral) -> EpisodeVoice:
    """Whether the feedback link went and was answered (never the answers), and the
    episode's case studies."""
    request = FeedbackRequest.objects.select_related("message").filter(referral=referral).first()
    return EpisodeVoice(request, list(CaseStudy.objects.filter(referral=referral)))


def case_studies_for(*, scheme_ids: Iterable[uuid.UUID]) -> list[CaseStudy]:
    return list(
        CaseStudy.objects.filter(scheme_id__in=list(scheme_ids))
        .select_related("scheme", "referral__person")
        .order_by("status", "-created_at")
    )


EXPORT_COLUMNS = (
    "case_study",
    "scheme",
    "approved_month",
    "reasons_for_referral",
    "title",
    "what_mattered",
    "what_was_done",
    "what_changed",
)


@dataclass(frozen=True)
class Export:
    rows: list[list[object]]
    subjects: list[tuple[uuid.UUID, uuid.UUID]]  # (person, scheme) of each story exported


def _names(case_study: CaseStudy) -> list[str]:
    referral = case_study.referral
    person = referral.person
    names = [person.given_name, person.family_name, referral.referrer_name]
    for user in (case_study.written_by, referral.link_worker):
        if user is not None:
            names += [user.first_name, user.last_name]
    return [name for name in names if name]


def case_study_export(*, scheme_ids: Iterable[uuid.UUID]) -> Export:
    """Approved case studies whose consent stands, of people whose records are not erased,
    with identifiers scrubbed from every free-text part (scrubbing.scrub) and no date finer
    than the month of approval."""
    studies = (
        CaseStudy.objects.filter(
            scheme_id__in=list(scheme_ids),
            status=CaseStudyStatus.APPROVED.value,
            consent_on__isnull=False,
            consent_withdrawn_on__isnull=True,
            referral__person__erased_at__isnull=True,
        )
        .exclude(consent_how="")
        .select_related("scheme", "written_by", "referral__person", "referral__link_worker")
        .order_by("scheme__name", "approved_at")
    )
    rows: list[list[object]] = []
    subjects: list[tuple[uuid.UUID, uuid.UUID]] = []
    for number, study in enumerate(studies, start=1):
        names = _names(study)
        rows.append(
            [
                number,
                study.scheme.name,
                f"{study.approved_at:%Y-%m}" if study.approved_at else "",
                "; ".join(
                    Need(code).label if code in Need else str(code)
                    for code in study.referral.reasons
                ),
                scrub(study.title, names=names),
                scrub(study.what_mattered, names=names),
                scrub(study.what_was_done, names=names),
                scrub(study.what_changed, names=names),
            ]
        )
        subjects.append((study.referral.person_id, study.scheme_id))
    return Export(rows, subjects)


def feedback_report_section(
    *,
    scheme_ids: Iterable[uuid.UUID],
    until: date,
    threshold: int | None = None,
    rounding: int = 1,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, object]:
    """The year's feedback by scheme for the evaluation report, JSON-safe, with the same
    disclosure control as the results page whatever the report's audience (a manager knows
    who was discharged, so small numbers are hidden from them too); counts rounded to the
    nearest `rounding`. The year ends at `until` or at the latest answer, whichever is later:
    answers come after discharge, so they can postdate the casework the report is dated by.
    A report asked for a period (`start`, `end`) takes the answers given within it, up to a
    year to its end."""
    ids = list(scheme_ids)
    if end is None:
        latest = FeedbackResponse.objects.filter(scheme_id__in=ids).aggregate(
            latest=Max("submitted_on")
        )["latest"]
        end = max(until, latest) if latest is not None else until
    since = end - timedelta(days=364)
    if start is not None:
        since = max(since, start)
    results = feedback_results(
        scheme_ids=ids,
        since=since,
        until=end,
        threshold=threshold,
        rounding=rounding,
    )
    return {
        "since": results.since.isoformat(),
        "until": results.until.isoformat(),
        "threshold": results.threshold,
        "rounding_base": results.rounding,
        "items": [{"code": i.code, "short": i.short, "text": i.text} for i in results.items],
        "rows": results.rows,
        "total": results.total,
    }
