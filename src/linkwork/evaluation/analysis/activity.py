"""Activity: who is referred, from where and why; how long they wait; how much support they
get; where they are connected to. Pure polars, each figure with its n."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from linkwork.evaluation.analysis.data import OPEN_STATUSES, EvaluationData
from linkwork.stats import InsufficientDataError, median_and_p90, rate_per_thousand

ATTENDED_CONNECTION = ("in-progress", "completed")
# The mean length of a calendar year, so leap years neither inflate nor deflate a rate.
DAYS_PER_YEAR = 365.25


def counts(frame: pl.DataFrame, column: str) -> list[dict[str, Any]]:
    total = frame.height
    rows = (
        frame.group_by(column)
        .agg(pl.len().alias("n"))
        .sort(["n", column], descending=[True, False])
    )
    return [
        {
            "group": row[column] if row[column] is not None else "not recorded",
            "n": row["n"],
            "percent": round(100 * row["n"] / total, 1) if total else None,
        }
        for row in rows.iter_rows(named=True)
    ]


def by_source(data: EvaluationData) -> list[dict[str, Any]]:
    return counts(data.table("referrals"), "source")


def by_reason(data: EvaluationData) -> list[dict[str, Any]]:
    return counts(data.table("referral_reasons"), "reason")


def rate_period(data: EvaluationData) -> dict[str, Any]:
    """The period referral rates are annualised over: from the first referral received to
    the date the data runs to, both days counted. Without referrals there is no period."""
    received = data.table("referrals")["received_on"].drop_nulls()
    if received.is_empty():
        return {"start": None, "end": None, "days": None, "years": None}
    first, last = received.min(), received.max()
    # received_on is a date column, so both are dates; the asserts tell the type checker.
    assert isinstance(first, date)
    assert isinstance(last, date)
    start, end = first, max(data.reference_date, last)
    days = (end - start).days + 1
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": days,
        "years": days / DAYS_PER_YEAR,
    }


def _rate_row(group: str, count: int, population: int, years: float | None) -> dict[str, Any]:
    """Referrals per 1,000 registered patients per year: the population at risk is the list
    size times the years the referrals were counted over (patient-years), so a longer
    extract does not look like a busier service."""
    try:
        if years is None:
            raise InsufficientDataError("no period to annualise over")
        rate = rate_per_thousand(count, population * years)
    except (InsufficientDataError, ValueError):
        return {
            "group": group,
            "n": count,
            "population": population,
            "rate": None,
            "low": None,
            "high": None,
        }
    return {
        "group": group,
        "n": count,
        "population": population,
        "rate": round(rate.rate_per_thousand, 2),
        "low": round(rate.low, 2),
        "high": round(rate.high, 2),
    }


def rates_by_practice(data: EvaluationData) -> list[dict[str, Any]]:
    """Referrals per 1,000 registered patients per year, by referring practice."""
    years = rate_period(data)["years"]
    referred = (
        data.table("referrals")
        .filter(pl.col("practice_id").is_not_null())
        .group_by("practice_id")
        .agg(pl.len().alias("n"))
    )
    practices = (
        data.table("practices")
        .join(referred, on="practice_id", how="left")
        .with_columns(pl.col("n").fill_null(0))
    )
    return [
        _rate_row(row["practice_name"], row["n"], row["list_size"] or 0, years)
        for row in practices.sort("practice_name").iter_rows(named=True)
        if row["list_size"]
    ]


def rates_by_practice_quintile(data: EvaluationData) -> list[dict[str, Any]]:
    """Referrals per 1,000 registered patients per year of practices in each deprivation
    quintile (of the practice's own small area; 1 = most deprived), annualised over
    `rate_period`. The inverse care law predicts lower rates at 1."""
    years = rate_period(data)["years"]
    referred = (
        data.table("referrals")
        .filter(pl.col("practice_id").is_not_null())
        .group_by("practice_id")
        .agg(pl.len().alias("n"))
    )
    practices = (
        data.table("practices")
        .join(referred, on="practice_id", how="left")
        .with_columns(pl.col("n").fill_null(0))
        .filter(pl.col("deprivation_quintile").is_not_null() & pl.col("list_size").is_not_null())
        .group_by("deprivation_quintile")
        .agg(pl.col("n").sum(), pl.col("list_size").sum().alias("population"))
        .sort("deprivation_quintile")
    )
    return [
        _rate_row(str(row["deprivation_quintile"]), row["n"], row["population"], years)
        for row in practices.iter_rows(named=True)
    ]


def practice_deprivation_sources(data: EvaluationData) -> dict[str, int]:
    """How many practices with a deprivation quintile have it from their registered patients'
    areas, and how many from their premises' postcode (packages made before the source was
    recorded have only the postcode)."""
    practices = data.table("practices").filter(pl.col("deprivation_quintile").is_not_null())
    if "deprivation_source" not in practices.columns:
        return {"registered_patients": 0, "premises_postcode": practices.height}
    registered = practices.filter(pl.col("deprivation_source") == "registered_patients").height
    return {
        "registered_patients": registered,
        "premises_postcode": practices.height - registered,
    }


def people_by_quintile(data: EvaluationData) -> list[dict[str, Any]]:
    """Share of people referred living in each quintile; a fair share is 20% each. People with
    unknown postcodes are left out rather than guessed."""
    people = data.table("people").filter(pl.col("deprivation_quintile").is_not_null())
    rows = counts(
        people.with_columns(pl.col("deprivation_quintile").cast(pl.Utf8)), "deprivation_quintile"
    )
    return sorted(rows, key=lambda r: r["group"])


def waiting_times(data: EvaluationData) -> dict[str, Any]:
    waits = data.table("referrals").filter(pl.col("waiting_days").is_not_null())
    overall = _quantiles(waits["waiting_days"].to_list())
    by_scheme = []
    named = waits.join(data.table("schemes").select("scheme_id", "scheme_name"), on="scheme_id")
    for (name,), group in named.group_by("scheme_name"):
        by_scheme.append({"group": name, **_quantiles(group["waiting_days"].to_list())})
    return {"overall": overall, "by_scheme": sorted(by_scheme, key=lambda r: r["group"])}


def _quantiles(values: list[int]) -> dict[str, Any]:
    try:
        q = median_and_p90([float(v) for v in values])
    except InsufficientDataError:
        return {"n": len(values), "median": None, "p90": None}
    return {"n": q.n, "median": round(q.median, 1), "p90": round(q.p90, 1)}


def caseloads(data: EvaluationData) -> dict[str, Any]:
    """Open episodes per link worker at the data's reference date."""
    open_cases = (
        data.table("referrals")
        .filter(pl.col("status").is_in(OPEN_STATUSES) & (pl.col("link_worker").fill_null("") != ""))
        .group_by("link_worker")
        .agg(pl.len().alias("open"))
    )
    loads = open_cases["open"].to_list()
    return {"link_workers": len(loads), **_quantiles(loads), "max": max(loads) if loads else None}


def sessions_per_person(data: EvaluationData) -> list[dict[str, Any]]:
    referrals = data.table("referrals").with_columns(
        pl.when(pl.col("sessions_attended") >= 3)
        .then(pl.lit("3 or more"))
        .otherwise(pl.col("sessions_attended").cast(pl.Utf8))
        .alias("sessions")
    )
    rows = counts(referrals, "sessions")
    order = {"0": 0, "1": 1, "2": 2, "3 or more": 3}
    return sorted(rows, key=lambda r: order.get(r["group"], 9))


def group_work(data: EvaluationData) -> list[dict[str, Any]]:
    """Episodes with any attended session, by how their sessions were delivered: one-to-one
    only, group and one-to-one, or group sessions only."""
    seen = data.episodes().filter(pl.col("sessions_attended") > 0)
    rows = counts(seen, "group_work")
    order = {"one_to_one": 0, "mixed": 1, "group_only": 2}
    return sorted(rows, key=lambda r: order.get(r["group"], 9))


def connections(data: EvaluationData) -> dict[str, Any]:
    seen = data.table("referrals").filter(pl.col("sessions_attended") > 0)
    links = data.table("connections")
    per_person = seen.join(
        links.group_by("referral_id").agg(pl.len().alias("c")), on="referral_id", how="left"
    ).with_columns(pl.col("c").fill_null(0))
    attended = links.filter(pl.col("status").is_in(ATTENDED_CONNECTION)).height
    return {
        "people_seen": seen.height,
        "connections": links.height,
        "per_person": round(per_person["c"].mean(), 2) if seen.height else None,  # type: ignore[arg-type]
        "attended": attended,
        "attended_percent": round(100 * attended / links.height, 1) if links.height else None,
        "by_status": counts(links, "status"),
    }


def discharge_reasons(data: EvaluationData) -> list[dict[str, Any]]:
    return counts(
        data.table("referrals").filter(pl.col("status") == "discharged"), "discharge_reason"
    )


def statuses(data: EvaluationData) -> list[dict[str, Any]]:
    return counts(data.table("referrals"), "status")


def connections_by_service(data: EvaluationData) -> list[dict[str, Any]]:
    """Per service and need: how many people were connected, how many arrived, and the days
    from connection to first attendance (median)."""
    links = data.table("connections").with_columns(
        pl.col("status").is_in(ATTENDED_CONNECTION).alias("arrived"),
        (pl.col("first_attended_on") - pl.col("made_on")).dt.total_days().alias("days"),
    )
    rows = []
    for (service, need), group in links.group_by(["service_name", "need"]):
        days = [d for d in group["days"].to_list() if d is not None]
        rows.append(
            {
                "group": f"{service} ({need or 'need not stated'})",
                "service": service,
                "need": need,
                "n": group.height,
                "arrived": int(group["arrived"].sum()),
                "arrived_percent": round(100 * group["arrived"].sum() / group.height, 1),
                "median_days_to_attend": _quantiles(days)["median"],
            }
        )
    return sorted(rows, key=lambda r: (-r["n"], r["group"]))
