"""Every bad value on the workforce forms gets a message that names its field and says what
to do: limits, numbers that cannot be read, too many decimal places, a choice not offered."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from linkwork.workforce.forms import (
    CostForm,
    GpAppointmentsForm,
    SessionForm,
    StandardForm,
)

DATES = {"period_start": "2026-01-01", "period_end": "2026-03-31"}
GP = {"consent_recorded_on": "2026-01-01", "source": "gp_system_search"}

CASES: list[tuple[type[forms.Form], dict[str, str], str, str]] = [
    (StandardForm, {"supervision_interval_days": "3"}, "supervision_interval_days", "7 or more"),
    (StandardForm, {"supervision_interval_days": "300"}, "supervision_interval_days", "or less"),
    (StandardForm, {"supervision_interval_days": "often"}, "supervision_interval_days", "whole"),
    (SessionForm, {"duration_minutes": "1"}, "duration_minutes", "or more"),
    (SessionForm, {"duration_minutes": "1.5"}, "duration_minutes", "whole number"),
    (SessionForm, {"kind": "chat"}, "kind", "Choose one of the options"),
    (CostForm, {**DATES, "amount_gbp": "-5"}, "amount_gbp", "0 or more"),
    (CostForm, {**DATES, "amount_gbp": "ten"}, "amount_gbp", "must be a number"),
    (CostForm, {**DATES, "amount_gbp": "12.345"}, "amount_gbp", "after the decimal point"),
    (CostForm, {**DATES, "category": "sweets"}, "category", "Choose one of the options"),
    (GpAppointmentsForm, {**GP, "window_months": "99"}, "window_months", "or less"),
    (GpAppointmentsForm, {**GP, "count_before": "-1"}, "count_before", "0 or more"),
    (GpAppointmentsForm, {**GP, "count_after": "x"}, "count_after", "whole number"),
]


@pytest.mark.parametrize(("form_class", "data", "field", "says"), CASES)
def test_the_message_names_the_field_and_what_to_do(
    form_class: Any, data: dict[str, str], field: str, says: str
) -> None:
    form = form_class(data=data)
    assert not form.is_valid()
    label = str(form.fields[field].label)
    [message, *_] = form.errors[field]
    assert f"\u201c{label}\u201d" in message, message
    assert says in message, message
    for generic in ("Ensure", "Enter a whole number.", "Enter a number.", "Select a valid"):
        assert generic not in message, message
