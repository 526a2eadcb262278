"""Recording the practice's leadership of the programme (service, page) and the dashboards'
wording about the integration rule."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.core.errors import DomainError
from linkwork.implementation.models import Activity, PracticeLeadership
from linkwork.implementation.services import leadership_record
from linkwork.implementation.tests.helpers import TODAY, Cast, client_for, cover, one_to_one

pytestmark = pytest.mark.django_db


def refused(**kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as excinfo:
        leadership_record(**kwargs)  # type: ignore[arg-type]
    return excinfo.value


def test_a_manager_records_a_named_lead_who_takes_part_in_meetings(cast: Cast) -> None:
    record = leadership_record(
        actor=cast.pm,
        practice=cast.practice,
        recorded_on=date(2026, 9, 1),
        has_lead=True,
        lead_name=" Dr Morag Reid ",
        lead_role="gp",
        in_meetings=True,
        today=TODAY,
    )
    assert (record.lead_name, record.lead_role, record.in_meetings) == ("Dr Morag Reid", "gp", True)
    assert record.has_lead
    assert record.recorded_by == cast.pm


def test_no_named_lead_is_recorded_as_such(cast: Cast) -> None:
    record = leadership_record(
        actor=cast.sm, practice=cast.practice, recorded_on=TODAY, has_lead=False, today=TODAY
    )
    assert (record.has_lead, record.lead_role, record.in_meetings) == (False, "", False)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"lead_name": "  "}, "lead_name", "Give the name of the practice lead"),
        ({"lead_role": "caretaker"}, "lead_role", "Choose the practice lead's role"),
        ({"has_lead": False, "in_meetings": False}, "has_lead", "You said there is no named"),
        (
            {"has_lead": False, "lead_name": "", "lead_role": ""},
            "in_meetings",
            "Only a named lead can take part",
        ),
        ({"recorded_on": date(2026, 11, 1)}, "recorded_on", "This date is in the future"),
    ],
)
def test_bad_leadership_is_refused_with_the_field_named_and_nothing_written(
    cast: Cast, changes: dict[str, object], field: str, message: str
) -> None:
    kwargs: dict[str, object] = {
        "actor": cast.pm, "practice": cast.practice, "recorded_on": TODAY, "has_lead": True,
        "lead_name": "Dr Morag Reid", "lead_role": "gp", "in_meetings": True, "today": TODAY,
    }  # fmt: skip
    error = refused(**{**kwargs, **changes})
    assert list(error.field_errors) == [field]
    assert message in error.field_errors[field][0]
    assert not PracticeLeadership.objects.exists()


def test_the_leadership_page_records_and_lists(cast: Cast) -> None:
    url = reverse("implementation:leadership", args=[cast.practice.pk])
    day = timezone.localdate() - timedelta(days=2)
    data = {
        "recorded_on_day": day.day, "recorded_on_month": day.month, "recorded_on_year": day.year,
        "has_lead": "yes", "lead_name": "Dr Morag Reid", "lead_role": "gp", "in_meetings": "yes",
    }  # fmt: skip
    post = client_for(cast.pm).post(url, data, follow=True)
    assert post.redirect_chain[-1][1] == 302
    html = post.content.decode()
    assert "The leadership was recorded." in html
    assert "Dr Morag Reid (GP)" in html
    # Link workers read it; only managers record it.
    assert client_for(cast.lw).get(url).status_code == 200
    assert client_for(cast.lw).post(url, data).status_code == 403
    assert PracticeLeadership.objects.count() == 1


def test_bad_input_gives_400_with_an_error_summary_and_keeps_what_was_typed(cast: Cast) -> None:
    url = reverse("implementation:leadership", args=[cast.practice.pk])
    day = timezone.localdate()
    data = {
        "recorded_on_day": day.day, "recorded_on_month": day.month, "recorded_on_year": day.year,
        "has_lead": "yes", "lead_name": "", "lead_role": "nurse", "in_meetings": "no",
        "note": "Took over in June",
    }  # fmt: skip
    response = client_for(cast.pm).post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('class="nhsuk-error-summary"') :]
    assert "Give the name of the practice lead for the programme." in summary
    assert 'href="#id_lead_name"' in summary
    assert 'value="Took over in June"' in html
    assert re.search(r'<option value="nurse"[^>]*selected', html)
    missing = client_for(cast.pm).post(url, {**data, "has_lead": ""})
    assert missing.status_code == 400
    assert "Does the practice have a named lead" in missing.content.decode()
    assert not PracticeLeadership.objects.exists()


def _dashboards(cast: Cast) -> tuple[str, str]:
    practice = client_for(cast.pm).get(
        reverse("implementation:practice_dashboard", args=[cast.practice.pk]), {"period": "2026-Q3"}
    )
    scheme = client_for(cast.sm).get(
        reverse("implementation:scheme_dashboard", args=[cast.scheme.slug]), {"period": "2026-Q3"}
    )
    assert practice.status_code == scheme.status_code == 200
    return practice.content.decode(), scheme.content.decode()


def test_the_dashboards_say_the_rule_is_a_heuristic_with_the_products_own_thresholds(
    cast: Cast,
) -> None:
    for html in _dashboards(cast):
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        assert (
            "a configurable heuristic informed by the Glasgow Deep End Links Worker Programme "
            "evaluation" in text
        )
        assert "Every threshold below is this product's own choice" in text
        assert "Leadership was a key factor" in text
        assert "A named practice lead who takes part in practice meetings" in text
        assert "It is not integrated when no one-to-one work with patients is recorded" in text
        assert "strengthens the classification" in text


def test_the_dashboards_show_not_integrated_and_where_the_nomad_survey_stands(
    cast: Cast,
) -> None:
    cover(cast)  # covered all quarter, with practice work but no one-to-one work or survey
    Activity.objects.create(
        scheme=cast.scheme, practice=cast.practice, link_worker=cast.lw,
        occurred_on=date(2026, 9, 1), level="practice", kind="team_meeting", minutes=90,
    )  # fmt: skip
    practice, scheme = _dashboards(cast)
    shown = re.search(r'data-testid="classification">\s*<strong class="([^"]+)">([^<]+)<', practice)
    assert shown is not None
    assert shown.groups() == ("nhsuk-tag nhsuk-tag--red", "Not integrated")
    assert "From the indicators alone (no recent NoMAD survey)" in practice
    assert "One-to-one time with patients" in scheme
    assert "N not integrated, ? not yet assessable" in scheme
    one_to_one(cast, date(2026, 8, 10), 60)
    practice, _ = _dashboards(cast)
    assert "Partially integrated" in practice
    # The trend table names what has no data, leadership among it.
    assert re.search(r"no data: [^<]*Named practice lead who takes part in practice", practice)
