"""The casework part of the demo world: people, referrals, sessions, plans, connections and
financial gains, with the variety the studies describe. Bulk inserts throughout.

Shape: most people are seen once or twice and about 45% three or more times; some referrals
are declined (including some from sources a scheme does not accept), some people never engage,
and recent referrals are still waiting or active at the demo's reference date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.core.copy_insert import copy_insert
from linkwork.core.needs import Need
from linkwork.demo.context import DemoContext, demo_part
from linkwork.demo.national_spec import postcode_districts
from linkwork.demo.parts.casework_people import person_fields
from linkwork.directory.models import Service
from linkwork.directory.selectors import service_needs
from linkwork.episodes.lifecycle import SNOMED_DECLINED, SNOMED_REFERRED
from linkwork.episodes.models import (
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


@dataclass
class _Batch:
    people: list[Person] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    events: list[ReferralEvent] = field(default_factory=list)
    encounters: list[Encounter] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    gains: list[FinancialGain] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)

    # Written before the lists are emptied: ids and totals count across chunks.
    encounters_before: int = 0
    written: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def save(self) -> None:
        """Write the chunk and start the next: parents before children, so every foreign key
        points at a written row."""
        for model, rows in (
            (Person, self.people),
            (Consent, self.consents),
            (Referral, self.referrals),
            (ReferralEvent, self.events),
            (Assignment, self.assignments),
            (Encounter, self.encounters),
            (Goal, self.goals),
            (Connection, self.connections),
            (FinancialGain, self.gains),
        ):
            self.written[model.__name__] += copy_insert(model, rows)
            rows.clear()
        self.encounters_before = self.written["Encounter"]


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


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

    def _postcodes(self) -> dict[str, list[tuple[PostcodeLookup, AreaDeprivation | None]]]:
        areas = {a.area_code: a for a in AreaDeprivation.objects.all()}
        by_region: dict[str, list[tuple[PostcodeLookup, AreaDeprivation | None]]] = {}
        lookups = list(PostcodeLookup.objects.order_by("postcode"))
        for region in Region.objects.order_by("slug").values_list("slug", flat=True):
            districts = postcode_districts(region)
            by_region[region] = [
                (p, areas.get(p.small_area_code))
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

    def _workers(self) -> dict[object, list[User]]:
        workers: dict[object, list[User]] = defaultdict(list)
        memberships = (
            Membership.objects.filter(role=Role.LINK_WORKER.value)
            .select_related("user")
            .order_by("user__username")
        )
        for membership in memberships:
            # Demo logins carry a fuller caseload than the anonymous link workers.
            copies = 1 if membership.user.has_usable_password() is False else 4
            workers[membership.scheme_id].extend([membership.user] * copies)
        return workers

    def event(
        self, referral: Referral, kind: str, day: dt.date, actor: User | None, **data: Any
    ) -> None:
        self.batch.events.append(
            ReferralEvent(
                scheme_id=referral.scheme_id,
                referral=referral,
                kind=kind,
                at=_moment(day, 9),
                actor=actor,
                data=data,
            )
        )

    def status(
        self, referral: Referral, old: str, new: str, day: dt.date, actor: User | None, **data: Any
    ) -> None:
        self.event(referral, "status", day, actor, **{"from": old, "to": new, **data})

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
        workers = self.workers.get(scheme.pk) or []
        gp_users = {
            m.organisation_id: m.user
            for m in Membership.objects.filter(
                role=Role.REFERRER_GP.value, organisation__in=practices
            ).select_related("user")
        }
        for index in range(count):
            self.person_and_episode(scheme, policy, practices, workers, gp_users, low, high, index)
            if len(self.batch.referrals) >= CHUNK_REFERRALS:
                self.batch.save()
        return count

    def person_and_episode(
        self,
        scheme: Scheme,
        policy: Any,
        practices: list[Any],
        workers: list[User],
        gp_users: dict[Any, User],
        low: int,
        high: int | None,
        index: int,
    ) -> None:
        rng, today = self.rng, self.ctx.today
        country = scheme.region.country
        fields = person_fields(rng, country, low, high, today)
        number_field = "nhs_number" if country == "england" else "chi_number"
        in_scheme = self.numbers_in_scheme[scheme.pk]
        # Numbers are unique across the world while the test range has room (the demo's), and
        # within each scheme, as the database requires, once a national world would fill it.
        taken = self.used_numbers if len(self.used_numbers) < SHARED_NUMBERS else in_scheme
        while fields[number_field] in taken:
            fields = person_fields(rng, country, low, high, today)
        if taken is self.used_numbers:
            self.used_numbers.add(str(fields[number_field]))
        in_scheme.add(str(fields[number_field]))
        practice = rng.choice(practices)
        postcode = rng.choice(self.postcodes.get(scheme.region.slug) or [(None, None)])
        lookup, area = postcode
        if lookup is not None and rng.random() < 0.03:
            lookup, area = None, None  # a few postcodes not in the lookup: kept, flagged
        person = Person(
            id=self.ctx.uuid("person", scheme.pk, index),
            scheme=scheme,
            practice=practice,
            postcode=lookup.postcode if lookup else ("ZE1 0AA" if postcode[0] else ""),
            postcode_status="matched" if lookup else ("unknown" if postcode[0] else "not_given"),
            small_area_code=lookup.small_area_code if lookup else "",
            deprivation_index=area.index if area else "",
            deprivation_decile=area.decile if area else None,
            deprivation_quintile=area.quintile if area else None,
            **fields,
        )
        self.batch.people.append(person)
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
            weights = [SOURCE_WEIGHTS[s] for s in accepted]
            source = rng.choices(accepted, weights=weights)[0]
        needs = list(NEED_WEIGHTS)
        reasons = sorted(
            set(
                rng.choices(
                    needs, weights=list(NEED_WEIGHTS.values()), k=rng.choice((1, 1, 2, 2, 3))
                )
            )
        )
        referrer = gp_users.get(practice.pk) if source == "gp" and rng.random() < 0.5 else None
        referral = Referral(
            id=self.ctx.uuid("referral", person.pk),
            scheme=scheme,
            person=person,
            practice=practice
            if source in {"gp", "practice_nurse", "receptionist", "other_practice_staff"}
            else None,
            source=source,
            referrer=referrer,
            referrer_name=str(referrer) if referrer else "",
            received_on=received,
            reasons=[str(r) for r in reasons],
            risk_flags=["self_harm_risk"] if rng.random() < 0.04 else [],
            status="received",
            status_changed_at=_moment(received),
        )
        self.batch.referrals.append(referral)
        self.batch.consents.append(
            Consent(
                id=self.ctx.uuid("consent", person.pk),
                scheme=scheme,
                person=person,
                kind="service",
                given=True,
                recorded_on=received,
                recorded_by=referrer,
            )
        )
        self.event(referral, "created", received, referrer, source=source)
        self.episode(referral, policy, workers, accepted, reasons)

    def episode(
        self,
        referral: Referral,
        policy: Any,
        workers: list[User],
        accepted: list[str],
        reasons: list[Need],
    ) -> None:
        rng, today = self.rng, self.ctx.today
        received = referral.received_on
        worker = rng.choice(workers) if workers else None
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
            referral.safety_reviewed_by = worker
            referral.safety_reviewed_at = _moment(accept_day)
            self.event(referral, "safety", accept_day, worker, risk_flags=referral.risk_flags)
        wait = int(rng.gammavariate(2.0, 9.0)) + 2
        first_day = accept_day + dt.timedelta(days=wait)
        if worker is not None:
            referral.link_worker = worker
            self.batch.assignments.append(
                Assignment(
                    id=self.ctx.uuid("assignment", referral.pk),
                    scheme_id=referral.scheme_id,
                    referral=referral,
                    link_worker=worker,
                    started_on=accept_day,
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
        self.sessions(referral, policy, worker, sessions, first_day, reasons)

    def sessions(
        self,
        referral: Referral,
        policy: Any,
        worker: User | None,
        sessions: int,
        first_day: dt.date,
        reasons: list[Need],
    ) -> None:
        rng, today = self.rng, self.ctx.today
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
        modes = ["face_to_face", "face_to_face", "telephone", "telephone", "video"]
        if policy.home_visits:
            modes.append("home_visit")
        day, number, last = first_day, 0, first_day
        for _ in range(sessions + rng.randint(0, 1)):
            if day > today:
                break
            attended = number == 0 or rng.random() > 0.1
            if attended:
                number += 1
            if number > sessions:
                break
            self.batch.encounters.append(
                Encounter(
                    id=self.ctx.uuid(
                        "encounter",
                        referral.pk,
                        self.batch.encounters_before + len(self.batch.encounters),
                    ),
                    scheme_id=referral.scheme_id,
                    person_id=referral.person_id,
                    referral=referral,
                    practice=referral.person.practice,
                    occurred_on=day,
                    mode=rng.choice(modes),
                    duration_minutes=rng.choice((20, 30, 45, 45, 60, 75)),
                    attended=attended,
                    session_number=number if attended else None,
                    notes="Reviewed the plan together." if attended else "",
                    recorded_by=worker or referral.person.created_by or _any_user(),
                )
            )
            last = day
            day = day + dt.timedelta(days=rng.randint(7, 21))
        for need in reasons[:2]:
            goal_status = rng.choice(("achieved", "partly_achieved", "in_progress", "not_achieved"))
            self.batch.goals.append(
                Goal(
                    id=self.ctx.uuid("goal", referral.pk, need),
                    scheme_id=referral.scheme_id,
                    referral=referral,
                    description=GOALS_BY_NEED[need],
                    status=goal_status,
                )
            )
            if rng.random() < 0.75:
                self.connection(referral, worker, need, first_day)
        if Need.MONEY in reasons and rng.random() < 0.5:
            self.batch.gains.append(
                FinancialGain(
                    id=self.ctx.uuid("gain", referral.pk),
                    scheme_id=referral.scheme_id,
                    referral=referral,
                    kind=rng.choice(("benefit_award", "grant", "debt_written_off")),
                    amount_pence=rng.choice((25_000, 60_000, 120_000, 350_000, 520_000)),
                    annual=rng.random() < 0.5,
                    recorded_on=last,
                )
            )
        still_active = (today - last).days < 35 or referral.at_risk
        if still_active:
            referral.status = "active"
            return
        referral.status, referral.closed_on = "discharged", last + dt.timedelta(days=7)
        referral.discharge_reason = rng.choice(
            (
                "goals_met",
                "connected_to_support",
                "connected_to_support",
                "session_cap_reached",
                "declined_further_support",
                "moved_away",
            )
            if policy.session_cap
            else (
                "goals_met",
                "connected_to_support",
                "connected_to_support",
                "declined_further_support",
                "moved_away",
            )
        )
        self.status(
            referral,
            "active",
            "discharged",
            referral.closed_on,
            worker,
            reason=referral.discharge_reason,
        )

    def connection(self, referral: Referral, worker: User | None, need: Need, day: dt.date) -> None:
        rng = self.rng
        name, target = SERVICES_BY_NEED[need]
        service_id, provider = None, None
        listed = self.directory.get((referral.scheme.region_id, str(need)), [])
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
                Consent(
                    id=self.ctx.uuid("share-consent", referral.pk, need),
                    scheme_id=referral.scheme_id,
                    person_id=referral.person_id,
                    kind="share_with_vcse",
                    organisation_id=provider,
                    given=given,
                    shared_fields=shared,
                    recorded_on=day,
                    recorded_by=worker,
                )
            )
        status = rng.choices(
            ("in-progress", "completed", "failed", "rejected", "requested", "accepted"),
            weights=(30, 30, 12, 6, 12, 10),
        )[0]
        made = day + dt.timedelta(days=rng.randint(0, 14))
        changed = made + dt.timedelta(days=rng.randint(1, 20))
        attended = (
            made + dt.timedelta(days=rng.randint(3, 30))
            if status in {"in-progress", "completed"}
            else None
        )
        if made > self.ctx.today:
            # Booked for a day still to come: nothing can have happened there yet.
            status = "requested" if status == "requested" else "accepted"
            attended = None
        self.batch.connections.append(
            Connection(
                id=self.ctx.uuid("connection", referral.pk, need),
                scheme_id=referral.scheme_id,
                person_id=referral.person_id,
                referral=referral,
                kind=rng.choice(("signpost", "referral", "referral", "accompanied")),
                target=target,
                service_id=service_id,
                service_name=name,
                need=str(need),
                status=status,
                status_reason="No capacity" if status == "rejected" else "",
                status_changed_at=_moment(min(changed, self.ctx.today)),
                made_on=made,
                first_attended_on=attended and min(attended, self.ctx.today),
                shared_fields=shared,
                made_by=worker or _any_user(),
            )
        )


_FALLBACK: list[User] = []


def _any_user() -> User:
    if not _FALLBACK:
        _FALLBACK.append(User.objects.order_by("username").first())  # type: ignore[arg-type]
    return _FALLBACK[0]


@demo_part("casework", order=40)
def build_casework(ctx: DemoContext) -> dict[str, Any]:
    _FALLBACK.clear()
    builder = _Builder(ctx)
    schemes = Scheme.objects.select_related("policy", "region").order_by("slug")
    total = sum(builder.scheme(scheme) for scheme in schemes)
    builder.batch.save()
    written = builder.batch.written
    ctx.log(
        f"Casework: {total} people and referrals, {written['Encounter']} encounters, "
        f"{written['Connection']} connections."
    )
    return {"people": total, "encounters": written["Encounter"]}
