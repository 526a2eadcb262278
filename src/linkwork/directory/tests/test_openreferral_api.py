"""The public Open Referral UK API: every endpoint of the standard's openapi.json, each
response checked against the standard's compiled schemas."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from jsonschema import Draft202012Validator

from linkwork.accounts.models import User
from linkwork.directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from linkwork.directory.needs import NEEDS_TAXONOMY_ID, need_term_id
from linkwork.directory.oruk.schemas import load_json, schema_problems
from linkwork.directory.services import service_capacity_update
from linkwork.directory.tests.factories import EXAMPLES, FIXTURES, add_postcodes

pytestmark = pytest.mark.django_db

OPENAPI = load_json("schema/openapi.json")
PAGE = OPENAPI["components"]["schemas"]["Page"]
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"


@pytest.fixture
def api(db) -> Client:
    add_postcodes()
    for source in (EXAMPLES, FIXTURES / "glasgow_sample.json"):
        call_command("directory", "import", str(source), stdout=io.StringIO())
    return Client()  # never signed in: the API is open


def get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"/openreferral{path}", params)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.status_code == 200, response.content
    return response.json()


def assert_valid(schema: str, document: Any) -> None:
    assert schema_problems(schema, document) == []
    assert_nothing_empty(document)


def assert_nothing_empty(value: Any, path: str = "") -> None:
    """Empty optional fields are omitted, not sent as null, "" or []."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert item is not None, f"{path}/{key} is null"
            assert item != [], f"{path}/{key} is an empty list"
            if item == "":
                assert key in {"description", "name"}, f"{path}/{key} is empty"
            assert_nothing_empty(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_nothing_empty(item, f"{path}/{index}")


def assert_page(body: Any, item_schema: str) -> None:
    Draft202012Validator(PAGE).validate(body)
    assert set(body) == {*PAGE["properties"], "contents"}
    for item in body["contents"]:
        assert_valid(item_schema, item)


def test_index_describes_the_api(api: Client) -> None:
    body = get(api, "/")
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "http://testserver/openreferral/openapi.json"
    assert get(api, "/openapi.json")["paths"].keys() == OPENAPI["paths"].keys()


def test_every_endpoint_answers_in_the_standards_shapes(api: Client) -> None:
    services = get(api, "/services", per_page=100)
    assert_page(services, "compiled/service_list.json")
    assert services["total_items"] == Service.objects.count() == 4
    for item in services["contents"]:
        assert_valid("compiled/service.json", get(api, f"/services/{item['id']}"))
    links = get(api, "/service_at_locations", per_page=100)
    assert_page(links, "compiled/service_at_location_list.json")
    assert links["total_items"] == ServiceAtLocation.objects.count()
    for item in links["contents"]:
        assert_valid(
            "compiled/service_at_location.json", get(api, f"/service_at_locations/{item['id']}")
        )
    taxonomies = get(api, "/taxonomies")
    assert_page(taxonomies, "taxonomy.json")
    assert taxonomies["total_items"] == Taxonomy.objects.count() == 2
    for item in taxonomies["contents"]:
        assert_valid("taxonomy.json", get(api, f"/taxonomies/{item['id']}"))
    terms = get(api, "/taxonomy_terms", per_page=100)
    assert_page(terms, "taxonomy_term.json")
    assert terms["total_items"] == TaxonomyTerm.objects.count()
    for item in terms["contents"]:
        assert_valid("taxonomy_term.json", get(api, f"/taxonomy_terms/{item['id']}"))


def test_a_service_is_the_standards_example_exactly(api: Client) -> None:
    call_command("directory", "import", str(EXAMPLES / "service_full.json"), stdout=io.StringIO())
    expected = load_json("examples/service_full.json")
    body = get(api, f"/services/{EXAMPLE_SERVICE}")
    # The taxonomy example names the term's taxonomy; everything else is as published.
    assert body["attributes"][0]["taxonomy_term"].pop("taxonomy_id")
    assert body == expected


def test_the_needs_taxonomy_is_published_with_its_terms(api: Client) -> None:
    body = get(api, f"/taxonomies/{NEEDS_TAXONOMY_ID}")
    assert {term["term"] for term in body["taxonomy_terms"]} >= {"housing", "caring"}
    assert get(api, "/taxonomy_terms", taxonomy_id=str(NEEDS_TAXONOMY_ID))["total_items"] == 10


def test_pagination(api: Client) -> None:
    first = get(api, "/services", per_page=3)
    assert (first["total_items"], first["total_pages"], first["size"]) == (4, 2, 3)
    assert (first["page_number"], first["first_page"], first["last_page"]) == (1, True, False)
    second = get(api, "/services", per_page=3, page=2)
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    ids = [s["id"] for s in first["contents"] + second["contents"]]
    assert len(set(ids)) == 4
    beyond = get(api, "/services", per_page=3, page=9)
    assert (beyond["contents"], beyond["empty"], beyond["size"]) == ([], True, 0)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "0"}, "page must be between 1"),
        ({"per_page": "lots"}, "per_page must be a whole number"),
        ({"per_page": "100000"}, "per_page must be between 1 and 500"),
        ({"taxonomy_term_id": "housing"}, "taxonomy_term_id must be an id"),
        ({"minimum_age": "young"}, "minimum_age must be a number"),
        ({"day": "Funday"}, "day must be a day such as MO or Monday"),
        ({"start_time": "noon"}, "start_time must be a time"),
    ],
)
def test_bad_parameters_get_a_clear_400(api: Client, params, message) -> None:
    response = api.get("/openreferral/services", params)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert message in response.json()["detail"]


def test_unknown_records_get_a_404_with_cors(api: Client) -> None:
    for path in (
        "/services/not-an-id",
        "/services/00000000-0000-4000-8000-000000000000",
        "/service_at_locations/00000000-0000-4000-8000-000000000000",
        "/taxonomies/00000000-0000-4000-8000-000000000000",
        "/taxonomy_terms/00000000-0000-4000-8000-000000000000",
    ):
        response = api.get(f"/openreferral{path}")
        assert response.status_code == 404, path
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "detail" in response.json()


def test_the_api_is_read_only_and_answers_preflight(api: Client) -> None:
    assert api.post("/openreferral/services").status_code == 405
    preflight = api.options("/openreferral/services")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def names(body: Any) -> list[str]:
    return [item["name"] for item in body["contents"]]


def test_service_filters(api: Client) -> None:
    assert names(get(api, "/services", search="debt")) == ["West End money and housing advice"]
    housing = str(need_term_id("housing"))
    assert names(get(api, "/services", taxonomy_term_id=housing)) == [
        "West End money and housing advice"
    ]
    assert len(get(api, "/services", taxonomy_id=str(NEEDS_TAXONOMY_ID))["contents"]) == 3
    # The standard's meanings: minimum_age at least, maximum_age at most.
    assert names(get(api, "/services", minimum_age=17)) == ["Merchant City friendship café"]
    assert len(get(api, "/services", minimum_age=12)["contents"]) == 3
    assert names(get(api, "/services", maximum_age=100)) == ["Community Counselling"]
    assert names(get(api, "/services", day="tuesday")) == ["Merchant City friendship café"]
    assert names(get(api, "/services", day="WE", start_time="17:00")) == ["Paisley carers' group"]
    assert names(get(api, "/services", end_time="12:30", start_time="10:00")) == [
        "Merchant City friendship café"
    ]


def test_service_at_locations_near_a_postcode(api: Client) -> None:
    near = get(api, "/service_at_locations", postcode="g1 1aa")
    located = [item["service"]["name"] for item in near["contents"]]
    assert located[:3] == [
        "Merchant City friendship café",
        "West End money and housing advice",
        "Paisley carers' group",
    ]
    within = get(api, "/service_at_locations", postcode="G1 1AA", proximity="5000")
    assert [item["service"]["name"] for item in within["contents"]] == located[:2]
    for params, message in (
        ({"proximity": "500"}, "proximity needs a postcode"),
        ({"postcode": "nowhere"}, "is not a UK postcode"),
        ({"postcode": "ZE1 0AA"}, "is not in the postcode lookup"),
        ({"postcode": "G1 1AA", "proximity": "-5"}, "proximity must be a positive"),
    ):
        response = api.get("/openreferral/service_at_locations", params)
        assert response.status_code == 400
        assert message in response.json()["detail"]


def test_list_endpoints_use_a_fixed_number_of_queries(api, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(8):
        get(api, "/services", per_page=1)
    with django_assert_max_num_queries(8):
        get(api, "/services", per_page=50)
    with django_assert_max_num_queries(20):
        get(api, f"/services/{EXAMPLE_SERVICE}")


def test_no_staff_or_capacity_details_are_published(api: Client, world) -> None:
    manager = User.objects.get(username="manager")
    manager.first_name, manager.last_name = "Zebediah", "Quillfeather"
    manager.save()
    service = Service.objects.get(pk=EXAMPLE_SERVICE)
    service_capacity_update(
        service=service, actor=manager, capacity="paused", note="Secret internal note"
    )
    bodies = [
        api.get(f"/openreferral{path}").content.decode()
        for path in ("/services", f"/services/{EXAMPLE_SERVICE}", "/service_at_locations")
    ]
    for body in bodies:
        for private in ("Zebediah", "Quillfeather", "Secret internal note", "paused"):
            assert private not in body
    assert "sessionid" not in api.cookies
