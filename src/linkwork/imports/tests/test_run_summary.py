"""A finished import's page says what it wrote kind by kind and which rows it left out and
why (file, row, field and the kind of problem), with no value from those rows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from linkwork.imports import dry_run
from linkwork.imports.dry_run import dry_run_load
from linkwork.imports.harmonise.problems import Problem
from linkwork.imports.harmonise.rejects import rejection_list
from linkwork.imports.models import ImportRun
from linkwork.imports.run_summary import run_summary
from linkwork.testing.world import SmallWorld, build_small_world

from .test_import_pages import manager, upload_valid_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.fixture(autouse=True)
def var_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(VAR_DIR=tmp_path):
        yield tmp_path


def test_the_finished_page_breaks_the_import_down(
    world: SmallWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = manager(world)
    run = upload_valid_rows(client, world)
    client.post(reverse("imports:start", args=[run.pk]))
    run.refresh_from_db()
    assert run.rejected > 0
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    written = page.split('id="written"')[1].split("</table>")[0]
    people = written.split(">People</th>")[1].split("</tr>")[0]
    assert f"</span>{run.counts['person']['created']}</td>" in people
    assert ">Referrals</th>" in written
    rejected = page.split('id="rejections"')[1].split("</ul>")[0]
    assert rejected.count("<li") == len(run.rejections)
    assert "case-management-example.csv row" in rejected
    assert "NHS number not valid" in rejected
    # Where and what kind, never the value: the example's bad NHS number is not on the page.
    assert "9990000019" not in rejected
    assert run.problem_counts["invalid_nhs_number"] >= 1
    # A short list shows open; a longer one than the page opens folds under its count.
    assert re.search(r'data-testid="rows-not-imported" open>', page)
    monkeypatch.setattr(dry_run, "OPEN_PROBLEMS", len(run.rejections) - 1)
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert re.search(r'data-testid="rows-not-imported">', page)
    assert f"{len(run.rejections)} rows listed" in page


def test_rejections_name_place_and_kind_and_are_capped() -> None:
    problems = [
        Problem("a.csv", row, "NHS No", "invalid_nhs_number", f"'NUMBER{row}' is not valid")
        for row in range(2, 12)
    ]
    reasons = {("a.csv", row): ["x"] for row in range(2, 12)} | {("b.csv", 3): ["waits"]}
    listed = rejection_list(problems, reasons, limit=5)
    assert listed == [["a.csv", row, "NHS No", "invalid_nhs_number"] for row in range(2, 7)]
    everything = rejection_list(problems, reasons)
    assert ["b.csv", 3, "", "invalid_dependency"] in everything
    assert all("NUMBER" not in str(entry) for entry in everything)


def test_a_run_with_no_counts_shows_no_breakdown(world: SmallWorld) -> None:
    client = manager(world)
    run = upload_valid_rows(client, world)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, error="Stopped.")
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert 'id="written"' not in page
    assert "Rows not imported" not in page


def test_rows_left_out_but_not_listed_are_counted_without_and_more(world: SmallWorld) -> None:
    client = manager(world)
    run = upload_valid_rows(client, world)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.DONE, rejected=4, rejections=[], problem_counts={}
    )
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "4 rows, not listed here" in page
    assert "And 4 more" not in page
    assert 'id="rejections"' not in page


def test_discarding_a_reversed_import_gives_no_advice_to_reverse_it(world: SmallWorld) -> None:
    client = manager(world)
    run = upload_valid_rows(client, world)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.REVERSED)
    page = client.post(reverse("imports:discard", args=[run.pk]), follow=True).content.decode()
    assert "can no longer be discarded: it is reversed." in page
    assert "reverse it on this page" not in page


def test_the_preview_and_the_finished_page_list_kinds_in_one_order(world: SmallWorld) -> None:
    """Most frequent first, ties by title, on both pages: a tie broken by code on one and by
    title on the other put the same kinds in different orders."""
    client = manager(world)
    run = upload_valid_rows(client, world)
    kept = dry_run_load(run)
    assert kept is not None
    preview = [title for _, title, _ in kept.counts]
    counts = {title: n for _, title, n in kept.counts}
    client.post(reverse("imports:start", args=[run.pk]))
    run.refresh_from_db()
    finished = [title for title, _ in run_summary(run=run).problems]
    assert len(preview) > 2
    assert len(set(counts.values())) < len(counts), "the example has tied kinds"
    assert finished == preview
    assert preview == sorted(preview, key=lambda title: (-counts[title], title))
