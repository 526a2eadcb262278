"""The caseload pages: who may open them, the search kept out of the address, saved filters,
clear messages for bad filters, and the export for managers (formula-safe, audited)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.caseload.models import SavedFilter
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld, refer_and_start

from .conftest import Start, client_for, session

pytestmark = pytest.mark.django_db

LIST = "/caseload/"
NO_CASELOAD = (
    Role.REFERRER_GP,
    Role.PRACTICE_MANAGER,
    Role.VCSE_WORKER,
    Role.COMMISSIONER,
    Role.RESEARCHER,
    Role.SYSTEM_ADMIN,
)


@pytest.mark.parametrize("role", NO_CASELOAD, ids=lambda r: r.value)
def test_roles_without_a_caseload_are_refused_the_caseload_and_the_diary(
    world: SmallWorld, role: Role
) -> None:
    client = client_for(world.users[role])
    assert client.get(reverse("diary:my_diary")).status_code == 403
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("caseload:export")).status_code == 403
    assert client.post(reverse("caseload:bulk_reassign"), {"episodes": []}).status_code == 403


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.SCHEME_MANAGER], ids=lambda r: r.value)
def test_link_workers_and_managers_have_a_caseload_and_a_header_link(
    world: SmallWorld, start: Start, role: Role
) -> None:
    start("Lovelace")
    client = client_for(world.users[role])
    page = client.get(LIST).content.decode()
    assert "Ada Lovelace" in page
    assert 'href="/caseload/"' in client.get("/").content.decode()
    assert client.get(reverse("diary:my_diary")).status_code == 200


def test_the_header_offers_no_caseload_to_a_gp(world: SmallWorld) -> None:
    page = client_for(world.users[Role.REFERRER_GP]).get("/").content.decode()
    assert 'href="/caseload/"' not in page


def test_only_managers_export_and_it_is_formula_safe_and_audited(
    world: SmallWorld, start: Start
) -> None:
    risky = refer_and_start(world, person={"given_name": "=1+2", "family_name": "Risky"})
    start("Hopper")
    worker = client_for(world.users[Role.LINK_WORKER])
    assert worker.get(reverse("caseload:export")).status_code == 403
    manager = world.users[Role.SCHEME_MANAGER]
    response = client_for(manager).get(reverse("caseload:export"), {"sort": "name"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Name", "NHS or CHI number"]
    assert sorted(r[0] for r in rows[1:]) == ["'=1+2 Risky", "Ada Hopper"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    event = AuditEvent.objects.filter(action="export", object_type="caseload_export").get()
    assert event.actor_id == manager.pk
    assert event.detail["filters"] == "sort=name"
    assert set(event.subjects.values_list("person_id", flat=True)) == {
        risky.person_id,
        *Referral.objects.exclude(pk=risky.pk).values_list("person_id", flat=True),
    }


def test_the_export_keeps_the_filters(world: SmallWorld, start: Start) -> None:
    start("Lovelace")
    seen = start("Hopper")
    session(world, seen, days_ago=2)
    response = client_for(world.users[Role.SCHEME_MANAGER]).get(
        reverse("caseload:export"), {"last_contact": "never"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[0] for r in rows[1:]] == ["Ada Lovelace"]


def test_a_bad_filter_is_named_and_the_rest_still_apply(world: SmallWorld, start: Start) -> None:
    start("Lovelace")
    response = client_for(world.users[Role.SCHEME_MANAGER]).get(
        LIST, {"risk": "sometimes", "sort": "name"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select a valid choice. sometimes is not one of the available choices." in page
    assert "Ada Lovelace" in page
    export = client_for(world.users[Role.SCHEME_MANAGER]).get(
        reverse("caseload:export"), {"practice": "nowhere"}
    )
    assert export.status_code == 400
    assert "Practice:" in export.content.decode()


def test_search_is_posted_kept_in_the_session_and_never_in_the_address(
    world: SmallWorld, start: Start
) -> None:
    lovelace = start("Lovelace")
    start("Hopper")
    person = lovelace.person
    person.nhs_number = "9434765919"
    person.save(update_fields=["nhs_number"])
    client = client_for(world.users[Role.LINK_WORKER])
    response = client.post(
        reverse("caseload:search"), {"q": "9434765919", "back": "sort=waiting&page=2"}
    )
    assert response.status_code == 302
    assert "9434765919" not in response["Location"]
    assert response["Location"] == "/caseload/?sort=waiting"
    page = client.get(response["Location"]).content.decode()
    assert "Ada Lovelace" in page
    assert "Ada Hopper" not in page
    assert AuditEvent.objects.filter(action="search", object_type="caseload").exists()
    client.post(reverse("caseload:search"), {"clear": "1"})
    page = client.get(LIST).content.decode()
    assert "Ada Lovelace" in page
    assert "Ada Hopper" in page
    # A search that is too short is refused with why.
    response = client.post(reverse("caseload:search"), {"q": "a"}, follow=True)
    assert "Search for at least 2 characters" in response.content.decode()


def test_the_counts_say_they_are_the_whole_caseloads_while_searching(
    world: SmallWorld, start: Start
) -> None:
    start("Lovelace")
    start("Hopper")
    client = client_for(world.users[Role.LINK_WORKER])
    plain = client.get(LIST).content.decode()
    assert "In the whole caseload:" in plain
    client.post(reverse("caseload:search"), {"q": "Lovelace"})
    searched = client.get(LIST).content.decode()
    assert "Ada Hopper" not in searched  # the list is the search's
    assert ">2</strong> open" in searched  # the counts are still everyone's
    assert "In the whole caseload, not only the people your search shows:" in searched
    filtered = client.get(LIST, {"risk": "at_risk"}).content.decode()
    assert "not only the people your search and filters show:" in filtered


def test_the_search_form_cannot_send_the_user_elsewhere(world: SmallWorld) -> None:
    client = client_for(world.users[Role.LINK_WORKER])
    response = client.post(
        reverse("caseload:search"), {"q": "Ada", "back": "next=https://evil.example/"}
    )
    assert response["Location"] == "/caseload/"


def test_saved_filters_are_the_users_own(world: SmallWorld, start: Start) -> None:
    start("Lovelace")
    client = client_for(world.users[Role.LINK_WORKER])
    response = client.post(
        reverse("caseload:filter_save"),
        {"name": "Never seen", "query": "last_contact=never&q=secret"},
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=world.users[Role.LINK_WORKER])
    assert (saved.name, saved.query) == ("Never seen", "last_contact=never")
    page = client.get(LIST).content.decode()
    assert 'href="/caseload/?last_contact=never"' in page
    # The same name again replaces it.
    client.post(reverse("caseload:filter_save"), {"name": "Never seen", "query": "risk=any"})
    assert SavedFilter.objects.get().query == "risk=any"
    # No name: told what to do on the name field, the list as it was, nothing saved.
    for name, said in (
        (" ", "Give the filter a name, such as"),
        ("", "Give the filter a name, such as"),
        ("y" * 300, "Give the filter a name of at most 80 characters (this one has 300)."),
    ):
        refused = client.post(reverse("caseload:filter_save"), {"name": name, "query": "risk=any"})
        assert refused.status_code == 400
        page = refused.content.decode()
        error = re.search(r'data-testid="filter-name-error">(.*?)</span>\s*(.*?)</span>', page)
        assert error is not None, "no error on the name field"
        assert said.replace("'", "&#x27;") in error.group(2)
        assert 'href="#id_name"' in page  # the error summary leads to the field
        assert 'data-testid="caseload-position"' in page  # the list, not a bare error
    assert SavedFilter.objects.count() == 1
    assert SavedFilter.objects.get().query == "risk=any"
    # Another user cannot remove it.
    colleague = client_for(world.extra["colleague"])
    followed = colleague.post(reverse("caseload:filter_delete", args=[saved.pk]), follow=True)
    assert "no longer exists" in followed.content.decode()
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    client.post(reverse("caseload:filter_delete", args=[saved.pk]))
    assert not SavedFilter.objects.exists()


def test_the_page_shows_its_position_and_is_audited(
    world: SmallWorld, start: Start, settings: object
) -> None:
    settings.LINKWORK_PAGE_SIZE = 2  # type: ignore[attr-defined]
    for name in ("Ames", "Baker", "Cole"):
        start(name)
    client = client_for(world.users[Role.LINK_WORKER])
    page = client.get(LIST, {"page": 2}).content.decode()
    assert "Showing 3 to 3 of 3" in page
    assert "Ada Cole" in page
    assert "Ada Ames" not in page
    event = AuditEvent.objects.filter(object_type="caseload").latest("at")
    assert event.detail["page"] == 2
    assert event.subjects.count() == 1
