"""Every role against every kind of identifiable record, page and action: allowed and refused.

The cast (see testing/world.py): link worker and scheme manager of the English scheme, a
colleague link worker there, a link worker of the Scottish scheme, the GP who referred, a
GP at a practice the scheme does not serve, the referring practice's manager, a VCSE worker,
a commissioner, a researcher and a system administrator."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Referral
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db

CAST: dict[str, Callable[[SmallWorld], User]] = {
    "link_worker": lambda w: w.users[Role.LINK_WORKER],
    "colleague": lambda w: w.extra["colleague"],
    "scheme_manager": lambda w: w.users[Role.SCHEME_MANAGER],
    "other_scheme_lw": lambda w: w.extra["scot_link_worker"],
    "referring_gp": lambda w: w.users[Role.REFERRER_GP],
    "other_gp": lambda w: w.extra["other_gp"],
    "practice_manager": lambda w: w.users[Role.PRACTICE_MANAGER],
    "vcse": lambda w: w.users[Role.VCSE_WORKER],
    "commissioner": lambda w: w.users[Role.COMMISSIONER],
    "researcher": lambda w: w.users[Role.RESEARCHER],
    "sysadmin": lambda w: w.users[Role.SYSTEM_ADMIN],
}

# (page, method) -> expected status per cast member, in CAST order.
OK, FOUND, NO, GONE = 200, 302, 403, 404
MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    #                                 lw   coll  sm   oslw  rgp  ogp  pm   vcse comm res  sys
    ("person", "get"): (OK, OK, OK, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    ("referral", "get"): (OK, OK, OK, GONE, OK, GONE, OK, GONE, GONE, GONE, GONE),
    ("accept", "post"): (FOUND, FOUND, FOUND, GONE, NO, GONE, NO, GONE, GONE, GONE, GONE),
    ("safety", "post"): (FOUND, FOUND, FOUND, GONE, NO, GONE, NO, GONE, GONE, GONE, GONE),
    ("encounter", "post"): (FOUND, FOUND, FOUND, GONE, NO, GONE, NO, GONE, GONE, GONE, GONE),
    ("discharge", "get"): (OK, OK, OK, GONE, NO, GONE, NO, GONE, GONE, GONE, GONE),
    ("summary", "get"): (OK, OK, OK, GONE, GONE, GONE, OK, GONE, GONE, GONE, GONE),
    ("consent", "post"): (FOUND, FOUND, FOUND, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    ("search", "post"): (OK, OK, OK, OK, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    ("handover", "get"): (OK, OK, OK, OK, NO, NO, NO, NO, NO, NO, NO),
    ("audit_export", "get"): (NO, NO, OK, NO, NO, NO, NO, NO, NO, NO, NO),
    ("referral_new", "get"): (OK, OK, OK, OK, OK, GONE, NO, NO, NO, NO, NO),
}


def request_for(target: str, referral: Referral) -> tuple[str, dict[str, str]]:
    today = timezone.localdate().isoformat()
    urls = {
        "person": (reverse("people:person_detail", args=[referral.person_id]), {}),
        "referral": (reverse("episodes:referral_detail", args=[referral.pk]), {}),
        "accept": (reverse("episodes:accept", args=[referral.pk]), {}),
        "safety": (
            reverse("episodes:safety", args=[referral.pk]),
            {"safety_action": "Spoke to the GP."},
        ),
        "encounter": (
            reverse("episodes:encounter_add", args=[referral.pk]),
            {
                "occurred_on": today,
                "mode": "telephone",
                "duration_minutes": "20",
                "attended": "yes",
            },
        ),
        "discharge": (reverse("episodes:discharge", args=[referral.pk]), {}),
        "summary": (reverse("episodes:episode_summary", args=[referral.pk]), {}),
        "consent": (
            reverse("people:consent_add", args=[referral.person_id]),
            {"kind": "service", "given": "yes", "recorded_on": today},
        ),
        "search": (reverse("people:person_search"), {"q": "Love"}),
        "handover": (reverse("episodes:handover"), {}),
        "audit_export": (reverse("audit:export"), {}),
        "referral_new": (reverse("episodes:referral_new"), {}),
        "api_detail": (f"/api/v1/referrals/{referral.pk}", {}),
    }
    return urls[target]


@pytest.mark.parametrize(("target", "method"), list(MATRIX))
def test_access_matrix(world: SmallWorld, target: str, method: str) -> None:
    results = {}
    for index, (who, user_of) in enumerate(CAST.items()):
        # A fresh episode for each member, so one member's write cannot change another's view.
        referral = (
            refer_and_start(world, person={"given_name": f"P{index}"})
            if target in {"encounter", "summary", "discharge"}
            else _received(world, index, risky=target == "safety")
        )
        client = Client()
        client.force_login(user_of(world))
        url, data = request_for(target, referral)
        response = client.post(url, data) if method == "post" else client.get(url)
        results[who] = response.status_code
    expected = dict(zip(CAST, MATRIX[(target, method)], strict=True))
    assert results == expected


def _received(world: SmallWorld, index: int, *, risky: bool = False) -> Referral:
    from linkwork.testing.world import refer

    flags = ("self_harm_risk",) if risky else ()
    return refer(world, person={"given_name": f"P{index}"}, risk_flags=flags)


def test_case_notes_only_for_the_persons_link_workers_and_managers(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=timezone.localdate(),
        mode="face_to_face",
        duration_minutes=30,
        notes="Talked about her late husband's allotment.",
    )
    url = reverse("episodes:referral_detail", args=[referral.pk])
    seen = {}
    for who in ("link_worker", "colleague", "scheme_manager", "practice_manager", "referring_gp"):
        client = Client()
        client.force_login(CAST[who](world))
        seen[who] = "late husband" in client.get(url).content.decode()
    assert seen == {
        "link_worker": True,
        "colleague": False,
        "scheme_manager": True,
        "practice_manager": False,
        "referring_gp": False,
    }


def test_reads_are_audited_and_shown_on_the_record(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    manager = Client()
    manager.force_login(world.users[Role.SCHEME_MANAGER])
    manager.get(reverse("episodes:referral_detail", args=[referral.pk]))
    events = AuditEvent.objects.filter(person_id=referral.person_id, action="view")
    assert events.filter(actor=world.users[Role.SCHEME_MANAGER], object_type="referral").exists()
    worker = Client()
    worker.force_login(world.users[Role.LINK_WORKER])
    html = worker.get(reverse("people:person_detail", args=[referral.person_id])).content.decode()
    assert "Manager Tester" in html  # who has viewed this record
    refused = Client()
    refused.force_login(world.users[Role.RESEARCHER])
    refused.get(reverse("people:person_detail", args=[referral.person_id]))
    # (Signing in is recorded; nothing about the person is.)
    researcher_events = AuditEvent.objects.filter(actor=world.users[Role.RESEARCHER])
    assert not researcher_events.exclude(object_type="user").exists()


def test_audit_export_is_csv_for_managers(world: SmallWorld) -> None:
    refer_and_start(world)
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    response = client.get(reverse("audit:export"), {"from": "2000-01-01"})
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert (
        body.splitlines()[0]
        == "at,actor,action,object_type,object_id,person_id,scheme_id,detail,people_shown"
    )
    assert ",create,person," in body
    assert AuditEvent.objects.filter(
        action="export", actor=world.users[Role.SCHEME_MANAGER]
    ).exists()


def test_api_list_is_scoped_to_what_the_user_may_see(world: SmallWorld) -> None:
    from linkwork.testing.world import refer

    mine = refer(world)
    other = refer(
        world,
        scheme=world.scot_scheme,
        person={"given_name": "Iona"},
        practice=world.scot_practice,
    )
    seen = {}
    for who in ("link_worker", "other_scheme_lw", "referring_gp", "practice_manager", "researcher"):
        client = Client()
        client.force_login(CAST[who](world))
        seen[who] = {row["id"] for row in client.get("/api/v1/referrals/").json()}
    assert seen == {
        "link_worker": {str(mine.pk)},
        "other_scheme_lw": {str(other.pk)},
        "referring_gp": {str(mine.pk), str(other.pk)},
        "practice_manager": {str(mine.pk)},
        "researcher": set(),
    }
    assert Client().get("/api/v1/referrals/").status_code == 401
