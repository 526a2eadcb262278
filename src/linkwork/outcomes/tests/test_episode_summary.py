"""The outcome lines of the end-of-episode summary: every questionnaire of the episode by its
name, baseline to latest with the change classified, written down at discharge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.episodes.models import EpisodeSummary
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.summaries import episode_summary_amend

pytestmark = pytest.mark.django_db


def summary_page(client: Client, referral, user, **kwargs) -> str:
    client.force_login(user)
    response = client.get(reverse("episodes:episode_summary", args=[referral.pk]), **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def test_two_baselines_are_in_the_discharge_summary(
    make_episode, link_worker, give, client
) -> None:
    referral = make_episode(sessions=2, days_ago=60)
    give(referral, link_worker, "swemwbs", "baseline", [2, 2, 3, 2, 2, 2, 2], 7)
    give(referral, link_worker, "ons4", "baseline", [4, 5, 6, 7], 7)
    referral_discharge(referral=referral, actor=link_worker, reason="goals_met")

    page = summary_page(client, referral, link_worker)
    assert "None recorded" not in page
    assert "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)" in page
    assert "baseline 15.84" in page
    assert "no later score" in page
    assert "ONS personal well-being (ONS4)" in page
    assert "Life satisfaction" in page
    assert "Anxious yesterday" in page


def test_outcomes_by_name_with_the_change_classified(
    make_episode, link_worker, give, client
) -> None:
    referral = make_episode(sessions=4, days_ago=90)
    give(referral, link_worker, "swemwbs", "baseline", [2, 2, 3, 2, 2, 2, 2], 7)
    give(referral, link_worker, "swemwbs", "discharge", [4, 4, 4, 4, 4, 3, 3], 35)
    give(referral, link_worker, "ons4", "baseline", [4, 4, 4, 7], 7)
    give(referral, link_worker, "ons4", "discharge", [7, 6, 5, 3], 35)
    referral_discharge(referral=referral, actor=link_worker, reason="goals_met")

    page = summary_page(client, referral, link_worker)
    assert "swemwbs:" not in page.lower()
    assert "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)" in page
    assert "15.84" in page
    assert "23.21" in page
    assert "Improved" in page
    assert "ONS personal well-being (ONS4)" in page
    for label in ("Life satisfaction", "Feeling worthwhile", "Happy yesterday", "Anxious"):
        assert label in page


def test_the_summary_keeps_what_was_true_at_discharge(
    make_episode, link_worker, give, client
) -> None:
    referral = make_episode(sessions=2, days_ago=120)
    give(referral, link_worker, "swemwbs", "baseline", [2, 2, 3, 2, 2, 2, 2], 7)
    referral_discharge(
        referral=referral,
        actor=link_worker,
        reason="goals_met",
        on=timezone.localdate() - timedelta(days=60),
    )
    (first,) = EpisodeSummary.objects.filter(referral=referral)
    snapshot = first.content

    # A follow-up after discharge, and the record edited, do not rewrite what was sent.
    give(referral, link_worker, "swemwbs", "follow_up", [4, 4, 4, 4, 4, 3, 3], 100)
    referral.what_matters = "Edited after discharge"
    referral.save()
    first.refresh_from_db()
    assert first.content == snapshot
    page = summary_page(client, referral, link_worker)
    assert "no later score" in page
    assert "23.21" not in page
    assert "Edited after discharge" not in page

    # An amendment is a new version from the record as it now stands; the first is kept.
    episode_summary_amend(referral=referral, actor=link_worker, reason="Follow-up scores came in")
    page = summary_page(client, referral, link_worker)
    assert "23.21" in page
    assert "Version 2" in page
    assert "Follow-up scores came in" in page
    client.force_login(link_worker)
    old = client.get(reverse("episodes:episode_summary_version", args=[referral.pk, 1]))
    assert old.status_code == 200
    assert "no later score" in old.content.decode()
    assert "23.21" not in old.content.decode()
