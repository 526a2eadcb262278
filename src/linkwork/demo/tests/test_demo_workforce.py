"""The demo world gives every region posts, supervision, funds and costs, the Glasgow City
practices their £35,000 development fund, and the indicators something to show."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.demo.context import read_planted
from linkwork.demo.context_dates import PINNED_REFERENCE_DATE
from linkwork.demo.parts.workforce import financial_year_before
from linkwork.episodes.models import Referral
from linkwork.evaluation.dataset.extract import ExportFilters
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.selectors import evaluation_data_from_db
from linkwork.organisations.models import Region, Scheme
from linkwork.workforce.gp_services import after_window_ends
from linkwork.workforce.models import (
    GpAppointments,
    LinkWorkerPost,
    PracticeFund,
    SchemeCost,
    SupportSession,
    TrainingRecord,
)
from linkwork.workforce.tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_world_has_a_workforce_in_every_region(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.LINKWORK_TODAY = PINNED_REFERENCE_DATE
    call_command(
        "demo",
        "--seed",
        "7",
        "--scale",
        "0.2",
        "--reference-date",
        PINNED_REFERENCE_DATE.isoformat(),
        stdout=StringIO(),
    )
    by_region: dict[str, set[type]] = defaultdict(set)
    kinds = (LinkWorkerPost, SupportSession, TrainingRecord, PracticeFund, SchemeCost)
    for model in kinds:
        for slug in model.objects.values_list("scheme__region__slug", flat=True).distinct():
            by_region[slug].add(model)
    for region in Region.objects.filter(schemes__isnull=False).distinct():
        assert by_region[region.slug] == set(kinds), region.slug
    glasgow = Scheme.objects.get(slug="glasgow-city-community-link-workers")
    per_practice = (
        PracticeFund.objects.filter(scheme=glasgow)
        .values("practice")
        .annotate(total=Sum("amount_gbp"))
    )
    assert per_practice
    assert {row["total"] for row in per_practice} == {Decimal("35000.00")}
    gp_share = (
        PracticeFund.objects.filter(scheme=glasgow, purpose="gp_time").aggregate(
            s=Sum("amount_gbp")
        )["s"]
        / PracticeFund.objects.filter(scheme=glasgow).aggregate(s=Sum("amount_gbp"))["s"]
    )
    assert gp_share == Decimal("0.8")
    assert read_planted()["workforce"]["vacant_posts"] > 0
    # Costs are scaled to the demo's sampled casework: a referral costs what it does in life
    # (a few hundred pounds), not dozens of times that.
    start, end = financial_year_before(PINNED_REFERENCE_DATE)
    spent = SchemeCost.objects.filter(period_start=start).aggregate(s=Sum("amount_gbp"))["s"]
    referrals = Referral.objects.filter(received_on__range=(start, end)).count()
    assert 50 < spent / referrals < 1500
    assert LinkWorkerPost.objects.filter(ended_on__isnull=False).exists()
    # GP appointments before and after, for consenting people of engaged episodes whose
    # window after referral has passed, in Glasgow City and some other schemes.
    counts = list(GpAppointments.objects.select_related("referral"))
    assert GpAppointments.objects.filter(scheme=glasgow).exists()
    assert len({c.scheme_id for c in counts}) > 1
    assert all(c.referral.status in ("active", "discharged") for c in counts)
    assert all(
        after_window_ends(c.referral, c.window_months) <= PINNED_REFERENCE_DATE for c in counts
    )
    assert sum(c.count_after for c in counts) < sum(c.count_before for c in counts)
    # The evaluation report has the workforce indicators of every scheme with posts, and an
    # outside audience still sees the programme's whole.
    data = evaluation_data_from_db(ExportFilters())
    own = build_report(data, audience="scheme")["workforce"]
    staffed = set(LinkWorkerPost.objects.values_list("scheme__name", flat=True))
    assert {row["group"] for row in own["by_scheme"]} == staffed
    for row in own["by_scheme"]:
        assert row["headcount"] > 0, row["group"]
        assert row["supervision_percent"] is not None, row["group"]
        assert row["training_percent"] is not None, row["group"]
    assert own["overall"]["caseload_per_wte"] > 0
    assert own["overall"]["practices_continuity"] > 0
    outside = build_report(data, audience="external")["workforce"]
    assert not outside["overall"]["suppressed"]
    assert outside["overall"]["headcount"] % 5 == 0
    # The demo logins find it: the link worker's own post, the manager's indicators.
    worker = client_for(User.objects.get(username="linkworker"))
    post = LinkWorkerPost.objects.get(holder__username="linkworker")
    assert worker.get(reverse("workforce:post_detail", args=[post.pk])).status_code == 200
    commissioner = client_for(User.objects.get(username="commissioner"))
    page = commissioner.get(reverse("workforce:indicators"))
    assert page.status_code == 200
    assert "Model 3" in page.content.decode()
