"""The group pages: scheme staff only (another scheme's groups and episodes are refused),
every page naming people audited, forms that say what is wrong, and lists in a fixed number
of queries whatever their length."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Encounter, Referral
from linkwork.groups.models import GroupActivity, GroupSession
from linkwork.groups.services import (
    group_activity_create,
    group_session_record,
    group_session_update,
)
from linkwork.groups.tests.conftest import details
from linkwork.testing.query_budget import assert_queries_flat, count_matches
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_session(referrals: list[Referral], **overrides: object) -> dict[str, object]:
    day = timezone.localdate() - timedelta(days=1)
    data: dict[str, object] = {
        "occurred_on": day.isoformat(),
        "place": "Heaton Park main gates",
        "duration_minutes": "60",
        "attendees": [str(r.pk) for r in referrals],
        "others": "3",
    }
    data.update(overrides)
    return data


def _recorded(world: SmallWorld, walking: GroupActivity, three: list[Referral]) -> GroupSession:
    return group_session_record(
        activity=walking, actor=world.users[Role.LINK_WORKER], details=details(world, three)
    )


def test_recording_from_the_page_reaches_each_episode(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    client = client_for(worker)
    url = reverse("groups:session_new", args=[walking.pk])
    form = client.get(url).content.decode()
    for referral in three:
        assert referral.person.full_name in form
    response = client.post(url, _post_session(three, facilitator=str(worker.pk)))
    assert response.status_code == 302, response.content.decode().split("error-summary")[-1][:800]
    session = GroupSession.objects.get()
    assert session.others == 3
    for referral in three:
        page = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
        assert 'data-testid="episode-group-sessions"' in page
        assert "Tuesday walking group" in page


def test_the_form_names_what_is_wrong(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    scottish = refer(world, scheme=world.scot_scheme, practice=world.scot_practice)
    response = client_for(worker).post(
        reverse("groups:session_new", args=[walking.pk]),
        _post_session(
            [three[0], scottish],
            facilitator=str(worker.pk),
            place="",
            duration_minutes="600",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose people from this scheme&#x27;s open episodes only." in html
    assert "Enter where the group met." in html
    assert "8 hours (480 minutes) at most" in html
    assert not GroupSession.objects.exists()
    assert not Encounter.objects.filter(mode="group").exists()


@pytest.mark.parametrize("name", ["session_detail", "session_edit", "session_cancel"])
def test_another_schemes_staff_are_told_there_is_no_such_session(
    world: SmallWorld, walking: GroupActivity, three: list[Referral], name: str
) -> None:
    session = _recorded(world, walking, three)
    outsider = client_for(world.extra["scot_link_worker"])
    assert outsider.get(reverse(f"groups:{name}", args=[session.pk])).status_code == 404
    assert outsider.get(reverse("groups:activity_detail", args=[walking.pk])).status_code == 404


def test_people_who_are_not_scheme_staff_are_refused(world: SmallWorld) -> None:
    for role in (Role.REFERRER_GP, Role.PRACTICE_MANAGER, Role.VCSE_WORKER):
        response = client_for(world.users[role]).get(reverse("groups:group_list"))
        assert response.status_code == 403, role


def test_reading_a_session_is_audited_with_its_attendees(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    session = _recorded(world, walking, three)
    manager = world.users[Role.SCHEME_MANAGER]
    client_for(manager).get(reverse("groups:session_detail", args=[session.pk]))
    event = AuditEvent.objects.filter(actor=manager, object_type="group_session").get()
    assert set(event.subjects.values_list("person_id", flat=True)) == {r.person_id for r in three}


def test_cancelling_from_the_page_needs_a_reason(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    session = _recorded(world, walking, three)
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("groups:session_cancel", args=[session.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Enter why the group session is cancelled." in refused.content.decode()
    assert client.post(url, {"reason": "Rained off"}).status_code == 302
    assert not Encounter.objects.filter(mode="group").exists()


def test_group_pages_keep_a_fixed_number_of_queries(
    world: SmallWorld, walking: GroupActivity, three: list[Referral]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    client = client_for(worker)
    session = _recorded(world, walking, three[:2])

    def more_attendees() -> None:
        more = [refer_and_start(world, person={"family_name": f"Budgetperson {c}"}) for c in "CDE"]
        group_session_update(
            session=session, actor=worker, details=details(world, [*three[:2], *more])
        )

    assert_queries_flat(
        lambda: client.get(reverse("groups:session_detail", args=[session.pk])),
        add_rows=more_attendees,
        count_rows=count_matches(r'href="/referrals/[0-9a-f-]+/"'),
    )

    def more_sessions() -> None:
        for days in (3, 4, 5):
            group_session_record(
                activity=walking,
                actor=worker,
                details=details(
                    world, [three[2]], occurred_on=timezone.localdate() - timedelta(days=days)
                ),
            )

    assert_queries_flat(
        lambda: client.get(reverse("groups:activity_detail", args=[walking.pk])),
        add_rows=more_sessions,
        count_rows=count_matches(r'href="/groups/sessions/[0-9a-f-]+/"'),
    )

    def more_groups() -> None:
        for name in ("Choir", "Allotment", "Men's shed"):
            group_activity_create(scheme=world.scheme, actor=worker, name=name, kind="social")

    assert_queries_flat(
        lambda: client.get(reverse("groups:group_list")),
        add_rows=more_groups,
        count_rows=count_matches(r'href="/groups/[0-9a-f-]+/"'),
    )
    assert_queries_flat(
        lambda: client.get(reverse("groups:session_new", args=[walking.pk])),
        add_rows=lambda: [
            refer_and_start(world, person={"family_name": f"Extra{c}"}) for c in "GH"
        ],
        count_rows=count_matches(r'name="attendees" type="checkbox" value="[0-9a-f-]+"'),
    )
