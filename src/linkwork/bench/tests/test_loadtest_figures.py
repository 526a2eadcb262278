"""The load test's own arithmetic: percentiles, the ratios the targets name, what counts as an
error, and authenticator codes. No timings are judged here."""

from __future__ import annotations

import math

import pytest

from linkwork.accounts.roles import Role
from linkwork.bench.loadtest.client import LOCKED, Response, error_of
from linkwork.bench.loadtest.figures import PageFigures, percentile, report, table
from linkwork.bench.loadtest.html import csrf_token, forms, linked_ids
from linkwork.bench.loadtest.mixes import ALLOCATION, MIXES, allocate
from linkwork.bench.loadtest.totp import TotpKey
from linkwork.demo.parts.staff_logins import DEMO_LOGINS


def test_percentiles_are_nearest_rank() -> None:
    samples = [float(n) for n in range(20, 0, -1)]  # 1..20, out of order
    assert percentile(samples, 0.50) == 10
    assert percentile(samples, 0.95) == 19
    assert percentile(samples, 0.99) == 20
    assert percentile([7.0], 0.95) == 7
    assert math.isnan(percentile([], 0.5))
    with pytest.raises(ValueError, match="fraction"):
        percentile(samples, 0)


def _page(name: str, seconds: list[float], errors: int = 0) -> PageFigures:
    figures = PageFigures(name)
    for i, s in enumerate(seconds):
        figures.add(s, "HTTP 500" if i < errors else None)
    return figures


def test_the_report_gives_each_page_its_p95_as_a_multiple_of_the_baseline() -> None:
    baseline = _page("baseline", [0.010] * 100)  # p95 10 ms, 100 in 10 s: 10 a second
    pages = [_page("home", [0.020] * 19 + [0.050]), _page("person", [0.060] * 10, errors=1)]
    result = report(pages, baseline=baseline, mix_duration_s=10, baseline_duration_s=10)
    rows = {row["page"]: row for row in result["pages"]}  # type: ignore[attr-defined]
    assert rows["home"]["p95_ms"] == 20.0
    assert rows["home"]["p95_vs_baseline"] == 2.0
    assert rows["person"]["p95_vs_baseline"] == 6.0
    assert result["worst_p95_vs_baseline"] == 6.0
    # 30 requests in 10 s against the baseline's 100: 30%.
    assert result["throughput_share"] == 0.3
    assert result["errors"] == 1
    assert result["met"] == {"p95": False, "throughput": True, "errors": False}
    text = table(result)
    assert "person" in text
    assert "6.0" in text


def test_errors_are_failures_lock_errors_and_lost_sign_ins() -> None:
    def answer(status: int, body: str = "", location: str = "") -> Response:
        return Response(status=status, body=body, location=location, seconds=0.1)

    assert error_of(answer(200, "<p>fine</p>")) is None
    assert error_of(answer(302, location="/referrals/1/")) is None
    assert error_of(answer(500)) == "HTTP 500"
    assert error_of(answer(403)) == "HTTP 403"
    assert error_of(answer(200, f"OperationalError: {LOCKED}")) == LOCKED
    assert error_of(answer(302, location="/accounts/login/?next=/")) == "signed out"
    assert error_of(answer(200, "<html>"), expect_json=True) == "not JSON"
    assert error_of(answer(200, "[]"), expect_json=True) is None


def test_authenticator_codes_match_the_rfc_6238_examples() -> None:
    key = TotpKey(key=b"12345678901234567890", digits=8)
    assert key.code(key.counter(59)) == "94287082"
    assert key.code(key.counter(1111111109)) == "07081804"
    assert TotpKey(key=b"12345678901234567890").code(1) == "287082"


def test_forms_and_record_links_are_read_from_a_page() -> None:
    page = """
      <a href="/referrals/0f11d0f3-95be-5fdb-91f6-686c5f352a59/">A</a>
      <a href="/referrals/0f11d0f3-95be-5fdb-91f6-686c5f352a59/#connections">again</a>
      <form action="/x/encounters/" method="post">
        <input type="hidden" name="csrfmiddlewaretoken" value="tok">
        <input name="duration_minutes" value="45" required>
        <input type="radio" name="attended" value="yes" checked>
        <input type="radio" name="attended" value="no">
        <select name="mode">
          <option value="">Choose</option><option value="video" selected>Video</option>
        </select>
        <textarea name="notes">hi</textarea><button type="submit">Save</button>
      </form>"""
    [form] = forms(page)
    assert form.action == "/x/encounters/"
    assert form.method == "post"
    assert form.values == {
        "csrfmiddlewaretoken": "tok",
        "duration_minutes": "45",
        "attended": "yes",
        "mode": "video",
        "notes": "hi",
    }
    assert form.choices == {"attended": ["yes", "no"], "mode": ["", "video"]}
    assert form.required == {"duration_minutes"}
    assert csrf_token(page) == "tok"
    assert linked_ids(page, "/referrals/") == ["0f11d0f3-95be-5fdb-91f6-686c5f352a59"]


def test_every_role_has_a_mix_and_every_user_a_demo_login() -> None:
    assert set(MIXES) == set(Role)
    assert set(ALLOCATION) <= {login.username for login in DEMO_LOGINS}
    users = allocate(30)
    assert len(users) == 30
    # Link workers are the largest group, as in a working day.
    assert users.count("linkworker") == max(users.count(name) for name in set(users))
