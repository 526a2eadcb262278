"""A small, fully valid registry for tests: one region of each country and a cast of users.

Built through the real services, so tests exercise the same rules as the product.
"""

from __future__ import annotations

from dataclasses import dataclass

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.organisations.kinds import Country, OrgKind
from linkwork.organisations.models import Organisation, Region, Scheme
from linkwork.organisations.policy_rules import PolicyInput
from linkwork.organisations.services import organisation_create, scheme_create

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
    )
