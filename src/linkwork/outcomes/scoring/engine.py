"""Turn raw responses into a ScoreResult according to an InstrumentDefinition."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import TypeAlias

from .definitions import Band, InstrumentDefinition, Item
from .errors import ScoringError
from .formatting import plural, show
from .result import Reported, ScoreResult

Answer: TypeAlias = object
Responses: TypeAlias = Sequence[Answer] | Mapping[str, Answer]


def score(definition: InstrumentDefinition, responses: Responses) -> ScoreResult:
    """Validate and score responses given in item order or keyed by item code.

    None (or an absent key) marks an unanswered item. Bad input raises ScoringError.
    Per-item instruments (ONS4) score whichever items were answered and list the rest in
    `missing`. For the others, too many unanswered items is not an error but gives an
    unscored result flagged "incomplete", so that a risk flag on an answered item is never
    lost.
    """
    raw = _collect(definition, responses)
    answered: dict[str, float] = {}
    for item in definition.items:
        value = raw[item.code]
        if value is not None:
            answered[item.code] = _check_answer(item, value)
    if not answered:
        raise ScoringError(
            f"No answers were given for {definition.name}: answer at least one question."
        )
    missing = tuple(
        item.code for item in definition.items if item.code not in answered and not item.optional
    )
    flags = _risk_flags(definition, answered)
    # Items reported separately (ONS4) are each a measure of their own: an unanswered
    # item is missing for that item only, so the answered ones are still scored.
    if definition.scoring != "per_item" and len(missing) > definition.max_missing:
        return ScoreResult(
            instrument=definition.id,
            version=definition.version,
            reported=_reported(definition),
            flags=(*flags, "incomplete"),
            missing=missing,
        )
    return _score_complete(definition, answered, missing, flags)


def item_problems(definition: InstrumentDefinition, responses: Responses) -> dict[str, str]:
    """Every bad answer at once, keyed by item code (`score` stops at the first).

    Forms use this to mark each wrong item; an empty dict means `score` will not reject
    any single answer (it may still find the responses incomplete). Problems with the
    shape of `responses` itself (wrong length, not a list or mapping) are keyed by "";
    an unknown item code, by that code.
    """
    try:
        raw = _collect(definition, responses)
    except ScoringError as exc:
        return {exc.item or "": exc.message}
    problems: dict[str, str] = {}
    for item in definition.items:
        value = raw[item.code]
        if value is None:
            continue
        try:
            _check_answer(item, value)
        except ScoringError as exc:
            problems[item.code] = exc.message
    return problems


def _reported(definition: InstrumentDefinition) -> Reported:
    if definition.scoring == "per_item":
        return "items"
    if definition.scoring == "per_domain":
        return "subscores"
    return "total"


def _collect(definition: InstrumentDefinition, responses: Responses) -> dict[str, Answer]:
    codes = definition.item_codes
    if isinstance(responses, Mapping):
        for key in responses:
            if key not in codes:
                raise ScoringError(
                    f"Unknown item {key!r} for {definition.id}; expected one of: "
                    f"{', '.join(codes)}.",
                    item=key if isinstance(key, str) else None,
                )
        return {code: responses.get(code) for code in codes}
    if isinstance(responses, str | bytes) or not isinstance(responses, Sequence):
        raise ScoringError(
            "Responses must be a list in item order or a mapping of item code to answer; "
            f"got {type(responses).__name__}."
        )
    if len(responses) != len(codes):
        raise ScoringError(
            f"{definition.id} has {plural(len(codes), 'item')}; "
            f"got {plural(len(responses), 'response')}."
        )
    return dict(zip(codes, responses, strict=True))


def _check_answer(item: Item, value: Answer) -> float:
    scale = item.scale
    kind = "a whole number" if scale.whole_numbers else "a number"
    problem = (
        f"Item '{item.code}' must be {kind} from {scale.min} to {scale.max}; got {show(value)}."
    )
    # bool is an int subclass; True must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScoringError(problem, item=item.code)
    if scale.whole_numbers and not isinstance(value, int):
        raise ScoringError(problem, item=item.code)
    if not math.isfinite(value) or not scale.contains(value):
        raise ScoringError(problem, item=item.code)
    return value


def _risk_flags(definition: InstrumentDefinition, answered: Mapping[str, float]) -> tuple[str, ...]:
    flags: list[str] = []
    for rule in definition.risk_rules:
        value = answered.get(rule.item)
        if value is not None and rule.triggered(value) and rule.flag not in flags:
            flags.append(rule.flag)
    return tuple(flags)


def _score_complete(
    definition: InstrumentDefinition,
    answered: Mapping[str, float],
    missing: tuple[str, ...],
    flags: tuple[str, ...],
) -> ScoreResult:
    by_code = {item.code: item for item in definition.items}
    scored = {code: by_code[code].scored_value(value) for code, value in answered.items()}
    total: float | None = None
    metric: float | None = None
    items: Mapping[str, float] | None = None
    subscores: Mapping[str, float] | None = None
    bands: dict[str, str] = {}
    prorated = bool(missing) and definition.scoring in ("sum", "mean", "per_domain")

    if definition.scoring == "sum":
        total = sum(scored.values())
        if missing:
            total = _prorated_sum(scored.values(), len(definition.items))
    elif definition.scoring == "mean":
        total = _round_half_away(_mean(scored.values()), 2)
    elif definition.scoring == "conversion":
        total = sum(scored.values())
        assert definition.conversion is not None  # guaranteed by the definition checks
        metric = definition.conversion[int(total)]
    elif definition.scoring == "per_item":
        items = MappingProxyType(dict(scored))
        for code, value in scored.items():
            _put_band(bands, code, definition.item_bands.get(code, ()), value)
    else:
        subscores = MappingProxyType(_subscores(definition, answered, scored))

    if total is not None:
        _put_band(bands, "total", definition.bands, total)
    return ScoreResult(
        instrument=definition.id,
        version=definition.version,
        reported=_reported(definition),
        total=total,
        metric=metric,
        items=items,
        subscores=subscores,
        bands=MappingProxyType(bands),
        flags=flags,
        missing=missing,
        prorated=prorated,
    )


def _subscores(
    definition: InstrumentDefinition,
    answered: Mapping[str, float],
    scored: Mapping[str, float],
) -> dict[str, float]:
    # Licensed tools arrive already scored by their owner's method: pass them through.
    if definition.kind == "licensed_score_only":
        return dict(answered)
    # Bespoke domains report the mean of their answered items (as NoMAD construct
    # means are reported), so domains of different lengths stay comparable.
    # A domain with no answered items is left out rather than guessed.
    groups: dict[str, list[float]] = {}
    for item in definition.items:
        if item.code in scored and item.domain is not None:
            groups.setdefault(item.domain, []).append(scored[item.code])
    return {domain: _round_half_away(_mean(values), 2) for domain, values in groups.items()}


def _put_band(bands: dict[str, str], key: str, table: Sequence[Band], value: float) -> None:
    for band in table:
        if band.contains(value):
            bands[key] = band.label
            return


def _mean(values: Iterable[float]) -> Fraction:
    numbers = [Fraction(value) for value in values]
    return sum(numbers, Fraction(0)) / len(numbers)


def _prorated_sum(values: Iterable[float], item_count: int) -> int:
    """Mean of the answered items times the item count, rounded to a whole number.

    Rounding is half away from zero (so 31.5 becomes 32), keeping prorated totals on
    the same whole-number grid as complete ones so the band tables still apply.
    """
    return int(_round_half_away(_mean(values) * item_count, 0))


def _round_half_away(value: Fraction, places: int) -> float:
    # Exact Fraction arithmetic avoids float artefacts such as 2.675 -> 2.67.
    factor = 10**places
    magnitude = math.floor(abs(value) * factor + Fraction(1, 2))
    rounded = Fraction(magnitude if value >= 0 else -magnitude, factor)
    return int(rounded) if places == 0 else float(rounded)
