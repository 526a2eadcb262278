"""The demo world's outcome questionnaires, with known effects planted for the evaluation.

For every episode the casework part created (order 40) whose scheme names validated tools in
its policy: a baseline at the first attended session, a review at the fourth session for
most longer episodes, and for discharged episodes a follow-up about three months after
discharge, with realistic gaps. Change from baseline to follow-up is drawn from an additive
model plus each person's own noise, drawn independently (in SWEMWBS metric points, carried
to other instruments as the same standardised change), and every effect is written to
var/demo/planted.json under "outcomes", which tests read and the analysis never does. Scores
are computed by the real scoring engine.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from statistics import fmean, stdev
from typing import Any, NamedTuple

from django.utils import timezone

from linkwork.core.copy_insert import bulk_loading, insert_rows
from linkwork.demo.context import DemoContext, demo_part
from linkwork.episodes.models import Encounter, Referral
from linkwork.organisations.selectors import scheme_delivery_model, scheme_list
from linkwork.outcomes.answers import stored_scores
from linkwork.outcomes.instruments import measures_of
from linkwork.outcomes.models import Administration, RiskAlert
from linkwork.outcomes.scoring import get_definition, score
from linkwork.outcomes.vocab import Kind, Mode, Timepoint

# The additive model, in SWEMWBS metric points (improvement positive). The outcome study found
# benefit only among people seen three or more times, so "3+" carries most of the effect.
SWEMWBS_SD = 3.5
EFFECT_BY_SESSIONS = {"1": 0.5, "2": 1.0, "3+": 2.5}
EFFECT_BY_MODEL = {"1": 0.0, "2": 0.3, "3": 0.6, "4": 0.9, "unknown": 0.0}
EFFECT_BY_QUINTILE = {"1": -0.6, "2": -0.3, "3": 0.0, "4": 0.0, "5": 0.0, "unknown": 0.0}
# Each person's own deviation from the model, drawn independently for every person: subgroup
# means then carry the sampling error real data would, so whether the evaluation's intervals
# cover the planted effects is a real test of them.
NOISE_SD = 2.0
# Schemes differ a little beyond their delivery model (a random intercept per scheme), as real
# services do; the effects are centred within each model so they never shift model contrasts.
SCHEME_SD = 0.5
MISSING_BASELINE_RATE = 0.05
# Fewer sessions, less engagement, more follow-ups never returned.
MISSING_FOLLOW_UP_RATE = {"1": 0.5, "2": 0.4, "3+": 0.25}
REVIEW_RATE = 0.8
FOLLOW_UP_DAYS, FOLLOW_UP_JITTER = 91, (-7, 21)
PHQ9_ITEM9_RATE = 0.06


MODES = [mode.value for mode in Mode]
MODE_CUMULATIVE = list(accumulate((25, 60, 15)))
CHUNK_ADMINISTRATIONS = 10_000  # questionnaires held in memory before they are written


@dataclass(frozen=True)
class Scale:
    """How an instrument's headline number sits in the population we draw from."""

    measure: str
    baseline_mean: float
    sd: float
    direction: int  # +1: higher is better; -1: lower is better

    def as_json(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "baseline_mean": self.baseline_mean,
            "sd": self.sd,
            "direction": self.direction,
            "per_swemwbs_point": round(self.sd / SWEMWBS_SD, 4),
            "expected_change_by_sessions": {
                band: round(effect * self.direction * self.sd / SWEMWBS_SD, 3)
                for band, effect in EFFECT_BY_SESSIONS.items()
            },
        }


SCALES: dict[str, Scale] = {
    "swemwbs": Scale("metric", 19.5, 3.5, 1),
    "wemwbs": Scale("total", 40.0, 8.0, 1),
    "ucla3": Scale("total", 6.5, 1.5, -1),
    "phq9": Scale("total", 12.0, 5.0, -1),
    "gad7": Scale("total", 10.0, 4.0, -1),
    # ONS4: the three positive items, and anxiety (higher is worse), each on its own. Its
    # answers are whole numbers from 0 to 10 and the change planted here is large for the
    # scale, so baselines are drawn below the middle and fairly close together: almost every
    # answer, before and after the planted change, then lands inside 0-10 as drawn and the
    # raw mean change the evaluation reports is the planted change. (Planting on a wider
    # latent scale and clipping would hide part of the change behind a ceiling that real
    # services do see, but then no simple figure would say what the evaluation should find.)
    # The share of answers the scale's ends still cut off is recorded under "realised".
    "ons4": Scale("items", 4.5, 1.4, 1),
}
# ONS4 items around the person's level: the positive items at it, anxiety mirrored about the
# middle of the scale (so it falls as well-being rises), each with its own answering noise.
ONS4_POSITIVE_ITEM_SD = 0.8
ONS4_ANXIETY_MIRROR, ONS4_ANXIETY_SD = 10.5, 1.2
ONS4_ITEM_DIRECTION = {"life_satisfaction": 1, "worthwhile": 1, "happiness": 1, "anxiety": -1}


def band_of(sessions: int) -> str:
    return "3+" if sessions >= 3 else str(sessions)


@dataclass
class _Episode:
    referral_id: uuid.UUID
    scheme_id: uuid.UUID
    person_id: uuid.UUID
    status: str
    closed_on: date | None
    quintile: str
    model: str
    tools: list[str]
    sessions: list[date]
    staff: Any


@dataclass
class _Plan:
    ep: _Episode
    band: str
    z: float  # the person's baseline wellbeing, in standard deviations
    noise: float  # the person's own deviation from the planted change, in SWEMWBS points
    follow_up_on: date | None = None
    review: bool = False


class _AdministrationRow(NamedTuple):
    """One questionnaire as a plain row, its fields named for the columns."""

    id: uuid.UUID
    scheme_id: uuid.UUID
    person_id: uuid.UUID
    referral_id: uuid.UUID
    instrument_id: str
    definition_version: str
    kind: str
    timepoint: str
    administered_on: date
    mode: str
    administered_by_id: Any
    recorded_by_id: Any
    responses: dict[str, int]
    scores: dict[str, Any]
    primary_score: float | None


ADMINISTRATION_COLUMNS = _AdministrationRow._fields
ALERT_COLUMNS = (
    "id",
    "scheme_id",
    "person_id",
    "referral_id",
    "administration_id",
    "raised_at",
    "acknowledged_by_id",
    "acknowledged_at",
    "action_note",
)


@dataclass
class _Built:
    """Questionnaires and alerts as plain rows (no model instance per row)."""

    administrations: list[_AdministrationRow] = field(default_factory=list)
    alerts: list[tuple[Any, ...]] = field(default_factory=list)
    follow_ups_due: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    follow_ups_missing: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Per instrument: questionnaires written, and how many had an answer or total cut off at
    # an end of the scale.
    written: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    clipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    administrations_saved: int = 0
    alerts_saved: int = 0

    def save(self) -> None:
        """Write the chunk and start the next (alerts after the questionnaires they name)."""
        self.administrations_saved += insert_rows(
            Administration, ADMINISTRATION_COLUMNS, self.administrations
        )
        self.alerts_saved += insert_rows(RiskAlert, ALERT_COLUMNS, self.alerts)
        self.administrations.clear()
        self.alerts.clear()


def _spread(
    wanted: int, count: int, low: int, high: int, rng: random.Random
) -> tuple[list[int], bool]:
    """`count` answers from `low` to `high` that add up to `wanted` (clipped to what is
    possible), and whether it was clipped."""
    total = max(count * low, min(count * high, wanted))
    answers = [low] * count
    # The answers still below `high`, in order: the very list each draw picks from.
    open_ = list(range(count))
    for _ in range(total - count * low):
        index = rng.choice(open_)
        answers[index] += 1
        if answers[index] == high:
            open_.remove(index)
    return answers, total != wanted


def _within(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _swemwbs_raw(metric: float) -> tuple[int, bool]:
    """The raw total whose metric score is nearest `metric`, and whether `metric` lay beyond
    the ends of the conversion table."""
    table = get_definition("swemwbs").conversion or {}
    raw = min(table, key=lambda raw: abs(table[raw] - metric))
    return raw, not min(table.values()) <= metric <= max(table.values())


def responses_for(instrument: str, level: float, rng: random.Random) -> tuple[list[int], bool]:
    """Answers whose headline score is close to `level` (SWEMWBS: a metric score), and
    whether the scale's ends cut any of them off."""
    if instrument == "swemwbs":
        raw, beyond = _swemwbs_raw(level)
        answers, clipped = _spread(raw, 7, 1, 5, rng)
        return answers, beyond or clipped
    if instrument == "wemwbs":
        return _spread(round(level), 14, 1, 5, rng)
    if instrument == "ucla3":
        return _spread(round(level), 3, 1, 3, rng)
    if instrument == "gad7":
        return _spread(round(level), 7, 0, 3, rng)
    if instrument == "phq9":
        item9 = 1 if rng.random() < PHQ9_ITEM9_RATE else 0
        answers, clipped = _spread(round(level) - item9, 8, 0, 3, rng)
        return [*answers, item9], clipped
    # ons4: level is on the positive items' 0-10 scale; anxiety mirrors it with its own noise.
    drawn = [round(level + rng.gauss(0, ONS4_POSITIVE_ITEM_SD)) for _ in range(3)]
    drawn.append(round(ONS4_ANXIETY_MIRROR - level + rng.gauss(0, ONS4_ANXIETY_SD)))
    answers = [_within(answer, 0, 10) for answer in drawn]
    return answers, answers != drawn


def _episodes(today: date) -> list[_Episode]:
    schemes = {}
    for scheme in scheme_list():
        policy = getattr(scheme, "policy", None)
        tools = [t for t in (policy.outcome_tools if policy else []) if t in SCALES]
        if tools:
            effective = scheme_delivery_model(scheme).effective
            schemes[scheme.pk] = (tools, str(effective) if effective else "unknown")
    sessions: dict[uuid.UUID, list[tuple[date, Any]]] = defaultdict(list)
    for referral_id, occurred_on, recorded_by in (
        Encounter.objects.filter(attended=True, scheme_id__in=list(schemes))
        .order_by("referral_id", "occurred_on", "created_at")
        .values_list("referral_id", "occurred_on", "recorded_by_id")
    ):
        if occurred_on <= today:
            sessions[referral_id].append((occurred_on, recorded_by))
    episodes = []
    for row in (
        # Filtered by scheme, not by a list of ids, so national-scale worlds stay one query.
        Referral.objects.filter(scheme_id__in=list(schemes))
        .order_by("pk")
        .values(
            "pk",
            "scheme_id",
            "person_id",
            "status",
            "closed_on",
            "link_worker_id",
            "person__deprivation_quintile",
        )
    ):
        visits = sessions.get(row["pk"])
        if not visits:
            continue
        tools, model = schemes[row["scheme_id"]]
        quintile = row["person__deprivation_quintile"]
        episodes.append(
            _Episode(
                referral_id=row["pk"],
                scheme_id=row["scheme_id"],
                person_id=row["person_id"],
                status=row["status"],
                closed_on=row["closed_on"],
                quintile=str(quintile) if quintile else "unknown",
                model=model,
                tools=tools,
                sessions=[day for day, _ in visits],
                staff=row["link_worker_id"] or visits[0][1],
            )
        )
    return episodes


class _Writer:
    def __init__(
        self, ctx: DemoContext, rng: random.Random, today: date, episodes: list[_Episode]
    ) -> None:
        self.ctx, self.rng, self.today, self.built = ctx, rng, today, _Built()
        self.session_counts = {ep.referral_id: len(ep.sessions) for ep in episodes}
        self.scheme_effects = scheme_effects(episodes, rng)
        # Baseline measures awaiting their follow-up, and the changes found, gathered as the
        # questionnaires are written, so written chunks need not be kept.
        self.baselines: dict[tuple[uuid.UUID, str], dict[str, float]] = {}
        self.changes: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        # The engine's scores of each set of answers met so far (the same answers recur; the
        # scores are only read, never changed).
        self.scored: dict[tuple[Any, ...], tuple[dict[str, Any], bool]] = {}

    def add(
        self, ep: _Episode, instrument: str, timepoint: Timepoint, on: date, level: float
    ) -> None:
        definition = get_definition(instrument)
        answers, clipped = responses_for(instrument, level, self.rng)
        self.built.written[instrument] += 1
        self.built.clipped[instrument] += clipped
        key = (instrument, *answers)
        scored = self.scored.get(key)
        if scored is None:
            result = score(definition, answers)
            scored = self.scored[key] = (stored_scores(definition, result), "risk" in result.flags)
        scores, risk = scored
        mode = self.rng.choices(MODES, cum_weights=MODE_CUMULATIVE)[0]
        administration_id = self.ctx.uuid("outcome", ep.referral_id, instrument, timepoint.value)
        self.built.administrations.append(
            _AdministrationRow(
                administration_id,
                ep.scheme_id,
                ep.person_id,
                ep.referral_id,
                instrument,
                definition.version,
                Kind.VALIDATED.value,
                timepoint.value,
                on,
                mode,
                ep.staff,
                ep.staff,
                dict(zip(definition.item_codes, answers, strict=True)),
                scores,
                scores["primary"],
            )
        )
        self.realised(ep.referral_id, instrument, timepoint, scores)
        if risk:
            raised = timezone.make_aware(datetime.combine(on, time(10, 0)))
            old = (self.today - on).days > 14
            self.built.alerts.append(
                (
                    self.ctx.uuid("outcome-alert", administration_id),
                    ep.scheme_id,
                    ep.person_id,
                    ep.referral_id,
                    administration_id,
                    raised,
                    ep.staff if old else None,
                    raised + timedelta(days=1) if old else None,
                    "Called the person; safety plan agreed with the GP." if old else "",
                )
            )

    def plan(self, ep: _Episode) -> _Plan | None:
        """Who gets which questionnaires when; None for a missing baseline."""
        if self.rng.random() < MISSING_BASELINE_RATE:
            return None
        band = band_of(len(ep.sessions))
        plan = _Plan(ep=ep, band=band, z=self.rng.gauss(0, 1), noise=self.rng.gauss(0, NOISE_SD))
        if ep.status == "discharged" and ep.closed_on is not None:
            candidate = ep.closed_on + timedelta(
                days=FOLLOW_UP_DAYS + self.rng.randint(*FOLLOW_UP_JITTER)
            )
            if candidate <= self.today:
                self.built.follow_ups_due[band] += 1
                if self.rng.random() < MISSING_FOLLOW_UP_RATE[band]:
                    self.built.follow_ups_missing[band] += 1
                else:
                    plan.follow_up_on = candidate
        plan.review = len(ep.sessions) >= 4 and self.rng.random() < REVIEW_RATE
        return plan

    def write(self, plan: _Plan) -> None:
        ep = plan.ep
        change = (
            EFFECT_BY_SESSIONS[plan.band]
            + EFFECT_BY_MODEL.get(ep.model, 0.0)
            + EFFECT_BY_QUINTILE.get(ep.quintile, 0.0)
            + self.scheme_effects[ep.scheme_id]
            + plan.noise
        )
        standardised = change / SWEMWBS_SD
        for instrument in ep.tools:
            scale = SCALES[instrument]
            start = scale.baseline_mean + scale.direction * scale.sd * plan.z
            shift = scale.direction * scale.sd * standardised
            self.add(ep, instrument, Timepoint.BASELINE, ep.sessions[0], start)
            if plan.review:
                self.add(ep, instrument, Timepoint.REVIEW, ep.sessions[3], start + shift / 2)
            if plan.follow_up_on is not None:
                self.add(ep, instrument, Timepoint.FOLLOW_UP, plan.follow_up_on, start + shift)

    def episodes(self, episodes: list[_Episode]) -> None:
        for plan in map(self.plan, episodes):
            if plan is not None:
                self.write(plan)
            if len(self.built.administrations) >= CHUNK_ADMINISTRATIONS:
                self.built.save()

    def realised(
        self, referral_id: uuid.UUID, instrument: str, timepoint: Timepoint, scores: Any
    ) -> None:
        """Follow-up minus baseline for one questionnaire, from the scores as stored."""
        key = (referral_id, instrument)
        if timepoint == Timepoint.BASELINE:
            self.baselines[key] = measures_of(scores)
        elif timepoint == Timepoint.FOLLOW_UP and key in self.baselines:
            baseline = self.baselines.pop(key)
            band = band_of(self.session_counts[referral_id])
            for measure, value in measures_of(scores).items():
                name = instrument if measure in ("metric", "total") else (f"{instrument}.{measure}")
                self.changes[name][band].append(value - baseline[measure])

    def realised_changes(self) -> dict[str, dict[str, dict[str, float]]]:
        """Mean follow-up minus baseline by sessions band, per headline measure (ONS4 per
        item, keyed "ons4.<item>"), from the scores actually stored."""
        changes = self.changes
        return {
            name: {
                band: {
                    "n": len(values),
                    "mean_change": round(fmean(values), 3),
                    "sd_change": round(stdev(values), 3) if len(values) > 1 else 0.0,
                }
                for band, values in sorted(bands.items())
            }
            for name, bands in sorted(changes.items())
        }


def scheme_effects(episodes: list[_Episode], rng: random.Random) -> dict[uuid.UUID, float]:
    """A Normal(0, SCHEME_SD) intercept per scheme, centred within each delivery model."""
    models: dict[uuid.UUID, str] = {}
    for ep in episodes:
        models.setdefault(ep.scheme_id, ep.model)
    drawn = {scheme: rng.gauss(0, SCHEME_SD) for scheme in sorted(models)}
    by_model: dict[str, list[float]] = defaultdict(list)
    for scheme, value in drawn.items():
        by_model[models[scheme]].append(value)
    # A model served by one scheme gets 0: its lone intercept cannot be centred otherwise.
    return {scheme: value - fmean(by_model[models[scheme]]) for scheme, value in drawn.items()}


def _rates(missing: dict[str, int], due: dict[str, int]) -> dict[str, Any]:
    return {
        band: {
            "due": due[band],
            "missing": missing[band],
            "rate": round(missing[band] / due[band], 3) if due[band] else None,
        }
        for band in sorted(due)
    }


@demo_part("outcomes", order=50)
def build_outcomes(ctx: DemoContext) -> dict[str, Any]:
    # The world's reference date, so a seed and date always build the same questionnaires.
    today = ctx.today
    episodes = _episodes(today)
    if not episodes:
        ctx.log("Outcomes: no attended sessions yet (casework part absent); nothing recorded.")
        return {"administrations": 0}
    writer = _Writer(ctx, ctx.rng, today, episodes)
    built = writer.built
    with bulk_loading(Administration, RiskAlert):
        writer.episodes(episodes)
        built.save()  # the last chunk
    ctx.plant(
        "outcomes",
        {
            "description": (
                "Change from baseline to follow-up = effect_by_sessions[band] + "
                "effect_by_delivery_model[model] + effect_by_deprivation_quintile[quintile] + "
                "effect_by_scheme[scheme] (Normal(0, scheme_sd), centred within each delivery "
                "model) + Normal(0, noise_sd), in SWEMWBS metric points (improvement "
                "positive). Other "
                "instruments get the same standardised change (divided by swemwbs_sd) times "
                "their sd, times direction (-1 where lower is better). Bands count attended "
                "sessions in the episode: 1, 2, 3+. Models are the scheme's effective "
                "delivery model; quintile 1 is the most deprived. Sessions are not drawn "
                "from the delivery model, but schemes' session limits make the mix of bands "
                "differ a little between models. ONS4 items sit at the person's level "
                "(anxiety mirrored: ons4_anxiety_mirror minus the level, so it falls as "
                "well-being rises; see ons4_item_direction), each with its own answering "
                "noise, rounded to whole numbers and kept within 0-10."
            ),
            "reference": {"instrument": "swemwbs", "measure": "metric"},
            "swemwbs_sd": SWEMWBS_SD,
            "effect_by_sessions": EFFECT_BY_SESSIONS,
            "effect_by_delivery_model": EFFECT_BY_MODEL,
            "effect_by_deprivation_quintile": EFFECT_BY_QUINTILE,
            "noise_sd": NOISE_SD,
            "scheme_sd": SCHEME_SD,
            "effect_by_scheme": {
                str(scheme): round(value, 4) for scheme, value in writer.scheme_effects.items()
            },
            "noise": "Normal(0, noise_sd) per person, drawn independently for every person.",
            "instruments": {name: scale.as_json() for name, scale in SCALES.items()},
            "ons4_item_direction": ONS4_ITEM_DIRECTION,
            "ons4_item_sd": {"positive": ONS4_POSITIVE_ITEM_SD, "anxiety": ONS4_ANXIETY_SD},
            "ons4_anxiety_mirror": ONS4_ANXIETY_MIRROR,
            "timing": {
                "baseline": "first attended session",
                "review": f"fourth session, for {REVIEW_RATE:.0%} of episodes with 4+",
                "follow_up_days_after_discharge": FOLLOW_UP_DAYS,
                "follow_up_jitter_days": list(FOLLOW_UP_JITTER),
            },
            "missing_baseline_rate": MISSING_BASELINE_RATE,
            "missing_follow_up_rate": MISSING_FOLLOW_UP_RATE,
            "realised": {
                "administrations": built.administrations_saved,
                "risk_alerts": built.alerts_saved,
                "follow_ups": _rates(built.follow_ups_missing, built.follow_ups_due),
                # Questionnaires with an answer or total cut off at an end of the scale, where
                # the data no longer carry the whole planted change.
                "clipped": {
                    name: {"questionnaires": count, "clipped": built.clipped[name]}
                    for name, count in sorted(built.written.items())
                },
                "change_by_sessions": writer.realised_changes(),
            },
        },
    )
    ctx.log(
        f"Outcomes: {built.administrations_saved} questionnaires, {built.alerts_saved} risk alerts."
    )
    return {"administrations": built.administrations_saved, "alerts": built.alerts_saved}
