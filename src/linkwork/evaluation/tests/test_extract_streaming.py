"""The extract reads each table with one streamed query filtered by a subquery of the
episodes, never with a list of every id (which SQLite refuses beyond its variable limit)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwork.episodes.models import Referral
from linkwork.evaluation.dataset.extract import ExportFilters, extract
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, new_key
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def test_no_query_lists_the_episodes_or_people(casework: SmallWorld) -> None:
    referrals = list(Referral.objects.values_list("pk", "person_id"))
    assert len(referrals) > 10
    with CaptureQueriesContext(connection) as queries:
        tables = extract(ExportFilters(), pseudonymiser=Pseudonymiser(new_key())).tables
    assert tables["referrals"].height == len(referrals)
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    listed = [
        pk
        for pair in referrals
        for pk in pair
        if str(pk) in sql or pk.hex in sql  # PostgreSQL spells a UUID with dashes, SQLite not
    ]
    assert listed == []
