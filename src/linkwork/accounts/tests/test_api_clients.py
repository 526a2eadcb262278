"""Other systems call the JSON API with a registered client's token: they see and do what the
organisation's staff in that role may, their calls are audited under the client's name and
limited per minute, and a revoked or unknown token opens nothing."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from linkwork.accounts.api_clients import api_client_register, api_client_revoke
from linkwork.accounts.models import ApiClient
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.testing.world import SmallWorld, refer, referral_api_body

pytestmark = pytest.mark.django_db


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_gp_system_refers_and_reads_as_its_practices_staff_do(world: SmallWorld) -> None:
    ours = refer(world)
    theirs = refer(world, scheme=world.scot_scheme, practice=world.scot_practice)
    # A referring system acts as a referrer: it sees the referrals it made.
    client, token = api_client_register(
        name="Mill Street EMIS", organisation_id=world.practice.pk, role=Role.REFERRER_GP
    )
    assert token not in client.token_hash
    assert client.token_prefix == token[:10]
    # No session and no CSRF token, with CSRF enforced as for a real request (the test client
    # waives it unless told): the bearer token is the credential.
    http = Client(enforce_csrf_checks=True)
    made = http.post(
        "/api/v1/referrals/",
        data=json.dumps(referral_api_body(world)),
        content_type="application/json",
        headers={**_bearer(token), "Idempotency-Key": "emis-referral-0001"},
    )
    assert made.status_code == 201, made.content
    listed = http.get("/api/v1/referrals/", headers=_bearer(token))
    assert listed.status_code == 200, listed.content
    assert {row["id"] for row in listed.json()} == {made.json()["id"]}
    assert AuditEvent.objects.filter(actor=client.user).exists()
    # Its role is a referrer's: it may not record a session on the episode.
    session = http.post(
        f"/api/v1/referrals/{made.json()['id']}/sessions",
        data=json.dumps(
            {"occurred_on": str(ours.received_on), "mode": "telephone", "duration_minutes": 20}
        ),
        content_type="application/json",
        headers=_bearer(token),
    )
    assert session.status_code == 403
    # A practice's reporting system, as its practice manager, sees the practice's referrals.
    _, manager_token = api_client_register(
        name="Mill Street reports", organisation_id=world.practice.pk, role=Role.PRACTICE_MANAGER
    )
    seen = {
        row["id"] for row in http.get("/api/v1/referrals/", headers=_bearer(manager_token)).json()
    }
    assert str(ours.pk) in seen
    assert str(theirs.pk) not in seen


def test_unknown_and_revoked_tokens_open_nothing(world: SmallWorld) -> None:
    client, token = api_client_register(
        name="VCSE case system", organisation_id=world.vcse.pk, role=Role.VCSE_WORKER
    )
    http = Client()
    assert http.get("/api/v1/referrals/", headers=_bearer(token)).status_code == 200
    assert http.get("/api/v1/referrals/", headers=_bearer(token + "x")).status_code == 401
    assert http.get("/api/v1/referrals/", headers=_bearer("lw_guess")).status_code == 401
    api_client_revoke(client=client)
    refused = http.get("/api/v1/referrals/", headers=_bearer(token))
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_signed_in"
    # The client's own user can never sign in to the pages.
    assert not client.user.has_usable_password()


def test_calls_over_the_limit_are_refused_for_the_rest_of_the_minute(world: SmallWorld) -> None:
    _, token = api_client_register(
        name="Busy system",
        organisation_id=world.practice.pk,
        role=Role.REFERRER_GP,
        rate_limit_per_minute=3,
    )
    http = Client()
    answers = [http.get("/api/v1/referrals/", headers=_bearer(token)).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    refused = http.get("/api/v1/referrals/", headers=_bearer(token))
    assert refused.json()["code"] == "too_many_requests"
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_registration_names_each_problem(world: SmallWorld) -> None:
    api_client_register(name="Taken", organisation_id=world.practice.pk, role=Role.REFERRER_GP)
    with pytest.raises(DomainError) as caught:
        api_client_register(name="Taken", organisation_id=world.pcn.pk, role=Role.LINK_WORKER)
    assert set(caught.value.field_errors) == {"name", "scheme"}
    assert ApiClient.objects.count() == 1


def test_the_command_registers_lists_and_revokes(world: SmallWorld) -> None:
    world.practice.code = "A81001"
    world.practice.save(update_fields=["code"])
    out = StringIO()
    call_command(
        "apiclients",
        "add",
        "Practice system",
        "--organisation",
        "A81001",
        "--role",
        Role.REFERRER_GP.value,
        stdout=out,
    )
    token = out.getvalue().strip().splitlines()[-1]
    assert token.startswith("lw_")
    assert Client().get("/api/v1/referrals/", headers=_bearer(token)).status_code == 200
    listing = StringIO()
    call_command("apiclients", "list", stdout=listing)
    assert "Practice system" in listing.getvalue()
    assert token not in listing.getvalue()
    call_command("apiclients", "revoke", "Practice system", stdout=StringIO())
    # An organisation with no code is named by its id.
    by_id = StringIO()
    call_command(
        "apiclients",
        "add",
        "VCSE system",
        "--organisation",
        str(world.vcse.pk),
        "--role",
        Role.VCSE_WORKER.value,
        stdout=by_id,
    )
    assert by_id.getvalue().strip().splitlines()[-1].startswith("lw_")
    assert Client().get("/api/v1/referrals/", headers=_bearer(token)).status_code == 401
    with pytest.raises(CommandError, match="No organisation has the code or id"):
        call_command("apiclients", "add", "X", "--organisation", "NOPE", "--role", "referrer_gp")
