"""Each role's mix: the pages a person in that role uses, weighted by how often."""

from __future__ import annotations

import random

from linkwork.accounts.roles import REFERRER_ROLES, Role
from linkwork.bench.loadtest.user import Action, VirtualUser

V = VirtualUser
_CASEWORK: dict[Action, int] = {
    V.home: 12,
    V.referral: 14,
    V.person: 10,
    V.session_entry: 8,
    V.questionnaire_entry: 6,
    V.due: 6,
    V.directory_search: 8,
    V.service: 4,
    V.caseload_api: 5,
    V.due_api: 3,
    V.baseline: 5,
}
_REFERRER: dict[Action, int] = {
    V.home: 15,
    V.referral_form: 8,
    V.referral_create: 2,
    V.referral: 8,
    V.directory_search: 12,
    V.service: 5,
    V.caseload_api: 6,
    V.baseline: 5,
}
_OVERSIGHT: dict[Action, int] = {
    V.home: 10,
    V.evaluation: 14,
    V.evaluation_run: 3,
    V.schemes: 6,
    V.registry_api: 8,
    V.schemes_api: 2,
    V.directory_search: 5,
    V.baseline: 5,
}
MIXES: dict[Role, dict[Action, int]] = {
    Role.LINK_WORKER: _CASEWORK,
    Role.SCHEME_MANAGER: {
        **_CASEWORK,
        V.evaluation: 6,
        V.evaluation_run: 2,
        V.implementation: 4,
        V.session_entry: 3,
    },
    **dict.fromkeys(REFERRER_ROLES, _REFERRER),
    Role.PRACTICE_MANAGER: {
        V.home: 15,
        V.implementation: 10,
        V.referral: 5,
        V.directory_search: 10,
        V.caseload_api: 5,
        V.baseline: 5,
    },
    Role.VCSE_WORKER: {
        V.home: 10,
        V.vcse_inbox: 15,
        V.directory_search: 12,
        V.service: 10,
        V.baseline: 5,
    },
    Role.COMMISSIONER: _OVERSIGHT,
    Role.RESEARCHER: _OVERSIGHT,
    Role.SYSTEM_ADMIN: {
        V.home: 10,
        V.access_grants: 10,
        V.schemes: 5,
        V.directory_search: 5,
        V.baseline: 5,
    },
}

# Who the virtual users are, in turn: most are link workers and practice staff, as in a
# scheme's working day. The N users of a run are the first N of this list, repeated.
ALLOCATION = (
    "linkworker",
    "linkworker.gm",
    "schememanager",
    "gp",
    "vcse",
    "commissioner",
    "researcher",
    "practicemanager",
    "nurse",
    "linkworker",
    "linkworker.gm",
    "receptionist",
    "practicestaff",
    "admin",
    "gp",
)


def allocate(users: int) -> list[str]:
    return [ALLOCATION[i % len(ALLOCATION)] for i in range(users)]


def next_action(role: Role, rng: random.Random) -> Action:
    mix = MIXES[role]
    actions = list(mix)
    return rng.choices(actions, weights=[mix[a] for a in actions])[0]
