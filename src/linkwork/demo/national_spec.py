"""The rest of a national world: regions built on the pattern of one of the five study regions,
added in a fixed order until a world holds as many practices as its share of a national year
(about 7,400 practices across England and Scotland). Pure data, no Django.

Names are of real integrated care board areas and health boards; the PCNs, practices and
schemes inside them are invented, with the study region's shape."""

from __future__ import annotations

from dataclasses import replace
from itertools import cycle

from linkwork.demo.world_spec import (
    GREATER_GLASGOW_AND_CLYDE,
    GREATER_MANCHESTER,
    LOTHIAN,
    NORTH_EAST_NORTH_CUMBRIA,
    REGION_POSTCODE_DISTRICTS,
    WEST_OF_ENGLAND,
    EnglishRegionSpec,
    HscpSpec,
    ScottishRegionSpec,
)

ENGLISH_AREAS = (
    "Cheshire and Merseyside",
    "Lancashire and South Cumbria",
    "West Yorkshire",
    "South Yorkshire",
    "Humber and North Yorkshire",
    "Birmingham and Solihull",
    "Black Country",
    "Coventry and Warwickshire",
    "Staffordshire and Stoke-on-Trent",
    "Shropshire, Telford and Wrekin",
    "Herefordshire and Worcestershire",
    "Derby and Derbyshire",
    "Nottingham and Nottinghamshire",
    "Leicester, Leicestershire and Rutland",
    "Lincolnshire",
    "Northamptonshire",
    "Norfolk and Waveney",
    "Suffolk and North East Essex",
    "Cambridgeshire and Peterborough",
    "Bedfordshire, Luton and Milton Keynes",
    "Hertfordshire and West Essex",
    "Mid and South Essex",
    "North Central London",
    "North East London",
    "North West London",
    "South East London",
    "South West London",
    "Kent and Medway",
    "Sussex",
    "Surrey Heartlands",
    "Frimley",
    "Buckinghamshire, Oxfordshire and Berkshire West",
    "Hampshire and Isle of Wight",
    "Dorset",
    "Somerset",
    "Devon",
    "Cornwall and the Isles of Scilly",
)
SCOTTISH_AREAS = (
    "Lanarkshire",
    "Ayrshire and Arran",
    "Forth Valley",
    "Fife",
    "Tayside",
    "Grampian",
    "Highland",
    "Dumfries and Galloway",
    "Borders",
    "Western Isles",
    "Orkney",
    "Shetland",
)
PLACE_QUALIFIERS = (
    "Upper",
    "Lower",
    "Old Town",
    "New Town",
    "Harbour",
    "Market",
    "Forest",
    "Vale",
    "Heath",
    "Marsh",
    "Castle",
    "Bridge",
)
# One Scottish region after every three English ones: England holds about 6,500 of the
# 7,400 practices.
_ENGLISH_PER_SCOTTISH = 3


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).replace("--", "-").strip("-")


def _english(name: str, template: EnglishRegionSpec) -> EnglishRegionSpec:
    places = tuple(
        f"{name} {PLACE_QUALIFIERS[i % len(PLACE_QUALIFIERS)]}" for i in range(len(template.places))
    )
    return replace(
        template,
        name=name,
        slug=_slug(name),
        icbs=(f"NHS {name} ICB",),
        places=places,
    )


def _hscp(name: str, number: int, template: HscpSpec) -> HscpSpec:
    place = f"{name} {PLACE_QUALIFIERS[number % len(PLACE_QUALIFIERS)]}"
    old_place = template.name.removesuffix(" HSCP").split(" ")[0]
    thematic = tuple(
        (title.replace(old_place, place, 1), policy) for title, policy in template.thematic
    )
    return replace(template, name=f"{place} HSCP", thematic=thematic)


def _scottish(name: str, template: ScottishRegionSpec) -> ScottishRegionSpec:
    return replace(
        template,
        name=name,
        slug=_slug(name),
        health_board=f"NHS {name}",
        hscps=tuple(_hscp(name, i, hscp) for i, hscp in enumerate(template.hscps)),
        vcse_council=f"{name} Voluntary Action" if template.vcse_council else "",
    )


def _order() -> tuple[tuple[EnglishRegionSpec | ScottishRegionSpec, str], ...]:
    """(region, the study region whose pattern and postcodes it takes)."""
    english_templates = cycle((GREATER_MANCHESTER, WEST_OF_ENGLAND, NORTH_EAST_NORTH_CUMBRIA))
    scottish_templates = cycle((GREATER_GLASGOW_AND_CLYDE, LOTHIAN))
    english: list[tuple[EnglishRegionSpec | ScottishRegionSpec, str]] = []
    for name in ENGLISH_AREAS:
        template = next(english_templates)
        english.append((_english(name, template), template.slug))
    scottish: list[tuple[EnglishRegionSpec | ScottishRegionSpec, str]] = []
    for name in SCOTTISH_AREAS:
        scottish_template = next(scottish_templates)
        scottish.append((_scottish(name, scottish_template), scottish_template.slug))
    ordered: list[tuple[EnglishRegionSpec | ScottishRegionSpec, str]] = []
    while english or scottish:
        ordered.extend(english[:_ENGLISH_PER_SCOTTISH])
        del english[:_ENGLISH_PER_SCOTTISH]
        ordered.extend(scottish[:1])
        del scottish[:1]
    return tuple(ordered)


NATIONAL_REGIONS = _order()
"""Added in this order: a world at any scale holds a prefix of them."""

_POSTCODE_REGION = {spec.slug: template for spec, template in NATIONAL_REGIONS}


def postcode_districts(region_slug: str) -> tuple[str, ...]:
    """A region's postcode districts in the shipped sample lookup; a national region uses those
    of the study region it is patterned on."""
    return REGION_POSTCODE_DISTRICTS.get(_POSTCODE_REGION.get(region_slug, region_slug), ())
