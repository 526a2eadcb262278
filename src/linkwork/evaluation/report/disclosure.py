"""Disclosure control of the external evaluation report, as one pass over all its tables.

The report is first built with every figure (as a scheme's own managers see it). This module
then lists every count of people in it as a cell of :func:`linkwork.stats.disclosure.protect`,
with the margins that tie the tables together:

- every breakdown of a figure adds up to its total (referrals by source, status and sessions to
  the referrals in scope; each outcome breakdown, the sessions bands and the attrition table to
  the instrument's paired n; services to the connections made), with any people a table leaves
  out as an unpublished remainder;
- schemes nest in regions and in delivery models (region n = its schemes' n, model n = its
  schemes' n), for group sizes and for the numbers improving;
- a numerator and its complement make the group (improved + not improved = n; arrived + not
  arrived = connected); the multilevel models' per-group n plus the people they leave out make
  the breakdown's group.

Hidden cells become None (a hidden group loses every figure but its name and is marked
``suppressed``; a hidden numerator loses its percentage and interval), published counts are
rounded to the nearest ``base``, and notes and caveats that state a number of people are
replaced by words. Every figure withheld is named in its holder's ``hidden`` list, so a reader
(and the HTML page) can tell "withheld" from "could not be estimated"; the list does not say
why, for the reason given in :mod:`linkwork.stats.disclosure`.

Derived figures (percentages, connections per person, rates per 1,000 per year and the
intervals around them) are computed again *from the published counts*, never from the exact
ones: "80 connections for 60 people seen (1.28 per person)" computed exactly would let a reader
search the counts that round to 80 and 60 for the one pair giving 1.28, undoing the rounding.
A ratio of two published numbers tells nobody more than the two numbers do. Pure Python: no
Django.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from linkwork.evaluation.report.markers import HIDDEN_KEY
from linkwork.stats.descriptive import rate_per_thousand
from linkwork.stats.disclosure import Margin, protect, round_count
from linkwork.stats.errors import InsufficientDataError
from linkwork.stats.proportions import wilson_interval

__all__ = ["HIDDEN_KEY", "LABEL_KEYS", "SchemePlace", "protect_report", "withhold"]

# (region, delivery model) of each scheme, by scheme name as the breakdowns show it.
SchemePlace = tuple[str, str]

LABEL_KEYS = frozenset({"group", "service", "need", "unit", "label", "scheme", "practice"})
# Data-quality percentages are published to the nearest this many per cent.
QUALITY_PERCENT_BASE = 10
# Money: published totals are rounded to the nearest this many pounds.
AMOUNT_BASE = 100
AMOUNTS = ("total", "annual_total", "per_person", "per_person_with_gain")
ATTENDED_STATUSES = ("in-progress", "completed")
MODEL_BREAKDOWN = "Delivery model"
QUINTILE_BREAKDOWN = "Deprivation quintile (1 = most deprived)"
SCHEME_BREAKDOWN = "Scheme"
REGION_BREAKDOWN = "Region"
NUMERATOR_FIGURES = {
    "improved": ("improved", "improved_percent", "improved_low", "improved_high"),
    "arrived": ("arrived", "arrived_percent"),
    "most_deprived": ("most_deprived", "most_deprived_percent"),
    "training_complete": ("training_complete", "training_percent"),
}
GENERIC_NOTES = {
    "delivery_models": "The delivery models cannot be compared: at least one has too few "
    "people or schemes with a follow-up.",
    "deprivation": "The deprivation quintiles cannot be compared: at least one has too few "
    "people or schemes with a follow-up.",
}
GENERIC_NOTE = "Too few people to estimate this figure."
LEFT_OUT_CAVEAT = (
    "Some people had no follow-up score or a missing covariate and are left out; if they "
    "differ from those followed up, as is likely, the estimates may be biased."
)

Key = tuple[Any, ...]
# The published value of a cell: its rounded count, or None when it is withheld.
Published = Callable[[Key], int | None]


def withhold(holder: dict[str, Any], *fields: str) -> None:
    """Blank ``fields`` and name them in the holder's list of withheld figures."""
    names = holder.setdefault(HIDDEN_KEY, [])
    for name in fields:
        holder[name] = None
        if name not in names:
            names.append(name)


def _ratio(
    holder: dict[str, Any],
    field: str,
    numerator: int | None,
    denominator: int | None,
    *,
    scale: float = 100.0,
    digits: int = 1,
) -> None:
    """``holder[field]`` from two published counts: withheld with either of them."""
    if field not in holder:
        return
    if numerator is None or denominator is None:
        withhold(holder, field)
    else:
        value = scale * numerator / denominator if denominator else None
        holder[field] = None if value is None else round(value, digits) if digits else round(value)


class _Cells:
    """Every count in the report, where it is written, and what to blank if it is hidden."""

    def __init__(self) -> None:
        self.counts: dict[Key, int] = {}
        self.places: dict[Key, list[tuple[dict[str, Any], str]]] = {}
        self.blanks: dict[Key, list[Callable[[], None]]] = {}
        self.unpublished: set[Key] = set()
        self.margins: list[Margin[Key]] = []
        self.derived: list[Callable[[Published], None]] = []
        self.ties: list[tuple[Key, ...]] = []
        self._remainders = 0

    def count(self, key: Key, container: dict[str, Any], field: str) -> Key:
        value = container.get(field)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{key!r}: expected a count in {field!r}, got {value!r}.")
        self.counts[key] = value
        self.places.setdefault(key, []).append((container, field))
        self.blanks.setdefault(key, [])
        return key

    def row(self, key: Key, row: dict[str, Any], field: str = "n") -> Key:
        """A group's size: hiding it hides the whole row but its name."""
        self.count(key, row, field)
        row.setdefault("suppressed", False)
        self.blanks[key].append(lambda: _blank_row(row))
        return key

    def numerator(self, key: Key, row: dict[str, Any], field: str, group: Key) -> Key:
        """A count within a group (people improving, arriving); its complement is a group too."""
        self.count(key, row, field)
        figures = NUMERATOR_FIGURES.get(field, (field,))
        self.blanks[key].append(lambda: withhold(row, *figures))
        rest = self.hidden_count((*key, "not"), self.counts[group] - self.counts[key])
        self.margins.append(Margin(group, (key, rest)))
        if len(figures) > 1:
            self.derived.append(
                lambda published: _share(row, figures, published(key), published(group))
            )
        return key

    def hidden_count(self, key: Key, value: int) -> Key:
        """A group no reader sees (people not improving, people left out): protected too."""
        self.counts[key] = max(value, 0)
        self.unpublished.add(key)
        return key

    def on_hide(self, key: Key, action: Callable[[], None]) -> None:
        self.blanks.setdefault(key, []).append(action)

    def adds_up(self, total: Key, parts: Iterable[Key]) -> None:
        """``total`` is the sum of ``parts`` plus, if they fall short, an unseen remainder."""
        parts = tuple(parts)
        gap = self.counts[total] - sum(self.counts[p] for p in parts)
        if gap:
            self._remainders += 1
            parts = (*parts, self.hidden_count(("remainder", self._remainders), gap))
        if parts:
            self.margins.append(Margin(total, parts))


def _blank_row(row: dict[str, Any]) -> None:
    kept = LABEL_KEYS | {HIDDEN_KEY, "suppressed"}
    withhold(row, *[k for k in row if k not in kept and not k.endswith("_id")])
    row["suppressed"] = True


def _share(
    row: dict[str, Any], figures: tuple[str, ...], numerator: int | None, group: int | None
) -> None:
    """A numerator's percentage, and its Wilson interval where the report gives one, from
    the published numerator and group size (rounding keeps numerator <= group)."""
    percent, *interval = figures[1:]
    _ratio(row, percent, numerator, group)
    if not interval or interval[0] not in row:
        return
    if numerator is None or group is None:
        withhold(row, *interval)
    elif group:
        ci = wilson_interval(numerator, group)
        row[interval[0]], row[interval[1]] = round(100 * ci.low, 1), round(100 * ci.high, 1)


def _count_table(
    cells: _Cells, name: Key, rows: list[dict[str, Any]], total: Key | None
) -> dict[str, Key]:
    """Rows of a counts table; their percentages reveal the table's total, so a table with
    no published total gets one (hiding it hides the percentages)."""
    keys = {str(row["group"]): cells.row((*name, str(row["group"])), row) for row in rows}
    if total is None:
        holder = {"n": sum(row["n"] for row in rows)}
        total = cells.count((*name, "total"), holder, "n")
    cells.adds_up(total, keys.values())
    whole = total

    def percents(published: Published) -> None:
        for row in rows:
            _ratio(row, "percent", published(keys[str(row["group"])]), published(whole))

    cells.derived.append(percents)
    return keys


def _activity(cells: _Cells, report: dict[str, Any], referrals: Key, people: Key) -> None:
    act = report["activity"]
    statuses = _count_table(cells, ("activity", "statuses"), act["statuses"], referrals)
    _count_table(cells, ("activity", "by_source"), act["by_source"], referrals)
    sessions = _count_table(
        cells, ("activity", "sessions_per_person"), act["sessions_per_person"], referrals
    )
    discharged = statuses.get("discharged")
    if discharged is not None:
        _count_table(cells, ("activity", "discharge_reasons"), act["discharge_reasons"], discharged)
    _count_table(cells, ("activity", "by_reason"), act["by_reason"], None)
    _count_table(cells, ("activity", "people_by_quintile"), act["people_by_quintile"], None)
    cells.adds_up(people, [("activity", "people_by_quintile", "total")])
    years = act.get("rate_period", {}).get("years")
    for row in act["rates_by_practice_quintile"]:
        key = cells.row(("activity", "rates", str(row["group"])), row)
        cells.derived.append(partial(_rate_from, row=row, key=key, years=years))
    waits = act["waiting_times"]
    waited = cells.count(("activity", "waits"), waits["overall"], "n")
    cells.adds_up(
        waited,
        [cells.row(("activity", "waits", str(r["group"])), r) for r in waits["by_scheme"]],
    )
    links = act["connections"]
    seen = cells.count(("activity", "people_seen"), links, "people_seen")
    cells.adds_up(seen, [key for group, key in sessions.items() if group != "0"])
    if "group_work" in act:
        # Episodes seen, by how their sessions were delivered: the same total as people_seen.
        _count_table(cells, ("activity", "group_work"), act["group_work"], seen)
    made = cells.count(("activity", "connections"), links, "connections")
    attended = cells.count(("activity", "attended"), links, "attended")

    def link_ratios(published: Published) -> None:
        _ratio(links, "per_person", published(made), published(seen), scale=1.0, digits=2)
        _ratio(links, "attended_percent", published(attended), published(made))

    cells.derived.append(link_ratios)
    status = _count_table(cells, ("activity", "connection_status"), links["by_status"], made)
    cells.adds_up(attended, [status[s] for s in ATTENDED_STATUSES if s in status])
    services = []
    arrivals = []
    for row in act["connections_by_service"]:
        key = cells.row(("activity", "service", row["group"]), row)
        services.append(key)
        arrivals.append(cells.numerator((*key, "arrived"), row, "arrived", key))
    cells.adds_up(made, services)
    cells.adds_up(attended, arrivals)


def _rate_from(published: Published, *, row: dict[str, Any], key: Key, years: float | None) -> None:
    _rate(row, published(key), years)


def _missing_share(
    published: Published, *, attrition: dict[str, Any], without: Key, total: Key
) -> None:
    _ratio(attrition, "missing_percent", published(without), published(total))


def _rate(row: dict[str, Any], n: int | None, years: float | None) -> None:
    """Referrals per 1,000 patients per year from the published count of referrals (list
    sizes are public, so the population needs no protection)."""
    if n is None:
        withhold(row, "rate", "low", "high")
        return
    try:
        if not years:
            raise InsufficientDataError("no period to annualise over")
        rate = rate_per_thousand(n, row["population"] * years)
    except (InsufficientDataError, ValueError):
        row.update(rate=None, low=None, high=None)
        return
    row.update(
        rate=round(rate.rate_per_thousand, 2), low=round(rate.low, 2), high=round(rate.high, 2)
    )


def _quality(cells: _Cells, report: dict[str, Any], referrals: Key) -> None:
    measures = [m["key"] for m in report["data_quality"].get("measures", [])]
    for name in ("by_scheme", "by_practice"):
        rows = report["data_quality"][name]
        cells.adds_up(
            referrals,
            [cells.row(("quality", name, str(r.get("unit")), i), r) for i, r in enumerate(rows)],
        )
        for row in rows:
            cells.derived.append(partial(_coarse_quality, row=row, measures=measures))


def _coarse_quality(published: Published, *, row: dict[str, Any], measures: list[str]) -> None:
    """Recording completeness to the nearest QUALITY_PERCENT_BASE per cent, the overall score
    and the worst measure from those. The numerators are not published, so the percentages
    cannot be worked out from published counts; rounded so coarsely, a percentage of n >= 10
    records fits every n the rounded count allows (10% of n spans a whole record), so it
    cannot undo the rounding."""
    if row.get("suppressed"):
        return
    shown = []
    for measure in measures:
        value = row.get(measure)
        if value is not None:
            row[measure] = int(round_count(int(value * 10), QUALITY_PERCENT_BASE * 10) / 10)
            shown.append(row[measure])
    if "overall" in row:
        row["overall"] = round(sum(shown) / len(shown), 1) if shown else None
    if "worst" in row:
        row["worst"] = min(shown) if shown else None


def _caseloads(report: dict[str, Any], threshold: int, base: int) -> None:
    """Open cases per link worker: each figure is the number of people on one worker's list
    (or between two), so one under the threshold is withheld and the rest are rounded like
    counts. The numbers of link workers are staff, not people supported, and stay exact."""
    loads = report["activity"].get("caseloads") or {}
    for field in ("median", "p90", "max"):
        value = loads.get(field)
        if value is None:
            continue
        if value < threshold:
            withhold(loads, field)
        else:
            loads[field] = round_count(math.floor(value + 0.5), base)


def _financial(
    cells: _Cells, report: dict[str, Any], seen: Key, schemes: Mapping[str, SchemePlace]
) -> None:
    """Financial gains: people seen and people with a gain by scheme, delivery model and
    quintile (each adding up to the whole, models to their schemes), their amounts withheld
    with the people they belong to, and the gains of each type."""
    block = report.get("financial_gains")
    if not block:
        return
    overall = block["overall"]
    cells.count(seen, overall, "n")  # the connections' people seen: the same cell
    with_gain = _with_gain(cells, ("financial", "with gain"), overall, seen)
    gains = cells.count(("financial", "gains"), overall, "gains")
    cells.ties += [(with_gain, gains), (gains, with_gain)]
    found: dict[str, dict[str, tuple[Key, Key]]] = {}
    for label in ("by_scheme", "by_delivery_model", "by_deprivation"):
        found[label] = {}
        for row in block[label]:
            key = cells.row(("financial", label, row["group"]), row)
            found[label][row["group"]] = (key, _with_gain(cells, (*key, "with gain"), row, key))
        cells.adds_up(seen, [k for k, _ in found[label].values()])
        cells.adds_up(with_gain, [g for _, g in found[label].values()])
    for model, (key, numerator) in found["by_delivery_model"].items():
        inside = [
            p for name, p in found["by_scheme"].items() if schemes.get(name, ("", ""))[1] == model
        ]
        cells.adds_up(key, [k for k, _ in inside])
        cells.adds_up(numerator, [g for _, g in inside])
    kinds = []
    for row in block["by_type"]:
        key = cells.row(("financial", "type", row["group"]), row)
        kinds.append(cells.count((*key, "gains"), row, "gains"))
        cells.ties += [(key, kinds[-1]), (kinds[-1], key)]
        cells.derived.append(partial(_type_amount, row=row, key=key))
    cells.adds_up(gains, kinds)


COST_FIGURES = (
    "cost",
    "cost_per_referral",
    "cost_per_person",
    "cost_per_session",
    "cost_per_improved",
    "cost_per_improved_low",
    "cost_per_improved_high",
)


def _nested(
    cells: _Cells,
    block: dict[str, Any],
    name: str,
    register: Callable[[Key, dict[str, Any]], tuple[Key, ...]],
    schemes: Mapping[str, SchemePlace],
) -> None:
    """Register a section's overall, scheme and delivery model rows, each giving the same
    counts in the same order: schemes and models each add up to the whole, and each model's
    schemes to the model."""
    whole = register((name, "all"), block["overall"])
    found: dict[str, dict[str, tuple[Key, ...]]] = {}
    for label in ("by_scheme", "by_delivery_model"):
        found[label] = {r["group"]: register((name, label, r["group"]), r) for r in block[label]}
        for index, total in enumerate(whole):
            cells.adds_up(total, [keys[index] for keys in found[label].values()])
    for model, keys in found["by_delivery_model"].items():
        inside = [
            k for group, k in found["by_scheme"].items() if schemes.get(group, ("", ""))[1] == model
        ]
        for index, total in enumerate(keys):
            cells.adds_up(total, [k[index] for k in inside])


def _costs(cells: _Cells, report: dict[str, Any], schemes: Mapping[str, SchemePlace]) -> None:
    """Cost and efficiency: each row's referrals are a group (hiding them hides the row), the
    people supported a count within them, those assessed within those, and those improved
    within those assessed; sessions go with their row. Schemes add up to their delivery
    model and models to the whole. The costs themselves are rounded to AMOUNT_BASE pounds and
    every cost per unit is worked out again from the published figures."""
    block = report.get("costs")
    if not block or not block.get("overall"):
        return

    def register(key: Key, row: dict[str, Any]) -> tuple[Key, ...]:
        group = cells.row(key, row, "referrals")
        seen = cells.numerator((*key, "seen"), row, "n", group)
        assessed = cells.numerator((*key, "assessed"), row, "assessed", seen)
        improved = cells.numerator((*key, "improved"), row, "improved", assessed)
        sessions = cells.count((*key, "sessions"), row, "sessions")
        cells.ties.append((group, sessions))
        cells.derived.append(
            partial(_cost_figures, row=row, keys=(group, seen, assessed, improved, sessions))
        )
        return group, seen, assessed, improved, sessions

    _nested(cells, block, "costs", register, schemes)


def _gp_appointments(
    cells: _Cells, report: dict[str, Any], schemes: Mapping[str, SchemePlace]
) -> None:
    """GP appointments before and after: each row's people with counts are a group (hiding
    it hides the row's means and interval); schemes add up to their delivery model and
    models and schemes to the whole, so no hidden scheme can be worked out by subtraction.
    The means are of yearly counts, given to one decimal place, as the outcomes' are."""
    block = report.get("gp_appointments")
    if not block or not block.get("overall"):
        return
    whole = cells.row(("gp", "all"), block["overall"])
    found: dict[str, dict[str, Key]] = {}
    for label in ("by_scheme", "by_delivery_model"):
        found[label] = {r["group"]: cells.row(("gp", label, r["group"]), r) for r in block[label]}
        cells.adds_up(whole, found[label].values())
    for model, key in found["by_delivery_model"].items():
        cells.adds_up(
            key,
            [
                k
                for name, k in found["by_scheme"].items()
                if schemes.get(name, ("", ""))[1] == model
            ],
        )


def _workforce(cells: _Cells, report: dict[str, Any], schemes: Mapping[str, SchemePlace]) -> None:
    """Workforce indicators: link workers are people, so each row's headcount at the end of
    the period is its group (hiding it hides the row but its name); the headcount at the
    start, those trained (within the headcount), those who left (within everyone in post in
    the period, a group never published) and the open cases are counts too. Schemes add up to
    their delivery model and models and schemes to the whole. The rates are worked out again
    from the published counts; posts, WTE, supervision sessions and practices are not people
    and are shown as they are."""
    block = report.get("workforce")
    if not block or not block.get("overall"):
        return

    def register(key: Key, row: dict[str, Any]) -> tuple[Key, ...]:
        headcount = cells.row(key, row, "headcount")
        start = cells.count((*key, "start"), row, "headcount_start")
        cells.on_hide(start, lambda: withhold(row, "turnover_percent"))
        in_post = cells.hidden_count((*key, "in post"), row["in_post"])
        row.pop("in_post", None)
        leavers = cells.numerator((*key, "leavers"), row, "leavers", in_post)
        cells.on_hide(leavers, lambda: withhold(row, "turnover_percent"))
        trained = cells.numerator((*key, "trained"), row, "training_complete", headcount)
        caseload = cells.count((*key, "caseload"), row, "caseload")
        cells.on_hide(caseload, lambda: withhold(row, "caseload_per_wte"))
        cells.derived.append(
            partial(_workforce_rates, row=row, keys=(headcount, start, leavers, caseload))
        )
        return headcount, start, in_post, leavers, trained, caseload

    _nested(cells, block, "workforce", register, schemes)


def _workforce_rates(published: Published, *, row: dict[str, Any], keys: tuple[Key, ...]) -> None:
    headcount, start, leavers, caseload = (published(k) for k in keys)
    if headcount is None or row.get("suppressed"):
        return
    if start is None or leavers is None:
        withhold(row, "turnover_percent")
    else:
        average = (start + headcount) / 2
        row["turnover_percent"] = round(100 * leavers / average, 1) if average else None
    if caseload is None:
        withhold(row, "caseload_per_wte")
    else:
        wte = row.get("filled_wte") or 0
        row["caseload_per_wte"] = round(caseload / wte, 1) if wte else None


def _cost_figures(published: Published, *, row: dict[str, Any], keys: tuple[Key, ...]) -> None:
    referrals, seen, assessed, improved, sessions = (published(k) for k in keys)
    if referrals is None or row.get("suppressed"):
        withhold(row, *COST_FIGURES)
        return
    cost = round_count(row["cost"], AMOUNT_BASE)
    row["cost"] = cost
    for field, n in (
        ("cost_per_referral", referrals),
        ("cost_per_person", seen),
        ("cost_per_session", sessions),
    ):
        _ratio(row, field, cost, n, scale=1.0, digits=0)
    if seen is None or improved is None or not assessed:
        withhold(row, "cost_per_improved", "cost_per_improved_low", "cost_per_improved_high")
        return
    ci = wilson_interval(improved, assessed)
    # The interval on the share improved, carried to the cost: highest share, lowest cost.
    for field, people in (
        ("cost_per_improved", seen * improved / assessed),
        ("cost_per_improved_low", seen * ci.high),
        ("cost_per_improved_high", seen * ci.low),
    ):
        row[field] = round(cost / people) if people else None


def _with_gain(cells: _Cells, key: Key, row: dict[str, Any], group: Key) -> Key:
    """People with a gain within a group; the group's amounts go with them."""
    cells.numerator(key, row, "with_gain", group)
    # A hidden row withholds its amounts too: the people with a gain must then count as
    # hidden in the margins, or the hidden rows' amounts could belong to fewer than the
    # threshold. (Not the other way: a few people with a gain do not hide those seen.)
    cells.ties.append((group, key))
    cells.on_hide(key, lambda: withhold(row, *AMOUNTS))
    cells.derived.append(partial(_amounts, row=row, with_gain=key, group=group))
    return key


def _amounts(published: Published, *, row: dict[str, Any], with_gain: Key, group: Key) -> None:
    """Totals rounded to the nearest AMOUNT_BASE pounds; amounts per person from the
    published total and the published counts."""
    people = published(with_gain)
    if people is None or row.get("suppressed"):
        withhold(row, *AMOUNTS)
        return
    for field in ("total", "annual_total"):
        row[field] = round_count(row[field], AMOUNT_BASE)
    _ratio(row, "per_person", row["total"], published(group), scale=1.0, digits=0)
    _ratio(row, "per_person_with_gain", row["total"], people, scale=1.0, digits=0)


def _type_amount(published: Published, *, row: dict[str, Any], key: Key) -> None:
    if published(key) is None or row.get("suppressed"):
        withhold(row, "total")
    else:
        row["total"] = round_count(row["total"], AMOUNT_BASE)


def _breakdowns(
    cells: _Cells,
    base: Key,
    block: dict[str, Any],
    paired: Key,
    improved: Key | None,
    schemes: Mapping[str, SchemePlace],
) -> dict[str, dict[str, tuple[Key, Key | None]]]:
    found: dict[str, dict[str, tuple[Key, Key | None]]] = {}
    for label, rows in block.get("breakdowns", {}).items():
        found[label] = {}
        for row in rows:
            key = cells.row((*base, label, row["group"]), row)
            numerator = None
            if improved is not None and isinstance(row.get("improved"), int):
                numerator = cells.numerator((*key, "improved"), row, "improved", key)
            found[label][row["group"]] = (key, numerator)
        cells.adds_up(paired, [k for k, _ in found[label].values()])
        if improved is not None and all(n is not None for _, n in found[label].values()):
            cells.adds_up(improved, [n for _, n in found[label].values() if n is not None])
    by_scheme = found.get(SCHEME_BREAKDOWN, {})
    for label, position in ((REGION_BREAKDOWN, 0), (MODEL_BREAKDOWN, 1)):
        for group, (key, numerator) in found.get(label, {}).items():
            members = [
                by_scheme[name]
                for name, place in schemes.items()
                if place[position] == group and name in by_scheme
            ]
            cells.adds_up(key, [k for k, _ in members])
            if numerator is not None and all(n is not None for _, n in members):
                cells.adds_up(numerator, [n for _, n in members if n is not None])
    return found


def _model_ns(
    cells: _Cells,
    base: Key,
    result: dict[str, Any],
    paired: Key,
    groups: Mapping[str, tuple[Key, Key | None]],
    prefix: str,
    outside: str,
) -> None:
    """The people each multilevel model counts, tied to the breakdown of the same groups."""
    if not result.get("effects"):
        return
    reference = cells.count((*base, "reference"), result, "n_reference")
    levels = {result["reference"].removeprefix(prefix): reference}
    for effect in result["effects"]:
        levels[effect["group"].removeprefix(prefix)] = cells.row((*base, effect["group"]), effect)
    fitted = cells.count((*base, "people"), result, "n_people")
    left_out = cells.count((*base, "left out"), result, "n_left_out")
    cells.adds_up(fitted, levels.values())
    outside_key = groups.get(outside, (None, None))[0]
    inside = cells.hidden_count(
        (*base, "inside"),
        cells.counts[paired] - (cells.counts[outside_key] if outside_key else 0),
    )
    cells.adds_up(paired, [inside, *([outside_key] if outside_key else [])])
    cells.adds_up(inside, [fitted, left_out])
    missing = []
    for level, key in levels.items():
        group = groups.get(level)
        if group is not None:
            gap = cells.hidden_count(
                (*base, level, "left out"), cells.counts[group[0]] - cells.counts[key]
            )
            cells.adds_up(group[0], [key, gap])
            missing.append(gap)
    cells.adds_up(left_out, missing)


def _outcomes(cells: _Cells, report: dict[str, Any], schemes: Mapping[str, SchemePlace]) -> None:
    for kind in ("outcomes", "bespoke"):
        for index, block in enumerate(report.get(kind, [])):
            base: Key = (kind, index)
            baselines = cells.count((*base, "baselines"), block, "baselines")
            summary = block["summary"]
            paired = cells.row((*base, "paired"), summary)
            if kind == "bespoke":
                cells.adds_up(baselines, [paired])
            improved = None
            if isinstance(summary.get("improved"), int):
                improved = cells.numerator((*base, "improved"), summary, "improved", paired)
            groups = _breakdowns(cells, base, block, paired, improved, schemes)
            dose = [
                cells.row((*base, "dose", row["group"]), row)
                for row in block.get("dose_response", [])
            ]
            if dose:
                cells.adds_up(paired, dose)
            attrition = block.get("attrition")
            if attrition:
                followed = cells.row((*base, "with"), attrition["with_follow_up"])
                without = cells.row((*base, "without"), attrition["without_follow_up"])
                cells.adds_up(paired, [followed])
                cells.adds_up(baselines, [followed, without])
                cells.on_hide(without, _forget_attrition_figures(attrition))
                cells.derived.append(
                    partial(_missing_share, attrition=attrition, without=without, total=baselines)
                )
            _model_ns(
                cells,
                (*base, "models"),
                block.get("delivery_models", {}),
                paired,
                groups.get(MODEL_BREAKDOWN, {}),
                "model ",
                "unclassified",
            )
            _model_ns(
                cells,
                (*base, "deprivation"),
                block.get("deprivation", {}),
                paired,
                groups.get(QUINTILE_BREAKDOWN, {}),
                "quintile ",
                "unknown",
            )


def _forget_attrition_figures(attrition: dict[str, Any]) -> Callable[[], None]:
    def blank() -> None:
        withhold(attrition, "missing_percent", "baseline_difference", "baseline_p_value")

    return blank


_DIGIT = re.compile(r"\d")


def _words_only(report: dict[str, Any]) -> None:
    """Notes and caveats that state a number of people are replaced by words."""
    for kind in ("outcomes", "bespoke"):
        for block in report.get(kind, []):
            for part in ("summary", "delivery_models", "deprivation"):
                holder = block.get(part)
                if isinstance(holder, dict) and _DIGIT.search(str(holder.get("note", ""))):
                    holder["note"] = GENERIC_NOTES.get(part, GENERIC_NOTE)
                if isinstance(holder, dict) and holder.get("caveats"):
                    holder["caveats"] = [
                        LEFT_OUT_CAVEAT if _DIGIT.search(c) else c for c in holder["caveats"]
                    ]
            for row in block.get("dose_response", []):
                if _DIGIT.search(str(row.get("note", ""))):
                    row["note"] = GENERIC_NOTE


def protect_report(
    report: Mapping[str, Any],
    *,
    threshold: int,
    base: int,
    schemes: Mapping[str, SchemePlace],
) -> dict[str, Any]:
    """A copy of the full report fit for people outside the scheme: no group of 1 to
    ``threshold - 1`` people shown or recoverable by subtraction across its tables, and
    published counts rounded to the nearest ``base``."""
    out = copy.deepcopy(dict(report))
    cells = _Cells()
    referrals = cells.count(("scope", "referrals"), out["scope"], "referrals")
    people = cells.count(("scope", "people"), out["scope"], "people")
    _quality(cells, out, referrals)
    _activity(cells, out, referrals, people)
    _financial(cells, out, ("activity", "people_seen"), schemes)
    _costs(cells, out, schemes)
    _gp_appointments(cells, out, schemes)
    _workforce(cells, out, schemes)
    _outcomes(cells, out, schemes)
    hidden = protect(
        cells.counts,
        cells.margins,
        threshold=threshold,
        unpublished=cells.unpublished,
        ties=cells.ties,
    ).hidden
    for key, places in cells.places.items():
        if key not in hidden:
            for container, field in places:
                container[field] = round_count(cells.counts[key], base)
    order = {key: index for index, key in enumerate(cells.counts)}
    for key in sorted(hidden, key=order.__getitem__):
        for container, field in cells.places.get(key, []):
            withhold(container, field)
        for action in cells.blanks.get(key, []):
            action()

    def published(key: Key) -> int | None:
        return None if key in hidden else round_count(cells.counts[key], base)

    for derive in cells.derived:
        derive(published)
    _caseloads(out, threshold, base)
    _words_only(out)
    for kind in ("outcomes", "bespoke"):
        for block in out.get(kind, []):
            if block["summary"].get("suppressed"):
                for part in ("breakdowns", "dose_response", "delivery_models"):
                    block.pop(part, None)
                block.pop("deprivation", None)
                block.pop("attrition", None)
    return out
