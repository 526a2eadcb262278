"""Demo logins: one person for every staff role, placed where that role makes sense."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.accounts.second_factor import authenticator_enrolled_for_demo
from linkwork.demo.context import DemoContext, demo_part
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Region, Scheme

DEMO_PASSWORD = "linkwork-demo"  # noqa: S105 - printed for the demo; never used in production


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    role: Role
    where: str


DEMO_LOGINS = (
    DemoLogin("linkworker", "Laura", "Campbell", Role.LINK_WORKER, "glasgow_scheme"),
    DemoLogin("linkworker.gm", "Imran", "Hussain", Role.LINK_WORKER, "manchester_scheme"),
    DemoLogin("schememanager", "Morag", "Fraser", Role.SCHEME_MANAGER, "glasgow_scheme"),
    DemoLogin("gp", "Deepa", "Patel", Role.REFERRER_GP, "glasgow_practice"),
    DemoLogin("nurse", "Owen", "Davies", Role.REFERRER_NURSE, "glasgow_practice"),
    DemoLogin("receptionist", "Jess", "Taylor", Role.REFERRER_RECEPTIONIST, "glasgow_practice"),
    DemoLogin("practicestaff", "Kwame", "Lewis", Role.REFERRER_OTHER, "glasgow_practice"),
    DemoLogin("practicemanager", "Hannah", "Quinn", Role.PRACTICE_MANAGER, "glasgow_practice"),
    DemoLogin("vcse", "Yusuf", "Ahmed", Role.VCSE_WORKER, "glasgow_vcse"),
    DemoLogin("commissioner", "Graham", "Robertson", Role.COMMISSIONER, "glasgow_hscp"),
    DemoLogin("researcher", "Priya", "Singh", Role.RESEARCHER, "evaluation_unit"),
    DemoLogin("admin", "Ewan", "MacDonald", Role.SYSTEM_ADMIN, "health_board"),
    # A second administrator: roles that open records need two to grant.
    DemoLogin("admin2", "Aisha", "Begum", Role.SYSTEM_ADMIN, "health_board"),
)


def _places() -> dict[str, tuple[Organisation, Scheme | None]]:
    glasgow = Scheme.objects.select_related("employer", "commissioner").get(
        slug="glasgow-city-community-link-workers"
    )
    manchester = (
        Scheme.objects.select_related("employer")
        .filter(region__slug="greater-manchester", employer__kind=OrgKind.VCSE.value)
        .order_by("name")
        .first()
    )
    assert manchester is not None
    practice = glasgow.practices.order_by("name").first()
    assert practice is not None
    region = Region.objects.get(slug="greater-glasgow-and-clyde")
    board = Organisation.objects.get(region=region, kind=OrgKind.HEALTH_BOARD.value)
    unit, _ = Organisation.objects.get_or_create(
        region=region, kind=OrgKind.OTHER_STATUTORY.value, name="Social prescribing evaluation unit"
    )
    return {
        "glasgow_scheme": (glasgow.employer, glasgow),
        "manchester_scheme": (manchester.employer, manchester),
        "glasgow_practice": (practice, None),
        "glasgow_vcse": (glasgow.employer, None),
        "glasgow_hscp": (glasgow.commissioner, None),
        "evaluation_unit": (unit, None),
        "health_board": (board, None),
    }


@demo_part("staff-logins", order=20)
def build_logins(ctx: DemoContext) -> dict[str, Any]:
    places = _places()
    # One hash for every demo login: they share the printed password, and a slow password
    # hash (by design) per login would cost seconds at every scale.
    password = make_password(DEMO_PASSWORD)
    for login in DEMO_LOGINS:
        organisation, scheme = places[login.where]
        user = User(
            id=ctx.uuid("demo-login", login.username),
            username=login.username,
            first_name=login.first_name,
            last_name=login.last_name,
            is_staff=login.role is Role.SYSTEM_ADMIN,
            is_superuser=login.role is Role.SYSTEM_ADMIN,
            password=password,
        )
        user.save()
        Membership.objects.create(
            id=ctx.uuid("demo-membership", login.username),
            user=user,
            organisation=organisation,
            scheme=scheme,
            role=login.role.value,
        )
        # Already set up, so the demo signs in without a phone: `linkwork demo --otp USER`
        # prints the code an app would show.
        authenticator_enrolled_for_demo(user=user)
    return {"logins": [login.username for login in DEMO_LOGINS]}
