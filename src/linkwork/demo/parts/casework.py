"""The casework part of the demo world: people, referrals, sessions, plans, connections and
financial gains, with the variety the studies describe. Bulk inserts throughout.

Shape: most people are seen once or twice and about 45% three or more times; some referrals
are declined (including some from sources a scheme does not accept), some people never engage,
and recent referrals are still waiting or active at the demo's reference date."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.db.models import Model
from django.utils import timezone

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.core.copy_insert import bulk_loading, insert_rows
from linkwork.core.needs import Need
from linkwork.demo.context import DemoContext, demo_part
from linkwork.demo.national_spec import postcode_districts
from linkwork.demo.parts.casework_people import person_fields
from linkwork.directory.models import Service
from linkwork.directory.selectors import service_needs
from linkwork.episodes.lifecycle import SNOMED_DECLINED, SNOMED_REFERRED
from linkwork.episodes.models import (
    REFERRAL_EVENT_COLUMNS,
    Assignment,
    Connection,
    Encounter,
    FinancialGain,
    Goal,
    Referral,
    ReferralEvent,
)
from linkwork.lookups.models import AreaDeprivation, PostcodeLookup
from linkwork.organisations.models import Region, Scheme
from linkwork.organisations.policy_rules import AGE_BAND_LIMITS, AgeBand, ReferralSource
from linkwork.people.models import Consent, Person

PATIENTS_PER_REFERRAL = 1_500  # over the demo's 18 months, at scale 1

SAFETY_ACTION = "Spoke to the referring GP before the first contact; first meeting by phone."


HISTORY_DAYS = 540
CHUNK_REFERRALS = 5_000  # episodes held in memory before they are written
SHARED_NUMBERS = 100_000  # of the 900,000 or so valid NHS numbers in the 999 test range


SOURCE_WEIGHTS = {
    "gp": 50,
    "practice_nurse": 12,
    "receptionist": 8,
    "other_practice_staff": 6,
    "self": 10,
    "dwp": 2,
    "ambulance_service": 1,
    "adult_social_care": 3,
    "other_service": 6,
}


NEED_WEIGHTS = {
    Need.LONELINESS: 30,
    Need.MENTAL_WELLBEING: 28,
    Need.MONEY: 20,
    Need.LONG_TERM_CONDITION: 14,
    Need.HOUSING: 10,
    Need.FOOD_FUEL: 8,
    Need.CARING: 6,
    Need.BEREAVEMENT: 6,
    Need.EMPLOYMENT: 4,
    Need.OTHER: 3,
}


WHAT_MATTERS = (
    "Getting out of the house and meeting people again.",
    "Sorting out the debts so I can sleep at night.",
    "Feeling less anxious and more in control.",
    "Finding something to do during the day since retiring.",
    "Keeping my flat and not falling behind on rent.",
    "Looking after my husband without going under myself.",
    "Getting fitter and losing some weight.",
    "Talking to someone since my wife died.",
)


GOALS_BY_NEED = {
    Need.LONELINESS: "Join a local group that meets weekly",
    Need.MENTAL_WELLBEING: "Try a wellbeing course",
    Need.MONEY: "Get a benefits check and a plan for the debts",
    Need.LONG_TERM_CONDITION: "Walk three times a week",
    Need.HOUSING: "Apply for a housing transfer",
    Need.FOOD_FUEL: "Get help with food and energy bills",
    Need.CARING: "Get a carer's assessment",
    Need.BEREAVEMENT: "Start bereavement support",
    Need.EMPLOYMENT: "Meet an employment adviser",
    Need.OTHER: "Sort out the problem that brought them in",
}


NEEDS = list(NEED_WEIGHTS)
# Cumulative weights worked out once: `choices` then draws exactly as with the weights.
NEED_CUMULATIVE = list(accumulate(NEED_WEIGHTS.values()))
PRACTICE_SOURCES = frozenset({"gp", "practice_nurse", "receptionist", "other_practice_staff"})
MODES = ("face_to_face", "face_to_face", "telephone", "telephone", "video")
MODES_WITH_HOME_VISITS = (*MODES, "home_visit")
CONNECTION_STATUSES = ("in-progress", "completed", "failed", "rejected", "requested", "accepted")
CONNECTION_STATUS_CUMULATIVE = list(accumulate((30, 30, 12, 6, 12, 10)))
DISCHARGE_REASONS = (
    "goals_met",
    "connected_to_support",
    "connected_to_support",
    "declined_further_support",
    "moved_away",
)
DISCHARGE_REASONS_WITH_CAP = (*DISCHARGE_REASONS[:3], "session_cap_reached", *DISCHARGE_REASONS[3:])


SERVICES_BY_NEED = {
    Need.LONELINESS: ("Friendship café", "directory_service"),
    Need.MENTAL_WELLBEING: ("Wellbeing college course", "directory_service"),
    Need.MONEY: ("Citizens advice money clinic", "benefits_dwp"),
    Need.LONG_TERM_CONDITION: ("Health walks", "directory_service"),
    Need.HOUSING: ("Council housing options", "housing"),
    Need.FOOD_FUEL: ("Community pantry", "directory_service"),
    Need.CARING: ("Carers' centre", "directory_service"),
    Need.BEREAVEMENT: ("Bereavement support group", "directory_service"),
    Need.EMPLOYMENT: ("Employment support service", "local_authority"),
    Need.OTHER: ("Local authority contact centre", "local_authority"),
}


PERSON_COLUMNS = (
    "id",
    "scheme_id",
    "practice_id",
    "postcode",
    "postcode_status",
    "small_area_code",
    "deprivation_index",
    "deprivation_decile",
    "deprivation_quintile",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "gender_identity",
    "ethnicity",
    "preferred_contact",
    "interpreter_needed",
    "preferred_language",
    "nhs_number",
    "chi_number",
    "phone",
)
CONSENT_COLUMNS = (
    "id",
    "scheme_id",
    "person_id",
    "kind",
    "organisation_id",
    "given",
    "shared_fields",
    "recorded_on",
    "recorded_by_id",
)
REFERRAL_COLUMNS = (
    "id",
    "scheme_id",
    "person_id",
    "practice_id",
    "source",
    "referrer_id",
    "referrer_name",
    "received_on",
    "reasons",
    "risk_flags",
    "status",
    "status_changed_at",
    "safety_action",
    "safety_reviewed_by_id",
    "safety_reviewed_at",
    "link_worker_id",
    "first_contact_on",
    "decline_reason",
    "discharge_reason",
    "closed_on",
    "what_matters",
    "at_risk",
    "at_risk_reason",
)
ASSIGNMENT_COLUMNS = ("id", "scheme_id", "referral_id", "link_worker_id", "started_on")
# The keys every row of a person's episode starts with.
EPISODE_KEYS = ("id", "scheme_id", "person_id", "referral_id")
ENCOUNTER_COLUMNS = (
    *EPISODE_KEYS,
    "practice_id",
    "occurred_on",
    "mode",
    "duration_minutes",
    "attended",
    "session_number",
    "notes",
    "recorded_by_id",
)
GOAL_COLUMNS = ("id", "scheme_id", "referral_id", "description", "status")
CONNECTION_COLUMNS = (
    *EPISODE_KEYS,
    "kind",
    "target",
    "service_id",
    "service_name",
    "need",
    "status",
    "status_reason",
    "status_changed_at",
    "made_on",
    "first_attended_on",
    "shared_fields",
    "made_by_id",
)
GAIN_COLUMNS = ("id", "scheme_id", "referral_id", "kind", "amount_pence", "annual", "recorded_on")

Row = tuple[Any, ...]

CASEWORK_TABLES: tuple[tuple[type[Model], tuple[str, ...]], ...] = (
    (Person, PERSON_COLUMNS),
    (Consent, CONSENT_COLUMNS),
    (Referral, REFERRAL_COLUMNS),
    (ReferralEvent, REFERRAL_EVENT_COLUMNS),
    (Assignment, ASSIGNMENT_COLUMNS),
    (Encounter, ENCOUNTER_COLUMNS),
    (Goal, GOAL_COLUMNS),
    (Connection, CONNECTION_COLUMNS),
    (FinancialGain, GAIN_COLUMNS),
)
"""Written in this order, parents before children."""
CASEWORK_MODELS = tuple(model for model, _ in CASEWORK_TABLES)


@dataclass(slots=True)
class _Referral:
    """One episode while it is drawn: its fields change as it moves through its statuses, and
    it becomes a row when its chunk is written."""

    id: uuid.UUID
    key: str  # the id as text, for the ids of its rows
    scheme_id: Any
    person_id: uuid.UUID
    person_practice_id: Any
    practice_id: Any
    source: str
    referrer_id: Any
    referrer_name: str
    received_on: dt.date
    reasons: list[str]
    risk_flags: list[str]
    status_changed_at: dt.datetime
    status: str = "received"
    safety_action: str = ""
    safety_reviewed_by_id: Any = None
    safety_reviewed_at: dt.datetime | None = None
    link_worker_id: Any = None
    first_contact_on: dt.date | None = None
    decline_reason: str = ""
    discharge_reason: str = ""
    closed_on: dt.date | None = None
    what_matters: str = ""
    at_risk: bool = False
    at_risk_reason: str = ""

    def row(self) -> Row:
        return (
            self.id,
            self.scheme_id,
            self.person_id,
            self.practice_id,
            self.source,
            self.referrer_id,
            self.referrer_name,
            self.received_on,
            self.reasons,
            self.risk_flags,
            self.status,
            self.status_changed_at,
            self.safety_action,
            self.safety_reviewed_by_id,
            self.safety_reviewed_at,
            self.link_worker_id,
            self.first_contact_on,
            self.decline_reason,
            self.discharge_reason,
            self.closed_on,
            self.what_matters,
            self.at_risk,
            self.at_risk_reason,
        )


@dataclass
class _Batch:
    """A chunk of episodes as plain rows, one list per table (no model instance per row)."""

    people: list[Row] = field(default_factory=list)
    consents: list[Row] = field(default_factory=list)
    referrals: list[_Referral] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    encounters: list[Row] = field(default_factory=list)
    goals: list[Row] = field(default_factory=list)
    connections: list[Row] = field(default_factory=list)
    gains: list[Row] = field(default_factory=list)
    assignments: list[Row] = field(default_factory=list)

    # Written before the lists are emptied: ids and totals count across chunks.
    encounters_before: int = 0
    written: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def save(self) -> None:
        """Write the chunk and start the next: parents before children, so every foreign key
        points at a written row."""
        referrals = [referral.row() for referral in self.referrals]
        self.referrals.clear()
        tables = (
            self.people,
            self.consents,
            referrals,
            self.events,
            self.assignments,
            self.encounters,
            self.goals,
            self.connections,
            self.gains,
        )
        for (model, columns), rows in zip(CASEWORK_TABLES, tables, strict=True):
            self.written[model.__name__] += insert_rows(model, columns, rows)
            rows.clear()
        self.encounters_before = self.written["Encounter"]


@dataclass(frozen=True)
class _Place:
    """What a scheme's episodes read of it, looked up once per scheme."""

    scheme_id: Any
    region_id: Any
    region_slug: str
    country: str
    practices: list[Any]  # ids
    workers: list[Any]  # user ids, demo logins four times over
    gp_users: dict[Any, tuple[Any, str]]  # practice id: (user id, name)
    source_cumulative: list[int]  # of SOURCE_WEIGHTS over the sources the policy accepts


class _Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.rng, self.batch = ctx, ctx.rng, _Batch()
        self.postcodes = self._postcodes()
        self.workers = self._workers()
        self.used_numbers: set[str] = set()
        self.numbers_in_scheme: dict[object, set[str]] = defaultdict(set)
        self.directory = self._directory()
        self.demo_vcse = (
            Membership.objects.filter(user__username="vcse", role=Role.VCSE_WORKER.value)
            .values_list("organisation_id", flat=True)
            .first()
        )
        self.fallback_user = User.objects.order_by("username").values_list("pk", flat=True).first()
        self.zone = timezone.get_current_timezone()
        self.moments: dict[tuple[dt.date, int], dt.datetime] = {}

    def moment(self, day: dt.date, hour: int = 10) -> dt.datetime:
        """`day` at `hour`, local time (the same few hundred days recur millions of times)."""
        key = (day, hour)
        found = self.moments.get(key)
        if found is None:
            found = self.moments[key] = timezone.make_aware(
                dt.datetime.combine(day, dt.time(hour)), self.zone
            )
        return found

    def _postcodes(self) -> dict[str, list[_Postcode]]:
        areas = {a.area_code: a for a in AreaDeprivation.objects.all()}
        by_region: dict[str, list[_Postcode]] = {}
        lookups = list(PostcodeLookup.objects.order_by("postcode"))
        for region in Region.objects.order_by("slug").values_list("slug", flat=True):
            districts = postcode_districts(region)
            by_region[region] = [
                _postcode(p, areas.get(p.small_area_code))
                for p in lookups
                if p.postcode.split(" ")[0] in districts
            ]
        return by_region

    def _directory(self) -> dict[tuple[object, str], list[tuple[Any, str, Any]]]:
        """Listed, open services by region and need: (id, name, provider's registry id)."""

        services = list(
            Service.objects.filter(capacity__in=["open", "waiting_list"], region__isnull=False)
            .select_related("organization")
            .order_by("name")
        )
        needs = service_needs(s.pk for s in services)
        found: dict[tuple[object, str], list[tuple[Any, str, Any]]] = defaultdict(list)
        for service in services:
            provider = (
                service.organization.registry_organisation_id if service.organization else None
            )
            for need in needs.get(service.pk, []):
                found[(service.region_id, need)].append((service.pk, service.name, provider))
        return found

    def _workers(self) -> dict[object, list[Any]]:
        workers: dict[object, list[Any]] = defaultdict(list)
        memberships = (
            Membership.objects.filter(role=Role.LINK_WORKER.value)
            .select_related("user")
            .order_by("user__username")
        )
        for membership in memberships:
            # Demo logins carry a fuller caseload than the anonymous link workers.
            copies = 1 if membership.user.has_usable_password() is False else 4
            workers[membership.scheme_id].extend([membership.user_id] * copies)
        return workers

    def event(self, referral: _Referral, kind: str, day: dt.date, actor: Any, **data: Any) -> None:
        self.batch.events.append(
            (referral.scheme_id, referral.id, kind, self.moment(day, 9), actor, data)
        )

    def status(
        self, referral: _Referral, old: str, new: str, day: dt.date, actor: Any, **data: Any
    ) -> None:
        self.event(referral, "status", day, actor, **{"from": old, "to": new, **data})

    def place(self, scheme: Scheme, practices: list[Any], accepted: list[str]) -> _Place:
        gp_users = {
            m.organisation_id: (m.user_id, str(m.user))
            for m in Membership.objects.filter(
                role=Role.REFERRER_GP.value, organisation__in=practices
            ).select_related("user")
        }
        return _Place(
            scheme_id=scheme.pk,
            region_id=scheme.region_id,
            region_slug=scheme.region.slug,
            country=scheme.region.country,
            practices=[practice.pk for practice in practices],
            workers=self.workers.get(scheme.pk) or [],
            gp_users=gp_users,
            source_cumulative=list(accumulate(SOURCE_WEIGHTS[s] for s in accepted)),
        )

    def scheme(self, scheme: Scheme) -> int:
        policy = scheme.policy
        practices = list(scheme.practices.all())
        patients = sum(p.list_size or 0 for p in practices)
        count = max(3, round(patients * self.ctx.intensity / PATIENTS_PER_REFERRAL))
        low, high = (
            (policy.age_min or 0, policy.age_max)
            if policy.age_band == AgeBand.CUSTOM
            else AGE_BAND_LIMITS[AgeBand(policy.age_band)]
        )
        low = (
            max(low, 16) if policy.age_band == AgeBand.ALL_AGES and self.rng.random() < 0.9 else low
        )
        place = self.place(scheme, practices, list(policy.accepted_sources))
        for index in range(count):
            self.person_and_episode(place, policy, low, high, index)
            if len(self.batch.referrals) >= CHUNK_REFERRALS:
                self.batch.save()
        return count

    def person_and_episode(
        self, place: _Place, policy: Any, low: int, high: int | None, index: int
    ) -> None:
        rng, today, batch = self.rng, self.ctx.today, self.batch
        country = place.country
        fields = person_fields(rng, country, low, high, today)
        number_field = "nhs_number" if country == "england" else "chi_number"
        in_scheme = self.numbers_in_scheme[place.scheme_id]
        # Numbers are unique across the world while the test range has room (the demo's), and
        # within each scheme, as the database requires, once a national world would fill it.
        taken = self.used_numbers if len(self.used_numbers) < SHARED_NUMBERS else in_scheme
        while fields[number_field] in taken:
            fields = person_fields(rng, country, low, high, today)
        if taken is self.used_numbers:
            self.used_numbers.add(str(fields[number_field]))
        in_scheme.add(str(fields[number_field]))
        practice = rng.choice(place.practices)
        drawn = rng.choice(self.postcodes.get(place.region_slug) or [None])
        if drawn is None:
            where: _Postcode = ("", "not_given", "", "", None, None)
        elif rng.random() < 0.03:
            # A few postcodes not in the lookup: kept, flagged.
            where = ("ZE1 0AA", "unknown", "", "", None, None)
        else:
            where = drawn
        person_id = self.ctx.uuid("person", place.scheme_id, index)
        batch.people.append(
            (
                person_id,
                place.scheme_id,
                practice,
                *where,
                fields["given_name"],
                fields["family_name"],
                fields["date_of_birth"],
                fields["sex"],
                fields["gender_identity"],
                fields["ethnicity"],
                fields["preferred_contact"],
                fields["interpreter_needed"],
                fields["preferred_language"],
                fields.get("nhs_number", ""),
                fields.get("chi_number", ""),
                fields["phone"],
            )
        )
        # A steady stream of new referrals keeps the triage queue and waiting list realistic.
        recent = rng.random() < 0.08
        received = today - dt.timedelta(
            days=rng.randint(0, 14)
            if recent
            else int(rng.triangular(0, HISTORY_DAYS, HISTORY_DAYS * 0.4))
        )
        accepted = list(policy.accepted_sources)
        if rng.random() < 0.03:
            source = rng.choice([s.value for s in ReferralSource if s.value not in accepted])
        else:
            source = rng.choices(accepted, cum_weights=place.source_cumulative)[0]
        reasons = sorted(
            set(rng.choices(NEEDS, cum_weights=NEED_CUMULATIVE, k=rng.choice((1, 1, 2, 2, 3))))
        )
        referrer_id, referrer_name = (
            place.gp_users.get(practice, (None, ""))
            if source == "gp" and rng.random() < 0.5
            else (None, "")
        )
        referral_id = self.ctx.uuid("referral", person_id)
        referral = _Referral(
            id=referral_id,
            key=str(referral_id),
            scheme_id=place.scheme_id,
            person_id=person_id,
            person_practice_id=practice,
            practice_id=practice if source in PRACTICE_SOURCES else None,
            source=source,
            referrer_id=referrer_id,
            referrer_name=referrer_name,
            received_on=received,
            reasons=[str(r) for r in reasons],
            risk_flags=["self_harm_risk"] if rng.random() < 0.04 else [],
            status_changed_at=self.moment(received),
        )
        batch.referrals.append(referral)
        batch.consents.append(
            (
                self.ctx.uuid("consent", person_id),
                place.scheme_id,
                person_id,
                "service",
                None,
                True,
                [],
                received,
                referrer_id,
            )
        )
        self.event(referral, "created", received, referrer_id, source=source)
        self.episode(referral, place, policy, accepted, reasons)

    def episode(
        self,
        referral: _Referral,
        place: _Place,
        policy: Any,
        accepted: list[str],
        reasons: list[Need],
    ) -> None:
        rng, today = self.rng, self.ctx.today
        received = referral.received_on
        worker = rng.choice(place.workers) if place.workers else None
        if referral.source not in accepted or rng.random() < 0.05:
            reason = (
                "source_not_accepted"
                if referral.source not in accepted
                else rng.choice(("needs_other_service", "exclusion_criterion", "other"))
            )
            referral.status, referral.decline_reason = "declined", reason
            referral.closed_on = received + dt.timedelta(days=rng.randint(0, 5))
            self.status(
                referral,
                "received",
                "declined",
                referral.closed_on,
                worker,
                reason=reason,
                snomed=SNOMED_DECLINED,
                automatic=reason == "source_not_accepted",
            )
            return
        accept_day = received + dt.timedelta(days=rng.randint(0, 4))
        if accept_day > today or ((today - received).days <= 10 and rng.random() < 0.4):
            return  # still to triage
        self.status(referral, "received", "accepted", accept_day, worker)
        if referral.risk_flags and worker is not None:
            # Acted on at triage, as the service expects; no random draw, so the world's
            # streams are unchanged.
            referral.safety_action = SAFETY_ACTION
            referral.safety_reviewed_by_id = worker
            referral.safety_reviewed_at = self.moment(accept_day)
            self.event(referral, "safety", accept_day, worker, risk_flags=referral.risk_flags)
        wait = int(rng.gammavariate(2.0, 9.0)) + 2
        first_day = accept_day + dt.timedelta(days=wait)
        if worker is not None:
            referral.link_worker_id = worker
            self.batch.assignments.append(
                (
                    self.ctx.uuid("assignment", referral.key),
                    referral.scheme_id,
                    referral.id,
                    worker,
                    accept_day,
                )
            )
            self.status(referral, "accepted", "waiting", accept_day, worker)
        if first_day > today:
            referral.status = "waiting" if worker else "accepted"
            return
        if rng.random() < 0.08:
            referral.status, referral.closed_on = "did_not_engage", first_day
            self.status(referral, "waiting", "did_not_engage", first_day, worker)
            return
        # Most people are seen once or twice; about 45% three or more times.
        roll = rng.random()
        sessions = 1 if roll < 0.24 else 2 if roll < 0.38 else rng.randint(3, 9)
        cap = policy.session_cap
        if cap is not None and sessions > cap:
            if policy.at_risk_exception and rng.random() < 0.3:
                referral.at_risk = True
                referral.at_risk_reason = "Low mood and isolated; not safe to discharge yet."
            else:
                sessions = cap
        self.sessions(referral, place, policy, worker, sessions, first_day, reasons)

    def sessions(
        self,
        referral: _Referral,
        place: _Place,
        policy: Any,
        worker: Any,
        sessions: int,
        first_day: dt.date,
        reasons: list[Need],
    ) -> None:
        rng, today, batch = self.rng, self.ctx.today, self.batch
        referral.first_contact_on = first_day
        referral.what_matters = rng.choice(WHAT_MATTERS)
        self.event(
            referral,
            "note",
            first_day,
            worker,
            first_contact=first_day.isoformat(),
            snomed=SNOMED_REFERRED,
        )
        self.status(referral, "waiting", "active", first_day, worker)
        modes = MODES_WITH_HOME_VISITS if policy.home_visits else MODES
        recorded_by = worker or self.fallback_user
        day, number, last = first_day, 0, first_day
        for _ in range(sessions + rng.randint(0, 1)):
            if day > today:
                break
            attended = number == 0 or rng.random() > 0.1
            if attended:
                number += 1
            if number > sessions:
                break
            batch.encounters.append(
                (
                    self.ctx.uuid(
                        "encounter",
                        referral.key,
                        batch.encounters_before + len(batch.encounters),
                    ),
                    referral.scheme_id,
                    referral.person_id,
                    referral.id,
                    referral.person_practice_id,
                    day,
                    rng.choice(modes),
                    rng.choice((20, 30, 45, 45, 60, 75)),
                    attended,
                    number if attended else None,
                    "Reviewed the plan together." if attended else "",
                    recorded_by,
                )
            )
            last = day
            day = day + dt.timedelta(days=rng.randint(7, 21))
        for need in reasons[:2]:
            goal_status = rng.choice(("achieved", "partly_achieved", "in_progress", "not_achieved"))
            batch.goals.append(
                (
                    self.ctx.uuid("goal", referral.key, need),
                    referral.scheme_id,
                    referral.id,
                    GOALS_BY_NEED[need],
                    goal_status,
                )
            )
            if rng.random() < 0.75:
                self.connection(referral, place, worker, need, first_day)
        if Need.MONEY in reasons and rng.random() < 0.5:
            batch.gains.append(
                (
                    self.ctx.uuid("gain", referral.key),
                    referral.scheme_id,
                    referral.id,
                    rng.choice(("benefit_award", "grant", "debt_written_off")),
                    rng.choice((25_000, 60_000, 120_000, 350_000, 520_000)),
                    rng.random() < 0.5,
                    last,
                )
            )
        still_active = (today - last).days < 35 or referral.at_risk
        if still_active:
            referral.status = "active"
            return
        referral.status, referral.closed_on = "discharged", last + dt.timedelta(days=7)
        referral.discharge_reason = rng.choice(
            DISCHARGE_REASONS_WITH_CAP if policy.session_cap else DISCHARGE_REASONS
        )
        self.status(
            referral,
            "active",
            "discharged",
            referral.closed_on,
            worker,
            reason=referral.discharge_reason,
        )

    def connection(
        self, referral: _Referral, place: _Place, worker: Any, need: Need, day: dt.date
    ) -> None:
        rng, today = self.rng, self.ctx.today
        name, target = SERVICES_BY_NEED[need]
        service_id, provider = None, None
        listed = self.directory.get((place.region_id, str(need)), [])
        if target == "directory_service" and listed:
            # The demo VCSE login's own services get a fair share, so its inbox has people.
            own = [entry for entry in listed if entry[2] == self.demo_vcse]
            service_id, name, provider = rng.choice(own if own and rng.random() < 0.5 else listed)
        elif target == "directory_service":
            # Nothing listed meets the need here: the link worker found the group themself.
            target = "unlisted_service"
        shared: list[str] = []
        if provider is not None:
            given = rng.random() < 0.85
            shared = ["name", "contact", "reason"] if given else []
            self.batch.consents.append(
                (
                    self.ctx.uuid("share-consent", referral.key, need),
                    referral.scheme_id,
                    referral.person_id,
                    "share_with_vcse",
                    provider,
                    given,
                    shared,
                    day,
                    worker,
                )
            )
        status = rng.choices(CONNECTION_STATUSES, cum_weights=CONNECTION_STATUS_CUMULATIVE)[0]
        made = day + dt.timedelta(days=rng.randint(0, 14))
        changed = made + dt.timedelta(days=rng.randint(1, 20))
        attended = (
            made + dt.timedelta(days=rng.randint(3, 30))
            if status in {"in-progress", "completed"}
            else None
        )
        if made > today:
            # Booked for a day still to come: nothing can have happened there yet.
            status = "requested" if status == "requested" else "accepted"
            attended = None
        self.batch.connections.append(
            (
                self.ctx.uuid("connection", referral.key, need),
                referral.scheme_id,
                referral.person_id,
                referral.id,
                rng.choice(("signpost", "referral", "referral", "accompanied")),
                target,
                service_id,
                name,
                str(need),
                status,
                "No capacity" if status == "rejected" else "",
                self.moment(min(changed, today)),
                made,
                attended and min(attended, today),
                shared,
                worker or self.fallback_user,
            )
        )


_Postcode = tuple[str, str, str, str, int | None, int | None]
"""A person's postcode columns: postcode, its status, small area, deprivation index, decile,
quintile."""


def _postcode(lookup: PostcodeLookup, area: AreaDeprivation | None) -> _Postcode:
    return (
        lookup.postcode,
        "matched",
        lookup.small_area_code,
        area.index if area else "",
        area.decile if area else None,
        area.quintile if area else None,
    )


@demo_part("casework", order=40)
def build_casework(ctx: DemoContext) -> dict[str, Any]:
    builder = _Builder(ctx)
    schemes = Scheme.objects.select_related("policy", "region").order_by("slug")
    with bulk_loading(*CASEWORK_MODELS):
        total = sum(builder.scheme(scheme) for scheme in schemes)
        builder.batch.save()
    written = builder.batch.written
    ctx.log(
        f"Casework: {total} people and referrals, {written['Encounter']} encounters, "
        f"{written['Connection']} connections."
    )
    return {"people": total, "encounters": written["Encounter"]}
