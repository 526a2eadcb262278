"""The outcomes panel on a person's record: each instrument's scores over time (chart and
table), the latest change, open risk alerts, and where to record a questionnaire.

Built for a caller that has already authorised and audited the read of this person.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse

from linkwork.core import clock
from linkwork.episodes.lifecycle import OPEN_STATUSES, Status
from linkwork.episodes.models import Referral
from linkwork.outcomes.changes import ChangeRow, episode_change
from linkwork.outcomes.charts import Chart, Observation, line_chart
from linkwork.outcomes.instruments import (
    lookup_definition,
    measure_label,
    measure_order,
    measures_of,
)
from linkwork.outcomes.models import Administration, RiskAlert
from linkwork.outcomes.scoring import InstrumentDefinition
from linkwork.outcomes.vocab import Kind, Mode, Timepoint
from linkwork.people.models import Person

# Follow-ups are still recorded for a while after discharge.
RECORDABLE_AFTER_DISCHARGE_DAYS = 270


@dataclass(frozen=True, slots=True)
class HistoryRow:
    administration_id: uuid.UUID
    on: date
    timepoint: str
    mode: str
    values: tuple[str, ...]  # formatted, one per measure, in the table's column order
    bands: str
    flags: tuple[str, ...]
    version: str
    url: str


@dataclass(frozen=True)
class InstrumentHistory:
    instrument_id: str
    name: str
    kind: str
    measures: tuple[str, ...]
    measure_labels: tuple[str, ...]
    rows: tuple[HistoryRow, ...]
    chart: Chart
    changes: tuple[ChangeRow, ...]
    higher_is_better: bool

    @property
    def chart_id(self) -> str:
        return f"outcome-chart-{self.instrument_id}"


@dataclass(frozen=True)
class KindGroup:
    kind: str
    label: str
    instruments: tuple[InstrumentHistory, ...]


@dataclass(frozen=True)
class EpisodeLink:
    referral_id: uuid.UUID
    label: str
    url: str


@dataclass(frozen=True)
class OutcomePanel:
    person: Person
    groups: tuple[KindGroup, ...]
    alerts: tuple[RiskAlert, ...]
    episodes: tuple[EpisodeLink, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups


def _value(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def _y_range(
    definition: InstrumentDefinition | None, measures: tuple[str, ...]
) -> tuple[float, float]:
    if definition is None:
        return (0.0, 1.0)
    if measures and measures[0] in ("metric", "total") and definition.score_range is not None:
        return definition.score_range
    scales = [item.scale for item in definition.items]
    return (min(s.min for s in scales), max(s.max for s in scales))


def _bands_text(definition: InstrumentDefinition | None, bands: dict[str, str]) -> str:
    if list(bands) == ["total"]:
        return bands["total"]
    return ", ".join(
        f"{measure_label(definition, code)}: {bands[code]}"
        for code in measure_order(definition, bands)
    )


def _history(instrument_id: str, administrations: list[Administration]) -> InstrumentHistory:
    latest = administrations[-1]
    definition = lookup_definition(instrument_id, version=latest.definition_version)
    measures: list[str] = []
    for administration in administrations:
        for measure in measures_of(administration.scores):
            if measure not in measures:
                measures.append(measure)
    measures = measure_order(definition, measures)
    labels = tuple(measure_label(definition, m) for m in measures)
    rows = []
    series: dict[str, list[Observation]] = defaultdict(list)
    for a in administrations:
        values = measures_of(a.scores)
        for measure in measures:
            if measure in values:
                series[measure].append(
                    Observation(a.administered_on, values[measure], Timepoint(a.timepoint).label)
                )
        rows.append(
            HistoryRow(
                administration_id=a.pk,
                on=a.administered_on,
                timepoint=Timepoint(a.timepoint).label,
                mode=Mode(a.mode).label,
                values=tuple(_value(values.get(m)) for m in measures),
                bands=_bands_text(definition, a.scores.get("bands") or {}),
                flags=tuple(a.scores.get("flags") or ()),
                version=a.definition_version,
                url=reverse("outcomes:administration", args=[a.pk]),
            )
        )
    by_episode: dict[uuid.UUID, list[Administration]] = defaultdict(list)
    for a in administrations:
        by_episode[a.referral_id].append(a)
    # The most recent episode with a baseline and a later score gives "the latest change".
    changes: list[ChangeRow] = []
    for episode in sorted(by_episode.values(), key=lambda g: g[-1].administered_on, reverse=True):
        changes = episode_change(episode)
        if changes:
            break
    chart = line_chart(
        [(label, series[m]) for m, label in zip(measures, labels, strict=True)],
        y_range=_y_range(definition, tuple(measures)),
    )
    return InstrumentHistory(
        instrument_id=instrument_id,
        name=definition.name if definition else instrument_id,
        kind=latest.kind,
        measures=tuple(measures),
        measure_labels=labels,
        rows=tuple(rows),
        chart=chart,
        changes=tuple(changes),
        higher_is_better=definition.higher_is_better if definition else True,
    )


def _episode_links(person: Person, today: date) -> tuple[EpisodeLink, ...]:
    recent = today - timedelta(days=RECORDABLE_AFTER_DISCHARGE_DAYS)
    links = []
    for referral in Referral.objects.filter(person=person).order_by("-received_on"):
        status = Status(referral.status)
        open_now = status in OPEN_STATUSES and status is not Status.RECEIVED
        recently_discharged = (
            status is Status.DISCHARGED
            and referral.closed_on is not None
            and referral.closed_on >= recent
        )
        if open_now or recently_discharged:
            links.append(
                EpisodeLink(
                    referral_id=referral.pk,
                    label=(
                        f"episode referred {referral.received_on.day} "
                        f"{referral.received_on:%B %Y} ({status.label.lower()})"
                    ),
                    url=reverse("outcomes:record", args=[referral.pk]),
                )
            )
    return tuple(links)


def person_outcome_panel(*, person: Person) -> OutcomePanel:
    administrations = Administration.objects.filter(
        person=person, superseded_by__isnull=True
    ).order_by("administered_on", "created_at")
    by_instrument: dict[str, list[Administration]] = defaultdict(list)
    for administration in administrations:
        by_instrument[administration.instrument_id].append(administration)
    histories = [_history(i, group) for i, group in sorted(by_instrument.items())]
    # Validated, licensed and bespoke scores are never mixed in one list.
    groups = tuple(
        KindGroup(kind.value, kind.label, tuple(h for h in histories if h.kind == kind))
        for kind in Kind
        if any(h.kind == kind for h in histories)
    )
    alerts = tuple(
        RiskAlert.objects.filter(person=person, acknowledged_at__isnull=True).select_related(
            "administration", "referral", "person"
        )
    )
    return OutcomePanel(
        person=person,
        groups=groups,
        alerts=alerts,
        episodes=_episode_links(person, clock.today()),
    )
