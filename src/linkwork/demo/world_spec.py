"""The five study regions as data: units, delivery-model counts and scheme policies.

Counts follow the mapping study of link worker schemes in Greater Manchester, West of
England, North East and North Cumbria, Greater Glasgow and Clyde, and Lothian. Names of
PCNs, practices and VCSEs are invented; names of statutory bodies are the real ones.
Pure data, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALL_PRACTICE_STAFF = ("gp", "practice_nurse", "receptionist", "other_practice_staff")


@dataclass(frozen=True, slots=True)
class PolicySpec:
    age_band: str = "adults"
    age_min: int | None = None
    age_max: int | None = None
    priority_groups: tuple[str, ...] = ()
    accepted_sources: tuple[str, ...] = ALL_PRACTICE_STAFF
    session_cap: int | None = 6
    at_risk_exception: bool = True
    rereferral_min_gap_days: int = 0
    exclusions: tuple[str, ...] = ()
    home_visits: bool = False
    accompaniment: str = "if_needed"
    outcome_tools: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SchemeGroupSpec:
    """Schemes of one delivery model; scheme i serves `group_sizes[i]` PCNs."""

    model: int
    group_sizes: tuple[int, ...]
    name: str
    policy: PolicySpec
    # Per-scheme policy variations, applied to the first schemes of the group in order.
    variants: tuple[tuple[str, PolicySpec], ...] = ()


@dataclass(frozen=True, slots=True)
class EnglishRegionSpec:
    name: str
    slug: str
    population: int
    icbs: tuple[str, ...]
    places: tuple[str, ...]
    groups: tuple[SchemeGroupSpec, ...]


@dataclass(frozen=True, slots=True)
class HscpSpec:
    name: str
    model: int
    practices: int
    policy: PolicySpec
    thematic: tuple[tuple[str, PolicySpec], ...] = ()


@dataclass(frozen=True, slots=True)
class ScottishRegionSpec:
    name: str
    slug: str
    population: int
    health_board: str
    hscps: tuple[HscpSpec, ...]
    vcse_council: str = ""
    extra: dict[str, str] = field(default_factory=dict)


GM_SOURCES = (*ALL_PRACTICE_STAFF, "self", "dwp", "ambulance_service", "adult_social_care")
WOE_SOURCES = (*ALL_PRACTICE_STAFF, "self", "other_service")
NENC_SOURCES = (*ALL_PRACTICE_STAFF, "self", "other_service")
GGC_SOURCES = (*ALL_PRACTICE_STAFF, "self")

GREATER_MANCHESTER = EnglishRegionSpec(
    name="Greater Manchester",
    slug="greater-manchester",
    population=3_100_000,
    icbs=("NHS Greater Manchester ICB",),
    places=(
        "Bolton",
        "Bury",
        "Manchester",
        "Oldham",
        "Rochdale",
        "Salford",
        "Stockport",
        "Tameside",
        "Trafford",
        "Wigan",
    ),
    groups=(
        SchemeGroupSpec(
            1,
            (1,) * 6,
            "{unit} link worker service",
            PolicySpec(accepted_sources=GM_SOURCES, session_cap=6),
        ),
        SchemeGroupSpec(
            2,
            (5, 5, 4, 4),
            "{federation} social prescribing",
            PolicySpec(accepted_sources=GM_SOURCES, session_cap=6, outcome_tools=("ons4",)),
        ),
        SchemeGroupSpec(
            3,
            (4,) * 10,
            "{vcse} link workers",
            PolicySpec(
                accepted_sources=GM_SOURCES,
                session_cap=6,
                accompaniment="if_needed",
                outcome_tools=("ons4", "swemwbs"),
            ),
            variants=(
                (
                    "{vcse} link workers for over-50s",
                    PolicySpec(
                        age_band="over_50",
                        accepted_sources=GM_SOURCES,
                        session_cap=6,
                        priority_groups=("older_people",),
                        home_visits=True,
                        outcome_tools=("ons4", "ucla3"),
                    ),
                ),
            ),
        ),
    ),
)

WEST_OF_ENGLAND = EnglishRegionSpec(
    name="West of England",
    slug="west-of-england",
    population=2_700_000,
    icbs=(
        "NHS Bristol, North Somerset and South Gloucestershire ICB",
        "NHS Bath and North East Somerset, Swindon and Wiltshire ICB",
        "NHS Gloucestershire ICB",
    ),
    places=(
        "Bristol",
        "North Somerset",
        "South Gloucestershire",
        "Gloucestershire",
        "Bath",
        "Swindon",
        "Wiltshire",
    ),
    groups=(
        SchemeGroupSpec(
            1,
            (1,) * 8,
            "{unit} social prescribing",
            PolicySpec(accepted_sources=WOE_SOURCES, session_cap=6, outcome_tools=("ons4",)),
        ),
        SchemeGroupSpec(
            3,
            (4,) * 6,
            "{vcse} community link workers",
            PolicySpec(
                age_band="all_ages",
                accepted_sources=WOE_SOURCES,
                session_cap=6,
                priority_groups=("children_families",),
                outcome_tools=("wemwbs",),
            ),
            variants=(
                (
                    "{vcse} link workers in deprived neighbourhoods",
                    PolicySpec(
                        age_band="all_ages",
                        accepted_sources=WOE_SOURCES,
                        session_cap=None,
                        priority_groups=("deprived_populations",),
                        home_visits=True,
                        accompaniment="routine",
                        outcome_tools=("wemwbs",),
                    ),
                ),
            ),
        ),
        SchemeGroupSpec(
            4,
            (2,),
            "{icb} community social prescribers",
            PolicySpec(
                accepted_sources=WOE_SOURCES,
                session_cap=6,
                priority_groups=("hospital_discharge", "high_intensity_ed", "frailty"),
                home_visits=True,
                outcome_tools=("ons4", "swemwbs"),
            ),
        ),
    ),
)

NORTH_EAST_NORTH_CUMBRIA = EnglishRegionSpec(
    name="North East and North Cumbria",
    slug="north-east-and-north-cumbria",
    population=3_100_000,
    icbs=("NHS North East and North Cumbria ICB",),
    places=(
        "Newcastle",
        "Gateshead",
        "Sunderland",
        "Durham",
        "Northumberland",
        "Teesside",
        "North Cumbria",
        "South Tyneside",
    ),
    groups=(
        SchemeGroupSpec(
            1,
            (1,) * 5,
            "{unit} link workers",
            PolicySpec(accepted_sources=NENC_SOURCES, session_cap=6),
            variants=(
                (
                    "{unit} GP-referral link workers",
                    PolicySpec(accepted_sources=("gp",), session_cap=3),
                ),
            ),
        ),
        SchemeGroupSpec(
            2,
            (2,),
            "{federation} social prescribing",
            PolicySpec(
                age_band="all_ages",
                accepted_sources=NENC_SOURCES,
                session_cap=6,
                rereferral_min_gap_days=90,
            ),
        ),
        SchemeGroupSpec(
            3,
            (5, 5, 5, 5, 5, 5, 4),
            "{vcse} social prescribing",
            PolicySpec(
                accepted_sources=NENC_SOURCES,
                session_cap=6,
                rereferral_min_gap_days=90,
                exclusions=("acute_psychosis", "current_crisis"),
                outcome_tools=("ons4",),
            ),
            variants=(
                (
                    "{vcse} mental health link workers",
                    PolicySpec(
                        accepted_sources=NENC_SOURCES,
                        session_cap=6,
                        priority_groups=("mental_health",),
                        outcome_tools=("swemwbs", "phq9"),
                    ),
                ),
                (
                    "{vcse} children and families link workers",
                    PolicySpec(
                        age_band="custom",
                        age_min=0,
                        age_max=25,
                        accepted_sources=NENC_SOURCES,
                        session_cap=4,
                        priority_groups=("children_families",),
                    ),
                ),
                (
                    "{vcse} learning disability link workers",
                    PolicySpec(
                        age_band="all_ages",
                        accepted_sources=NENC_SOURCES,
                        session_cap=None,
                        priority_groups=("learning_disability",),
                        home_visits=True,
                        accompaniment="routine",
                    ),
                ),
            ),
        ),
    ),
)

GREATER_GLASGOW_AND_CLYDE = ScottishRegionSpec(
    name="Greater Glasgow and Clyde",
    slug="greater-glasgow-and-clyde",
    population=1_300_000,
    health_board="NHS Greater Glasgow and Clyde",
    hscps=(
        HscpSpec(
            "Glasgow City HSCP",
            3,
            36,
            PolicySpec(
                age_band="all_ages",
                accepted_sources=GGC_SOURCES,
                session_cap=None,
                priority_groups=("deprived_populations", "children_families"),
                home_visits=True,
                accompaniment="routine",
                outcome_tools=("swemwbs", "ons4"),
            ),
            thematic=(
                (
                    "Glasgow link workers for asylum seekers and refugees",
                    PolicySpec(
                        age_band="all_ages",
                        accepted_sources=GGC_SOURCES,
                        session_cap=None,
                        priority_groups=("asylum_refugees",),
                        accompaniment="routine",
                        outcome_tools=("swemwbs",),
                    ),
                ),
                (
                    "Glasgow link workers for people experiencing homelessness",
                    PolicySpec(
                        age_band="all_ages",
                        accepted_sources=GGC_SOURCES,
                        session_cap=None,
                        priority_groups=("homelessness",),
                        accompaniment="routine",
                        outcome_tools=("swemwbs",),
                    ),
                ),
            ),
        ),
        HscpSpec(
            "East Dunbartonshire HSCP",
            3,
            8,
            PolicySpec(
                age_band="all_ages",
                accepted_sources=GGC_SOURCES,
                session_cap=4,
                outcome_tools=("swemwbs",),
            ),
        ),
        HscpSpec(
            "West Dunbartonshire HSCP",
            3,
            9,
            PolicySpec(
                age_band="all_ages",
                accepted_sources=GGC_SOURCES,
                session_cap=4,
                outcome_tools=("swemwbs",),
            ),
        ),
        HscpSpec(
            "East Renfrewshire HSCP",
            3,
            7,
            PolicySpec(age_band="all_ages", accepted_sources=GGC_SOURCES, session_cap=4),
        ),
        HscpSpec(
            "Renfrewshire HSCP",
            3,
            12,
            PolicySpec(
                age_band="all_ages",
                accepted_sources=GGC_SOURCES,
                session_cap=4,
                outcome_tools=("swemwbs",),
            ),
        ),
        HscpSpec(
            "Inverclyde HSCP",
            3,
            8,
            PolicySpec(age_band="all_ages", accepted_sources=GGC_SOURCES, session_cap=4),
        ),
    ),
)

LOTHIAN = ScottishRegionSpec(
    name="Lothian",
    slug="lothian",
    population=910_000,
    health_board="NHS Lothian",
    vcse_council="Edinburgh Voluntary Organisations' Council",
    hscps=(
        HscpSpec(
            "Edinburgh HSCP",
            4,
            30,
            PolicySpec(
                accepted_sources=ALL_PRACTICE_STAFF,
                session_cap=6,
                priority_groups=("deprived_populations",),
                outcome_tools=("swemwbs", "ons4"),
            ),
        ),
        HscpSpec(
            "Midlothian HSCP",
            3,
            10,
            PolicySpec(
                accepted_sources=ALL_PRACTICE_STAFF,
                session_cap=4,
                priority_groups=("homelessness",),
                rereferral_min_gap_days=180,
            ),
        ),
        HscpSpec(
            "East Lothian HSCP",
            3,
            11,
            PolicySpec(
                accepted_sources=ALL_PRACTICE_STAFF, session_cap=12, outcome_tools=("swemwbs",)
            ),
        ),
        HscpSpec(
            "West Lothian HSCP",
            3,
            14,
            PolicySpec(accepted_sources=ALL_PRACTICE_STAFF, session_cap=6),
        ),
    ),
)

ENGLISH_REGIONS = (GREATER_MANCHESTER, WEST_OF_ENGLAND, NORTH_EAST_NORTH_CUMBRIA)
SCOTTISH_REGIONS = (GREATER_GLASGOW_AND_CLYDE, LOTHIAN)

# The study's counts, which the built world must reproduce exactly.
EXPECTED_COUNTS: dict[str, dict[str, int]] = {
    "Greater Manchester": {"1": 6, "2": 18, "3": 40, "4": 0},
    "West of England": {"1": 8, "2": 0, "3": 24, "4": 2},
    "North East and North Cumbria": {"1": 5, "2": 2, "3": 34, "4": 0},
    "Greater Glasgow and Clyde": {"1": 0, "2": 0, "3": 6, "4": 0},
    "Lothian": {"1": 0, "2": 0, "3": 3, "4": 1},
}

VCSE_WORDS = (
    "Community Links",
    "Wellbeing Partnership",
    "Together Trust",
    "Neighbourhood Action",
    "Connect Centre",
    "Good Company",
    "Healthy Futures",
    "Open Door",
    "Bridges Project",
    "Kindred Network",
    "Hearth Collective",
    "Compass Care",
    "Common Ground",
    "Riverside Hub",
)
UNIT_SUFFIXES = (
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Valley",
    "Riverside",
    "Park",
    "Hills",
    "Town",
    "Moor",
    "Bridge",
)
PRACTICE_WORDS = (
    "Medical Centre",
    "Surgery",
    "Health Centre",
    "Family Practice",
    "Group Practice",
)
STREET_WORDS = (
    "Church",
    "Mill",
    "Station",
    "High",
    "Park",
    "Victoria",
    "Albert",
    "Queen",
    "King",
    "Market",
    "Bank",
    "Castle",
    "Green",
    "Abbey",
    "Meadow",
    "Elm",
    "Oak",
    "Ash",
)

# Postcode districts of each region in the shipped sample lookup.
REGION_POSTCODE_DISTRICTS: dict[str, tuple[str, ...]] = {
    "greater-manchester": (
        "M1",
        "M8",
        "M14",
        "BL1",
        "BL9",
        "OL1",
        "OL11",
        "M6",
        "SK1",
        "OL6",
        "M32",
        "WN1",
    ),
    "west-of-england": ("BS1", "BS5", "BS23", "BS16", "GL1", "BA1", "SN1", "SN15"),
    "north-east-and-north-cumbria": ("NE1", "NE8", "SR1", "DH1", "NE61", "TS1", "CA1", "NE33"),
    "greater-glasgow-and-clyde": ("G1", "G20", "G31", "G45", "G64", "G81", "G46", "PA1", "PA15"),
    "lothian": ("EH1", "EH7", "EH11", "EH16", "EH22", "EH33", "EH54"),
}

# The postcode districts of each town or area the demo names, all in the shipped sample
# lookup: a PCN's practices and a town's community services sit in their own place.
PLACE_POSTCODE_DISTRICTS: dict[str, tuple[str, ...]] = {
    # Greater Manchester
    "Bolton": ("BL1",),
    "Bury": ("BL9",),
    "Manchester": ("M1", "M8", "M14"),
    "Oldham": ("OL1",),
    "Rochdale": ("OL11",),
    "Salford": ("M6",),
    "Stockport": ("SK1",),
    "Tameside": ("OL6",),
    "Trafford": ("M32",),
    "Wigan": ("WN1",),
    # West of England
    "Bristol": ("BS1", "BS5"),
    "North Somerset": ("BS23",),
    "Weston-super-Mare": ("BS23",),
    "South Gloucestershire": ("BS16",),
    "Gloucestershire": ("GL1",),
    "Gloucester": ("GL1",),
    "Bath": ("BA1",),
    "Swindon": ("SN1",),
    "Wiltshire": ("SN15",),
    "Chippenham": ("SN15",),
    # North East and North Cumbria
    "Newcastle": ("NE1",),
    "Gateshead": ("NE8",),
    "Sunderland": ("SR1",),
    "Durham": ("DH1",),
    "Northumberland": ("NE61",),
    "Teesside": ("TS1",),
    "Middlesbrough": ("TS1",),
    "North Cumbria": ("CA1",),
    "Carlisle": ("CA1",),
    "South Tyneside": ("NE33",),
    # Greater Glasgow and Clyde
    "Glasgow": ("G1", "G20", "G31", "G45"),
    "Bishopbriggs": ("G64",),
    "Clydebank": ("G81",),
    "Giffnock": ("G46",),
    "Paisley": ("PA1",),
    "Greenock": ("PA15",),
    # Lothian
    "Edinburgh": ("EH1", "EH7", "EH11", "EH16"),
    "Dalkeith": ("EH22",),
    "Tranent": ("EH33",),
    "Livingston": ("EH54",),
}
