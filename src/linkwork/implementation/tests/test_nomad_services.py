"""NoMAD rounds: hashed single-use links that expire, and anonymity for small rounds."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.test import override_settings

from linkwork.core.errors import DomainError, NotFoundError
from linkwork.implementation.models import NomadLink, NomadResponse
from linkwork.implementation.nomad_services import (
    LINK_UNUSABLE,
    nomad_links_issue,
    nomad_response_submit,
    nomad_round_close,
    nomad_round_open,
    usable_link,
)
from linkwork.implementation.selectors import practice_rounds, round_summary
from linkwork.implementation.tests.helpers import TODAY, Cast, agreeing, nomad_round

pytestmark = pytest.mark.django_db


def open_round(cast: Cast, links: int = 3, **kwargs: object) -> tuple[object, list[str]]:
    return nomad_round_open(
        actor=cast.pm,
        practice=cast.practice,
        closes_on=TODAY + timedelta(days=28),
        links=links,
        today=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )


def test_links_are_random_and_only_their_hashes_are_stored(cast: Cast) -> None:
    survey, tokens = open_round(cast, links=4)
    assert len(set(tokens)) == 4
    assert all(len(token) >= 40 for token in tokens)
    stored = set(NomadLink.objects.values_list("token_hash", flat=True))
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    assert not stored & set(tokens)
    more = nomad_links_issue(actor=cast.pm, survey=survey, count=2, today=TODAY)  # type: ignore[arg-type]
    assert NomadLink.objects.count() == 6
    assert not set(more) & set(tokens)


def test_opening_a_round_is_validated(cast: Cast) -> None:
    with pytest.raises(DomainError) as excinfo:
        nomad_round_open(
            actor=cast.pm,
            practice=cast.practice,
            closes_on=TODAY + timedelta(days=91),
            links=0,
            min_responses=3,
            programme_name=" ",
            today=TODAY,
        )
    assert set(excinfo.value.field_errors) == {
        "closes_on",
        "links",
        "min_responses",
        "programme_name",
    }
    assert not NomadLink.objects.exists()


@override_settings(LINKWORK_NOMAD_MIN_RESPONSES=8)
def test_the_anonymity_minimum_is_a_setting(cast: Cast) -> None:
    survey, _ = open_round(cast)
    assert survey.min_responses == 8  # type: ignore[attr-defined]


def test_one_response_per_link_and_the_same_refusal_for_every_bad_link(cast: Cast) -> None:
    survey, (first, second, third) = open_round(cast)
    nomad_response_submit(token=first, staff_group="nurses", answers=agreeing(), today=TODAY)
    response = NomadResponse.objects.get()
    assert (response.round, response.staff_group, response.submitted_on) == (
        survey,
        "nurses",
        TODAY,
    )
    messages = []
    for token, day in (
        (first, TODAY),
        ("made-up-token", TODAY),
        (second, TODAY + timedelta(days=29)),
    ):
        with pytest.raises(NotFoundError) as excinfo:
            nomad_response_submit(token=token, staff_group="", answers=agreeing(), today=day)
        messages.append(excinfo.value.message)
    nomad_round_close(actor=cast.pm, survey=survey, today=TODAY)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError) as excinfo:
        usable_link(third, today=TODAY)
    messages.append(excinfo.value.message)
    assert set(messages) == {LINK_UNUSABLE}
    assert NomadResponse.objects.count() == 1


def test_a_response_is_not_tied_to_its_link(cast: Cast) -> None:
    fields = {f.name for f in NomadResponse._meta.get_fields()}
    assert fields == {"id", "round", "submitted_on", "staff_group", "answers"}
    link_fields = {f.name for f in NomadLink._meta.get_fields()}
    assert "updated_at" not in link_fields  # no record of when a link was used


def test_incomplete_answers_do_not_spend_the_link(cast: Cast) -> None:
    _, (token, *_) = open_round(cast)
    answers = agreeing()
    del answers["co1"]
    with pytest.raises(DomainError) as excinfo:
        nomad_response_submit(
            token=token, staff_group="astronaut", answers={**answers, "g1": 12}, today=TODAY
        )
    assert set(excinfo.value.field_errors) == {"co1", "g1", "staff_group"}
    assert not NomadResponse.objects.exists()
    nomad_response_submit(token=token, staff_group="", answers=agreeing(), today=TODAY)


def test_a_link_spent_meanwhile_cannot_be_spent_twice(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, (token, *_) = open_round(cast)
    stale = usable_link(token, today=TODAY)
    NomadLink.objects.filter(pk=stale.pk).update(used=True)  # another submission won
    monkeypatch.setattr("linkwork.implementation.nomad_services.usable_link", lambda *a, **k: stale)
    with pytest.raises(NotFoundError):
        nomad_response_submit(token=token, staff_group="", answers=agreeing(), today=TODAY)
    assert not NomadResponse.objects.exists()


def test_small_or_open_rounds_reveal_nothing(cast: Cast) -> None:
    small = nomad_round(cast.practice, cast.pm, answers=[agreeing(5)] * 4)
    still_open = nomad_round(
        cast.practice, cast.pm, answers=[agreeing(2)] * 7, closes_on=date(2099, 1, 1), closed=False
    )
    for survey in (small, still_open):
        summary = round_summary(survey=survey)
        assert not summary.reportable
        assert (summary.responses, summary.scores, summary.groups) == (None, None, [])
        assert summary.responses_text == "Fewer than 5, or the round is still open"
    assert all(s.responses is None for s in practice_rounds(practice=cast.practice))


def test_a_closed_round_with_enough_responses_shows_scores_and_suppresses_small_roles(
    cast: Cast,
) -> None:
    survey = nomad_round(cast.practice, cast.pm, answers=[agreeing(4)] * 6)
    NomadResponse.objects.filter(pk=NomadResponse.objects.first().pk).update(staff_group="managers")  # type: ignore[union-attr]
    summary = round_summary(survey=survey)
    assert summary.reportable
    assert summary.responses == 6
    assert summary.scores is not None
    assert summary.scores.construct_means["coherence"] == 4.0  # type: ignore[index]
    by_group = {row["group"]: row for row in summary.groups}
    assert by_group["GPs"]["n"] == 5
    assert by_group["Managers"]["n"] is None
    assert by_group["Managers"]["suppressed"]
