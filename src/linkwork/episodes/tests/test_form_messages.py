"""Every message names the field and says what to do; dates use the NHS.UK date input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.episodes.models import Referral
from linkwork.episodes.tests.test_referral_views import logged_in, referral_post
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def errors_beside(page: str, field_id: str) -> list[str]:
    """The error messages shown inside the form group of one field."""
    found = re.findall(
        rf'id="{field_id}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ([^<]+)<',
        page,
    )
    return [message.strip() for message in found]


def test_a_future_referral_date_is_reported_on_the_date(world: SmallWorld) -> None:
    client = logged_in(world.users[Role.REFERRER_GP])
    tomorrow = clock.today() + timedelta(days=1)
    response = client.post(
        reverse("episodes:referral_new"),
        referral_post(
            scheme=str(world.scheme.pk),
            practice=str(world.practice.pk),
            received_on="",
            received_on_day=str(tomorrow.day),
            received_on_month=str(tomorrow.month),
            received_on_year=str(tomorrow.year),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert errors_beside(page, "id_received_on") == [
        "The date of referral cannot be in the future: enter today&#x27;s date or an earlier one."
    ]
    assert "Consent" not in page.split("There is a problem")[1].split("</ul>")[0]
    assert not Referral.objects.exists()


def test_dates_are_day_month_and_year_boxes(world: SmallWorld) -> None:
    page = logged_in(world.users[Role.REFERRER_GP]).get(reverse("episodes:referral_new"))
    html = page.content.decode()
    assert 'type="date"' not in html
    for field in ("received_on", "person-date_of_birth"):
        for part in ("day", "month", "year"):
            assert f'name="{field}_{part}"' in html
    today = clock.today()
    assert f'name="received_on_day" type="text" inputmode="numeric" value="{today.day}"' in html


def test_a_date_that_does_not_exist_is_named(world: SmallWorld) -> None:
    response = logged_in(world.users[Role.REFERRER_GP]).post(
        reverse("episodes:referral_new"),
        referral_post(
            scheme=str(world.scheme.pk),
            practice=str(world.practice.pk),
            received_on="",
            received_on_day="31",
            received_on_month="2",
            received_on_year="2026",
        ),
    )
    page = response.content.decode()
    assert errors_beside(page, "id_received_on") == [
        "Check \u201cDate of referral\u201d. February 2026 has days 1 to 28."
    ]
    assert 'value="31"' in page  # what was typed is kept


def test_a_link_worker_must_say_where_the_referral_came_from(world: SmallWorld) -> None:
    client = logged_in(world.users[Role.LINK_WORKER])
    form = client.get(reverse("episodes:referral_new")).content.decode()
    source = form.split('name="source"')[1].split("</select>")[0]
    assert re.search(r'<option value=""[^>]*selected', source)
    response = client.post(
        reverse("episodes:referral_new"), referral_post(scheme=str(world.scheme.pk))
    )
    page = response.content.decode()
    assert errors_beside(page, "id_source") == ["Choose an answer for \u201cReferral from\u201d."]
    assert not Referral.objects.exists()


def test_no_message_is_the_bare_this_field_is_required(world: SmallWorld) -> None:
    response = logged_in(world.users[Role.REFERRER_GP]).post(
        reverse("episodes:referral_new"), {"scheme": str(world.scheme.pk)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" not in page
    assert "Fill in \u201cFirst name\u201d." in page
    assert "Enter a date for \u201cDate of birth\u201d." in page


def test_a_link_worker_recording_a_referral_is_told_it_waits_for_triage(
    world: SmallWorld,
) -> None:
    client = logged_in(world.users[Role.LINK_WORKER])
    response = client.post(
        reverse("episodes:referral_new"),
        referral_post(scheme=str(world.scheme.pk), source="self"),
        follow=True,
    )
    page = response.content.decode()
    assert "waiting for triage" in page
    assert "A link worker will contact them" not in page


def test_limits_name_their_field(world: SmallWorld) -> None:
    from linkwork.testing.world import refer_and_start

    referral = refer_and_start(world)
    client = logged_in(world.users[Role.LINK_WORKER])
    response = client.post(
        reverse("episodes:encounter_add", args=[referral.pk]),
        {
            "occurred_on": clock.today().isoformat(),
            "mode": "telephone",
            "duration_minutes": "-5",
            "attended": "yes",
        },
    )
    assert "\u201cMinutes\u201d must be 1 or more." in response.content.decode()
    long_name = logged_in(world.users[Role.REFERRER_GP]).post(
        reverse("episodes:referral_new"),
        referral_post(scheme=str(world.scheme.pk), **{"person-given_name": "G" * 500}),
    )
    assert (
        "\u201cFirst name\u201d must be 100 characters or fewer (it has 500)."
        in long_name.content.decode()
    )


@pytest.mark.parametrize(
    ("role", "promise", "shown"),
    [
        (Role.PRACTICE_MANAGER, "Referrals from your practice", "practice-referrals"),
        (Role.REFERRER_GP, "schemes you can refer people to", "referrable-schemes"),
    ],
)
def test_home_pages_show_what_their_lead_promises(
    world: SmallWorld, role: Role, promise: str, shown: str
) -> None:
    from linkwork.testing.world import refer

    refer(world)
    page = logged_in(world.users[role]).get(reverse("accounts:home")).content.decode()
    assert promise in page
    assert f'data-testid="{shown}"' in page
