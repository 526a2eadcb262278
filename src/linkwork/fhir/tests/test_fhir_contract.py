"""The FHIR endpoints keep their OpenAPI description (`fhir/mapping/openapi.py`, served at
/fhir/openapi.json) under generated input (schemathesis).

Every operation is called with a few generated requests through the real WSGI stack, as the
practice's system and as the provider's, with the ids of records each may see (a referral
with its written summary, a connection to the provider's service) so reads and updates reach
real records. No answer may be a server error, use a status the operation does not document,
not be FHIR JSON, or break the documented schema. Bounded (a few examples per operation, no
deadline) and derandomised, so it runs the same every time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from linkwork.accounts.api_clients import api_client_register
from linkwork.accounts.roles import Role
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.fhir.mapping.openapi import fhir_openapi
from linkwork.fhir.tests.conftest import Parties, connect

SCHEMA = schemathesis.openapi.from_dict(fhir_openapi())
SCHEMA.app = WSGIHandler()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass(frozen=True)
class Caller:
    headers: dict[str, str]
    ids: dict[str, str]  # path parameter -> the id of a record this caller may see


@pytest.fixture(params=["practice", "provider"])
def caller(request: pytest.FixtureRequest, parties: Parties) -> Iterator[Caller]:
    """A practice's or a provider's system with ids it may use; database connections stay
    open between requests, as under Django's test client, so the test's transaction holds."""
    world = parties.world
    connection = connect(parties, shared=["name", "contact", "reason"])
    ended = connect(parties, shared=["name"])
    worker = world.users[Role.LINK_WORKER]
    encounter_record(
        referral=ended.referral,
        actor=worker,
        occurred_on=ended.referral.received_on,
        mode="face_to_face",
        duration_minutes=30,
    )
    referral_discharge(referral=ended.referral, actor=worker, reason="goals_met")
    summary = ended.referral.summaries.get()
    if request.param == "practice":
        _, token = api_client_register(
            name="Contract practice",
            organisation_id=world.practice.pk,
            role=Role.REFERRER_GP,
            rate_limit_per_minute=100_000,
        )
        record = str(connection.referral_id)
    else:
        _, token = api_client_register(
            name="Contract provider",
            organisation_id=world.vcse.pk,
            role=Role.VCSE_WORKER,
            rate_limit_per_minute=100_000,
        )
        record = str(connection.pk)
    ids = {"task_id": record, "request_id": record, "composition_id": str(summary.pk)}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Caller({"Authorization": f"Bearer {token}"}, ids)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@SCHEMA.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_fhir_interface_keeps_its_contract(case: Any, caller: Caller) -> None:
    for name, value in caller.ids.items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    response = case.call_and_validate(headers=caller.headers, checks=CHECKS)
    # The token must work, or the run would test only the sign-in wall (schemathesis also
    # sends some requests without it, which must be refused).
    sent = response.request.headers.get("Authorization")
    if case.operation.path != "/fhir/metadata":
        assert (response.status_code == 401) == (sent != caller.headers["Authorization"]), (
            response.text
        )
