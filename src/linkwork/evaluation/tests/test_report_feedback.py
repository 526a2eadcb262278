"""The evaluation report carries the people's own feedback by scheme, with small numbers
hidden for every audience."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.one_use_tokens import token_hash
from linkwork.episodes.models import Encounter
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.tests.conftest import json_report
from linkwork.testing.world import SmallWorld
from linkwork.voice.feedback_services import feedback_submit
from linkwork.voice.models import FeedbackRequest
from linkwork.voice.questionnaire import ITEM_CODES

pytestmark = pytest.mark.django_db


def test_the_report_shows_feedback_by_scheme_suppressed(casework: SmallWorld) -> None:
    # The episodes discharged in the casework each have a feedback request: two answer.
    requests = list(FeedbackRequest.objects.order_by("created_at")[:2])
    assert len(requests) == 2
    # Answered on the report's "as at" day (its latest session), so inside its year.
    as_at = Encounter.objects.aggregate(day=Max("occurred_on"))["day"]
    # The second answers a week after it: answers follow discharge, so they can postdate the
    # casework, and the feedback year runs to the latest of them.
    later = as_at + timedelta(days=7)
    for number, request in enumerate(requests):
        FeedbackRequest.objects.filter(pk=request.pk).update(token_hash=token_hash(f"t{number}"))
        feedback_submit(
            token=f"t{number}",
            answers=dict.fromkeys(ITEM_CODES, "agree"),
            today=later if number else as_at,
        )
    client = Client()
    client.force_login(casework.users[Role.SCHEME_MANAGER])
    client.post(reverse("evaluation:run"))
    job = ReportJob.objects.get()
    assert job.result is not None
    feedback = job.result["feedback"]
    assert feedback["threshold"] == 10
    assert feedback["until"] == later.isoformat()
    assert feedback["rounding_base"] == 1  # the scheme's own managers see exact counts
    (row,) = feedback["rows"]
    # Two answers: hidden even from the scheme's own managers, count included.
    assert row == {
        "scheme": casework.scheme.name,
        "n": None,
        **dict.fromkeys(ITEM_CODES),
        "suppressed": True,
        "hidden": list(ITEM_CODES),
    }
    page = client.get(reverse("evaluation:dashboard")).content.decode()
    assert "Feedback from people supported" in page


def test_the_command_line_report_carries_feedback_rounded_for_outside_readers(
    casework: SmallWorld, tmp_path: Path
) -> None:
    as_at = Encounter.objects.aggregate(day=Max("occurred_on"))["day"]
    for number, request in enumerate(FeedbackRequest.objects.order_by("created_at")[:2]):
        FeedbackRequest.objects.filter(pk=request.pk).update(token_hash=token_hash(f"c{number}"))
        feedback_submit(token=f"c{number}", answers=dict.fromkeys(ITEM_CODES, "agree"), today=as_at)
    report = json_report(tmp_path / "r.json", "--min-cell", "2", "--round-to", "5")
    feedback = report["feedback"]
    assert feedback["threshold"] == 2
    assert feedback["rounding_base"] == 5
    rows = {r["scheme"]: r for r in feedback["rows"]}
    row = rows[casework.scheme.name]
    # Two answers, both agreeing: a threshold of 2 shows the scheme, its count rounded (2 to
    # 0, halves up from 2.5), and withholds percentages everyone answered the same way.
    assert row["scheme"] == casework.scheme.name
    assert row["suppressed"] is False
    assert row["n"] == 0
    assert row["hidden"] == list(ITEM_CODES)
    # On the page, a withheld percentage reads "not shown", never "not shown%".
    call_command(
        "report", "evaluation", "--quiet", "--min-cell", "2", "--out", str(tmp_path / "r.html")
    )
    html = (tmp_path / "r.html").read_text()
    assert "Feedback from people supported" in html
    assert "not shown%" not in html
    # Asked for a period, the section takes the answers given within it.
    before = json_report(tmp_path / "b.json", "--to", (as_at - timedelta(days=1)).isoformat())
    assert before["feedback"]["until"] == (as_at - timedelta(days=1)).isoformat()
    # A data package has no answer dates, so its report leaves the section out.
    call_command("export", "common-dataset", "--out", str(tmp_path / "pkg"), stdout=StringIO())
    packaged = json_report(tmp_path / "p.json", "--package", str(tmp_path / "pkg"))
    assert "feedback" not in packaged
