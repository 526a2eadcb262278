"""Patient pages are never cached, and an NHS or CHI number never reaches a log line, a URL
(access logs, browser history) or a redirect, through a whole referral journey."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db

NHS = "9434765919"
SPACED = "943 476 5919"
OTHER = "4010232137"  # a second valid number, for the API route


def test_person_and_episode_pages_are_not_stored(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    for url in (
        reverse("people:person_detail", args=[referral.person_id]),
        reverse("episodes:referral_detail", args=[referral.pk]),
        reverse("people:person_search"),
        f"/api/v1/referrals/{referral.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_search_by_get_shows_the_form_only(world: SmallWorld) -> None:
    """A number put in the address (an old bookmark, a crafted link) finds nobody: results
    come only from a POST, so a number never has a reason to be in a URL."""
    referral = refer_and_start(world, person={"nhs_number": NHS})
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    page = client.get(reverse("people:person_search"), {"q": NHS}).content.decode()
    assert referral.person.full_name not in page
    assert NHS not in page
    assert 'method="post"' in page
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).exists()
    found = client.post(reverse("people:person_search"), {"q": NHS}).content.decode()
    assert referral.person.full_name in found


# The loggers a deployment writes: Django's own (request errors, the development server's
# request lines, the database) and the project's. django.server does not propagate to the
# root logger, so each is captured directly.
LOGGERS = ("", "django", "django.request", "django.server", "django.db.backends", "linkwork")


@pytest.fixture
def every_log_line(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    attached = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        attached.append((logger, logger.level))
        logger.setLevel(logging.DEBUG)
        if caplog.handler not in logger.handlers:
            logger.addHandler(caplog.handler)
    caplog.handler.setLevel(logging.DEBUG)
    yield caplog
    for logger, level in attached:
        logger.setLevel(level)
        if logger.name != "root":
            logger.removeHandler(caplog.handler)


def test_a_full_journey_never_logs_or_puts_a_number_in_a_url(
    world: SmallWorld, every_log_line: pytest.LogCaptureFixture
) -> None:
    gp, worker = Client(), Client()
    gp.force_login(world.users[Role.REFERRER_GP])
    worker.force_login(world.users[Role.LINK_WORKER])
    responses = []
    person = {
        "received_on": timezone.localdate().isoformat(),
        "reasons": ["loneliness_isolation"],
        "agreed": "on",
        "scheme": str(world.scheme.pk),
        "practice": str(world.practice.pk),
        "person-given_name": "Grace",
        "person-family_name": "Hopper",
        "person-date_of_birth": "1950-12-09",
        "person-sex": "female",
        "person-gender_identity": "same_as_sex",
        "person-preferred_contact": "phone",
        "person-preferred_language": "English",
    }
    new = reverse("episodes:referral_new")
    # A number that fails its check digit (a 400), then the right one (a referral).
    responses.append(gp.post(new, {**person, "person-nhs_number": "943 476 5918"}))
    responses.append(gp.post(new, {**person, "person-nhs_number": SPACED}))
    responses.append(gp.get(responses[-1]["Location"]))
    referral = Referral.objects.get()
    # The API, twice: the second is refused as a duplicate.
    body = {
        "scheme": str(world.scheme.pk),
        "practice": str(world.practice.pk),
        "person": {
            "given_name": "Alan",
            "family_name": "Turing",
            "date_of_birth": "1954-06-07",
            "nhs_number": OTHER,
        },
        "reasons": ["loneliness_isolation"],
    }
    for _ in range(2):
        responses.append(
            gp.post("/api/v1/referrals/", json.dumps(body), content_type="application/json")
        )
    search = reverse("people:person_search")
    responses.append(worker.get(search))
    for query in (SPACED, NHS, OTHER, "0000000000"):
        responses.append(worker.post(search, {"q": query}))
        responses.append(worker.post(search, {"q": query}, HTTP_HX_REQUEST="true"))
    assert "Grace Hopper" in responses[-8].content.decode()  # found by the spaced number
    responses.append(worker.get(reverse("people:person_detail", args=[referral.person_id])))
    responses.append(worker.get(reverse("episodes:referral_detail", args=[referral.pk])))
    # Someone outside the scheme probing by number: refused, and the refusal is logged.
    outsider = Client()
    outsider.force_login(world.users[Role.RESEARCHER])
    responses.append(outsider.post(search, {"q": NHS}))
    responses.append(outsider.get(reverse("people:person_detail", args=[referral.person_id])))

    assert [r.status_code for r in responses[:2]] == [400, 302]
    assert every_log_line.records, "the journey logged nothing: the capture is not working"
    # The whole formatted record, with any traceback (template lookups at DEBUG carry the
    # template's context in theirs), its arguments and the request it was about.
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    lines = [
        f"{formatter.format(record)} {record.args!r} {getattr(record, 'request', '')!r}"
        for record in every_log_line.records
    ]
    urls = [r.wsgi_request.get_full_path() for r in responses] + [
        r.get("Location", "") for r in responses
    ]
    for number in (NHS, SPACED, OTHER, "943 476 5918", "9434765918", "0000000000"):
        assert not [line for line in lines if number in line], number
        assert not [url for url in urls if number in url or number.replace(" ", "+") in url]
