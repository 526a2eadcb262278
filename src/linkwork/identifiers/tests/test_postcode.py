from __future__ import annotations

import pytest

from linkwork.identifiers import (
    IdentifierError,
    normalise_postcode,
    postcode_outward,
    postcode_sector,
)


@pytest.mark.parametrize(
    ("raw", "expected", "outward", "sector"),
    [
        ("m1 1ae", "M1 1AE", "M1", "M1 1"),  # A9 9AA
        ("M601NW", "M60 1NW", "M60", "M60 1"),  # A99 9AA
        ("w1a 0ax", "W1A 0AX", "W1A", "W1A 0"),  # A9A 9AA
        ("CR2 6XH", "CR2 6XH", "CR2", "CR2 6"),  # AA9 9AA
        ("DN55  1PT", "DN55 1PT", "DN55", "DN55 1"),  # AA99 9AA
        (" ec1a1bb ", "EC1A 1BB", "EC1A", "EC1A 1"),  # AA9A 9AA
        ("gir0aa", "GIR 0AA", "GIR", "GIR 0"),  # Girobank special case
        ("SW1A 1AA", "SW1A 1AA", "SW1A", "SW1A 1"),
        ("EH1 1YZ", "EH1 1YZ", "EH1", "EH1 1"),
    ],
)
def test_valid_postcodes(raw: str, expected: str, outward: str, sector: str) -> None:
    assert normalise_postcode(raw) == expected
    assert postcode_outward(raw) == outward
    assert postcode_sector(raw) == sector


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "12345",
        "SW1A",  # outward code only
        "SW1A 1AAA",  # too long
        "Q1 1AA",  # first position never Q
        "V1 1AA",  # ... nor V
        "X1 1AA",  # ... nor X
        "AI1 1AA",  # second position never I
        "AJ1 1AA",  # ... nor J
        "AZ1 1AA",  # ... nor Z
        "M1 1CA",  # inward letters never C, I, K, M, O, V
        "M1 1AI",
        "M1 1KA",
        "M1 1AM",
        "M1 1OA",
        "M1 1AV",
        "W1I 0AX",  # A9A third position excludes I
        "EC1C 1BB",  # AA9A fourth position only ABEHMNPRVWXY
        "M1 AAE",  # sector must be a digit
        "BFPO 1234",
        "ASCN 1ZZ",  # overseas territory, deliberately excluded
        "SW1A-1AA",  # hyphen is not a postcode separator
    ],
)
def test_invalid_postcodes(raw: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        normalise_postcode(raw)
    assert caught.value.code == "postcode_format"
    assert repr(raw) in str(caught.value)


def test_helpers_refuse_invalid_postcodes() -> None:
    with pytest.raises(IdentifierError):
        postcode_outward("Q1 1AA")
    with pytest.raises(IdentifierError):
        postcode_sector("Q1 1AA")


def test_non_text_is_refused() -> None:
    with pytest.raises(TypeError):
        normalise_postcode(None)  # type: ignore[arg-type]
