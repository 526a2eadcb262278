"""What the demo directory offers: kinds of community service by need, and the places, venues
and phone ranges of each demo region. Invented but realistic. Pure data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Offer:
    need: str
    name: str  # "{place}" is replaced by a town or district
    provider: str  # who runs it; "{vcse}" means one of the region's VCSEs from the registry
    description: str
    also: tuple[str, ...] = ()  # other needs it meets
    ages: tuple[int | None, int | None] = (18, None)
    paid_share: float = 0.0  # how often it charges


OFFERS: tuple[Offer, ...] = (
    Offer(
        "loneliness_isolation",
        "{place} friendship café",
        "{vcse}",
        "A weekly drop-in café where people meet over tea and cake. Volunteers welcome "
        "newcomers, and nobody has to book.",
        also=("mental_wellbeing",),
        ages=(18, None),
    ),
    Offer(
        "loneliness_isolation",
        "{place} befriending service",
        "{vcse}",
        "Trained volunteers visit or phone older people who live alone, every week, for "
        "company and conversation.",
        ages=(60, None),
    ),
    Offer(
        "loneliness_isolation",
        "{place} men's shed",
        "{place} Men's Shed",
        "A workshop where men meet, make and mend things together. Tools and materials "
        "provided; no experience needed.",
        also=("mental_wellbeing",),
        ages=(18, None),
        paid_share=0.3,
    ),
    Offer(
        "loneliness_isolation",
        "{place} lunch club",
        "{vcse}",
        "A hot two-course lunch and company for older people, with transport for those who "
        "cannot get there on their own.",
        ages=(65, None),
        paid_share=0.8,
    ),
    Offer(
        "mental_wellbeing",
        "{place} wellbeing walks",
        "{vcse}",
        "Gentle led walks in local parks for people who want to feel better in body and mind. "
        "Walks last about an hour at an easy pace.",
        also=("long_term_condition_lifestyle", "loneliness_isolation"),
        ages=(16, None),
    ),
    Offer(
        "mental_wellbeing",
        "{place} peer support group",
        "{place} Mental Health Network",
        "A group run by people with lived experience of anxiety and depression. Share what "
        "helps in a safe, confidential space.",
        ages=(18, None),
    ),
    Offer(
        "mental_wellbeing",
        "{place} stress and anxiety course",
        "{place} Mental Health Network",
        "A free six-week course teaching practical ways to manage stress, worry and low "
        "mood, based on cognitive behavioural techniques.",
        ages=(16, None),
    ),
    Offer(
        "mental_wellbeing",
        "{place} young people's counselling",
        "{place} Youth Counselling",
        "Confidential counselling for young people aged 11 to 25 with a trained counsellor, "
        "face to face or online.",
        ages=(11, 25),
    ),
    Offer(
        "long_term_condition_lifestyle",
        "{place} chair-based exercise",
        "{vcse}",
        "Seated exercise classes that build strength and balance, for people with long-term "
        "conditions or limited mobility.",
        ages=(50, None),
        paid_share=0.4,
    ),
    Offer(
        "long_term_condition_lifestyle",
        "{place} weight management group",
        "{place} Healthy Living Centre",
        "A friendly twelve-week group on healthy eating and activity, with weigh-ins and "
        "cooking tips on a budget.",
        also=("food_fuel_poverty",),
        ages=(18, None),
    ),
    Offer(
        "long_term_condition_lifestyle",
        "{place} diabetes self-management",
        "{place} Healthy Living Centre",
        "Sessions for people living with type 2 diabetes: food, activity, medication and "
        "looking after your feet.",
        ages=(18, None),
    ),
    Offer(
        "debt_benefits_money",
        "{place} debt advice",
        "{place} Advice Centre",
        "Free, confidential debt advice: we help you deal with creditors, make a budget and "
        "look at options such as debt relief.",
        also=("housing",),
        ages=(18, None),
    ),
    Offer(
        "debt_benefits_money",
        "{place} welfare rights and benefits check",
        "{place} Advice Centre",
        "A full benefits check, help with forms for Universal Credit, PIP and Attendance "
        "Allowance, and support with appeals.",
        ages=(16, None),
    ),
    Offer(
        "debt_benefits_money",
        "{place} energy and grants advice",
        "{place} Energy Advice",
        "Help with fuel debt, switching tariffs, and grants for boilers, insulation and "
        "essential household goods.",
        also=("food_fuel_poverty",),
        ages=(18, None),
    ),
    Offer(
        "food_fuel_poverty",
        "{place} food bank",
        "{place} Food Partnership",
        "Emergency food parcels for people in crisis, with a referral voucher. We also "
        "signpost to money advice.",
        also=("debt_benefits_money",),
        ages=(None, None),
    ),
    Offer(
        "food_fuel_poverty",
        "{place} community pantry",
        "{place} Food Partnership",
        "A membership pantry: a small weekly fee buys a basket of groceries worth much more, "
        "including fresh fruit and vegetables.",
        ages=(18, None),
        paid_share=1.0,
    ),
    Offer(
        "housing",
        "{place} housing advice",
        "{place} Housing Aid",
        "Advice for tenants and homeowners: repairs, rent arrears, eviction notices and "
        "finding somewhere to live.",
        also=("debt_benefits_money",),
        ages=(16, None),
    ),
    Offer(
        "housing",
        "{place} homelessness outreach",
        "{place} Housing Aid",
        "Outreach workers support people sleeping rough or at risk of homelessness into "
        "safe accommodation.",
        ages=(16, None),
    ),
    Offer(
        "employment",
        "{place} job club",
        "{place} Employment Hub",
        "Help with CVs, job applications and interview practice, with computers and "
        "internet access available.",
        ages=(16, None),
    ),
    Offer(
        "employment",
        "{place} volunteering hub",
        "{vcse}",
        "Find a volunteering role that suits you: build confidence, skills and connections "
        "in your community.",
        also=("loneliness_isolation",),
        ages=(16, None),
    ),
    Offer(
        "caring",
        "{place} carers' centre",
        "{place} Carers Centre",
        "Information, advice and emotional support for unpaid carers, including a carers' "
        "assessment and short breaks.",
        also=("mental_wellbeing",),
        ages=(None, None),
    ),
    Offer(
        "caring",
        "{place} young carers group",
        "{place} Carers Centre",
        "Activities and time out for young people who look after someone at home.",
        ages=(8, 18),
    ),
    Offer(
        "bereavement",
        "{place} bereavement support",
        "{place} Bereavement Support",
        "One-to-one bereavement counselling and a monthly grief café for anyone who has "
        "lost someone close.",
        also=("mental_wellbeing",),
        ages=(18, None),
    ),
    Offer(
        "other",
        "{place} digital skills drop-in",
        "{vcse}",
        "Learn to use a phone, tablet or computer: online forms, video calls and staying "
        "safe online.",
        also=("employment",),
        ages=(16, None),
    ),
    Offer(
        "other",
        "{place} community garden",
        "{vcse}",
        "Grow fruit and vegetables with others in a shared garden. Tools and tea provided.",
        also=("mental_wellbeing", "loneliness_isolation"),
        ages=(None, None),
    ),
)

VENUES = ("Community Centre", "Library", "Church Hall", "Resource Centre", "Hub", "Leisure Centre")
STREETS = ("High Street", "Church Road", "Station Road", "Park Lane", "Mill Street", "King Street")
CONTACT_TITLES = ("Service coordinator", "Volunteer coordinator", "Reception", "Project worker")


@dataclass(frozen=True, slots=True)
class RegionFlavour:
    places: tuple[str, ...]
    postcode_areas: tuple[str, ...]
    phone_prefix: str  # Ofcom's ranges reserved for drama, so no real line is ever listed


REGION_FLAVOURS: dict[str, RegionFlavour] = {
    "greater-manchester": RegionFlavour(
        ("Manchester", "Salford", "Bolton", "Oldham", "Stockport", "Wigan", "Rochdale"),
        ("M", "BL", "OL", "SK", "WN"),
        "0161 496 0",
    ),
    "north-east-and-north-cumbria": RegionFlavour(
        ("Newcastle", "Gateshead", "Sunderland", "Durham", "Middlesbrough", "Carlisle"),
        ("NE", "SR", "DH", "TS", "CA"),
        "0191 498 0",
    ),
    "west-of-england": RegionFlavour(
        ("Bristol", "Bath", "Weston-super-Mare", "Gloucester", "Swindon", "Chippenham"),
        ("BS", "BA", "GL", "SN"),
        "0117 496 0",
    ),
    "greater-glasgow-and-clyde": RegionFlavour(
        ("Glasgow", "Paisley", "Clydebank", "Bishopbriggs", "Giffnock", "Greenock"),
        ("G", "PA"),
        "0141 496 0",
    ),
    "lothian": RegionFlavour(
        ("Edinburgh", "Livingston", "Dalkeith", "Tranent"),
        ("EH",),
        "0131 496 0",
    ),
}
