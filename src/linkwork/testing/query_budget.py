"""Query budgets: a page or endpoint that lists rows must run as many SQL queries for six rows
as for two. A list that looks up something per row (an "N+1") slows down as a caseload,
directory or registry grows, so each list is measured with a few rows, then with more, and
the two query counts must be equal.

Typical use in a test::

    assert_queries_flat(
        lambda: client.get(url),
        add_rows=lambda: add_services(world, "CDEF"),
        count_rows=count_matches(r"Budget group [A-Z]"),
    )

`count_rows` reads how many rows the response shows, so the test also proves that the extra
rows really were shown (a filter that hid them would make the budget meaningless).
Paginated lists are measured within their first page: paging adds the same queries (at most
one count) whatever the total, so their budget is equal counts too.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

__all__ = [
    "Measurement",
    "QueryBudget",
    "assert_queries_flat",
    "count_json_items",
    "count_matches",
    "measure",
    "response_text",
    "statement_shape",
]

Fetch = Callable[[], HttpResponseBase]
RowCounter = Callable[[HttpResponseBase], int]

# Literals differ from row to row; without them, the same statement run once per row shows up
# as one repeated line in a failure message.
_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
_IN_LISTS = re.compile(r"\bIN \((?:\?, )*\?\)")
_SAVEPOINTS = re.compile(r'"s\d+_x\d+"')
# A bulk insert of more rows is still one statement: keep its first row of values only.
_MORE_VALUES = re.compile(r"(?<=\)), \((?:\?, )*\?\)")
# The tables and conditions identify a statement; its long column list only hides them.
_COLUMNS = re.compile(r"^SELECT .+? FROM ")


@dataclass(frozen=True, slots=True)
class Measurement:
    """One request: how many rows it showed and the SQL it ran, in order."""

    rows: int
    queries: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.queries)


@dataclass(frozen=True, slots=True)
class QueryBudget:
    """The request measured with a few rows, then with more."""

    few: Measurement
    many: Measurement


def response_text(response: HttpResponseBase) -> str:
    """The body of a plain or streamed response, as text."""
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    assert isinstance(response, HttpResponse), type(response)
    return response.content.decode()


def statement_shape(sql: str) -> str:
    shape = _IN_LISTS.sub("IN (...)", _LITERALS.sub("?", _SAVEPOINTS.sub('"savepoint"', sql)))
    return _COLUMNS.sub("SELECT ... FROM ", _MORE_VALUES.sub("", shape))


def _grown_statements(few: Measurement, many: Measurement) -> list[tuple[int, str]]:
    before = Counter(statement_shape(sql) for sql in few.queries)
    after = Counter(statement_shape(sql) for sql in many.queries)
    shapes = set(before) | set(after)
    grown = [(after[s] - before[s], s) for s in shapes if after[s] != before[s]]
    return sorted(grown, key=lambda item: (-abs(item[0]), item[1]))


def measure(
    fetch: Fetch,
    count_rows: RowCounter,
    *,
    status: int = 200,
    using: str = DEFAULT_DB_ALIAS,
) -> Measurement:
    """Run `fetch` once, capturing its queries on the `using` database."""
    with CaptureQueriesContext(connections[using]) as captured:
        response = fetch()
    assert response.status_code == status, (
        f"expected HTTP {status}, got {response.status_code}: {response_text(response)[:500]}"
    )
    return Measurement(
        rows=count_rows(response),
        queries=tuple(query["sql"] for query in captured.captured_queries),
    )


def assert_queries_flat(
    fetch: Fetch,
    *,
    add_rows: Callable[[], object],
    count_rows: RowCounter,
    status: int = 200,
    using: str = DEFAULT_DB_ALIAS,
) -> QueryBudget:
    """Assert that `fetch` runs the same number of queries after `add_rows` as before.

    `fetch` is called once first and not measured, so that one-off work (a session touched for
    the first time, a per-process cache filled) is not mistaken for growth. The response must
    show at least one row before `add_rows` and more rows after it. On failure the message
    lists the statements whose number of runs changed, with literals blanked out, which points
    at the per-row lookup.
    """
    fetch()
    few = measure(fetch, count_rows, status=status, using=using)
    add_rows()
    many = measure(fetch, count_rows, status=status, using=using)
    assert few.rows >= 1, "the first measurement must show at least one row"
    assert many.rows > few.rows, (
        f"adding rows did not show more of them ({few.rows} before, {many.rows} after)"
    )
    if many.count != few.count:
        changes = "\n".join(
            f"  {delta:+d}x {shape}" for delta, shape in _grown_statements(few, many)
        )
        raise AssertionError(
            f"queries changed with the rows shown: {few.count} queries for {few.rows} rows, "
            f"{many.count} for {many.rows} rows. Statements run a different number of times:\n"
            f"{changes}"
        )
    return QueryBudget(few=few, many=many)


def count_matches(pattern: str) -> RowCounter:
    """Count the distinct matches of `pattern` in the response body: with one unique name per
    row (e.g. `Budgetperson` and a suffix), that is the number of rows shown."""
    compiled = re.compile(pattern)

    def count(response: HttpResponseBase) -> int:
        return len(set(compiled.findall(response_text(response))))

    return count


def count_json_items(key: str | None = None) -> RowCounter:
    """Count the items of a JSON array body, or of the array under `key` in a JSON object."""

    def count(response: HttpResponseBase) -> int:
        body = json.loads(response_text(response))
        items = body if key is None else body[key]
        assert isinstance(items, list), f"expected a JSON array, got {type(items).__name__}"
        return len(items)

    return count
