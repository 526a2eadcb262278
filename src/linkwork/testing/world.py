"""A small, fully valid registry for tests: one region of each country and a cast of users.

Built through the real services, so tests exercise the same rules as the product.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.episodes.services.intake import ReferralDetails, referral_accept, referral_create
from linkwork.episodes.services.lifecycle import referral_assign
from linkwork.organisations.kinds import Country, OrgKind
from linkwork.organisations.models import Organisation, Region, Scheme
from linkwork.organisations.policy_rules import PolicyInput
from linkwork.organisations.services import organisation_create, scheme_create
from linkwork.people.services import PersonDetails, person_create

# One user for each of these roles; the referrer roles share one rule, so one stands for all.
CAST_ROLES = (
    Role.LINK_WORKER,
    Role.SCHEME_MANAGER,
    Role.REFERRER_GP,
    Role.PRACTICE_MANAGER,
    Role.VCSE_WORKER,
    Role.COMMISSIONER,
    Role.RESEARCHER,
    Role.SYSTEM_ADMIN,
)
PASSWORD = "correct-horse-battery"  # noqa: S105 - test accounts only


@dataclass
class SmallWorld:
    england: Region
    scotland: Region
    icb: Organisation
    pcn: Organisation
    pcn_b: Organisation
    practice: Organisation
    practice_b: Organisation
    vcse: Organisation
    board: Organisation
    hscp: Organisation
    scot_practice: Organisation
    scheme: Scheme
    scot_scheme: Scheme
    users: dict[Role, User]
    extra: dict[str, User]


def default_policy(**overrides: object) -> PolicyInput:
    fields: dict[str, object] = {
        "age_band": "adults",
        "accepted_sources": ("gp", "practice_nurse", "receptionist", "self"),
        "session_cap": 6,
        "outcome_tools": ("ons4",),
    }
    fields.update(overrides)
    return PolicyInput(**fields)  # type: ignore[arg-type]


def make_user(
    username: str,
    *,
    role: Role,
    organisation: Organisation,
    scheme: Scheme | None = None,
    **extra: object,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.title(),
        last_name="Tester",
        **extra,  # type: ignore[arg-type]
    )
    Membership.objects.create(user=user, organisation=organisation, scheme=scheme, role=role.value)
    return user


def build_small_world() -> SmallWorld:
    england = Region.objects.create(
        name="Testshire", slug="testshire", country=Country.ENGLAND.value
    )
    scotland = Region.objects.create(
        name="Test Glen", slug="test-glen", country=Country.SCOTLAND.value
    )
    icb = organisation_create(name="Testshire ICB", kind=OrgKind.ICB, region=england)
    pcn = organisation_create(name="North PCN", kind=OrgKind.PCN, region=england, parent=icb)
    pcn_b = organisation_create(name="South PCN", kind=OrgKind.PCN, region=england, parent=icb)
    practice = organisation_create(
        name="Mill Street Surgery",
        kind=OrgKind.GP_PRACTICE,
        region=england,
        parent=pcn,
        list_size=9000,
    )
    practice_b = organisation_create(
        name="Oak Lane Medical Centre",
        kind=OrgKind.GP_PRACTICE,
        region=england,
        parent=pcn_b,
        list_size=6000,
    )
    vcse = organisation_create(name="Testshire Community Links", kind=OrgKind.VCSE, region=england)
    board = organisation_create(name="NHS Test Glen", kind=OrgKind.HEALTH_BOARD, region=scotland)
    hscp = organisation_create(name="Glen HSCP", kind=OrgKind.HSCP, region=scotland, parent=board)
    scot_practice = organisation_create(
        name="Glen Health Centre",
        kind=OrgKind.GP_PRACTICE,
        region=scotland,
        parent=hscp,
        list_size=7000,
    )
    scot_vcse = organisation_create(name="Glen Wellbeing", kind=OrgKind.VCSE, region=scotland)
    scheme = scheme_create(
        name="North PCN link workers",
        region=england,
        commissioner=pcn,
        employer=pcn,
        managers=[pcn],
        practices=[practice],
        policy=default_policy(),
    )
    scot_scheme = scheme_create(
        name="Glen community link workers",
        region=scotland,
        commissioner=hscp,
        employer=scot_vcse,
        managers=[scot_vcse],
        practices=[scot_practice],
        policy=default_policy(age_band="all_ages", session_cap=4),
    )
    users = {
        Role.LINK_WORKER: make_user(
            "linkworker", role=Role.LINK_WORKER, organisation=pcn, scheme=scheme
        ),
        Role.SCHEME_MANAGER: make_user(
            "manager", role=Role.SCHEME_MANAGER, organisation=pcn, scheme=scheme
        ),
        Role.REFERRER_GP: make_user("gp", role=Role.REFERRER_GP, organisation=practice),
        Role.PRACTICE_MANAGER: make_user(
            "practicemanager", role=Role.PRACTICE_MANAGER, organisation=practice
        ),
        Role.VCSE_WORKER: make_user("vcse", role=Role.VCSE_WORKER, organisation=vcse),
        Role.COMMISSIONER: make_user("commissioner", role=Role.COMMISSIONER, organisation=icb),
        Role.RESEARCHER: make_user("researcher", role=Role.RESEARCHER, organisation=icb),
        Role.SYSTEM_ADMIN: make_user(
            "sysadmin", role=Role.SYSTEM_ADMIN, organisation=icb, is_staff=True, is_superuser=True
        ),
    }
    extra = {
        "colleague": make_user("colleague", role=Role.LINK_WORKER, organisation=pcn, scheme=scheme),
        "scot_link_worker": make_user(
            "scotlw", role=Role.LINK_WORKER, organisation=scot_vcse, scheme=scot_scheme
        ),
        "nurse": make_user("nurse", role=Role.REFERRER_NURSE, organisation=practice),
        "other_gp": make_user("othergp", role=Role.REFERRER_GP, organisation=practice_b),
    }
    return SmallWorld(
        england=england,
        scotland=scotland,
        icb=icb,
        pcn=pcn,
        pcn_b=pcn_b,
        practice=practice,
        practice_b=practice_b,
        vcse=vcse,
        board=board,
        hscp=hscp,
        scot_practice=scot_practice,
        scheme=scheme,
        scot_scheme=scot_scheme,
        users=users,
        extra=extra,
    )


def person_details(**overrides: object) -> PersonDetails:
    fields: dict[str, object] = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": date(1960, 12, 10),
        "sex": "female",
    }
    fields.update(overrides)
    return PersonDetails(**fields)  # type: ignore[arg-type]


def referral_details(world: SmallWorld, **overrides: object) -> ReferralDetails:
    fields: dict[str, object] = {
        "source": "gp",
        "received_on": timezone.localdate() - timedelta(days=30),
        "reasons": ("loneliness_isolation",),
        "practice": world.practice,
        "referrer": world.users[Role.REFERRER_GP],
        "referrer_name": "Dr Gp Tester",
    }
    fields.update(overrides)
    return ReferralDetails(**fields)  # type: ignore[arg-type]


def referral_api_body(world: SmallWorld, **overrides: object) -> dict[str, object]:
    """A valid POST /api/v1/referrals/ body: a new person at the world's practice."""
    body: dict[str, object] = {
        "scheme": str(world.scheme.pk),
        "practice": str(world.practice.pk),
        "person": {
            "given_name": "Grace",
            "family_name": "Hopper",
            "date_of_birth": "1956-12-09",
            "nhs_number": "9434765919",
        },
        "reasons": ["loneliness_isolation"],
    }
    body.update(overrides)
    return body


def refer(
    world: SmallWorld,
    *,
    person: dict[str, object] | None = None,
    scheme: Scheme | None = None,
    **referral: object,
) -> Referral:
    """A person and their referral, through the real services."""
    target = scheme or world.scheme
    created = person_create(
        scheme=target,
        details=person_details(**(person or {})),
        actor=world.users[Role.REFERRER_GP],
    )
    return referral_create(
        person=created,
        details=referral_details(world, **referral),
        actor=world.users[Role.REFERRER_GP],
    ).referral


def refer_and_start(world: SmallWorld, **kwargs: object) -> Referral:
    """An accepted, assigned episode with the link worker, ready for sessions."""
    referral = refer(world, **kwargs)  # type: ignore[arg-type]
    worker = world.users[Role.LINK_WORKER]
    referral_accept(referral=referral, actor=worker)
    referral_assign(referral=referral, link_worker=worker, actor=worker, on=referral.received_on)
    return referral
