"""Who sees safeguarding concerns and contact notes, role by role: the person's link workers
and the scheme's managers; a colleague not supporting the person sees neither the concern nor
a note's words; other schemes, GPs, practice managers and VCSE workers get 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Referral
from linkwork.safeguarding.models import Concern
from linkwork.safeguarding.services import contact_note_record
from linkwork.testing.world import SmallWorld, make_user

pytestmark = pytest.mark.django_db

NOTE = "She said her son takes her pension."


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def noted(episode: Referral, link_worker: User) -> Referral:
    contact_note_record(
        referral=episode,
        actor=link_worker,
        kind="phone",
        contacted_on=timezone.localdate(),
        with_whom="The person",
        note=NOTE,
    )
    return episode


def other_scheme_manager(world: SmallWorld) -> User:
    return make_user(
        "scotmanager", role=Role.SCHEME_MANAGER, organisation=world.hscp, scheme=world.scot_scheme
    )


@pytest.mark.parametrize("who", ["link_worker", "manager"])
def test_the_persons_link_worker_and_the_schemes_manager_see_the_concern(
    request: pytest.FixtureRequest, concern: Concern, noted: Referral, who: str
) -> None:
    user = request.getfixturevalue(who)
    client = client_for(user)
    before = AuditEvent.objects.count()
    detail = client.get(reverse("safeguarding:concern", args=[concern.pk]))
    assert detail.status_code == 200
    assert "Bruising on the arms" in detail.content.decode()
    assert AuditEvent.objects.filter(
        pk__gt=before, actor=user, object_type="safeguarding_concern", action="view"
    ).exists()
    listed = client.get(reverse("safeguarding:concern_list"))
    assert listed.status_code == 200
    assert "Ada Lovelace" in listed.content.decode()
    page = client.get(reverse("episodes:referral_detail", args=[noted.pk])).content.decode()
    assert 'data-testid="safeguarding-concerns"' in page
    assert NOTE in page


def test_a_colleague_not_supporting_the_person_sees_neither(
    world: SmallWorld, concern: Concern, noted: Referral
) -> None:
    client = client_for(world.extra["colleague"])
    assert client.get(reverse("safeguarding:concern", args=[concern.pk])).status_code == 404
    listed = client.get(reverse("safeguarding:concern_list"))
    assert listed.status_code == 200
    assert "Ada Lovelace" not in listed.content.decode()
    page = client.get(reverse("episodes:referral_detail", args=[noted.pk])).content.decode()
    assert 'data-testid="safeguarding-concerns"' not in page
    assert NOTE not in page
    # When and with whom stay visible, like a session's date; the words do not.
    assert 'data-testid="contact-notes"' in page
    assert '<td><span class="nhsuk-body-s">Visible to the person\'s link workers' in page


@pytest.mark.parametrize(
    "who",
    [Role.REFERRER_GP, Role.PRACTICE_MANAGER, Role.VCSE_WORKER, Role.COMMISSIONER, "other"],
)
def test_everyone_else_gets_404(world: SmallWorld, concern: Concern, who: Role | str) -> None:
    user = other_scheme_manager(world) if who == "other" else world.users[Role(who)]
    client = client_for(user)
    assert client.get(reverse("safeguarding:concern", args=[concern.pk])).status_code == 404
    for action in ("concern_update", "concern_close"):
        response = client.post(reverse(f"safeguarding:{action}", args=[concern.pk]), {"note": "x"})
        assert response.status_code == 404
    listed = client.get(reverse("safeguarding:concern_list"))
    if who == "other":
        assert listed.status_code == 200
        assert "Ada Lovelace" not in listed.content.decode()
    else:
        assert listed.status_code == 404
    concern.refresh_from_db()
    assert concern.status == "open"
    assert not concern.updates.exists()


@pytest.mark.parametrize("who", [Role.REFERRER_GP, Role.VCSE_WORKER, "other"])
def test_nobody_outside_the_casework_records_on_the_episode(
    world: SmallWorld, episode: Referral, who: Role | str
) -> None:
    user = other_scheme_manager(world) if who == "other" else world.users[Role(who)]
    client = client_for(user)
    for name in ("contact_note_new", "concern_new", "prompt_dismiss"):
        response = client.get(reverse(f"safeguarding:{name}", args=[episode.pk]))
        # The referrer may know the referral exists (403); nobody else may (404).
        assert response.status_code == (403 if who == Role.REFERRER_GP else 404), name


def test_open_concerns_page_overdue_reviews_first(
    settings, world: SmallWorld, episode: Referral, link_worker: User, manager: User
) -> None:
    from .conftest import open_concern

    settings.LINKWORK_PAGE_SIZE = 2
    today = timezone.localdate()
    later = open_concern(episode, link_worker, review_on=today + timedelta(days=30))
    soon = open_concern(episode, link_worker, review_on=today + timedelta(days=3))
    overdue = open_concern(episode, link_worker, review_on=today + timedelta(days=1))
    Concern.objects.filter(pk=overdue.pk).update(review_on=today - timedelta(days=2))
    client = client_for(manager)
    first = client.get(reverse("safeguarding:concern_list")).content.decode()
    assert first.index(str(overdue.pk)) < first.index(str(soon.pk))
    assert str(later.pk) not in first
    assert "Overdue" in first
    second = client.get(reverse("safeguarding:concern_list") + "?page=2").content.decode()
    assert str(later.pk) in second
    home = client.get(reverse("accounts:home")).content.decode()
    assert "3 open safeguarding concerns" in home
    assert "1 past its review date" in home


def test_a_closed_concern_leaves_the_open_list(
    concern: Concern, manager: User, world: SmallWorld
) -> None:
    client = client_for(manager)
    response = client.post(
        reverse("safeguarding:concern_close", args=[concern.pk]), {"note": "Resolved."}
    )
    assert response.status_code == 302
    assert str(concern.pk) not in client.get(reverse("safeguarding:concern_list")).content.decode()
    assert "No open safeguarding concerns." in client.get(reverse("accounts:home")).content.decode()
