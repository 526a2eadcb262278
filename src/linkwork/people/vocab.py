"""Coded demographics. Pure data.

Ethnicity uses the NHS Data Dictionary ethnic category codes (England) and the Scottish
census 2022 categories (Scotland); sex and gender identity are recorded separately.
"""

from __future__ import annotations

SEX_CHOICES = [
    ("female", "Female"),
    ("male", "Male"),
    ("intersex", "Intersex or variation of sex characteristics"),
    ("not_known", "Not known"),
    ("not_stated", "Prefers not to say"),
]
GENDER_IDENTITY_CHOICES = [
    ("same_as_sex", "Same as sex registered at birth"),
    ("woman", "Woman"),
    ("man", "Man"),
    ("non_binary", "Non-binary"),
    ("other", "In another way"),
    ("not_stated", "Prefers not to say"),
    ("not_asked", "Not asked"),
]
ETHNICITY_ENGLAND = [
    ("A", "White: British"),
    ("B", "White: Irish"),
    ("C", "White: any other White background"),
    ("D", "Mixed: White and Black Caribbean"),
    ("E", "Mixed: White and Black African"),
    ("F", "Mixed: White and Asian"),
    ("G", "Mixed: any other mixed background"),
    ("H", "Asian or Asian British: Indian"),
    ("J", "Asian or Asian British: Pakistani"),
    ("K", "Asian or Asian British: Bangladeshi"),
    ("L", "Asian or Asian British: any other Asian background"),
    ("M", "Black or Black British: Caribbean"),
    ("N", "Black or Black British: African"),
    ("P", "Black or Black British: any other Black background"),
    ("R", "Other ethnic groups: Chinese"),
    ("S", "Other ethnic groups: any other ethnic group"),
    ("Z", "Not stated"),
    ("99", "Not known"),
]
ETHNICITY_SCOTLAND = [
    ("S1A", "White: Scottish"),
    ("S1B", "White: Other British"),
    ("S1C", "White: Irish"),
    ("S1D", "White: Gypsy/Traveller"),
    ("S1E", "White: Roma"),
    ("S1F", "White: Showman/Showwoman"),
    ("S1G", "White: Polish"),
    ("S1H", "White: Other White ethnic group"),
    ("S2A", "Mixed or multiple ethnic groups"),
    ("S3A", "Asian: Pakistani, Scottish Pakistani or British Pakistani"),
    ("S3B", "Asian: Indian, Scottish Indian or British Indian"),
    ("S3C", "Asian: Bangladeshi, Scottish Bangladeshi or British Bangladeshi"),
    ("S3D", "Asian: Chinese, Scottish Chinese or British Chinese"),
    ("S3E", "Asian: Other Asian"),
    ("S4A", "African: African, Scottish African or British African"),
    ("S4B", "African: Other African"),
    ("S5A", "Caribbean or Black: Caribbean, Scottish Caribbean or British Caribbean"),
    ("S5B", "Caribbean or Black: Black, Scottish Black or British Black"),
    ("S5C", "Caribbean or Black: Other Caribbean or Black"),
    ("S6A", "Other ethnic group: Arab, Scottish Arab or British Arab"),
    ("S6B", "Other ethnic group: any other ethnic group"),
    ("SZ", "Not stated"),
    ("S99", "Not known"),
]
ETHNICITY_CHOICES = ETHNICITY_ENGLAND + ETHNICITY_SCOTLAND
# Codes that record an answer was not obtained; reports count them as missing.
ETHNICITY_NOT_RECORDED = frozenset({"Z", "99", "SZ", "S99"})

# The public self-referral form speaks to the person themself: answers only staff record ("Not
# asked", "Not known") are left out, and third-person wording is put in the first person.
PUBLIC_LEFT_OUT = frozenset({"not_asked", "not_known", "99", "S99"})
PUBLIC_WORDING = {
    "not_stated": "Prefer not to say",
    "Z": "Prefer not to say",
    "SZ": "Prefer not to say",
}


def public_choices(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The choices as the person themself is offered them, "Prefer not to say" first."""
    kept = [
        (code, PUBLIC_WORDING.get(code, label))
        for code, label in choices
        if code not in PUBLIC_LEFT_OUT
    ]
    return sorted(kept, key=lambda choice: choice[0] not in PUBLIC_WORDING)


CONTACT_METHOD_CHOICES = [
    ("phone", "Telephone"),
    ("text", "Text message"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("in_person", "In person only"),
]

# What a consent to share with a VCSE allows to be shared.
CONSENT_SHARED_CHOICES = [("name", "Name"), ("contact", "Contact details"), ("reason", "Reason")]
