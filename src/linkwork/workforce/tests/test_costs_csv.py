"""Costs from and to CSV: all or nothing, every fault named, formula-safe output."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from linkwork.testing.world import SmallWorld
from linkwork.workforce.models import SchemeCost

pytestmark = pytest.mark.django_db

HEADER = "scheme,period_start,period_end,category,amount_gbp,note\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "costs.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_file_is_imported_and_exported_safely(world: SmallWorld, tmp_path: Path) -> None:
    slug = world.scheme.slug
    path = write(
        tmp_path,
        f'{slug},2025-04-01,2026-03-31,staff,"112,500.00",two posts\n'
        f'{slug},2025-04-01,2026-03-31,overheads,9000,=HYPERLINK("x")\n',
    )
    out = io.StringIO()
    call_command("workforce", "import-costs", str(path), "--by", "manager", stdout=out)
    assert "Recorded 2 costs." in out.getvalue()
    assert SchemeCost.objects.get(category="staff").amount_gbp == Decimal("112500.00")
    exported = tmp_path / "out.csv"
    call_command("workforce", "export-costs", "--scheme", slug, "--output", str(exported))
    text = exported.read_text()
    assert "'=HYPERLINK" in text  # a spreadsheet shows it as text
    # What was written reads back as it was.
    SchemeCost.objects.all().delete()
    call_command("workforce", "import-costs", str(exported), "--by", "manager", stdout=out)
    assert SchemeCost.objects.get(category="overheads").note == '=HYPERLINK("x")'


def test_one_bad_row_imports_nothing_and_names_each_fault(
    world: SmallWorld, tmp_path: Path
) -> None:
    slug = world.scheme.slug
    path = write(
        tmp_path,
        f"{slug},2025-04-01,2026-03-31,staff,100,\nnowhere,2025-04-01,31/03/2026,staff,lots,\n",
    )
    with pytest.raises(CommandError) as caught:
        call_command("workforce", "import-costs", str(path), "--by", "manager")
    message = str(caught.value)
    assert "row 3, scheme" in message
    assert "row 3, period_end" in message
    assert "row 3, amount_gbp" in message
    assert not SchemeCost.objects.exists()


def test_a_rule_broken_in_a_later_row_rolls_back_the_earlier_ones(
    world: SmallWorld, tmp_path: Path
) -> None:
    slug = world.scheme.slug
    path = write(
        tmp_path,
        f"{slug},2025-04-01,2026-03-31,staff,100,\n{slug},2025-04-01,2026-03-31,staff,200,\n",
    )
    with pytest.raises(CommandError, match="row 3, category"):
        call_command("workforce", "import-costs", str(path), "--by", "manager")
    assert not SchemeCost.objects.exists()


def test_missing_columns_are_named(world: SmallWorld, tmp_path: Path) -> None:
    path = tmp_path / "costs.csv"
    path.write_text("scheme,amount\nx,1\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"no columns period_start, .*Its columns are scheme, amount;"
    ):
        call_command("workforce", "import-costs", str(path), "--by", "manager")
