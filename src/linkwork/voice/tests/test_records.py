"""The voice tables are part of the person's record: subject access finds them, erasure
empties their free text, and the lists of them keep a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.people.data_rights import person_erase
from linkwork.people.person_graph import person_tables
from linkwork.people.retention import add_years
from linkwork.testing.query_budget import assert_queries_flat, count_matches
from linkwork.testing.world import SmallWorld
from linkwork.voice.case_study_services import Story, case_study_approve, case_study_write
from linkwork.voice.feedback_services import feedback_submit
from linkwork.voice.models import CaseStudy, FeedbackRequest, FeedbackResponse
from linkwork.voice.selectors import case_study_export
from linkwork.voice.tests.helpers import EVERY_ANSWER_AGREE, discharged, link_sent_to, token_of

pytestmark = pytest.mark.django_db


def _story(title: str) -> Story:
    return Story(
        title=title,
        what_mattered="Philippa wanted to sing again.",
        what_was_done="Found the Tuesday choir.",
        what_changed="Sings weekly.",
        consent_on=None,
        consent_how="",
    )


def test_the_voice_tables_are_in_the_person_graph() -> None:
    labels = {table.label: table.path for table in person_tables()}
    assert labels["voice.FeedbackRequest"] == "referral__person"
    assert labels["voice.FeedbackResponse"] == "request__referral__person"
    assert labels["voice.CaseStudy"] == "referral__person"


def test_the_subject_access_report_reads_the_answers_in_words(world: SmallWorld) -> None:
    referral = discharged(world)
    feedback_submit(
        token=token_of(link_sent_to(referral)), answers=EVERY_ANSWER_AGREE, comment="Thanks."
    )
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    page = client.get(reverse("people:subject_access", args=[referral.person_id]))
    text = page.content.decode()
    assert "My link worker listened to me. Strongly agree" in text
    assert "I feel better able to look after my wellbeing. Neither agree nor disagree" in text
    assert "Thanks." in text
    assert FeedbackRequest.objects.get().token_hash not in text


def test_erasure_empties_the_comment_and_the_story_and_keeps_the_answers(
    world: SmallWorld, settings
) -> None:
    referral = discharged(world, given_name="Philippa")
    other = discharged(world, family_name="Hopper")
    feedback_submit(
        token=token_of(link_sent_to(referral)),
        answers=EVERY_ANSWER_AGREE,
        comment="Philippa here: thank you.",
    )
    study = case_study_write(
        referral=referral, actor=world.users[Role.LINK_WORKER], story=_story("Philippa sings")
    )
    study.consent_on, study.consent_how = referral.received_on, "written"
    study.save()
    case_study_approve(case_study=study, actor=world.users[Role.SCHEME_MANAGER])
    assert len(case_study_export(scheme_ids=[world.scheme.pk]).rows) == 1
    assert referral.closed_on is not None
    settings.LINKWORK_TODAY = add_years(
        referral.closed_on, referral.scheme.retention_years
    ) + timedelta(days=1)

    person_erase(person=referral.person, actor=world.users[Role.SCHEME_MANAGER])
    # A second erasure: each link's hash stays unique.
    person_erase(person=other.person, actor=world.users[Role.SCHEME_MANAGER])

    response = FeedbackResponse.objects.get()
    assert response.comment == ""
    assert response.answers == EVERY_ANSWER_AGREE  # codes, kept for the counts
    study = CaseStudy.objects.get()
    assert "Philippa" not in f"{study.title}{study.what_mattered}{study.what_was_done}"
    assert study.what_changed == "[erased]"
    assert FeedbackRequest.objects.get(referral=referral).answered_on is not None
    assert FeedbackRequest.objects.filter(token_hash="[erased]").count() == 0
    # An erased record's story is never exported.
    assert case_study_export(scheme_ids=[world.scheme.pk]).rows == []


def test_the_case_study_list_keeps_its_queries_whatever_its_length(world: SmallWorld) -> None:
    worker = world.users[Role.LINK_WORKER]
    made = iter(range(100))

    def add(count: int) -> None:
        for _ in range(count):
            number = next(made)
            referral = discharged(world, family_name=f"Budget{number}")
            case_study_write(referral=referral, actor=worker, story=_story(f"Budgetstory{number}"))

    add(2)
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    assert_queries_flat(
        lambda: client.get(reverse("voice:case_study_list")),
        add_rows=lambda: add(3),
        count_rows=count_matches(r"Budgetstory\d+"),
    )


def test_the_results_page_keeps_its_queries_whatever_the_comments(world: SmallWorld) -> None:
    made = iter(range(100))

    def add(count: int) -> None:
        for _ in range(count):
            referral = discharged(world, family_name=f"Budget{next(made)}")
            feedback_submit(
                token=token_of(link_sent_to(referral)),
                answers=EVERY_ANSWER_AGREE,
                comment=f"Budgetcomment{next(made)}",
            )

    add(2)
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    assert_queries_flat(
        lambda: client.get(reverse("voice:feedback_results")),
        add_rows=lambda: add(3),
        count_rows=count_matches(r"Budgetcomment\d+"),
    )
