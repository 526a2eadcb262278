"""Resources and workforce beside integration, for the dashboards: each practice's funds,
protected time and link worker cover next to its classification, and the practices of each
classification taken together, as the Glasgow evaluation related how far practices embedded
the programme to their resources and to continuity of link worker support.

Funds, protected time, WTE and link workers are facts about organisations and staff, shown as
they are. Caseload per WTE rests on a count of people (the practices' open episodes), so it is
shown only for groups of practices, under disclosure control: each classification's count
and the whole add up, a count from 1 to the threshold less one is hidden with any count that
would let it be worked out, published counts are rounded to the nearest 5 and the caseload per
WTE is worked out again from the rounded count.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from linkwork.implementation.assessment import PracticeAssessment
from linkwork.implementation.rules import Classification
from linkwork.stats.suppression import DEFAULT_THRESHOLD
from linkwork.workforce.practice_workforce import PracticeWorkforce

SUPPRESSED = "[c]"
NOT_AVAILABLE = "n/a"
TOTAL = "all"


@dataclass(frozen=True)
class ClassResources:
    """The practices of one classification (or all of them), taken together."""

    code: str
    label: str
    practices: int
    funds_per_practice: Decimal | None
    gp_time_share: float | None
    protected_hours_per_practice: Decimal | None
    with_protected_time: int
    hosted_wte: Decimal
    same_link_worker: int
    open_episodes: str  # as published: rounded, or SUPPRESSED
    caseload_per_wte: str


def _per(total: Decimal, n: int) -> Decimal | None:
    return (total / n).quantize(Decimal("1")) if n else None


def _published(
    counts: Mapping[str, int], margins: Sequence[tuple[str, tuple[str, ...]]], threshold: int
) -> dict[str, int | None]:
    # Through the package, whose names load on first use: numpy waits for a page that needs it.
    from linkwork import stats

    try:
        hidden = stats.protect(
            counts,
            [stats.Margin(total=total, parts=parts) for total, parts in margins],
            threshold=threshold,
        ).hidden
    except ValueError:
        hidden = set(counts)
    return {k: None if k in hidden else stats.round_count(v) for k, v in counts.items()}


def resources_by_classification(
    results: Sequence[PracticeAssessment],
    facts: Mapping[uuid.UUID, PracticeWorkforce],
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> list[ClassResources]:
    """One row per classification with practices, then one for all of them."""
    groups: dict[str, list[PracticeWorkforce]] = {}
    for result in results:
        groups.setdefault(result.assessment.classification, []).append(
            facts.get(result.practice_id, PracticeWorkforce())
        )
    order = [c.value for c in Classification if c.value in groups]
    labels = {c.value: c.label for c in Classification}
    members = {code: groups[code] for code in order}
    members[TOTAL] = [f for code in order for f in groups[code]]
    labels[TOTAL] = "All practices"
    counts = {code: sum(f.open_episodes for f in rows) for code, rows in members.items()}
    shown = _published(counts, [(TOTAL, tuple(order))], threshold)
    out = []
    for code, rows in members.items():
        funds = sum((f.funds_gbp for f in rows), Decimal(0))
        gp_time = sum((f.gp_time_gbp for f in rows), Decimal(0))
        hours = sum((f.protected_hours for f in rows), Decimal(0))
        wte = sum((f.hosted_wte for f in rows), Decimal(0))
        published = shown[code]
        per_wte = (
            SUPPRESSED
            if published is None
            else (f"{published / float(wte):.1f}" if wte else NOT_AVAILABLE)
        )
        out.append(
            ClassResources(
                code=code,
                label=labels[code],
                practices=len(rows),
                funds_per_practice=_per(funds, len(rows)),
                gp_time_share=float(gp_time / funds) if funds else None,
                protected_hours_per_practice=(hours / len(rows)).quantize(Decimal("0.1"))
                if rows
                else None,
                with_protected_time=sum(1 for f in rows if f.protected_hours),
                hosted_wte=wte.quantize(Decimal("0.01")),
                same_link_worker=sum(1 for f in rows if f.same_link_worker),
                open_episodes=SUPPRESSED if published is None else str(published),
                caseload_per_wte=per_wte,
            )
        )
    return out


def practice_caseload(facts: PracticeWorkforce, *, threshold: int = DEFAULT_THRESHOLD) -> str:
    """One practice's caseload per WTE, as its own dashboard shows it: hidden when it rests
    on a count of people from 1 to the threshold less one."""
    if 0 < facts.open_episodes < threshold:
        return SUPPRESSED
    per_wte = facts.caseload_per_wte
    return NOT_AVAILABLE if per_wte is None else f"{per_wte:.1f}"
