"""On the scheme manager's and commissioner's home page: where the person's voice is heard
(feedback results, case studies) and how many stories wait for approval."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.voice.models import CaseStudy
from linkwork.voice.vocab import CaseStudyStatus


def _voice(user: User) -> dict[str, Any] | None:
    managed = scope_for(user).managed_schemes
    waiting = (
        CaseStudy.objects.filter(
            scheme_id__in=managed, status=CaseStudyStatus.DRAFT.value, consent_on__isnull=False
        )
        .exclude(consent_how="")
        .filter(consent_withdrawn_on__isnull=True)
        .count()
        if managed
        else 0
    )
    return {
        "waiting": waiting,
        "manages": bool(managed),
        "results_url": reverse("voice:feedback_results"),
        "case_studies_url": reverse("voice:case_study_list"),
        "export_url": reverse("voice:case_study_export"),
    }


PANELS = (
    HomePanel(
        40,
        frozenset({Role.SCHEME_MANAGER, Role.COMMISSIONER}),
        "voice/_home_panel.html",
        _voice,
    ),
)
