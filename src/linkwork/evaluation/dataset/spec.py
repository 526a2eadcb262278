"""The Common Social Prescribing Dataset: its tables, fields and their meaning.

Pure data: the single source for the export's table schemas, the data dictionary and the
analysis's expectations. One row per observation, one column per variable. Bump
DATASET_VERSION on any change a consumer would notice (semantic versioning).
"""

from __future__ import annotations

from dataclasses import dataclass

from linkwork.core.choices import Choices
from linkwork.episodes.vocab import FinancialGainType
from linkwork.people.equalities import QUESTIONS, Question
from linkwork.voice.questionnaire import ITEMS, Agreement
from linkwork.workforce.vocab import FundPurpose, GpCountSource, StaffGroup, ThematicRole

DATASET_VERSION = "1.3.0"
DATASET_NAME = "common-social-prescribing-dataset"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: str  # a Frictionless Table Schema type: string, integer, number, date, boolean
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    identifiable: bool = False  # present only in identifiable exports
    # The dataset version that first had the field: a package from before reads it as empty.
    added_in: str = "1.0.0"


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, table, field)
    # The dataset version that first had the table: a package from before reads it as empty.
    added_in: str = "1.0.0"

    def field_names(self, *, identifiable: bool) -> list[str]:
        return [f.name for f in self.fields if identifiable or not f.identifiable]


S, INT, N, D, B = "string", "integer", "number", "date", "boolean"


def _equalities_field(question: Question) -> FieldSpec:
    bands = ", ".join(f"{code} ({label.lower()})" for code, label in question.band_labels.items())
    if question.nhs_codes:
        codes = ", ".join(f"{code} = {nhs}" for code, nhs in question.nhs_codes.items())
        source = (
            f"The answers are those of the NHS Data Dictionary {question.nhs_code_set} ({codes}); "
            "the bands are linkwork's own (see docs/equalities.md)."
        )
    else:
        source = "A linkwork code set, not an NHS Data Dictionary one (see docs/equalities.md)."
    return FieldSpec(
        question.field,
        S,
        f"{question.label}, banded so small groups are joined: {bands}; empty when not "
        f"asked. {source}",
        enum=tuple(question.band_labels),
        added_in="1.3.0",
    )


PERSON = FieldSpec(
    "person",
    S,
    "The person: a keyed hash, stable within one export and "
    "unlinkable across exports without the export's key.",
    required=True,
)


def _listed(choices: type[Choices]) -> str:
    return ", ".join(f"{code} ({name.lower()})" for code, name in choices.choices)


MONTH = "A month as YYYY-MM."

WORKFORCE_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "workforce_posts",
        "Link worker posts",
        "One row per funded link worker post (a new holder takes a new post, so turnover can "
        "be counted). No names: the post is a keyed hash and its holder and line manager are "
        "left out. Dates are to the month. The scheme's delivery model is in schemes.",
        (
            FieldSpec("post_id", S, "The post: a keyed hash, like link_worker.", required=True),
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec("employer_kind", S, "Kind of the organisation employing the post."),
            FieldSpec(
                "thematic_role",
                S,
                f"The post's thematic role: {_listed(ThematicRole)}.",
                enum=tuple(ThematicRole.values),
            ),
            FieldSpec("contracted_hours", N, "Contracted hours a week.", required=True),
            FieldSpec("wte", N, "Whole-time equivalent (37.5 hours is 1.00).", required=True),
            FieldSpec("started_month", S, f"Month the post started. {MONTH}", required=True),
            FieldSpec("ended_month", S, f"Month the post ended; empty while open. {MONTH}"),
            FieldSpec("vacant", B, "True when the post has no holder at export."),
            FieldSpec(
                "training_complete",
                B,
                "True when the post's holder has completed every course the scheme requires "
                "of its link workers (see schemes.required_courses); empty for a vacant post.",
            ),
            FieldSpec(
                "practice_ids",
                S,
                "Practices the post is hosted in or serves, space-separated practice ids.",
            ),
        ),
        ("post_id",),
        (("scheme_id", "schemes", "scheme_id"),),
        added_in="1.3.0",
    ),
    TableSpec(
        "workforce_support",
        "Link worker support by month",
        "One row per scheme and month with any support recorded: counts of supervision "
        "sessions, peer support sessions and training records of its link worker posts. "
        "Counts only: what was discussed, who supervised and the courses are private.",
        (
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec("month", S, MONTH, required=True),
            FieldSpec("supervision_sessions", INT, "Supervision sessions held.", required=True),
            FieldSpec("peer_support_sessions", INT, "Peer support sessions held.", required=True),
            FieldSpec("training_records", INT, "Training completed.", required=True),
        ),
        ("scheme_id", "month"),
        (("scheme_id", "schemes", "scheme_id"),),
        added_in="1.3.0",
    ),
    TableSpec(
        "practice_resources",
        "Resources given to practices",
        "One row per fund given to a practice or per period of protected time its staff set "
        "aside for the programme, by scheme and practice. Staff appear by their group only, "
        "never by name; notes and descriptions of use are left out. Amounts are as recorded.",
        (
            FieldSpec("resource_id", S, "Record identifier.", required=True),
            FieldSpec(
                "resource_kind",
                S,
                "fund (money given) or protected_time (staff time set aside).",
                required=True,
                enum=("fund", "protected_time"),
            ),
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec("practice_id", S, "Practice.", required=True),
            FieldSpec("period_start", D, "First day of the period.", required=True),
            FieldSpec("period_end", D, "Last day of the period.", required=True),
            FieldSpec(
                "purpose",
                S,
                f"What a fund is for: {_listed(FundPurpose)}; empty for protected time.",
                enum=tuple(FundPurpose.values),
            ),
            FieldSpec(
                "amount_pence",
                INT,
                "A fund's amount in pence (12550 is \u00a3125.50); empty for protected time.",
            ),
            FieldSpec(
                "staff_group",
                S,
                f"Protected time's staff group: {_listed(StaffGroup)}; empty for a fund.",
                enum=tuple(StaffGroup.values),
            ),
            FieldSpec("hours_per_week", N, "Protected hours a week; empty for a fund."),
            FieldSpec(
                "extra_consultation_minutes",
                INT,
                "Extra consultation minutes the protected time bought; empty for a fund.",
            ),
        ),
        ("resource_id",),
        (("scheme_id", "schemes", "scheme_id"),),
        added_in="1.3.0",
    ),
    TableSpec(
        "feedback",
        "Feedback at discharge",
        "One row per feedback link sent to a person when their episode ended, with their "
        "answer to each statement of the experience questionnaire. The comment in their own "
        "words is never in the dataset, nor are case studies (told with consent for one "
        "purpose, and identifying by their nature). Answers are reported as shares agreeing, "
        "never scored.",
        (
            FieldSpec("referral_id", S, "Referral (episode) the link was sent for.", required=True),
            PERSON,
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec("sent_month", S, f"Month the link was sent. {MONTH}", required=True),
            FieldSpec("answered", B, "True when the person answered.", required=True),
            *(
                FieldSpec(
                    f"answer_{item.code}",
                    S,
                    f"Answer to \u201c{item.text}\u201d: "
                    + ", ".join(Agreement.values)
                    + "; empty when not answered.",
                    enum=tuple(Agreement.values),
                )
                for item in ITEMS
            ),
        ),
        ("referral_id",),
        (("referral_id", "referrals", "referral_id"), ("scheme_id", "schemes", "scheme_id")),
        added_in="1.3.0",
    ),
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "schemes",
        "Schemes",
        "One row per link worker scheme, with its delivery model and policy.",
        (
            FieldSpec("scheme_id", S, "Scheme identifier.", required=True),
            FieldSpec("scheme_name", S, "Scheme name.", required=True),
            FieldSpec("region", S, "Region name.", required=True),
            FieldSpec("country", S, "england or scotland.", enum=("england", "scotland")),
            FieldSpec(
                "delivery_model",
                INT,
                "Effective delivery model (1-4): the manager's "
                "override where there is one, otherwise the derived model.",
            ),
            FieldSpec(
                "delivery_model_derived",
                INT,
                "Delivery model derived from who "
                "commissions, employs and manages the link workers.",
            ),
            FieldSpec("delivery_model_overridden", B, "True when a manager overrode the model."),
            FieldSpec("commissioner_kind", S, "Kind of the commissioning organisation."),
            FieldSpec("employer_kind", S, "Kind of the employing organisation."),
            FieldSpec("age_band", S, "Ages served: all_ages, adults, over_50 or custom."),
            FieldSpec("age_min", INT, "Youngest age served (custom ranges)."),
            FieldSpec("age_max", INT, "Oldest age served (custom ranges)."),
            FieldSpec("accepted_sources", S, "Referral sources accepted, space-separated codes."),
            FieldSpec("priority_groups", S, "Priority groups, space-separated codes."),
            FieldSpec("session_cap", INT, "Most sessions per episode; empty for no cap."),
            FieldSpec("at_risk_exception", B, "People at risk are not discharged at the cap."),
            FieldSpec(
                "rereferral_min_gap_days",
                INT,
                "Days after an episode before a re-referral is accepted.",
            ),
            FieldSpec("exclusions", S, "Exclusion criteria, space-separated codes."),
            FieldSpec("home_visits", B, "The scheme makes home visits."),
            FieldSpec("accompaniment", S, "Stance on accompanying people to a first VCSE visit."),
            FieldSpec("outcome_tools", S, "Outcome instruments named in the policy."),
            FieldSpec(
                "supervision_interval_days",
                INT,
                "The scheme's supervision standard: one supervision session is due for each "
                "link worker every this many days (28 when the scheme has set none).",
                added_in="1.3.0",
            ),
            FieldSpec(
                "required_courses",
                INT,
                "How many courses the scheme requires every link worker to complete.",
                added_in="1.3.0",
            ),
        ),
        ("scheme_id",),
    ),
    TableSpec(
        "practices",
        "GP practices",
        "One row per GP practice, with the PCN (England) or HSCP (Scotland) it belongs to.",
        (
            FieldSpec("practice_id", S, "Practice identifier.", required=True),
            FieldSpec("practice_code", S, "ODS code or national equivalent."),
            FieldSpec("practice_name", S, "Practice name."),
            FieldSpec("region", S, "Region name."),
            FieldSpec("unit_id", S, "The PCN or HSCP containing the practice."),
            FieldSpec("unit_name", S, "Name of the PCN or HSCP."),
            FieldSpec("unit_kind", S, "pcn or hscp."),
            FieldSpec("list_size", INT, "Registered patients."),
            FieldSpec("small_area_code", S, "Small area of the practice's own postcode."),
            FieldSpec(
                "deprivation_decile",
                INT,
                "Decile of the practice's small area (1 = most deprived).",
            ),
            FieldSpec(
                "deprivation_quintile",
                INT,
                "Quintile of the practice's small area (1 = most deprived).",
            ),
            FieldSpec(
                "deprivation_source",
                S,
                "Where the practice's decile and quintile come from: registered_patients (the "
                "practice's rank in its nation by the share of registered patients living in "
                "the 15% most deprived small areas, 1 = highest share) or premises_postcode "
                "(the small area of the practice's own postcode).",
            ),
            FieldSpec(
                "deep_end_share",
                N,
                "% of registered patients (with a known small area) living in the 15% most "
                "deprived small areas of the nation; empty when not loaded.",
            ),
        ),
        ("practice_id",),
    ),
    TableSpec(
        "scheme_practices",
        "Schemes serving practices",
        "One row per scheme and practice it serves.",
        (
            FieldSpec("scheme_id", S, "Scheme identifier.", required=True),
            FieldSpec("practice_id", S, "Practice identifier.", required=True),
        ),
        ("scheme_id", "practice_id"),
        (("scheme_id", "schemes", "scheme_id"), ("practice_id", "practices", "practice_id")),
    ),
    TableSpec(
        "people",
        "People",
        "One row per person referred, with demographics at export. Dates "
        "of birth become age bands and postcodes become small areas and deprivation deciles.",
        (
            PERSON,
            FieldSpec("scheme_id", S, "The scheme holding the person's record.", required=True),
            FieldSpec("sex", S, "Sex (female, male, intersex, not_known, not_stated)."),
            FieldSpec("gender_identity", S, "Gender identity, recorded separately from sex."),
            FieldSpec(
                "ethnicity",
                S,
                "NHS ethnic category code (England) or Scottish census "
                "category code (Scotland); empty when not asked.",
            ),
            *(_equalities_field(question) for question in QUESTIONS),
            FieldSpec("small_area_code", S, "LSOA 2011 (England) or data zone 2011 (Scotland)."),
            FieldSpec("deprivation_index", S, "imd2019 or simd2020."),
            FieldSpec("deprivation_decile", INT, "1 = most deprived 10% of small areas."),
            FieldSpec("deprivation_quintile", INT, "1 = most deprived 20% of small areas."),
            FieldSpec("postcode_status", S, "matched, unknown (kept, not guessed) or not_given."),
            FieldSpec(
                "linkage_id",
                S,
                "The person across packages: a keyed hash (HMAC-SHA256) of the NHS number, or "
                "CHI number without one, under a linkage key the sources share, never the "
                "export's own key. Empty when the package was made without a linkage key or the "
                "person has no number. It links the same person across sources only where the "
                "sources were pseudonymised with a shared linkage key (the key's fingerprint is "
                "in datapackage.json, x-linkwork.linkage); `linkwork pool` links people only "
                "then.",
                added_in="1.3.0",
            ),
            FieldSpec("given_name", S, "Given name.", identifiable=True),
            FieldSpec("family_name", S, "Family name.", identifiable=True),
            FieldSpec("date_of_birth", D, "Date of birth.", identifiable=True),
            FieldSpec("nhs_number", S, "NHS number.", identifiable=True),
            FieldSpec("chi_number", S, "CHI number.", identifiable=True),
            FieldSpec("postcode", S, "Postcode.", identifiable=True),
        ),
        ("person",),
        (("scheme_id", "schemes", "scheme_id"),),
    ),
    TableSpec(
        "referrals",
        "Referrals",
        "One row per referral, which is one episode of support.",
        (
            FieldSpec("referral_id", S, "Referral (episode) identifier.", required=True),
            PERSON,
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec("practice_id", S, "Referring practice; empty when not from a practice."),
            FieldSpec("source", S, "Referral source code."),
            FieldSpec("received_on", D, "Date the referral was received.", required=True),
            FieldSpec("age_band", S, "Age band on the referral date (e.g. 65-74)."),
            FieldSpec("status", S, "Lifecycle status at export."),
            FieldSpec("first_contact_on", D, "First attended session."),
            FieldSpec("waiting_days", INT, "Days from referral to first contact."),
            FieldSpec("closed_on", D, "Date the episode closed."),
            FieldSpec("decline_reason", S, "Why a declined referral was declined."),
            FieldSpec("discharge_reason", S, "Why the person was discharged."),
            FieldSpec("sessions_attended", INT, "Attended sessions in the episode."),
            FieldSpec("sessions_missed", INT, "Sessions not attended."),
            FieldSpec(
                "group_sessions_attended",
                INT,
                "Of sessions_attended, those in group mode: group sessions (a walking group, "
                "a peer support session) the person came to in this episode. Empty in packages "
                "from before 1.3.0.",
                added_in="1.3.0",
            ),
            FieldSpec("at_risk", B, "Flagged at risk (kept beyond the session cap)."),
            FieldSpec("previous_referral_id", S, "The earlier episode, for re-referrals."),
            FieldSpec("link_worker", S, "The link worker: a keyed hash, like person."),
        ),
        ("referral_id",),
        (("scheme_id", "schemes", "scheme_id"), ("person", "people", "person")),
    ),
    TableSpec(
        "referral_reasons",
        "Referral reasons",
        "One row per reason for a referral (needs taxonomy codes).",
        (
            FieldSpec("referral_id", S, "Referral.", required=True),
            FieldSpec("reason", S, "Needs taxonomy code.", required=True),
        ),
        ("referral_id", "reason"),
        (("referral_id", "referrals", "referral_id"),),
    ),
    TableSpec(
        "encounters",
        "Encounters",
        "One row per session or missed appointment.",
        (
            FieldSpec("encounter_id", S, "Encounter identifier.", required=True),
            FieldSpec("referral_id", S, "Referral.", required=True),
            PERSON,
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec("practice_id", S, "Practice the work was for."),
            FieldSpec("occurred_on", D, "Date of the session.", required=True),
            FieldSpec(
                "mode", S, "face_to_face, telephone, video, home_visit, group or accompanied."
            ),
            FieldSpec("duration_minutes", INT, "Length in minutes."),
            FieldSpec("attended", B, "False for a missed appointment."),
            FieldSpec("session_number", INT, "Attended-session count within the episode."),
            FieldSpec("recorded_lag_days", INT, "Days between the session and its recording."),
        ),
        ("encounter_id",),
        (("referral_id", "referrals", "referral_id"),),
    ),
    TableSpec(
        "connections",
        "Connections",
        "One row per onward connection to a service.",
        (
            FieldSpec("connection_id", S, "Connection identifier.", required=True),
            FieldSpec("referral_id", S, "Referral.", required=True),
            PERSON,
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec("kind", S, "signpost, referral or accompanied."),
            FieldSpec("target", S, "Kind of service (directory_service, housing, ...)."),
            FieldSpec("service_id", S, "The directory service, when it is listed."),
            FieldSpec("service_name", S, "The service's name."),
            FieldSpec("need", S, "Needs taxonomy code the connection addresses."),
            FieldSpec("status", S, "FHIR Task status code of the connection."),
            FieldSpec("made_on", D, "Date the connection was made."),
            FieldSpec("first_attended_on", D, "Date the person first attended."),
        ),
        ("connection_id",),
        (("referral_id", "referrals", "referral_id"),),
    ),
    TableSpec(
        "outcome_scores",
        "Outcome scores",
        "One row per questionnaire administration, scored "
        "with the definition version stored at the time.",
        (
            FieldSpec("administration_id", S, "Administration identifier.", required=True),
            FieldSpec("referral_id", S, "Referral."),
            PERSON,
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec(
                "instrument_id", S, "Instrument (ons4, wemwbs, swemwbs, ...).", required=True
            ),
            FieldSpec("definition_version", S, "Definition version used to score."),
            FieldSpec("kind", S, "validated, licensed_score_only or bespoke."),
            FieldSpec("timepoint", S, "baseline, review, discharge or follow_up."),
            FieldSpec("administered_on", D, "Date.", required=True),
            FieldSpec("mode", S, "How it was completed."),
            FieldSpec("primary_measure", S, "What primary_score measures."),
            FieldSpec("primary_score", N, "The score compared over time."),
            FieldSpec("total", N, "Total score, where the instrument has one."),
            FieldSpec("metric", N, "SWEMWBS metric score."),
            FieldSpec("parts_json", S, "Items or subscores as JSON text."),
            FieldSpec("bands_json", S, "Bands as JSON text."),
            FieldSpec("flags", S, "Space-separated flags, e.g. risk."),
            FieldSpec("prorated", B, "Scored from fewer than all items."),
        ),
        ("administration_id",),
        (("scheme_id", "schemes", "scheme_id"),),
    ),
    TableSpec(
        "financial_gains",
        "Financial gains",
        "One row per financial gain a link worker recorded for an episode: money or "
        "support in kind the person gained through the link work (a benefit award, a grant, "
        "a debt written off). Amounts are as recorded, not checked against any other source.",
        (
            FieldSpec("gain_id", S, "Financial gain identifier.", required=True),
            FieldSpec(
                "referral_id", S, "Referral (episode) the gain was recorded on.", required=True
            ),
            PERSON,
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec(
                "gain_type",
                S,
                "Type of gain, as a code: "
                + ", ".join(f"{code} ({name.lower()})" for code, name in FinancialGainType.choices)
                + ".",
                required=True,
                enum=tuple(FinancialGainType.values),
            ),
            FieldSpec("gain_type_name", S, "Type of gain, in words (as gain_type)."),
            FieldSpec(
                "amount_pence",
                INT,
                "Amount in pence, a whole number so sums are exact (12550 is \u00a3125.50).",
                required=True,
            ),
            FieldSpec(
                "annual",
                B,
                "True when the amount is a yearly one (such as a benefit award), false for a "
                "one-off gain.",
            ),
            FieldSpec("recorded_on", D, "Date the gain was recorded.", required=True),
        ),
        ("gain_id",),
        (("referral_id", "referrals", "referral_id"), ("scheme_id", "schemes", "scheme_id")),
        added_in="1.1.0",
    ),
    TableSpec(
        "scheme_costs",
        "Scheme costs",
        "One row per scheme, period and category of cost, as the scheme's managers recorded "
        "it: what the link work cost, for cost per referral, per person supported and per "
        "person improved. Amounts are as recorded, not audited accounts.",
        (
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec("period_start", D, "First day of the period the cost covers.", required=True),
            FieldSpec("period_end", D, "Last day of the period the cost covers.", required=True),
            FieldSpec(
                "category",
                S,
                "staff (link workers' pay and on-costs), management_support, "
                "vcse_commissioning (a VCSE host's fee), practice_resources (funds and "
                "protected time given to practices) or overheads.",
                required=True,
                enum=(
                    "staff",
                    "management_support",
                    "vcse_commissioning",
                    "practice_resources",
                    "overheads",
                ),
            ),
            FieldSpec(
                "amount_pence",
                INT,
                "Amount in pence, a whole number so sums are exact (12550 is \u00a3125.50).",
                required=True,
            ),
        ),
        ("scheme_id", "period_start", "period_end", "category"),
        (("scheme_id", "schemes", "scheme_id"),),
        added_in="1.2.0",
    ),
    TableSpec(
        "gp_appointments",
        "GP appointments before and after",
        "One row per episode whose person consented to their GP appointments being counted: "
        "the number of GP appointments in a window of whole months before the day of "
        "referral and in the same window after it. Counts are as the scheme recorded them "
        "(from the practice's record, a report from its system, or the person's own account); "
        "with no comparison group they support only an uncontrolled before-and-after "
        "comparison.",
        (
            FieldSpec("referral_id", S, "Referral (episode) the counts belong to.", required=True),
            PERSON,
            FieldSpec("scheme_id", S, "Scheme.", required=True),
            FieldSpec(
                "window_months",
                INT,
                "Length of each window in whole months: the before window ends on the day of "
                "referral, the after window starts on it.",
                required=True,
            ),
            FieldSpec("count_before", INT, "GP appointments in the window before.", required=True),
            FieldSpec("count_after", INT, "GP appointments in the window after.", required=True),
            FieldSpec(
                "source",
                S,
                "Where the counts come from: "
                + ", ".join(f"{code} ({name.lower()})" for code, name in GpCountSource.choices)
                + ".",
                required=True,
                enum=tuple(GpCountSource.values),
            ),
            FieldSpec("imported", B, "True when imported from a file, false when entered."),
        ),
        ("referral_id",),
        (("referral_id", "referrals", "referral_id"), ("scheme_id", "schemes", "scheme_id")),
        added_in="1.3.0",
    ),
    TableSpec(
        "implementation",
        "Implementation indicators",
        "One row per practice and period: "
        "the programme's three levels, continuity and NoMAD construct scores.",
        (
            FieldSpec("practice_id", S, "Practice.", required=True),
            FieldSpec("period", S, "Period label (e.g. 2026-Q3).", required=True),
            FieldSpec("period_start", D, "First day of the period."),
            FieldSpec("period_end", D, "Last day of the period."),
            FieldSpec(
                "classification",
                S,
                "fully_integrated, partially_integrated, not_integrated or not_assessable.",
            ),
            FieldSpec("indicators_json", S, "Every indicator of the assessment as JSON text."),
        ),
        ("practice_id", "period"),
    ),
    *WORKFORCE_TABLES,
)

TABLE_BY_NAME = {table.name: table for table in TABLES}
