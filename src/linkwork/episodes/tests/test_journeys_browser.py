"""Browser journeys: a GP refers, a link worker takes the referral from triage to discharge,
a person refers themself, and a caseload is handed over."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.directory.services import needs_taxonomy_ensure
from linkwork.episodes.models import Referral
from linkwork.testing.browser import fill_date, log_in, open_menu_item
from linkwork.testing.listed import listed_service
from linkwork.testing.world import build_small_world, refer, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gp_refers_and_link_worker_takes_it_to_discharge(live_server, page: Page) -> None:
    world = build_small_world()
    needs_taxonomy_ensure()  # a transactional test before this one may have flushed it
    listed_service(world)
    log_in(page, live_server.url, "gp")
    page.get_by_role("link", name="Refer someone to a link worker").click()
    page.get_by_label("Loneliness or isolation").check()
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    fill_date(page, "Date of birth", "1950-12-09")
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_label("More about the reasons").fill("Widowed in March; rarely leaves the house.")
    page.get_by_label("Lone-working caution").check()
    page.get_by_label("In current or very recent crisis").check()
    page.get_by_label("The person has agreed to be referred").check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server.url, "linkworker")
    expect(page.get_by_test_id("safety-to-act-on")).to_contain_text("Grace Hopper")
    page.get_by_test_id("triage").get_by_role("link", name="Grace Hopper").click()
    expect(page.get_by_test_id("reason-text")).to_contain_text("Widowed in March")
    expect(page.get_by_test_id("safety")).to_contain_text("In current or very recent crisis")
    expect(page.get_by_test_id("safety")).to_contain_text("Lone-working caution")
    page.get_by_label("What was done about it").fill("Called the GP: crisis team involved.")
    page.get_by_role("button", name="Record what was done").click()
    expect(page.get_by_test_id("safety-action")).to_contain_text("crisis team involved")
    page.get_by_label("Assign to").select_option(
        label="Linkworker Tester (0 people on their caseload)"
    )
    page.get_by_role("button", name="Accept referral").click()
    expect(page.get_by_test_id("status")).to_contain_text("Waiting for a first session")
    expect(page.get_by_test_id("session-of-cap")).to_have_text("Session 1 of 6")
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Notes").fill("Talked about the allotment society.")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_test_id("status")).to_contain_text("Active")
    expect(page.get_by_test_id("session-of-cap")).to_have_text("Session 2 of 6")
    expect(page.get_by_test_id("waiting-time")).to_contain_text("to first contact")
    page.get_by_label("New goal").fill("Join the allotment society")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_test_id("goals")).to_contain_text("Join the allotment society")
    episode_url = page.url

    # A connection to a listed service, with consent to share, reaches its provider.
    suggestion = page.get_by_test_id("suggestion").filter(has_text="Friendship café")
    suggestion.get_by_text("Connect to Friendship café").click()
    suggestion.get_by_label("Yes, they agree").check()
    suggestion.get_by_role("button", name="Connect").click()
    expect(page.get_by_test_id("connections")).to_contain_text("Requested")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, "vcse")
    open_menu_item(page, "Inbox")
    card = page.get_by_test_id("connection").filter(has_text="Grace Hopper")
    card.get_by_label("Update for this person").select_option(label="Accepted")
    card.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Saved: Accepted.")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, "linkworker")
    page.goto(episode_url)
    expect(page.get_by_test_id("connections")).to_contain_text("Accepted")

    referral = Referral.objects.get(person__family_name="Hopper")
    for timepoint, answer in (("baseline", 4), ("discharge", 7)):
        page.goto(
            f"{live_server.url}/outcomes/referrals/{referral.pk}/record/"
            f"?instrument=ons4&timepoint={timepoint}"
        )
        for item in ("life_satisfaction", "worthwhile", "happiness", "anxiety"):
            page.locator(f"#id_item_{item}_{answer}").check()
        page.get_by_role("button", name="Save questionnaire").click()
        expect(page.get_by_role("status")).to_contain_text(f"{timepoint} recorded")

    page.goto(episode_url)
    page.get_by_role("link", name="Discharge").click()
    page.get_by_label("Reason for discharge").select_option("connected_to_support")
    page.get_by_role("button", name="Discharge and write the summary").click()
    expect(
        page.get_by_role("heading", name="Social prescribing summary: Grace Hopper")
    ).to_be_visible()
    summary = page.get_by_test_id("summary")
    expect(summary).to_contain_text("871731000000106")
    expect(summary).to_contain_text("ONS personal well-being (ONS4)")
    expect(summary).to_contain_text("Widowed in March")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download version 1 as a PDF").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("button", name="Mark as sent to the practice").click()
    expect(page.get_by_test_id("summary-sent")).to_contain_text("Sent to the practice on")
    referral.refresh_from_db()
    assert referral.status == "discharged"
    assert referral.scheme == world.scheme


def test_decline_without_a_reason_shows_the_error_summary(live_server, page: Page) -> None:
    world = build_small_world()
    referral = refer(world)
    log_in(page, live_server.url, "linkworker")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    page.get_by_role("button", name="Decline referral").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("There is a problem")


def test_the_referrer_sees_why_their_referral_was_declined(live_server, page: Page) -> None:
    world = build_small_world()
    referral = refer(world)
    log_in(page, live_server.url, "linkworker")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    page.get_by_label("Why is the referral declined?").select_option(
        label="Needs are better met by another service"
    )
    page.get_by_label("Note for the referrer").fill("Please refer to the bereavement service.")
    page.get_by_role("button", name="Decline referral").click()
    expect(page.get_by_test_id("status")).to_contain_text("Declined")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, "gp")
    page.get_by_test_id("my-referrals").get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_test_id("declined")).to_contain_text("better met by another service")
    expect(page.get_by_test_id("decline-note")).to_contain_text("bereavement service")


def test_person_refers_themself(live_server, page: Page) -> None:
    world = build_small_world()
    page.goto(f"{live_server.url}/self-referral/{world.scheme.slug}/")
    page.get_by_label("Mental wellbeing").check()
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Jones")
    fill_date(page, "Date of birth", "1980-01-01")
    page.get_by_label("Telephone").fill("07700 900123")
    page.get_by_label("Your GP practice").select_option(label=world.practice.name)
    page.get_by_label("I agree to a link worker contacting me").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Referral.objects.get().source == "self"


def test_a_member_of_the_public_finds_the_form_from_the_sign_in_page(
    live_server, page: Page
) -> None:
    world = build_small_world()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Refer yourself to a link worker").click()
    page.get_by_role("link", name=world.scheme.name).click()
    expect(page.get_by_role("heading", name="Ask for help from a link worker")).to_be_visible()
    expect(page.get_by_text(world.scheme.name).first).to_be_visible()


def test_link_worker_hands_over_their_caseload(live_server, page: Page) -> None:
    world = build_small_world()
    referral = refer_and_start(world)
    log_in(page, live_server.url, "linkworker")
    page.goto(f"{live_server.url}/caseload/handover/")
    page.get_by_label("Ada Lovelace").check()
    page.get_by_label("Hand over to").select_option(label="Colleague Tester")
    page.get_by_label("Handover note").fill("On leave for three weeks; Ada prefers mornings.")
    fill_date(page, "From", timezone.localdate())
    page.get_by_role("button", name="Hand over").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Handed over 1 people")
    referral.refresh_from_db()
    assert referral.link_worker == world.extra["colleague"]


def test_the_consent_checkbox_reads_across_the_page(live_server, page: Page) -> None:
    build_small_world()
    log_in(page, live_server.url, "gp")
    page.goto(f"{live_server.url}/referrals/new/")
    label = page.locator("label[for=id_agreed]").bounding_box()
    assert label is not None
    assert label["width"] > 300, label  # not squeezed to a word per line
    assert label["height"] < 60, label
