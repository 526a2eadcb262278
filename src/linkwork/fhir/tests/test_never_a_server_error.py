"""Whatever is sent, the FHIR interface answers with FHIR and never fails with a 500: a valid
referral or Task with any one element replaced by any JSON value is either accepted or refused
with an OperationOutcome."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkwork.fhir.tests.builders import contained_request, referral_bundle
from linkwork.fhir.tests.conftest import Parties, bearer, connect

pytestmark = pytest.mark.django_db

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from paths(inner, (*prefix, index))


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    changed = copy.deepcopy(document)
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return changed


BUNDLE = referral_bundle()
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _answered_with_fhir(response: Any) -> None:
    assert response.status_code < 500, response.content
    assert response.json()["resourceType"] in {"OperationOutcome", "Task", "Bundle"}


DOORS = [("/fhir/", BUNDLE), ("/fhir/ServiceRequest", contained_request())]
BROKEN = st.sampled_from(DOORS).flatmap(
    lambda door: st.tuples(st.just(door), st.sampled_from(list(paths(door[1]))), JSON)
)


@FUZZ
@given(case=BROKEN)
def test_any_broken_referral_is_answered_with_fhir(
    parties: Parties, case: tuple[tuple[str, Any], tuple[Any, ...], Any]
) -> None:
    (url, document), path, value = case
    body = json.dumps(replaced(document, path, value))
    client = Client(headers=bearer(parties.gp_token))
    _answered_with_fhir(client.post(url, body, content_type="application/fhir+json"))


@pytest.fixture
def task(parties: Parties) -> dict[str, Any]:
    connection = connect(parties, shared=["name", "contact", "reason"])
    client = Client(headers=bearer(parties.provider_token))
    return dict(client.get(f"/fhir/Task/{connection.pk}").json())


@FUZZ
@given(data=st.data(), value=JSON)
def test_any_broken_task_update_is_answered_with_fhir(
    parties: Parties, task: dict[str, Any], data: st.DataObject, value: Any
) -> None:
    path = data.draw(st.sampled_from(list(paths(task))))
    client = Client(headers=bearer(parties.provider_token))
    url = f"/fhir/Task/{task['id']}"
    body = json.dumps(replaced(task, path, value))
    _answered_with_fhir(client.put(url, body, content_type="application/fhir+json"))
    patch = json.dumps([{"op": "replace", "path": "/" + "/".join(map(str, path)), "value": value}])
    _answered_with_fhir(client.patch(url, patch, content_type="application/json-patch+json"))
