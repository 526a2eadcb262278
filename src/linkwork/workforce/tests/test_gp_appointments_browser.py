"""In the browser: a link worker records a consenting person's GP appointments on the episode
page, and the scheme's manager sees the change, with the plain statement of what kind of
comparison it is, in the evaluation report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.core.clock import today
from linkwork.testing.browser import fill_date, log_in
from linkwork.testing.world import build_small_world, refer_and_start
from linkwork.workforce.gp_services import GpCounts, gp_appointments_record
from linkwork.workforce.models import GpAppointments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gp_appointments_are_entered_and_reach_the_report(live_server, page: Page) -> None:
    world = build_small_world()
    worker = world.users[Role.LINK_WORKER]
    episodes = [
        refer_and_start(
            world,
            person={"given_name": f"Person{i}"},
            received_on=today() - timedelta(days=300 + i),
        )
        for i in range(3)
    ]
    for referral, (before, after) in zip(episodes[1:], ((6, 2), (3, 3)), strict=True):
        gp_appointments_record(
            actor=worker,
            referral=referral,
            counts=GpCounts(
                consent_recorded_on=today() - timedelta(days=200),
                window_months=6,
                count_before=before,
                count_after=after,
                source="practice_record",
            ),
        )

    log_in(page, live_server.url, "linkworker")
    page.goto(live_server.url + reverse("episodes:referral_detail", args=[episodes[0].pk]))
    expect(page.get_by_test_id("no-gp-appointments")).to_be_visible()
    page.get_by_text("Record GP appointments").click()
    fill_date(page, "Date the person's consent was recorded", today() - timedelta(days=7))
    page.get_by_label("Window (months either side of the referral)").fill("6")
    page.get_by_label("GP appointments in the window before the referral").fill("8")
    page.get_by_label("GP appointments in the window after the referral").fill("4")
    page.get_by_label("Where the counts come from").select_option(label="The GP practice's record")
    page.get_by_role("button", name="Save GP appointments").click()
    expect(page.get_by_test_id("gp-appointments")).to_contain_text(
        "8 GP appointments in the 6 months before the referral and 4"
    )
    assert GpAppointments.objects.get(referral=episodes[0]).count_after == 4

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, "manager")
    page.goto(f"{live_server.url}/evaluation/")
    page.get_by_role("button", name="Run the evaluation").click()
    expect(
        page.get_by_role("heading", name="GP appointments before and after referral")
    ).to_be_visible()
    expect(page.get_by_test_id("gp-statement")).to_contain_text(
        "This is an uncontrolled before-and-after comparison"
    )
    # Yearly: 16, 12 and 6 before; 8, 4 and 6 after.
    expect(page.get_by_test_id("gp-overall")).to_contain_text(
        "GP appointments a year: 11.3 before and 6.0 after, a mean change of -5.3 (95% CI"
    )
