"""The error summary lists the problems in the order their fields appear on the page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.testing.page_ids import element_ids, error_summary_targets
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def _in_page_order(html: str) -> tuple[list[str], list[str]]:
    targets = error_summary_targets(html)
    ids = element_ids(html)
    assert targets, "the page shows no error summary"
    assert all(target in ids for target in targets), targets
    return targets, sorted(targets, key=ids.index)


def test_the_referral_forms_errors_run_down_the_page(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    # Nothing filled in: errors in the referral part, the person part and the agreement.
    response = client.post(reverse("episodes:referral_new"), {"scheme": str(world.scheme.pk)})
    assert response.status_code == 400
    targets, page_order = _in_page_order(response.content.decode())
    assert targets == page_order
    # The agreement comes after the person's details on the page, and so in the summary.
    assert targets[-1].endswith("agreed")
    assert any("given_name" in target for target in targets)


def test_the_self_referral_forms_errors_run_down_the_page(world: SmallWorld) -> None:
    response = Client().post(reverse("episodes:self_referral", args=[world.scheme.slug]), {})
    assert response.status_code == 400
    targets, page_order = _in_page_order(response.content.decode())
    assert targets == page_order
    assert targets[0].startswith("id_reasons")
    assert targets[-1].endswith("agreed")
