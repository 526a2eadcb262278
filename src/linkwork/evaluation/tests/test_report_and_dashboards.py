from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.evaluation.jobs import FAILED_UNEXPECTEDLY
from linkwork.evaluation.models import ReportJob
from linkwork.evaluation.tests.conftest import json_report
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def test_html_report_is_self_contained(casework: SmallWorld, tmp_path: Path) -> None:
    err, out = StringIO(), StringIO()
    call_command("report", "evaluation", "--out", str(tmp_path / "r.html"), stdout=out, stderr=err)
    html = (tmp_path / "r.html").read_text()
    assert "Wrote the evaluation report" in out.getvalue()
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "@import" not in html
    assert "url(" not in html
    assert "<svg" in html
    assert "Data quality" in html
    assert "Read with care" in html


def test_json_report_and_package_input_agree(casework: SmallWorld, tmp_path: Path) -> None:
    live = json_report(tmp_path / "live.json")
    call_command("export", "common-dataset", "--out", str(tmp_path / "pkg"), stdout=StringIO())
    packaged = json_report(tmp_path / "pkg.json", "--package", str(tmp_path / "pkg"))
    for key in ("scope", "activity", "outcomes", "data_quality", "workforce"):
        assert live[key] == packaged[key], key


def test_bad_report_options(casework: SmallWorld, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--min-cell must be at least 1"):
        call_command("report", "evaluation", "--out", str(tmp_path / "x"), "--min-cell", "0")
    for impossible in ("2026-13-01", "2026-02-30"):
        with pytest.raises(CommandError, match=f"'{impossible}' is not a date; use YYYY-MM-DD"):
            call_command("report", "evaluation", "--out", str(tmp_path / "x"), "--from", impossible)
    with pytest.raises(CommandError, match="--from must not be after --to"):
        call_command(
            "report",
            "evaluation",
            *("--out", str(tmp_path / "x"), "--from", "2026-12-01", "--to", "2026-01-01"),
        )
    with pytest.raises(CommandError, match=r"No datapackage\.json"):
        call_command(
            "report",
            "evaluation",
            "--out",
            str(tmp_path / "x"),
            "--quiet",
            "--package",
            str(tmp_path),
        )


def client_for(world: SmallWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SCHEME_MANAGER, 200),
        (Role.COMMISSIONER, 200),
        (Role.RESEARCHER, 200),
        (Role.LINK_WORKER, 403),
        (Role.REFERRER_GP, 403),
        (Role.PRACTICE_MANAGER, 403),
        (Role.VCSE_WORKER, 403),
        (Role.SYSTEM_ADMIN, 403),
    ],
)
def test_dashboard_access(casework: SmallWorld, role: Role, status: int) -> None:
    assert client_for(casework, role).get(reverse("evaluation:dashboard")).status_code == status


def test_manager_sees_own_scheme_unsuppressed_and_others_see_suppressed(
    casework: SmallWorld,
) -> None:
    manager = client_for(casework, Role.SCHEME_MANAGER)
    response = manager.post(reverse("evaluation:run"))
    assert response.status_code == 302
    job = ReportJob.objects.get(requested_by=casework.users[Role.SCHEME_MANAGER])
    assert (job.status, job.audience, job.scheme_ids) == (
        "done",
        "scheme",
        [str(casework.scheme.pk)],
    )
    page = manager.get(reverse("evaluation:dashboard")).content.decode()
    assert "do not publish this version" in page
    assert "<script" not in page.split("</head>")[1]
    researcher = client_for(casework, Role.RESEARCHER)
    researcher.post(reverse("evaluation:run"))
    external = ReportJob.objects.get(requested_by=casework.users[Role.RESEARCHER])
    assert external.audience == "external"
    assert external.result is not None
    assert external.result["suppression_threshold"] == 10
    # 13 referrals in all: every group below 10 is hidden, so no small group can be read off.
    for row in external.result["activity"]["by_source"]:
        assert row["n"] is None or row["n"] >= 10
    page = researcher.get(reverse("evaluation:dashboard")).content.decode()
    assert "Groups of fewer than 10 people are suppressed" in page
    assert "Person3" not in page


def test_jobs_belong_to_their_requester(casework: SmallWorld) -> None:
    client_for(casework, Role.SCHEME_MANAGER).post(reverse("evaluation:run"))
    job = ReportJob.objects.get()
    other = client_for(casework, Role.RESEARCHER)
    assert other.get(reverse("evaluation:job", args=[job.pk])).status_code == 404
    assert other.get(reverse("evaluation:download", args=[job.pk, "html"])).status_code == 404
    own = client_for(casework, Role.SCHEME_MANAGER)
    html = own.get(reverse("evaluation:download", args=[job.pk, "html"]))
    assert html["Content-Disposition"].endswith('linkwork-evaluation.html"')
    assert own.get(reverse("evaluation:download", args=[job.pk, "pdf"])).status_code == 404


def test_progress_partial_polls_until_done(casework: SmallWorld) -> None:
    job = ReportJob.objects.create(
        requested_by=casework.users[Role.RESEARCHER],
        audience="external",
        status="running",
        progress=40,
        step="Analysing outcomes",
    )
    client = client_for(casework, Role.RESEARCHER)
    partial = client.get(reverse("evaluation:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'value="40"' in body
    assert "Analysing outcomes (40%)" in body
    ReportJob.objects.filter(pk=job.pk).update(status="failed", error=FAILED_UNEXPECTEDLY)
    body = client.get(
        reverse("evaluation:job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "could not finish" in body
    assert "It has been logged for the system administrator" in body
    assert 'hx-trigger="none"' in body
