"""Reads of the registry. The registry holds no personal data, so any signed-in user may read it."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from linkwork.core.errors import NotFoundError
from linkwork.core.extensions import scheme_fidelity
from linkwork.lookups.selectors import PracticeDeprivationFacts, practice_deprivation
from linkwork.organisations.delivery_models import (
    MODEL_NAMES,
    FundingShares,
    LineManager,
    ModelDecision,
    SchemeFacts,
    SchemeRunning,
    TrainingProvider,
    derive_delivery_model,
)
from linkwork.organisations.kinds import COUNTING_UNIT, Country, OrgKind
from linkwork.organisations.models import Organisation, Region, Scheme, SchemePolicy
from linkwork.organisations.policy_rules import (
    AgeBand,
    PolicyInput,
    effective_age_range,
)
from linkwork.organisations.tidier import (
    FREE_TEXT_KEYS,
    Fidelity,
    TidierFacts,
    TidierItem,
    build_description,
)


@dataclass(frozen=True, slots=True)
class DeliveryModelView:
    derived: ModelDecision
    override: int | None
    override_reason: str

    @property
    def effective(self) -> int | None:
        return self.override if self.override is not None else self.derived.model

    @property
    def effective_name(self) -> str:
        return (
            MODEL_NAMES.get(self.effective, "Not classified")
            if self.effective
            else ("Not classified")
        )

    @property
    def is_overridden(self) -> bool:
        return self.override is not None


@dataclass(frozen=True, slots=True)
class RegionSummary:
    region: str
    slug: str
    country: str
    unit: str
    models: dict[str, int]
    unclassified: int

    def as_json(self) -> dict[str, object]:
        return {
            "region": self.region,
            "country": self.country,
            "unit": self.unit,
            "models": dict(self.models),
        }


def schemes_with_relations() -> QuerySet[Scheme]:
    """Schemes with all the delivery-model rule and TIDieR need, in a fixed number of queries."""
    return Scheme.objects.select_related(
        "region", "commissioner", "employer", "policy", "tidier"
    ).prefetch_related(
        "managers",
        Prefetch(
            "practices",
            queryset=Organisation.objects.select_related("parent").order_by("name"),
        ),
    )


def scheme_list(*, region: Region | None = None) -> QuerySet[Scheme]:
    qs = schemes_with_relations()
    if region is not None:
        qs = qs.filter(region=region)
    return qs.order_by("region__name", "name")


def scheme_get(*, key: str) -> Scheme:
    """Find a scheme by slug or id, for URLs and the command line."""
    qs = schemes_with_relations()
    scheme = qs.filter(slug=key).first()
    if scheme is None:
        try:
            scheme = qs.filter(pk=uuid.UUID(key)).first()
        except ValueError:
            scheme = None
    if scheme is None:
        raise NotFoundError(f"No scheme has the slug or id {key!r}.", code="scheme_not_found")
    return scheme


def _units_of(scheme: Scheme) -> list[Organisation]:
    units: dict[uuid.UUID, Organisation] = {}
    for practice in scheme.practices.all():
        if practice.parent is not None:
            units[practice.parent.pk] = practice.parent
    return sorted(units.values(), key=lambda unit: unit.name)


def scheme_running(scheme: Scheme) -> SchemeRunning:
    return SchemeRunning(
        funding=FundingShares(
            nhs_percent=scheme.funding_nhs_percent,
            council_percent=scheme.funding_council_percent,
            other_percent=scheme.funding_other_percent,
        ),
        line_manager=LineManager(scheme.line_manager),
        training_by=TrainingProvider(scheme.training_by),
        commissioner_network=scheme.commissioner_network,
        gp_lead_matrix=scheme.gp_lead_matrix,
    )


def scheme_facts(scheme: Scheme) -> SchemeFacts:
    return SchemeFacts(
        commissioner_kind=OrgKind(scheme.commissioner.kind),
        employer_kind=OrgKind(scheme.employer.kind),
        units_served=len(_units_of(scheme)),
        running=scheme_running(scheme),
    )


def scheme_running_rows(scheme: Scheme) -> list[tuple[str, str]]:
    """How the scheme is run, as label and value in words, for its page."""
    running = scheme_running(scheme)
    funding = running.funding
    shares = [
        f"NHS {funding.nhs_percent}%",
        f"local council {funding.council_percent}%",
        f"other sources {funding.other_percent}%",
    ]
    return [
        ("Funding", ", ".join(share for share in shares if not share.endswith(" 0%"))),
        ("Line management", running.line_manager.label),
        ("Training", running.training_by.label),
        (
            "Commissioner-led network",
            "Yes, the commissioner runs a network that oversees the link workers"
            if running.commissioner_network
            else "No",
        ),
        (
            "Joint leadership with GP leads",
            "Yes, commissioner, host and GP leads guide the work together and review "
            "referral and outcome data"
            if running.gp_lead_matrix
            else "No",
        ),
    ]


def scheme_delivery_model(scheme: Scheme) -> DeliveryModelView:
    return DeliveryModelView(
        derived=derive_delivery_model(scheme_facts(scheme)),
        override=scheme.delivery_model_override,
        override_reason=scheme.override_reason,
    )


def policy_input(policy: SchemePolicy) -> PolicyInput:
    return PolicyInput(
        age_band=policy.age_band,
        age_min=policy.age_min,
        age_max=policy.age_max,
        priority_groups=tuple(policy.priority_groups),
        accepted_sources=tuple(policy.accepted_sources),
        session_cap=policy.session_cap,
        at_risk_exception=policy.at_risk_exception,
        rereferral_min_gap_days=policy.rereferral_min_gap_days,
        exclusions=tuple(policy.exclusions),
        home_visits=policy.home_visits,
        accompaniment=policy.accompaniment,
        outcome_tools=tuple(policy.outcome_tools),
    )


def scheme_policy_or_none(scheme: Scheme) -> SchemePolicy | None:
    try:
        return scheme.policy
    except SchemePolicy.DoesNotExist:
        return None


def age_range_text(policy: PolicyInput) -> str:
    low, high = effective_age_range(policy)
    band = AgeBand(policy.age_band)
    if band is not AgeBand.CUSTOM:
        return band.label.lower()
    if high is None:
        return f"{low} and over"
    return f"{low} to {high}"


def scheme_tidier(scheme: Scheme) -> list[TidierItem]:
    model = scheme_delivery_model(scheme)
    policy = scheme_policy_or_none(scheme)
    rules = policy_input(policy) if policy else PolicyInput(age_band=AgeBand.ADULTS.value)
    practices = list(scheme.practices.all())
    facts = TidierFacts(
        scheme_name=scheme.name,
        region_name=scheme.region.name,
        commissioner=scheme.commissioner.name,
        employer=scheme.employer.name,
        employer_kind=OrgKind(scheme.employer.kind).label,
        managers=tuple(m.name for m in sorted(scheme.managers.all(), key=lambda m: m.name)),
        delivery_model=model.effective,
        delivery_model_name=model.effective_name,
        practice_count=len(practices),
        unit_names=tuple(unit.name for unit in _units_of(scheme)),
        registered_patients=sum(p.list_size or 0 for p in practices),
        age_range=age_range_text(rules),
        priority_groups=rules.priority_groups,
        accepted_sources=rules.accepted_sources,
        session_cap=rules.session_cap,
        at_risk_exception=rules.at_risk_exception,
        rereferral_min_gap_days=rules.rereferral_min_gap_days,
        exclusions=rules.exclusions,
        home_visits=rules.home_visits,
        accompaniment=rules.accompaniment,
        outcome_tools=rules.outcome_tools,
    )
    tidier = getattr(scheme, "tidier", None)
    free_text = {key: getattr(tidier, key, "") for key in FREE_TEXT_KEYS} if tidier else {}
    return build_description(facts, free_text, _fidelity_of(scheme))


def _fidelity_of(scheme: Scheme) -> Fidelity | None:
    """Items 11 and 12 from the fidelity data the apps above the registry hold (the hook's
    first answer), or None where none of them answers."""
    for provider in scheme_fidelity.providers:
        answer = provider(scheme)
        if isinstance(answer, Fidelity):
            return answer
    return None


def _unit_models(schemes: Iterable[Scheme]) -> dict[uuid.UUID, int | None]:
    """Each PCN/HSCP takes the model of the schemes serving most of its practices."""
    votes: dict[uuid.UUID, Counter[int | None]] = defaultdict(Counter)
    for scheme in schemes:
        model = scheme_delivery_model(scheme).effective
        for practice in scheme.practices.all():
            if practice.parent_id is not None:
                votes[practice.parent_id][model] += 1
    # Ties go to the lower model number so the result does not depend on query order.
    return {
        unit: sorted(counter.items(), key=lambda kv: (-kv[1], kv[0] or 99))[0][0]
        for unit, counter in votes.items()
    }


def registry_summary(*, region: Region | None = None) -> list[RegionSummary]:
    regions = Region.objects.all() if region is None else Region.objects.filter(pk=region.pk)
    unit_models = _unit_models(scheme_list(region=region))
    # Every region's counting units (PCNs or HSCPs) in one query, not one per region.
    units = Organisation.objects.filter(
        region__in=regions, kind__in=[kind.value for kind in COUNTING_UNIT.values()]
    ).order_by("name")
    unit_ids_by_region: dict[tuple[uuid.UUID, str], list[uuid.UUID]] = defaultdict(list)
    for unit_region_id, unit_kind_value, unit_id in units.values_list("region_id", "kind", "pk"):
        unit_ids_by_region[(unit_region_id, unit_kind_value)].append(unit_id)
    summaries = []
    for reg in regions.order_by("country", "name"):
        unit_kind = COUNTING_UNIT[Country(reg.country)]
        unit_ids = unit_ids_by_region[(reg.pk, unit_kind.value)]
        counts = {str(m): 0 for m in (1, 2, 3, 4)}
        unclassified = 0
        for unit_id in unit_ids:
            model = unit_models.get(unit_id)
            if model is None:
                unclassified += 1
            else:
                counts[str(model)] += 1
        summaries.append(
            RegionSummary(
                region=reg.name,
                slug=reg.slug,
                country=Country(reg.country).label,
                unit="PCN" if unit_kind is OrgKind.PCN else "HSCP",
                models=counts,
                unclassified=unclassified,
            )
        )
    return summaries


def schemes_commissioned_by(*, organisation_ids: Iterable[uuid.UUID]) -> QuerySet[Scheme]:
    """Schemes commissioned by these organisations or by those directly within them (an ICB's
    PCNs, a health board's HSCPs)."""
    ids = list(organisation_ids)
    return (
        schemes_with_relations()
        .filter(Q(commissioner_id__in=ids) | Q(commissioner__parent_id__in=ids))
        .order_by("region__name", "name")
    )


def region_summary_rows() -> list[tuple[Region, RegionSummary]]:
    """Every region (with its scheme count) beside its delivery-model summary."""
    summaries = {summary.slug: summary for summary in registry_summary()}
    return [(region, summaries[region.slug]) for region in region_list()]


def region_list() -> QuerySet[Region]:
    return Region.objects.annotate(
        scheme_count=Count("schemes", distinct=True),
    ).order_by("country", "name")


def region_get(*, slug: str) -> Region:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise NotFoundError(f"No region has the slug {slug!r}.", code="region_not_found")
    return region


@dataclass(frozen=True, slots=True)
class KindCount:
    kind: OrgKind
    count: int
    registered_patients: int


def region_organisation_counts(region: Region) -> list[KindCount]:
    rows = (
        Organisation.objects.filter(region=region)
        .values("kind")
        .annotate(count=Count("pk"), patients=Sum("list_size"))
    )
    by_kind = {row["kind"]: row for row in rows}
    return [
        KindCount(kind, by_kind[kind.value]["count"], by_kind[kind.value]["patients"] or 0)
        for kind in OrgKind
        if kind.value in by_kind
    ]


def organisation_list(
    *, region: Region | None = None, kind: OrgKind | None = None, query: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("region", "parent")
    if region is not None:
        qs = qs.filter(region=region)
    if kind is not None:
        qs = qs.filter(kind=kind.value)
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.order_by("name")


def organisation_get(*, pk: uuid.UUID) -> Organisation:
    organisation = (
        Organisation.objects.select_related("region", "parent", "parent__parent")
        .filter(pk=pk)
        .first()
    )
    if organisation is None:
        raise NotFoundError("No such organisation.", code="organisation_not_found")
    return organisation


def organisation_deprivation(organisation: Organisation) -> PracticeDeprivationFacts | None:
    """A GP practice's deprivation, saying where it comes from; None for other kinds."""
    if organisation.kind != OrgKind.GP_PRACTICE.value:
        return None
    return practice_deprivation(code=organisation.code, postcode=organisation.postcode)


def organisation_children(organisation: Organisation) -> QuerySet[Organisation]:
    return organisation.children.order_by("kind", "name")


def organisation_schemes(organisation: Organisation) -> QuerySet[Scheme]:
    """Schemes this organisation commissions, employs for, manages or is served by."""
    through_practices = Scheme.practices.through.objects.filter(
        Q(organisation=organisation) | Q(organisation__parent=organisation)
    ).values("scheme_id")
    through_managers = Scheme.managers.through.objects.filter(organisation=organisation).values(
        "scheme_id"
    )
    return (
        schemes_with_relations()
        .filter(
            Q(commissioner=organisation)
            | Q(employer=organisation)
            | Q(pk__in=through_practices)
            | Q(pk__in=through_managers)
        )
        .order_by("name")
    )


def scheme_policy_current(scheme_id: uuid.UUID) -> SchemePolicy | None:
    """The policy as stored now: rules are checked against this, never a cached copy."""
    return SchemePolicy.objects.filter(scheme_id=scheme_id).first()


def vcses_in_region(region_id: uuid.UUID) -> QuerySet[Organisation]:
    """The VCSEs a person in this region might agree to share their details with."""
    return Organisation.objects.filter(kind=OrgKind.VCSE, region_id=region_id).order_by("name")
