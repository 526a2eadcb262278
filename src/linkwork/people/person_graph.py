"""Which tables hold a person's data, found by walking the model graph from Person.

Subject access and erasure both start here, so a table added later by any app (an FK to a
person, or to anything that hangs off a person) is found without this app knowing about it.
Every other installed model is listed in NOT_PERSONAL with the reason it holds nothing about
a person; a test fails when a model is in neither, so nothing can be forgotten silently.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, ForeignObjectRel, Model

from linkwork.people.models import Person

# The audit trail names the person by id rather than by foreign key (it must outlive the
# record and never block a delete), so it is reached by this field instead of by the walk.
AUDIT_MODEL = "audit.AuditEvent"
# The people a list read showed: read with the audit trail, by person.
AUDIT_SUBJECT_MODEL = "audit.AuditSubject"

# The column every table holding a person's data carries, so that a deployment can shard on
# it (docs/scaling.md): the foreign key to the scheme the row belongs to.
SCHEME_FIELD = "scheme"
SCHEME_MODEL = "organisations.Scheme"
# Person-data tables that carry no required scheme foreign key, each with why.
WITHOUT_SCHEME_FK: dict[str, str] = {
    AUDIT_MODEL: "Names the scheme by id (scheme_id), not by foreign key, like the person: the "
    "trail must outlive the records it names; staff events such as sign-in have no scheme.",
    AUDIT_SUBJECT_MODEL: "Names the scheme by id (scheme_id), as its event does.",
}

NOT_PERSONAL: dict[str, str] = {
    "admin.LogEntry": "Django admin's log of configuration edits; records are not edited there.",
    "auth.Permission": "Permission definitions.",
    "auth.Group": "Groups of staff permissions.",
    "contenttypes.ContentType": "The list of installed models.",
    "sessions.Session": "Staff sign-in sessions.",
    "core.Submission": "One-use keys against double submission; holds where a result is, "
    "never its content.",
    "accounts.User": "Staff accounts.",
    "caseload.SavedFilter": "A staff member's named caseload filters (status, risk, practice); "
    "a searched name or number is never saved.",
    "accounts.Membership": "Staff roles.",
    "accounts.ApiClient": "Systems registered to call the API for an organisation.",
    "accounts.RoleGrantRequest": "Requests to give staff a role, and their approvals.",
    "accounts.BreakGlassAccess": "Staff emergency access to a scheme; what they then read is "
    "in the audit trail.",
    "otp_totp.TOTPDevice": "Staff authenticator apps.",
    "otp_static.StaticDevice": "Staff recovery code sets.",
    "otp_static.StaticToken": "Staff recovery codes.",
    "axes.AccessAttempt": "Failed staff sign-ins, for lockout.",
    "axes.AccessLog": "Staff sign-ins, for lockout.",
    "axes.AccessFailureLog": "Failed staff sign-ins, for lockout.",
    "axes.AccessAttemptExpiration": "When a staff lockout ends.",
    "audit.AuditChainHead": "The audit trail's last hash, for chaining the next event.",
    "organisations.Region": "Reference data.",
    "organisations.Organisation": "Organisations, not people.",
    "organisations.Scheme": "Schemes, not people.",
    "organisations.SchemePolicy": "Scheme rules.",
    "organisations.TidierDescription": "Description of the intervention.",
    "lookups.PostcodeLookup": "National postcode reference data.",
    "lookups.AreaDeprivation": "National deprivation reference data.",
    "lookups.PracticeDeprivation": "Counts of a practice's registered patients by area "
    "deprivation, not about named people.",
    "directory.Taxonomy": "Service directory reference data.",
    "directory.TaxonomyTerm": "Service directory reference data.",
    "directory.DirectoryOrganization": "Service providers.",
    "directory.OrganizationIdentifier": "Service providers' identifiers.",
    "directory.Location": "Service locations.",
    "directory.Address": "Service addresses.",
    "directory.Accessibility": "Service accessibility.",
    "directory.Service": "Services.",
    "directory.ServiceAtLocation": "Services at locations.",
    "directory.Schedule": "Service opening times.",
    "directory.ServiceArea": "Service areas.",
    "directory.Funding": "Service funding.",
    "directory.CostOption": "Service costs.",
    "directory.Contact": "Service contacts (staff of providers, not people supported).",
    "directory.Phone": "Service telephone numbers.",
    "directory.Language": "Service languages.",
    "directory.Attribute": "Service classification.",
    "directory.ImportFingerprint": "Digests of directory files imported, no person data.",
    "outcomes.ScheduleRule": "When questionnaires are due, per scheme.",
    "outcomes.InstrumentWording": "Licensed questionnaire wording.",
    "outcomes.BespokeInstrument": "A scheme's own questionnaire definitions.",
    "implementation.Activity": "Link worker activity counts, not about named people.",
    "implementation.PracticeEvent": "Events at practices.",
    "implementation.Coverage": "Link worker cover of practices.",
    "implementation.Absence": "Staff absence.",
    "implementation.Handover": "Practices handed between link workers.",
    "implementation.ConcurrentInitiative": "Other initiatives in the area.",
    "implementation.NomadRound": "Staff survey rounds.",
    "implementation.NomadLink": "Staff survey links.",
    "implementation.NomadResponse": "Staff survey answers.",
    "implementation.RuleOverride": "Scheme rule overrides.",
    "implementation.PracticeLeadership": "A practice's programme lead (staff).",
    "workforce.WorkforceStandard": "A scheme's expectations of its link workers.",
    "workforce.LinkWorkerPost": "Link worker posts: staff employment, not people supported.",
    "workforce.SupportSession": "Staff supervision and peer support, not people supported.",
    "workforce.TrainingRecord": "Staff training, not people supported.",
    "workforce.WellbeingCheck": "Staff's answers about their own workload.",
    "workforce.PracticeFund": "Money given to practices.",
    "workforce.ProtectedTime": "Practice staff's protected time for the programme.",
    "workforce.SchemeCost": "A scheme's costs by period.",
    "evaluation.ReportJob": "Aggregate report runs; results are pseudonymised statistics.",
    "django_tasks_database.DBTaskResult": "The background job queue: which job to run, by "
    "its id, never a person's details.",
    "demo.DemoBuild": "Demonstration data builds.",
    "groups.GroupActivity": "A scheme's group activities (a walking group): names and kinds.",
    "groups.GroupSession": "When and where a group met, who ran it (staff) and a count of "
    "others; who came from the caseload is GroupAttendance, reached from the person.",
    "diary.DiarySettings": "A scheme's diary rules (missed contacts, days without contact).",
    "tasks.NotificationPreference": "A member of staff's choice to be emailed notifications.",
    "imports.ImportRun": "Who imported which files into a scheme, with counts; never a row's "
    "content (the source ids it wrote are ImportedRecord, reached from the person).",
}


@dataclass(frozen=True, slots=True)
class PersonTable:
    model: type[Model]
    # The ORM lookup from this model to the Person, e.g. "person" or "referral__person";
    # "pk" for Person itself.
    path: str

    @property
    def label(self) -> str:
        return self.model._meta.label


def person_tables() -> list[PersonTable]:
    """Person first, then every model reachable from it through reverse foreign keys and
    one-to-one links, breadth-first so each is reached by its shortest path."""
    found: list[PersonTable] = [PersonTable(Person, "pk")]
    seen: set[type[Model]] = {Person}
    queue: deque[PersonTable] = deque(found)
    while queue:
        table = queue.popleft()
        prefix = "" if table.model is Person else f"__{table.path}"
        for relation in table.model._meta.get_fields(include_hidden=True):
            if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
                continue
            model = relation.related_model
            if not isinstance(model, type) or model in seen:
                continue
            seen.add(model)
            child = PersonTable(model, f"{relation.field.name}{prefix}")
            found.append(child)
            queue.append(child)
    return found


def unclassified_models() -> list[str]:
    """Installed models neither reached from Person, nor the audit trail, nor declared as
    holding nothing about a person: each is a table subject access and erasure would miss."""
    reached = {table.label for table in person_tables()} | {AUDIT_MODEL, AUDIT_SUBJECT_MODEL}
    return sorted(
        model._meta.label
        for model in apps.get_models()
        if model._meta.label not in reached and model._meta.label not in NOT_PERSONAL
    )


def wrongly_excluded_models() -> list[str]:
    """Models declared as holding nothing about a person that the walk reaches all the same."""
    reached = {table.label for table in person_tables()}
    return sorted(reached & set(NOT_PERSONAL))


def carries_scheme(model: type[Model]) -> bool:
    """Whether the model has a required foreign key named `scheme` to the scheme itself."""
    try:
        field = model._meta.get_field(SCHEME_FIELD)
    except FieldDoesNotExist:
        return False
    if not isinstance(field, ForeignKey) or field.null:
        return False
    related = field.related_model
    return (
        isinstance(related, type)
        and issubclass(related, Model)
        and (related._meta.label == SCHEME_MODEL)
    )


def tables_without_scheme() -> list[str]:
    """Tables holding a person's data that do not carry the scheme directly and are not
    excused in WITHOUT_SCHEME_FK: each would have to be reached through a join to find its
    scheme, and could not be placed on the scheme's shard."""
    labels = {table.label: table.model for table in person_tables()}
    for label in (AUDIT_MODEL, AUDIT_SUBJECT_MODEL):
        labels[label] = apps.get_model(label)
    return sorted(
        label
        for label, model in labels.items()
        if label not in WITHOUT_SCHEME_FK and not carries_scheme(model)
    )
