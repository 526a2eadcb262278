"""A table of changes by group says in words why a figure is missing: a group too small for
an interval reads "not available", a hidden group "not shown" in every figure; never a bare
" to "."""

from __future__ import annotations

from django.template.loader import render_to_string

from linkwork.evaluation.report.withheld import WITHHELD


def cells(rows: list[dict[str, object]]) -> list[list[str]]:
    html = render_to_string("evaluation/_changes.html", {"rows": rows})
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]
        for row in body.split("<tr>")[1:]
    ]


def test_a_group_with_only_its_note_reads_not_available() -> None:
    # A group of one person: the analysis gives its n and a note, no mean and no interval.
    rows: list[dict[str, object]] = [
        {"group": "White: Polish", "n": 1, "note": "a paired change needs at least 2 people"},
        {"group": "White: Scottish", "n": 58, "mean_change": -0.67, "ci_low": -1.21,
         "ci_high": -0.14},
    ]  # fmt: skip
    assert cells(rows) == [
        ["White: Polish", "1", "not available", "not available"],
        ["White: Scottish", "58", "-0.67", "-1.21 to -0.14"],
    ]


def test_a_hidden_group_reads_not_shown_in_every_figure() -> None:
    rows: list[dict[str, object]] = [{"group": "Carer", "n": WITHHELD, "hidden": ["n"]}]
    assert cells(rows) == [["Carer", "not shown", "not shown", "not shown"]]


def test_a_model_with_its_people_hidden_says_so_in_a_sentence() -> None:
    scope = {"n_people": WITHHELD, "n_practices": 446, "n_schemes": 29, "n_left_out": WITHHELD}
    text = render_to_string("evaluation/_model_scope.html", {"m": scope})
    assert text == (
        "people whose number is not shown to protect a small group, 446 practices, 29 schemes; "
        "the number left out for missing data is not shown"
    )
    shown = {"n_people": 1, "n_practices": 1, "n_schemes": 2, "n_left_out": 0}
    assert render_to_string("evaluation/_model_scope.html", {"m": shown}) == (
        "1 person, 1 practice, 2 schemes; 0 left out for missing data"
    )
