"""The registry's part of the demo world: regions, organisations, schemes and link workers."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from django.utils.text import slugify

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.demo.context import DemoContext, demo_part, part_stream
from linkwork.demo.national_spec import NATIONAL_REGIONS, postcode_districts
from linkwork.demo.scale import link_workers_for, practices_wanted
from linkwork.demo.world_spec import (
    ENGLISH_REGIONS,
    PLACE_POSTCODE_DISTRICTS,
    PRACTICE_WORDS,
    SCOTTISH_REGIONS,
    STREET_WORDS,
    UNIT_SUFFIXES,
    VCSE_WORDS,
    EnglishRegionSpec,
    PolicySpec,
    ScottishRegionSpec,
)
from linkwork.lookups.models import PostcodeLookup
from linkwork.organisations.delivery_models import SchemeRunning
from linkwork.organisations.kinds import Country, OrgKind
from linkwork.organisations.models import (
    Organisation,
    Region,
    Scheme,
    SchemePolicy,
    TidierDescription,
)
from linkwork.organisations.study_running import (
    LOTHIAN_INTEGRATED,
    SCOTTISH_COMMISSIONED,
    WEST_OF_ENGLAND_INTEGRATED,
)

FIRST_NAMES = (
    "Aisha",
    "Ben",
    "Catriona",
    "Deepa",
    "Ewan",
    "Fatima",
    "Graham",
    "Hannah",
    "Imran",
    "Jess",
    "Kwame",
    "Laura",
    "Morag",
    "Niamh",
    "Owen",
    "Priya",
    "Rory",
    "Sana",
    "Tom",
    "Una",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Zoe",
)
LAST_NAMES = (
    "Ahmed",
    "Brown",
    "Campbell",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hussain",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "MacDonald",
    "Nowak",
    "O'Neill",
    "Patel",
    "Quinn",
    "Robertson",
    "Singh",
    "Taylor",
    "Walker",
    "Young",
)
UNUSABLE_PASSWORD = "!demo-account-without-login"  # noqa: S105 - marks the account as unusable
PATIENTS_PER_LINK_WORKER = 15_000
PATIENTS_PER_REFERRAL = 1_500  # over the demo's 18 months, at scale 1 (casework draws them)

WHY_TEXT = (
    "People consult their GP about problems that medicine cannot fix: loneliness, money, "
    "housing, caring and low wellbeing. Link workers give time to what matters to the person "
    "and connect them with community and statutory help."
)


class _Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.orgs: list[Organisation] = []
        self.schemes: list[Scheme] = []
        self.policies: list[SchemePolicy] = []
        self.tidiers: list[TidierDescription] = []
        self.managers: list[tuple[uuid.UUID, uuid.UUID]] = []
        self.served: list[tuple[uuid.UUID, uuid.UUID]] = []
        self.practices_of: dict[uuid.UUID, list[Organisation]] = {}
        self.scheme_practices: dict[uuid.UUID, list[Organisation]] = {}
        self.scheme_employer: dict[uuid.UUID, Organisation] = {}
        self.code_counter = 0
        self._postcode_cache: dict[str, dict[str, list[str]]] = {}

    def org(
        self,
        region: Region,
        kind: OrgKind,
        name: str,
        parent: Organisation | None = None,
        list_size: int | None = None,
    ) -> Organisation:
        self.code_counter += 1
        prefix = "S" if region.country == Country.SCOTLAND else "P"
        organisation = Organisation(
            id=self.ctx.uuid("org", region.slug, kind.value, name),
            name=name,
            kind=kind.value,
            region=region,
            parent=parent,
            list_size=list_size,
            code=f"{prefix}{self.code_counter:05d}" if kind is OrgKind.GP_PRACTICE else "",
        )
        self.orgs.append(organisation)
        return organisation

    def practices(
        self, region: Region, unit: Organisation, count: int, place: str = ""
    ) -> list[Organisation]:
        made: list[Organisation] = []
        # Practices of one PCN or HSCP sit in one postcode district of the region: one of
        # its place's own, when the place is known.
        districts = self.postcodes_by_district(region.slug)
        own = sorted(d for d in PLACE_POSTCODE_DISTRICTS.get(place, ()) if d in districts)
        choices = own or sorted(districts)
        postcodes = districts[self.rng.choice(choices)] if districts else [""]
        used: set[str] = set()
        for _ in range(count):
            street, word = self.rng.choice(STREET_WORDS), self.rng.choice(PRACTICE_WORDS)
            while f"{street}{word}" in used:
                street, word = self.rng.choice(STREET_WORDS), self.rng.choice(PRACTICE_WORDS)
            used.add(f"{street}{word}")
            size = int(min(22_000, max(2_500, self.rng.gauss(8_200, 3_000))))
            practice = self.org(
                region,
                OrgKind.GP_PRACTICE,
                f"{street} Street {word}, {unit.name}",
                unit,
                list_size=size,
            )
            practice.postcode = self.rng.choice(postcodes)
            made.append(practice)
        self.practices_of[unit.pk] = made
        return made

    def postcodes_by_district(self, region_slug: str) -> dict[str, list[str]]:
        if region_slug not in self._postcode_cache:
            districts = postcode_districts(region_slug)
            found: dict[str, list[str]] = {}
            for postcode in PostcodeLookup.objects.order_by("postcode").values_list(
                "postcode", flat=True
            ):
                outward = postcode.split(" ")[0]
                if outward in districts:
                    found.setdefault(outward, []).append(postcode)
            self._postcode_cache[region_slug] = found
        return self._postcode_cache[region_slug]

    def scheme(
        self,
        region: Region,
        name: str,
        *,
        commissioner: Organisation,
        employer: Organisation,
        managers: list[Organisation],
        units: list[Organisation],
        policy: PolicySpec,
        practices: list[Organisation] | None = None,
        running: SchemeRunning | None = None,
    ) -> Scheme:
        running = running or SchemeRunning()
        scheme = Scheme(
            id=self.ctx.uuid("scheme", region.slug, name),
            name=name,
            slug=slugify(name)[:200],
            region=region,
            commissioner=commissioner,
            employer=employer,
            funding_nhs_percent=running.funding.nhs_percent,
            funding_council_percent=running.funding.council_percent,
            funding_other_percent=running.funding.other_percent,
            line_manager=running.line_manager.value,
            training_by=running.training_by.value,
            commissioner_network=running.commissioner_network,
            gp_lead_matrix=running.gp_lead_matrix,
        )
        self.schemes.append(scheme)
        for manager in managers:
            self.managers.append((scheme.pk, manager.pk))
        served = (
            practices
            if practices is not None
            else [p for unit in units for p in self.practices_of[unit.pk]]
        )
        for practice in served:
            self.served.append((scheme.pk, practice.pk))
        self.scheme_practices[scheme.pk] = served
        self.scheme_employer[scheme.pk] = employer
        fields = asdict(policy)
        for key in ("priority_groups", "accepted_sources", "exclusions", "outcome_tools"):
            fields[key] = list(fields[key])
        self.policies.append(
            SchemePolicy(id=self.ctx.uuid("policy", scheme.pk), scheme=scheme, **fields)
        )
        self.tidiers.append(
            TidierDescription(
                id=self.ctx.uuid("tidier", scheme.pk),
                scheme=scheme,
                why=WHY_TEXT,
                what_procedures=(
                    "A 'what matters to me' conversation, an agreed plan of goals, and "
                    "connection to community groups and statutory services, reviewed at each "
                    "session."
                ),
                voice="Written by the scheme manager for the linkwork demo world.",
            )
        )
        return scheme

    def english(self, spec: EnglishRegionSpec) -> None:
        region = Region(
            id=self.ctx.uuid("region", spec.slug),
            name=spec.name,
            slug=spec.slug,
            country=Country.ENGLAND.value,
            population=spec.population,
        )
        region.save()
        icbs = [self.org(region, OrgKind.ICB, name) for name in spec.icbs]
        unit_no = 0
        scheme_no = 0
        vcse_no = 0
        units_in: dict[str, int] = {}
        vcse_names: set[str] = set()

        # A scheme's PCNs, and so the practices its self-referral form offers, are all in the
        # town the scheme is named for.
        def next_unit_name(place: str) -> str:
            nonlocal unit_no
            suffix = UNIT_SUFFIXES[units_in.get(place, 0) % len(UNIT_SUFFIXES)]
            units_in[place] = units_in.get(place, 0) + 1
            unit_no += 1
            return f"{place} {suffix} PCN"

        def vcse_name(place: str) -> str:
            nonlocal vcse_no
            name = f"{place} {VCSE_WORDS[vcse_no % len(VCSE_WORDS)]}"
            while name in vcse_names:
                vcse_no += 1
                name = f"{place} {VCSE_WORDS[vcse_no % len(VCSE_WORDS)]}"
            vcse_no += 1
            vcse_names.add(name)
            return name

        for group in spec.groups:
            for index, size in enumerate(group.group_sizes):
                icb = icbs[(unit_no) % len(icbs)]
                place = spec.places[scheme_no % len(spec.places)]
                scheme_no += 1
                name_template, policy = (
                    group.variants[index]
                    if index < len(group.variants)
                    else (group.name, group.policy)
                )
                if group.model == 2:
                    federation = self.org(
                        region,
                        OrgKind.GP_FEDERATION,
                        f"{place} GP Federation",
                        icb,
                    )
                    parent: Organisation = federation
                else:
                    parent = icb
                units = [
                    self.org(region, OrgKind.PCN, next_unit_name(place), parent)
                    for _ in range(size)
                ]
                for unit in units:
                    self.practices(region, unit, self.rng.randint(4, 6), place)
                if group.model == 1:
                    unit = units[0]
                    self.scheme(
                        region,
                        name_template.format(unit=unit.name.removesuffix(" PCN")),
                        commissioner=unit,
                        employer=unit,
                        managers=[unit],
                        units=units,
                        policy=policy,
                    )
                elif group.model == 2:
                    self.scheme(
                        region,
                        name_template.format(federation=federation.name),
                        commissioner=federation,
                        employer=federation,
                        managers=[federation],
                        units=units,
                        policy=policy,
                    )
                else:
                    vcse = self.org(region, OrgKind.VCSE, vcse_name(place))
                    if group.model == 3:
                        self.scheme(
                            region,
                            name_template.format(vcse=vcse.name),
                            commissioner=units[0],
                            employer=vcse,
                            managers=[vcse],
                            units=units,
                            policy=policy,
                        )
                    else:
                        self.scheme(
                            region,
                            name_template.format(icb=icb.name.removesuffix(" ICB")),
                            commissioner=icb,
                            employer=vcse,
                            managers=[icb, vcse, units[0]],
                            units=units,
                            policy=policy,
                            running=WEST_OF_ENGLAND_INTEGRATED,
                        )

    def scottish(self, spec: ScottishRegionSpec) -> None:
        region = Region(
            id=self.ctx.uuid("region", spec.slug),
            name=spec.name,
            slug=spec.slug,
            country=Country.SCOTLAND.value,
            population=spec.population,
        )
        region.save()
        board = self.org(region, OrgKind.HEALTH_BOARD, spec.health_board)
        council = self.org(region, OrgKind.VCSE, spec.vcse_council) if spec.vcse_council else None
        for number, hscp_spec in enumerate(spec.hscps):
            hscp = self.org(region, OrgKind.HSCP, hscp_spec.name, board)
            practices = self.practices(region, hscp, hscp_spec.practices)
            place = hscp_spec.name.removesuffix(" HSCP")
            vcse = self.org(
                region, OrgKind.VCSE, f"{place} {VCSE_WORDS[(number + 3) % len(VCSE_WORDS)]}"
            )
            managers = [vcse] if hscp_spec.model == 3 else [hscp, council or vcse, vcse]
            self.scheme(
                region,
                f"{place} community link workers",
                commissioner=hscp,
                employer=vcse,
                managers=managers,
                units=[hscp],
                policy=hscp_spec.policy,
                running=LOTHIAN_INTEGRATED if hscp_spec.model == 4 else SCOTTISH_COMMISSIONED,
            )
            for offset, (name, policy) in enumerate(hscp_spec.thematic):
                thematic_vcse = self.org(
                    region,
                    OrgKind.VCSE,
                    f"{place} {VCSE_WORDS[(number + 7 + offset) % len(VCSE_WORDS)]}",
                )
                # Thematic link workers work across a handful of the HSCP's practices.
                subset = practices[offset * 6 : offset * 6 + 6]
                self.scheme(
                    region,
                    name,
                    commissioner=hscp,
                    employer=thematic_vcse,
                    managers=[thematic_vcse],
                    units=[hscp],
                    policy=policy,
                    practices=subset,
                    running=SCOTTISH_COMMISSIONED,
                )

    def practice_count(self) -> int:
        return sum(len(made) for made in self.practices_of.values())

    def patients(self) -> int:
        return sum(p.list_size or 0 for made in self.practices_of.values() for p in made)

    def national(self) -> None:
        """Regions beyond the study's, each on its own random stream, until the world holds its
        share of a national year's practices: the study regions come out the same at any
        scale, and a larger world holds every region of a smaller one."""
        wanted = practices_wanted(self.ctx.scale)
        study_rng = self.rng
        for spec, _ in NATIONAL_REGIONS:
            if self.practice_count() >= wanted:
                break
            self.rng = part_stream(self.ctx.seed, f"registry/{spec.slug}")
            if isinstance(spec, EnglishRegionSpec):
                self.english(spec)
            else:
                self.scottish(spec)
        self.rng = study_rng

    @staticmethod
    def username_stem(scheme: Scheme) -> str:
        # The study regions' schemes keep their short stems; the longer names of the national
        # regions' schemes would share them.
        study = {spec.slug for spec in (*ENGLISH_REGIONS, *SCOTTISH_REGIONS)}
        return scheme.slug[:40] if scheme.region.slug in study else scheme.slug[:120]

    def link_workers(self, intensity: float) -> tuple[list[User], list[Membership]]:
        users, memberships = [], []
        for scheme in self.schemes:
            patients = sum(p.list_size or 0 for p in self.scheme_practices[scheme.pk])
            count = link_workers_for(
                patients=patients,
                referrals=max(3, round(patients * intensity / PATIENTS_PER_REFERRAL)),
                scale=self.ctx.scale,
                patients_per_worker=PATIENTS_PER_LINK_WORKER,
            )
            for i in range(count):
                user = User(
                    id=self.ctx.uuid("link-worker", scheme.pk, i),
                    username=f"lw-{self.username_stem(scheme)}-{i + 1}",
                    first_name=self.rng.choice(FIRST_NAMES),
                    last_name=self.rng.choice(LAST_NAMES),
                    password=UNUSABLE_PASSWORD,
                )
                users.append(user)
                memberships.append(
                    Membership(
                        id=self.ctx.uuid("membership", user.pk),
                        user=user,
                        organisation=self.scheme_employer[scheme.pk],
                        scheme=scheme,
                        role=Role.LINK_WORKER.value,
                    )
                )
        return users, memberships

    def save(self, intensity: float) -> None:
        # Parents first, so the self-referencing foreign key always points at a saved row.
        depth = {
            OrgKind.ICB: 0,
            OrgKind.HEALTH_BOARD: 0,
            OrgKind.VCSE: 0,
            OrgKind.GP_FEDERATION: 1,
            OrgKind.HSCP: 1,
            OrgKind.PCN: 2,
            OrgKind.GP_PRACTICE: 3,
        }
        for level in range(4):
            Organisation.objects.bulk_create(
                [o for o in self.orgs if depth[OrgKind(o.kind)] == level], batch_size=1000
            )
        Scheme.objects.bulk_create(self.schemes, batch_size=500)
        managers_through = Scheme.managers.through
        practices_through = Scheme.practices.through
        managers_through.objects.bulk_create(
            [managers_through(scheme_id=s, organisation_id=o) for s, o in self.managers],
            batch_size=1000,
        )
        practices_through.objects.bulk_create(
            [practices_through(scheme_id=s, organisation_id=o) for s, o in self.served],
            batch_size=1000,
        )
        SchemePolicy.objects.bulk_create(self.policies, batch_size=500)
        TidierDescription.objects.bulk_create(self.tidiers, batch_size=500)
        users, memberships = self.link_workers(intensity)
        User.objects.bulk_create(users, batch_size=1000)
        Membership.objects.bulk_create(memberships, batch_size=1000)


@demo_part("registry", order=10)
def build_registry(ctx: DemoContext) -> dict[str, Any]:
    builder = _Builder(ctx)
    for english in ENGLISH_REGIONS:
        builder.english(english)
    for scottish in SCOTTISH_REGIONS:
        builder.scottish(scottish)
    study_patients = builder.patients()
    builder.national()
    # Referrals per registered patient: the scale itself while the study regions hold the
    # world; diluted over the regions a larger world adds, so referrals still follow the scale.
    intensity = ctx.scale * study_patients / builder.patients()
    ctx.shared["intensity"] = intensity
    builder.save(intensity)
    ctx.log(
        f"Registry: {Region.objects.count()} regions, {len(builder.orgs)} organisations, "
        f"{len(builder.schemes)} schemes, "
        f"{Membership.objects.filter(role=Role.LINK_WORKER.value).count()} link workers."
    )
    return {
        "organisations": len(builder.orgs),
        "schemes": len(builder.schemes),
        "practices": builder.practice_count(),
        "shared": {"intensity": intensity},
    }
