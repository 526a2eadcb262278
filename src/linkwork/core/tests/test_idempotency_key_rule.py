"""An API write refuses an `Idempotency-Key` that breaks the rule (a 400 naming the header and
the rule, before anything is written) instead of quietly running unguarded; every write
documents the header. The pages' own form keys go on as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, RequestFactory

import linkwork
from linkwork.accounts.roles import Role
from linkwork.api import api
from linkwork.core.api_once import api_key
from linkwork.core.errors import DomainError
from linkwork.core.submissions import HEADER
from linkwork.episodes.models import Goal, Referral
from linkwork.testing.api import post_json
from linkwork.testing.world import SmallWorld, refer_and_start, referral_api_body

BAD_KEYS = [
    "short",  # fewer than 8 characters
    "k" * 101,  # more than 100
    "has spaces in it",
    "semi;colon-key",
    "ключ-ключ-ключ",
    '"unbalanced-quote',
    "",
]


def _client(world: SmallWorld, role: Role = Role.LINK_WORKER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("raw", BAD_KEYS)
def test_a_key_that_breaks_the_rule_is_refused(raw: str) -> None:
    request = RequestFactory().post("/", headers={HEADER: raw})
    with pytest.raises(DomainError) as refused:
        api_key(request)
    assert refused.value.code == "idempotency_key_invalid"
    assert list(refused.value.field_errors) == [HEADER]
    assert HEADER in refused.value.message
    assert "8 to 100" in refused.value.message


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (None, None),
        ("goal-key:0001.a_b", "goal-key:0001.a_b"),
        ('"quoted-key-0001"', "quoted-key-0001"),
        ("k" * 100, "k" * 100),
    ],
)
def test_a_key_that_keeps_the_rule_is_used(raw: str | None, key: str | None) -> None:
    headers = {HEADER: raw} if raw is not None else {}
    assert api_key(RequestFactory().post("/", headers=headers)) == key


@pytest.mark.django_db
def test_api_writes_refuse_a_bad_key_and_write_nothing(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = _client(world)
    goals = f"/api/v1/referrals/{referral.pk}/goals"
    refused = post_json(client, goals, {"description": "Walk"}, key="bad key")
    assert refused.status_code == 400
    problem = refused.json()
    assert (problem["code"], list(problem["errors"])) == ("idempotency_key_invalid", [HEADER])
    assert HEADER in problem["detail"]
    assert not Goal.objects.exists()
    # The referral intake reads the key itself: the same rule holds there.
    before = Referral.objects.count()
    gp = _client(world, Role.REFERRER_GP)
    intake = post_json(gp, "/api/v1/referrals/", referral_api_body(world), key="x")
    assert (intake.status_code, intake.json()["code"]) == (400, "idempotency_key_invalid")
    assert Referral.objects.count() == before
    assert post_json(gp, "/api/v1/referrals/", referral_api_body(world)).status_code == 201
    # A quoted key is the same key as its bare value.
    quoted = post_json(client, goals, {"description": "Walk"}, key='"goal-key-0001"')
    assert quoted.status_code == 201, quoted.content
    bare = post_json(client, goals, {"description": "Walk"}, key="goal-key-0001")
    assert bare.json() == quoted.json()
    assert Goal.objects.count() == 1


def test_no_api_reads_the_key_leniently() -> None:
    """Each API module reads the header through `api_key`, never the forms' lenient
    `clean_key`, so no write can skip the rule."""
    root = Path(linkwork.__file__).parent
    lenient = sorted(
        str(path.relative_to(root))
        for path in root.glob("*/api*.py")
        if path.name != "api_once.py" and "clean_key(" in path.read_text()
    )
    assert lenient == []


@pytest.mark.django_db
def test_the_pages_form_keys_still_run_once(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    client = _client(world)
    url = f"/referrals/{referral.pk}/goals/"
    form = {"description": "Join the choir", "submission_key": "form-key-00000001"}
    first = client.post(url, form)
    assert first.status_code == 302
    # A page does not answer to the API's rule: a stray header does not refuse the form.
    again = client.post(url, form, headers={HEADER: "bad key"})
    assert again.status_code == 302
    assert Goal.objects.filter(referral=referral).count() == 1


def test_every_write_documents_the_header_and_its_refusal() -> None:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    writes = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            headers = [p for p in operation.get("parameters", []) if p["in"] == "header"]
            named = [p for p in headers if p["name"] == HEADER]
            if method in {"post", "put", "patch", "delete"}:
                writes += 1
                assert len(named) == 1, (method, path)
                assert "idempotency_key_invalid" in named[0]["description"]
                assert 400 in operation["responses"], (method, path)
            else:
                assert named == [], (method, path)
    assert writes > 40
    # The documented pattern is the rule itself.
    pattern = schema["paths"]["/api/v1/referrals/{referral_id}/goals"]["post"]["parameters"]
    assert any(p["name"] == HEADER and "{8,100}" in p["schema"]["pattern"] for p in pattern)
