"""Directory search benchmark: 10,000 services and the searches people actually make.

`run()` builds the services in the configured database inside a transaction that is rolled
back at the end, so it never leaves data behind; `make bench` runs it. Timings live here,
never in pass/fail tests.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from unittest import mock

from linkwork.directory import openreferral
from linkwork.directory.export import json_export_documents
from linkwork.directory.geo import miles_to_km
from linkwork.directory.needs import CATEGORY_LINK_TYPE, need_term_id
from linkwork.directory.oruk import schemas
from linkwork.directory.oruk.files import read_path
from linkwork.directory.oruk.records import Dataset
from linkwork.directory.search import SearchFilters, service_search, services_in_order
from linkwork.directory.selectors import postcode_point, suggested_services
from linkwork.directory.services import directory_import_path, needs_taxonomy_ensure
from linkwork.directory.store import dataset_write
from linkwork.lookups.models import PostcodeLookup

SERVICES = 10_000
PROVIDERS = 600
POSTCODES = 800
_NAMES = (
    ("friendship café", "loneliness_isolation", "Tea, cake and company for anyone feeling alone."),
    ("debt advice", "debt_benefits_money", "Free confidential debt advice and benefits checks."),
    ("walking group", "long_term_condition_lifestyle", "Gentle led walks for health."),
    ("food bank", "food_fuel_poverty", "Emergency food parcels with a referral voucher."),
    ("housing advice", "housing", "Help with repairs, rent arrears and finding a home."),
    ("carers' group", "caring", "Support and short breaks for unpaid carers."),
    ("peer support group", "mental_wellbeing", "A safe space to share what helps with anxiety."),
    ("job club", "employment", "CVs, applications and interview practice."),
    ("bereavement café", "bereavement", "Company and support after a death."),
    ("digital skills drop-in", "other", "Learn to use a phone, tablet or computer."),
)
_PLACES = ("Ashby", "Brierley", "Carrow", "Dunmore", "Eastfield", "Fairholm", "Glenside")


def _postcodes(rng: random.Random) -> list[tuple[str, float, float]]:
    """Synthetic postcodes spread over Great Britain, in a valid format."""
    found: dict[str, tuple[str, float, float]] = {}
    while len(found) < POSTCODES:
        code = (
            f"{rng.choice('BDGHKLMNSTW')}{rng.choice('ABDEHLNRST')}{rng.randint(1, 29)} "
            f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
        found[code] = (code, rng.uniform(50.5, 57.5), rng.uniform(-5.5, 1.2))
    return list(found.values())


def _build(rng: random.Random) -> tuple[list[str], Dataset]:

    needs_taxonomy_ensure()
    postcodes = _postcodes(rng)
    PostcodeLookup.objects.bulk_create(
        [
            PostcodeLookup(
                postcode=code, country="bench", small_area_code="X", latitude=lat, longitude=lon
            )
            for code, lat, lon in postcodes
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    data = Dataset()
    providers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(PROVIDERS)]
    for number, provider in enumerate(providers):
        data.table("organization")[provider] = {
            "id": provider,
            "name": f"{rng.choice(_PLACES)} Community Trust {number}",
            "description": "A community organisation.",
        }
    for number in range(SERVICES):
        name, need, description = rng.choice(_NAMES)
        place = rng.choice(_PLACES)
        service_id, location_id = (str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(2))
        _, lat, lon = rng.choice(postcodes)
        low = rng.choice((None, 16, 18, 50, 65))
        data.table("service")[service_id] = {
            "id": service_id,
            "organization_id": rng.choice(providers),
            "name": f"{place} {name} {number}",
            "description": description,
            "status": "active",
            "minimum_age": low,
        }
        data.table("location")[location_id] = {
            "id": location_id,
            "location_type": "physical",
            "latitude": Decimal(f"{lat + rng.uniform(-0.01, 0.01):.6f}"),
            "longitude": Decimal(f"{lon + rng.uniform(-0.01, 0.01):.6f}"),
        }
        for table, row in (
            ("service_at_location", {"location_id": location_id}),
            (
                "schedule",
                {
                    "freq": "WEEKLY",
                    "byday": rng.choice(("MO", "TU,TH", "WE,FR", "SA")),
                    "opens_at": "10:00",
                    "closes_at": "12:00",
                },
            ),
            ("cost_option", {"amount": rng.choice((0, 0, 0, 3))}),
            (
                "attribute",
                {
                    "link_id": service_id,
                    "taxonomy_term_id": str(need_term_id(need)),
                    "link_type": CATEGORY_LINK_TYPE,
                },
            ),
        ):
            record_id = str(uuid.UUID(int=rng.getrandbits(128)))
            owner = {} if table == "attribute" else {"service_id": service_id}
            data.table(table)[record_id] = {"id": record_id, **owner, **row}
    dataset_write(data)
    return [code for code, _, _ in postcodes], data


def _median(func: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


class _NeverValid:
    """Stands in for the compiled validator so every record goes through `jsonschema`."""

    def is_valid(self, instance: object) -> bool:
        return False


def _reimport(*, data_written: float) -> dict[str, float]:
    """Import the directory's own export again, as a scheme re-importing an unchanged release:
    reading and validating the files (with the compiled validator, then with `jsonschema`
    alone for comparison); the import comparing every record (which writes nothing and keeps
    a fingerprint of the files); then the same files again, recognised by that fingerprint."""
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for file_name, documents in json_export_documents().items():
            (folder / file_name).write_text(json.dumps(documents), encoding="utf-8")
        start = time.perf_counter()
        read_path(folder)
        results["read_validate_10000_services_s"] = time.perf_counter() - start
        with mock.patch.object(schemas, "fast_validator", return_value=_NeverValid()):
            start = time.perf_counter()
            read_path(folder)
            results["read_validate_jsonschema_only_s"] = time.perf_counter() - start
        start = time.perf_counter()
        compared = directory_import_path(path=folder, force=True)
        results["reimport_comparing_every_record_s"] = time.perf_counter() - start
        start = time.perf_counter()
        recognised = directory_import_path(path=folder)
        results["reimport_unchanged_s"] = time.perf_counter() - start
    assert not compared.problems, compared.problems[:3]
    assert not compared.changed
    assert recognised.unchanged_since is not None
    first = results["read_validate_10000_services_s"] + data_written
    results["reimport_comparing_vs_first"] = results["reimport_comparing_every_record_s"] / first
    results["reimport_unchanged_vs_first"] = results["reimport_unchanged_s"] / first
    results["validation_compiled_vs_jsonschema"] = (
        results["read_validate_10000_services_s"] / results["read_validate_jsonschema_only_s"]
    )
    return results


def run(*, repeat: int = 5, seed: int = 1) -> dict[str, float]:
    """Seconds taken to build 10,000 services, to write the same services again unchanged,
    and (medians) to run typical searches."""
    from django.db import connection, transaction
    from django.test import RequestFactory

    rng = random.Random(seed)  # noqa: S311 - a seeded, repeatable benchmark, not secrets
    results: dict[str, float] = {}
    with transaction.atomic():
        start = time.perf_counter()
        postcodes, data = _build(rng)
        results["build_10000_services_s"] = time.perf_counter() - start
        # Writing the same directory again compares every row and changes nothing.
        start = time.perf_counter()
        dataset_write(data)
        results["rewrite_unchanged_10000_services_s"] = time.perf_counter() - start
        results["rewrite_unchanged_vs_build"] = (
            results["rewrite_unchanged_10000_services_s"] / results["build_10000_services_s"]
        )
        results.update(_reimport(data_written=results["build_10000_services_s"]))
        if connection.vendor == "postgresql":
            # A live database has planner statistics; fresh rows in an open transaction do not.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        postcode = postcodes[0]
        origin = postcode_point(postcode)
        requests = RequestFactory()

        def page_of(filters: SearchFilters) -> None:
            hits = service_search(filters)
            services_in_order([hit.service_id for hit in hits[:20]])

        searches: dict[str, Callable[[], object]] = {
            "browse_first_page_s": lambda: page_of(SearchFilters(statuses=("active",))),
            "text_debt_advice_s": lambda: page_of(SearchFilters(text="debt advice")),
            "need_age_within_10_miles_s": lambda: page_of(
                SearchFilters(
                    needs=("loneliness_isolation",),
                    age=Decimal(70),
                    origin=origin,
                    within_km=miles_to_km(10),
                )
            ),
            "text_and_postcode_s": lambda: page_of(
                SearchFilters(text="friendship cafe", origin=origin)
            ),
            "suggested_services_s": lambda: suggested_services(
                needs=["loneliness_isolation", "mental_wellbeing"], age=70, postcode=postcode
            ),
            "oruk_services_search_page_s": lambda: openreferral.services(
                requests.get("/openreferral/services", {"search": "advice", "per_page": "50"})
            ),
            "oruk_service_at_locations_near_s": lambda: openreferral.service_at_locations(
                requests.get(
                    "/openreferral/service_at_locations",
                    {"postcode": postcode, "proximity": "20000"},
                )
            ),
        }
        for name, search in searches.items():
            results[name] = _median(search, repeat)
        transaction.set_rollback(True)
    return results
