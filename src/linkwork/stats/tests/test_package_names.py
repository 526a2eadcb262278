"""The package's public names load on first use and are the very objects of their modules."""

from __future__ import annotations

import importlib

import pytest

import linkwork.stats
from linkwork.stats import suppression


@pytest.mark.parametrize("name", linkwork.stats.__all__)
def test_each_public_name_resolves(name: str) -> None:
    assert getattr(linkwork.stats, name) is not None


def test_a_name_is_its_modules_own_object() -> None:
    assert linkwork.stats.suppress_rows is suppression.suppress_rows
    assert importlib.import_module("linkwork.stats.mixed").delivery_model_comparison is (
        linkwork.stats.delivery_model_comparison
    )


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'wilson'"):
        _ = linkwork.stats.wilson
