"""Ethnicity answers read as a group and a choice within it, never the group twice."""

from __future__ import annotations

import pytest

from linkwork.people.vocab import ETHNICITY_CHOICES


@pytest.mark.parametrize(("code", "label"), ETHNICITY_CHOICES)
def test_no_label_repeats_its_group(code: str, label: str) -> None:
    group, _, choice = label.partition(": ")
    assert choice.lower() != group.lower(), f"{code}: {label}"
