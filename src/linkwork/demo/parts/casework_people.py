"""Synthetic people for the demo world: names, identifiers and demographics. Pure Python.

NHS numbers come from the 999 range that is never issued (reserved for test data) and still
pass the modulus 11 check; CHI numbers carry the person's date of birth and a valid check
digit. Distributions are broad-brush, not national statistics."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate

GIVEN_FEMALE = (
    "Margaret",
    "Linda",
    "Aisha",
    "Fatima",
    "Mary",
    "Karen",
    "Siobhan",
    "Zainab",
    "Agnes",
    "Chloe",
    "Priya",
    "Grace",
    "Helen",
    "Joan",
    "Shabana",
    "Elaine",
)


GIVEN_MALE = (
    "John",
    "David",
    "Mohammed",
    "Robert",
    "James",
    "Tariq",
    "Kevin",
    "Brian",
    "Ahmed",
    "Stephen",
    "Daniel",
    "Kwame",
    "Gary",
    "Ian",
    "Rajesh",
    "Thomas",
)


FAMILY = (
    "Smith",
    "Jones",
    "Brown",
    "Wilson",
    "Campbell",
    "Stewart",
    "Khan",
    "Patel",
    "Taylor",
    "Thomson",
    "Robertson",
    "Ahmed",
    "Murray",
    "Clarke",
    "Walker",
    "Begum",
    "Reid",
    "Hughes",
    "Kaur",
    "Ali",
    "Morrison",
    "Evans",
    "Doherty",
    "Okafor",
)


ETHNICITY_WEIGHTS = {
    "england": (
        ("A", 70),
        ("C", 5),
        ("F", 1),
        ("H", 3),
        ("J", 4),
        ("K", 2),
        ("N", 3),
        ("M", 1),
        ("R", 1),
        ("S", 2),
        ("Z", 5),
        ("", 3),
    ),
    "scotland": (
        ("S1A", 70),
        ("S1B", 8),
        ("S1G", 2),
        ("S1H", 2),
        ("S3A", 4),
        ("S3B", 1),
        ("S4A", 2),
        ("S6B", 1),
        ("SZ", 5),
        ("", 5),
    ),
}


def _cumulative(pairs: tuple[tuple[str, int], ...]) -> tuple[tuple[str, ...], list[int]]:
    values, weights = zip(*pairs, strict=True)
    return values, list(accumulate(weights))


# Cumulative weights worked out once: `choices` then draws exactly as with the weights.
_ETHNICITY_CUMULATIVE = {
    country: _cumulative(pairs) for country, pairs in ETHNICITY_WEIGHTS.items()
}


def mod11_check(body: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def demo_nhs_number(rng: random.Random) -> str:
    while True:
        body = "999" + f"{rng.randrange(1_000_000):06d}"
        check = mod11_check(body)
        if check is not None:
            return body + str(check)


def demo_chi_number(rng: random.Random, born: date, female: bool) -> str:
    while True:
        sex_digit = rng.choice("02468" if female else "13579")
        body = born.strftime("%d%m%y") + f"{rng.randrange(100):02d}" + sex_digit
        check = mod11_check(body)
        if check is not None:
            return body + str(check)


def date_of_birth(rng: random.Random, low: int, high: int | None, today: date) -> date:
    top = min(high if high is not None else 90, 95)
    # Link work reaches older adults most; children only where a scheme serves them.
    age = max(low, min(top, int(rng.triangular(low, top, max(low, min(top, 55))))))
    return today - timedelta(days=age * 365 + rng.randrange(365))


def person_fields(
    rng: random.Random, country: str, low: int, high: int | None, today: date
) -> dict[str, object]:
    female = rng.random() < 0.58
    born = date_of_birth(rng, low, high, today)
    gender = (
        "same_as_sex"
        if rng.random() < 0.85
        else rng.choice(("not_asked", "not_stated", "non_binary", "woman" if female else "man"))
    )
    fields: dict[str, object] = {
        "given_name": rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
        "family_name": rng.choice(FAMILY),
        "date_of_birth": born,
        "sex": "female" if female else "male",
        "gender_identity": gender,
        "ethnicity": rng.choices(
            _ETHNICITY_CUMULATIVE[country][0], cum_weights=_ETHNICITY_CUMULATIVE[country][1]
        )[0],
        "preferred_contact": rng.choice(("phone", "phone", "phone", "text", "letter", "email")),
        "interpreter_needed": rng.random() < 0.04,
        "preferred_language": "English",
    }
    if fields["interpreter_needed"]:
        fields["preferred_language"] = rng.choice(("Urdu", "Polish", "Arabic", "Punjabi", "Somali"))
    if country == "england":
        fields["nhs_number"] = demo_nhs_number(rng)
    else:
        fields["chi_number"] = demo_chi_number(rng, born, female)
    fields["phone"] = f"07700 9{rng.randrange(100000):05d}"
    return fields
