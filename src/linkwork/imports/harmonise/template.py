"""The linkwork spreadsheet template: one sheet per kind of record, headed in plain words,
with a Guidance sheet saying what goes in each column. Any scheme can fill it in, whatever
system it uses, and import it with the `linkwork-template` profile.

The headers here and the profile's columns must agree; a test holds them together."""

from __future__ import annotations

from pathlib import Path

from linkwork.imports.harmonise.canonical import VOCABULARY_LABELS
from linkwork.imports.harmonise.xlsx import write_xlsx

__all__ = ["TEMPLATE_SHEETS", "guidance_rows", "write_template"]

_DATE = "Date as DD/MM/YYYY (or YYYY-MM-DD)."


def _codes(vocabulary: str) -> str:
    labels = VOCABULARY_LABELS[vocabulary]
    return "One of: " + "; ".join(f"{code} ({label})" for code, label in labels.items()) + "."


# Sheet -> (header, what goes in it), in column order.
TEMPLATE_SHEETS: dict[str, tuple[tuple[str, str], ...]] = {
    "People": (
        ("Person ID", "Your system's id for the person; required, one row per person."),
        ("NHS number", "Ten digits (England, Wales, Isle of Man); checked, never exported."),
        ("CHI number", "Ten digits (Scotland); checked, never exported."),
        ("Date of birth", _DATE + " Exported only as an age band."),
        ("Sex", _codes("sex") + " The words work too."),
        ("Ethnicity", _codes("ethnicity")),
        ("Postcode", "Full postcode; never exported."),
    ),
    "Referrals": (
        ("Referral ID", "Your system's id for the referral (episode); required."),
        ("Person ID", "The person, as on the People sheet; required."),
        ("Referral date", "Date the referral was received; required. " + _DATE),
        ("Referral source", _codes("referral_source")),
        ("Referral reasons", "Separate several with ';'. " + _codes("need")),
        ("Practice code", "ODS code of the referring GP practice."),
        ("Discharge date", "Date the episode closed. " + _DATE),
        ("Discharge reason", _codes("discharge_reason")),
        ("Decline reason", _codes("decline_reason")),
    ),
    "Sessions": (
        ("Session ID", "Your id for the session; required."),
        ("Referral ID", "The referral, as on the Referrals sheet; required."),
        ("Session date", "Required. " + _DATE),
        ("Session mode", _codes("encounter_mode")),
        ("Duration minutes", "Whole minutes."),
        ("Attended", "Yes or No (No for a missed appointment); empty means Yes."),
    ),
    "SWEMWBS": (
        ("Questionnaire ID", "Your id for this questionnaire; required."),
        ("Referral ID", "The referral, as on the Referrals sheet; required."),
        ("Questionnaire date", "Required. " + _DATE),
        ("Timepoint", _codes("timepoint")),
        ("optimistic", "Item 1 answer, 1-5."),
        ("useful", "Item 2 answer, 1-5."),
        ("relaxed", "Item 3 answer, 1-5."),
        ("dealing with problems", "Item 4 answer, 1-5."),
        ("thinking clearly", "Item 5 answer, 1-5."),
        ("close to others", "Item 6 answer, 1-5."),
        ("own mind", "Item 7 answer, 1-5."),
        ("Total", "Raw total 7-35, if your system has it: checked against the answers."),
    ),
    "Connections": (
        ("Connection ID", "Your id for the connection; required."),
        ("Referral ID", "The referral, as on the Referrals sheet; required."),
        ("Connection date", "Date the connection was made; required. " + _DATE),
        ("Connection type", _codes("connection_kind")),
        ("Service type", _codes("connection_target")),
        ("Service", "The service's name."),
        ("Connection need", _codes("need")),
        ("Connection status", _codes("connection_status")),
    ),
    "Financial gains": (
        ("Gain ID", "Your id for the gain; required."),
        ("Referral ID", "The referral, as on the Referrals sheet; required."),
        ("Gain type", _codes("gain_type")),
        ("Amount", "In pounds, e.g. 1250.50; required."),
        ("Annual", "Yes for a yearly amount (a benefit award), No for a one-off."),
        ("Gain date", "Date the gain was recorded; required. " + _DATE),
    ),
}


def guidance_rows() -> list[list[str]]:
    rows = [
        ["Sheet", "Column", "What goes in it"],
    ]
    for sheet, columns in TEMPLATE_SHEETS.items():
        rows.extend([sheet, header, meaning] for header, meaning in columns)
    return rows


def write_template(path: Path, *, rows: dict[str, list[list[str]]] | None = None) -> None:
    """Write the template workbook; `rows` adds data rows under each sheet's headers."""
    rows = rows or {}
    sheets: dict[str, list[list[str]]] = {"Guidance": guidance_rows()}
    for sheet, columns in TEMPLATE_SHEETS.items():
        sheets[sheet] = [[header for header, _ in columns], *rows.get(sheet, [])]
    write_xlsx(path, sheets)
