"""Reads of each practice's resources and link worker cover over a period, for the
implementation dashboards to set beside how far the programme is embedded there (as the
Glasgow evaluation related integration to the development fund, protected time and
continuity of link worker support). A fixed number of queries however many practices.

- Funds: those whose period overlaps the period, in full (a fund is given once, for its
  whole period), and how much of them pays for GP time.
- Protected time: hours a week of the records in force at some time in the period, the extra
  consultation minutes they bought and how the time was used.
- Hosted WTE: the filled posts hosting the practice at the period's end, each post's WTE
  shared equally between the practices it hosts.
- Link workers: the holders of posts hosting the practice at any time in the period;
  `same_link_worker` when one holder covered the whole period.
- Open episodes: the practice's episodes open at the period's end (accepted, not yet
  closed), a count of people the dashboards show only under disclosure control.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q

from linkwork.episodes.models import Referral
from linkwork.workforce.models import LinkWorkerPost, PracticeFund, ProtectedTime
from linkwork.workforce.vocab import FundPurpose, wte

NOT_YET_CASELOAD = ("received", "declined")


@dataclass(frozen=True)
class PracticeWorkforce:
    funds_gbp: Decimal = Decimal(0)
    gp_time_gbp: Decimal = Decimal(0)
    protected_hours: Decimal = Decimal(0)
    extra_minutes: int = 0
    uses: tuple[str, ...] = ()
    hosted_wte: Decimal = Decimal(0)
    link_workers: int = 0
    same_link_worker: bool = False
    open_episodes: int = 0

    @property
    def caseload_per_wte(self) -> float | None:
        return self.open_episodes / float(self.hosted_wte) if self.hosted_wte else None


def _overlapping(start: date, end: date) -> Q:
    return Q(period_start__lte=end, period_end__gte=start)


def practice_workforce(
    *, practice_ids: Iterable[uuid.UUID], start: date, end: date
) -> dict[uuid.UUID, PracticeWorkforce]:
    ids = list(practice_ids)
    funds: dict[uuid.UUID, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for practice_id, amount, purpose in PracticeFund.objects.filter(
        _overlapping(start, end), practice_id__in=ids
    ).values_list("practice_id", "amount_gbp", "purpose"):
        funds[practice_id][0] += amount
        if purpose == FundPurpose.GP_TIME.value:
            funds[practice_id][1] += amount
    hours: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    minutes: dict[uuid.UUID, int] = defaultdict(int)
    uses: dict[uuid.UUID, list[str]] = defaultdict(list)
    for practice_id, per_week, extra, used in (
        ProtectedTime.objects.filter(_overlapping(start, end), practice_id__in=ids)
        .order_by("period_start", "staff_name")
        .values_list("practice_id", "hours_per_week", "extra_consultation_minutes", "how_used")
    ):
        hours[practice_id] += per_week
        minutes[practice_id] += extra
        if used and used not in uses[practice_id]:
            uses[practice_id].append(used)
    cover = _cover(ids, start, end)
    open_now = dict(
        Referral.objects.filter(practice_id__in=ids, received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .exclude(status__in=NOT_YET_CASELOAD)
        .values_list("practice_id")
        .annotate(n=Count("pk"))
        .values_list("practice_id", "n")
    )
    return {
        pid: PracticeWorkforce(
            funds_gbp=funds[pid][0] if pid in funds else Decimal(0),
            gp_time_gbp=funds[pid][1] if pid in funds else Decimal(0),
            protected_hours=hours.get(pid, Decimal(0)),
            extra_minutes=minutes.get(pid, 0),
            uses=tuple(uses.get(pid, ())),
            hosted_wte=cover[pid][0],
            link_workers=len(cover[pid][1]),
            same_link_worker=cover[pid][2],
            open_episodes=open_now.get(pid, 0),
        )
        for pid in ids
    }


def _cover(
    ids: list[uuid.UUID], start: date, end: date
) -> dict[uuid.UUID, tuple[Decimal, set[uuid.UUID], bool]]:
    """Per practice: hosted WTE at the end, the holders in the period, and whether one holder
    covered all of it."""
    through = LinkWorkerPost.practices.through
    links = list(
        through.objects.filter(organisation_id__in=ids, linkworkerpost__started_on__lte=end)
        .exclude(linkworkerpost__ended_on__lt=start)
        .values_list(
            "organisation_id",
            "linkworkerpost_id",
            "linkworkerpost__holder_id",
            "linkworkerpost__contracted_hours",
            "linkworkerpost__started_on",
            "linkworkerpost__ended_on",
        )
    )
    shared: dict[uuid.UUID, int] = {
        row["linkworkerpost_id"]: row["n"]
        for row in through.objects.filter(linkworkerpost_id__in={link[1] for link in links})
        .values("linkworkerpost_id")
        .annotate(n=Count("organisation_id"))
    }
    result: dict[uuid.UUID, tuple[Decimal, set[uuid.UUID], bool]] = {
        pid: (Decimal(0), set(), False) for pid in ids
    }
    whole: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for practice_id, post_id, holder, hours, started, ended in links:
        total, holders, _ = result[practice_id]
        if holder is not None:
            holders.add(holder)
            if started <= start and (ended is None or ended >= end):
                whole[practice_id].add(holder)
        if holder is not None and (ended is None or ended >= end):
            total += wte(hours) / shared.get(post_id, 1)
        result[practice_id] = (total, holders, False)
    return {
        pid: (total.quantize(Decimal("0.01")), holders, len(holders) == 1 and bool(whole[pid]))
        for pid, (total, holders, _) in result.items()
    }


def casework_is_a_demo_sample() -> bool:
    """Whether `linkwork demo` built the casework: a sample of a year's, so caseload per WTE
    comes out far below a real scheme's and the pages say so. The demo app sits above this
    one, so it is asked through the app registry rather than imported."""
    try:
        build = apps.get_model("demo", "DemoBuild")
    except LookupError:
        return False
    return bool(build.objects.filter(part="casework").exists())
