"""What the referrer says reaches the link worker: their words, the risks, the answers to 'Is
the person currently any of these?'; safety information stays flagged until someone acts; the
decline note reaches the referrer; and the doors into intake treat known numbers safely."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral, ReferralEvent
from linkwork.episodes.services.safety import referral_safety_record
from linkwork.episodes.tests.test_referral_views import (
    logged_in,
    referral_post,
    self_referral_post,
)
from linkwork.organisations.services import scheme_policy_set
from linkwork.people.models import Person
from linkwork.people.services import person_merge
from linkwork.testing.world import SmallWorld, default_policy, refer, referral_api_body

pytestmark = pytest.mark.django_db

NHS = "9434765919"


def gp_referral(world: SmallWorld, **overrides: object) -> dict[str, object]:
    return referral_post(
        **{
            "scheme": str(world.scheme.pk),
            "practice": str(world.practice.pk),
            "reasons": ["loneliness_isolation"],
            "reason_text": "Lost her husband in March; not leaving the house.",
            "risk_flags": ["lone_working_caution"],
            "exclusions": ["current_crisis"],
            "person-nhs_number": "943-476-5919",
            **overrides,
        }
    )


def refer_by_gp(world: SmallWorld, **overrides: object) -> Referral:
    client = logged_in(world.users[Role.REFERRER_GP])
    response = client.post(reverse("episodes:referral_new"), gp_referral(world, **overrides))
    assert response.status_code == 302, response.content.decode()
    return Referral.objects.order_by("-created_at").first()  # type: ignore[return-value]


def test_the_referrers_words_and_answers_reach_triage_the_record_the_summary_and_the_api(
    world: SmallWorld,
) -> None:
    referral = refer_by_gp(world, reasons=["loneliness_isolation", "housing"])
    assert referral.status == "received"
    assert referral.screening == ["current_crisis"]
    worker = logged_in(world.users[Role.LINK_WORKER])
    page = worker.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    assert "Lost her husband in March" in page
    assert "In current or very recent crisis" in page
    assert "Lone-working caution" in page
    assert "current_crisis" not in page
    assert "Loneliness or isolation; Housing" in page
    record = worker.get(reverse("people:person_detail", args=[referral.person_id])).content
    assert "Lost her husband in March" in record.decode()
    api = worker.get(f"/api/v1/referrals/{referral.pk}").json()
    assert api["reason_text"].startswith("Lost her husband")
    assert api["screening"] == ["current_crisis"]
    assert api["risk_flags"] == ["lone_working_caution"]


def test_safety_information_stays_flagged_until_a_link_worker_records_what_was_done(
    world: SmallWorld,
) -> None:
    referral = refer_by_gp(world)
    worker = logged_in(world.users[Role.LINK_WORKER])
    episode_url = reverse("episodes:referral_detail", args=[referral.pk])
    assert 'data-testid="safety-flag"' in worker.get(episode_url).content.decode()
    home = worker.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="safety-to-act-on"' in home
    assert "Grace Hopper" in home.split('data-testid="safety-to-act-on"')[1].split("</div>")[0]

    refused = worker.post(reverse("episodes:safety", args=[referral.pk]), {"safety_action": " "})
    assert refused.status_code == 400
    assert "What was done about it" in refused.content.decode()
    worker.post(
        reverse("episodes:safety", args=[referral.pk]),
        {"safety_action": "Spoke to the GP: crisis team involved; visit in pairs."},
    )
    referral.refresh_from_db()
    assert referral.safety_reviewed_by == world.users[Role.LINK_WORKER]
    assert ReferralEvent.objects.filter(referral=referral, kind="safety").count() == 1
    page = worker.get(episode_url).content.decode()
    assert 'data-testid="safety-flag"' not in page
    assert "crisis team involved" in page
    assert (
        'data-testid="safety-to-act-on"'
        not in worker.get(reverse("accounts:home")).content.decode()
    )
    with pytest.raises(DomainError, match="already recorded"):
        referral_safety_record(
            referral=referral, actor=world.users[Role.LINK_WORKER], action="again"
        )


def test_a_referral_without_safety_information_raises_no_flag(world: SmallWorld) -> None:
    referral = refer_by_gp(world, risk_flags=[], exclusions=[])
    assert not referral.safety_flag_open
    home = logged_in(world.users[Role.LINK_WORKER]).get(reverse("accounts:home")).content
    assert b'data-testid="safety-to-act-on"' not in home


def test_an_answer_the_policy_excludes_declines_with_the_reason_the_referrer_sees(
    world: SmallWorld,
) -> None:
    scheme_policy_set(scheme=world.scheme, policy=default_policy(exclusions=("acute_psychosis",)))
    client = logged_in(world.users[Role.REFERRER_GP])
    response = client.post(
        reverse("episodes:referral_new"),
        gp_referral(world, exclusions=["acute_psychosis"]),
        follow=True,
    )
    page = response.content.decode()
    referral = Referral.objects.get()
    assert (referral.status, referral.decline_reason) == ("declined", "exclusion_criterion")
    assert "cannot support people who are: acute psychosis" in page
    assert not referral.safety_flag_open  # declined: nothing for a link worker to act on


def test_the_decline_note_reaches_the_referrer(world: SmallWorld) -> None:
    referral = refer_by_gp(world)
    worker = logged_in(world.users[Role.LINK_WORKER])
    worker.post(
        reverse("episodes:decline", args=[referral.pk]),
        {"reason": "needs_other_service", "note": "Please refer to the bereavement service."},
    )
    referral.refresh_from_db()
    assert referral.decline_note == "Please refer to the bereavement service."
    gp = logged_in(world.users[Role.REFERRER_GP])
    page = gp.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    assert referral.get_decline_reason_display() in page
    assert "Please refer to the bereavement service." in page
    assert gp.get(f"/api/v1/referrals/{referral.pk}").json()["decline_note"] == (
        "Please refer to the bereavement service."
    )


def test_a_practice_re_refers_a_known_person_by_number_and_date_of_birth(
    world: SmallWorld,
) -> None:
    first = refer_by_gp(world)
    worker = logged_in(world.users[Role.LINK_WORKER])
    worker.post(reverse("episodes:decline", args=[first.pk]), {"reason": "needs_other_service"})
    again = refer_by_gp(
        world, **{"person-nhs_number": "943 476 5919", "person-phone": "01632 960 999"}
    )
    assert again.person_id == first.person_id
    assert Person.objects.count() == 1

    client = logged_in(world.users[Role.REFERRER_GP])
    response = client.post(
        reverse("episodes:referral_new"),
        gp_referral(world, **{"person-date_of_birth": "1951-01-01"}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "do not match" in page
    assert "1950" not in page.split("There is a problem")[1].split("</div>")[0]
    assert Referral.objects.count() == 2


def self_refer(world: SmallWorld, **overrides: str):
    data = self_referral_post(world, **overrides)
    return Client().post(
        reverse("episodes:self_referral", args=[world.scheme.slug]), data, follow=True
    )


def without_tokens(page: bytes) -> str:
    """The page as the person sees it: CSRF tokens differ on every response."""
    return re.sub(r'"X-CSRFToken": "[^"]+"|value="[A-Za-z0-9]{64}"', "TOKEN", page.decode())


@pytest.mark.parametrize("typed", [NHS, "943-476-5919", "943 476 5919"])
@pytest.mark.parametrize("date_of_birth", ["1960-12-10", "1980-01-01"])
def test_self_referral_answers_the_same_whether_or_not_the_number_is_known(
    world: SmallWorld, typed: str, date_of_birth: str
) -> None:
    unknown = self_refer(world, **{"person-nhs_number": "401 023 2137"})
    known = refer(world, person={"nhs_number": NHS})  # Ada Lovelace, born 10 Dec 1960
    answer = self_refer(
        world, **{"person-nhs_number": typed, "person-date_of_birth": date_of_birth}
    )
    assert (answer.status_code, answer.redirect_chain[-1][0]) == (
        unknown.status_code,
        unknown.redirect_chain[-1][0],
    )
    assert without_tokens(answer.content) == without_tokens(unknown.content)
    assert "will read your request" in answer.content.decode()  # promises no more than that
    arrived = Referral.objects.exclude(pk=known.pk).order_by("-created_at").first()
    assert arrived is not None
    assert arrived.person_id != known.person_id  # never attached to the known record
    assert (arrived.person.nhs_number, arrived.person.number_to_confirm) == ("", NHS)
    assert arrived.person.phone == "07700 900123"  # what they typed is kept
    known.refresh_from_db()
    assert known.person.referrals.count() == 1

    manager = logged_in(world.users[Role.SCHEME_MANAGER])
    triage = manager.get(reverse("episodes:referral_detail", args=[arrived.pk])).content.decode()
    assert 'data-testid="duplicates"' in triage
    assert "Ada Lovelace" in triage
    person_merge(
        keep=known.person, duplicate=arrived.person, actor=world.users[Role.SCHEME_MANAGER]
    )
    arrived.refresh_from_db()
    assert arrived.person_id == known.person_id


def api_post(world: SmallWorld, body: Mapping[str, object]):
    client = Client()
    client.force_login(world.users[Role.REFERRER_GP])
    return client.post("/api/v1/referrals/", data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("person", "field"),
    [
        ({"sex": "robot"}, "sex"),
        ({"gender_identity": "x"}, "gender_identity"),
        ({"preferred_contact": "pigeon"}, "preferred_contact"),
        ({"email": "not-an-email"}, "email"),
        ({"given_name": "G" * 500}, "given_name"),
    ],
)
def test_the_api_refuses_person_values_the_record_cannot_hold(
    world: SmallWorld, person: dict[str, object], field: str
) -> None:
    body = referral_api_body(world)
    body["person"] = {**body["person"], **person}  # type: ignore[dict-item]
    response = api_post(world, body)
    assert response.status_code == 400, response.content
    assert any(field in key for key in response.json()["errors"]), response.json()
    assert not Person.objects.exists()


def test_the_api_refuses_unknown_screening_answers(world: SmallWorld) -> None:
    body = referral_api_body(world, exclusions=["on_the_moon"])
    response = api_post(world, body)
    assert response.status_code == 400
    assert "exclusions" in response.json()["errors"]
    assert not Referral.objects.exists()


def test_a_self_referral_needs_a_way_to_reply(world: SmallWorld) -> None:
    answer = self_refer(world, **{"person-phone": "", "person-email": ""})
    assert "so the team can reply to you" in answer.content.decode()
    assert not Referral.objects.exists()
