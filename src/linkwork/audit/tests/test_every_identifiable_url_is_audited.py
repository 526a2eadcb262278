"""Every URL that shows identifiable data writes the audit trail, checked against the URL
configuration itself: each pattern is either requested here by a user entitled to it (and must
leave an audit event about the people it showed) or listed as showing no identifiable data, with
the reason. A new URL that is in neither list fails the first test."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core.one_use_tokens import token_hash
from linkwork.diary.selectors import monday_of
from linkwork.diary.services import appointment_book
from linkwork.directory.models import DirectoryOrganization, Service
from linkwork.episodes.models import Connection, Referral
from linkwork.episodes.services.connections import connection_create
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.fhir.selectors import version_of as fhir_version_of
from linkwork.groups.models import GroupActivity
from linkwork.groups.services import SessionDetails, group_activity_create, group_session_record
from linkwork.outcomes.models import Administration
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.safeguarding.models import Concern
from linkwork.safeguarding.services import concern_open
from linkwork.tasks.models import Task
from linkwork.tasks.services import task_create
from linkwork.testing.world import SmallWorld, refer_and_start
from linkwork.voice.case_study_services import Story, case_study_approve, case_study_write
from linkwork.voice.feedback_services import feedback_submit
from linkwork.voice.models import CaseStudy, FeedbackRequest
from linkwork.voice.questionnaire import ITEM_CODES


def pattern_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from pattern_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or str(pattern.pattern))


POST_ONLY = "a write, POST only: its service audits it in the same transaction"
NO_PEOPLE = "shows no identifiable data"

# Patterns that show nobody's identifiable data, each with why.
NOT_IDENTIFIABLE: dict[str, str] = {
    "accounts:login": NO_PEOPLE,
    "accounts:logout": NO_PEOPLE,
    "accounts:password_reset": NO_PEOPLE,
    "accounts:hub": "links to other pages only",
    "core:healthz": "whether the database and job queue answer: no people",
    "implementation:leadership": "a practice's programme lead, a member of staff: no people",
    "organisations:region_list": "regions and organisations: no people",
    "organisations:region_detail": "regions and organisations: no people",
    "organisations:organisation_list": "regions and organisations: no people",
    "organisations:organisation_detail": "regions and organisations: no people",
    "organisations:scheme_list": "schemes and their policies: no people",
    "organisations:scheme_detail": "schemes and their policies: no people",
    "organisations:scheme_tidier": "a scheme's TIDieR description: no people",
    "organisations:scheme_tidier_download": "a scheme's TIDieR description: no people",
    "people:consent_add": POST_ONLY,
    "people:consent_withdraw": POST_ONLY,
    "people:person_merge": POST_ONLY,
    "episodes:referral_new": "an empty referral form",
    "episodes:accept": POST_ONLY,
    "episodes:decline": POST_ONLY,
    "episodes:assign": POST_ONLY,
    "episodes:close": POST_ONLY,
    "episodes:at_risk": POST_ONLY,
    "episodes:safety": POST_ONLY,
    "episodes:what_matters": POST_ONLY,
    "episodes:encounter_add": POST_ONLY,
    "episodes:goal_add": POST_ONLY,
    "episodes:goal_status": POST_ONLY,
    "episodes:connection_add": POST_ONLY,
    "episodes:connection_to_service": POST_ONLY,
    "episodes:connection_status": POST_ONLY,
    "episodes:gain_add": POST_ONLY,
    "episodes:episode_summary_sent": POST_ONLY,
    "episodes:vcse_reply": POST_ONLY,
    "episodes:self_referral": "the public self-referral form; submitting it is audited",
    "episodes:self_referral_done": "a thank-you page",
    "outcomes:alert_acknowledge": POST_ONLY,
    "safeguarding:concern_update": POST_ONLY,
    "safeguarding:concern_close": POST_ONLY,
    "directory:search": "the service directory: services, not people",
    "directory:service_detail": "the service directory: services, not people",
    "directory:capacity_update": POST_ONLY,
    "directory:stale_list": "the service directory: services, not people",
    **{
        f"directory:oruk_{name}": "Open Referral UK feed of services, not people"
        for name in (
            "index",
            "openapi",
            "services",
            "service",
            "service_at_locations",
            "service_at_location",
            "taxonomies",
            "taxonomy",
            "taxonomy_terms",
            "taxonomy_term",
        )
    },
    "implementation:index": "implementation measures: counts per practice, no people",
    "implementation:activity_week": "staff's own activity log: no client data",
    "implementation:activity_delete": POST_ONLY,
    "implementation:scheme_dashboard": "implementation measures: counts, no people",
    "implementation:practice_dashboard": "implementation measures: counts, no people",
    "implementation:events": "practice events: no client data",
    "implementation:continuity": "staff cover and absences: no client data",
    "implementation:coverage_add": POST_ONLY,
    "implementation:absence_add": POST_ONLY,
    "implementation:handover_add": POST_ONLY,
    "implementation:initiatives": "practice initiatives: no client data",
    "implementation:nomad_rounds": "staff survey rounds: no client data",
    "implementation:nomad_round": "staff survey rounds: no client data",
    "implementation:nomad_links": "staff survey links: no client data",
    "implementation:nomad_close": POST_ONLY,
    "implementation:nomad_answer": "a staff survey form: no client data",
    "workforce:index": "staff's own posts and the schemes they manage: no client data",
    "workforce:indicators": "workforce aggregates with small counts suppressed: no client data",
    "workforce:scheme_posts": "link worker posts: staff, no client data",
    "workforce:standard": POST_ONLY,
    "workforce:scheme_costs": "a scheme's costs: no people",
    "workforce:scheme_indicators": "workforce aggregates with small counts suppressed",
    "workforce:post_detail": "a link worker's own supervision and training: staff, no client data",
    "workforce:post_end": POST_ONLY,
    "workforce:session_add": POST_ONLY,
    "workforce:training_add": POST_ONLY,
    "workforce:wellbeing_add": POST_ONLY,
    "workforce:record_remove": POST_ONLY,
    "workforce:practice_resources": "a practice's funds and protected staff time: no client data",
    "workforce:fund_add": POST_ONLY,
    "workforce:protected_time_add": POST_ONLY,
    "workforce:gp_record": POST_ONLY,
    "workforce:post_edit": "changing a link worker post: staff, no client data",
    "workforce:resource_edit": "changing a practice's fund or protected time: no client data",
    "workforce:resource_end": POST_ONLY,
    "workforce:gp_import": "a scheme's totals of GP appointments and the import form (an import "
    "is a write its service audits row by row): no people shown",
    "evaluation:dashboard": "evaluation: aggregate statistics with small numbers suppressed",
    "evaluation:run": POST_ONLY,
    "evaluation:job": "evaluation: aggregate statistics with small numbers suppressed",
    "evaluation:download": "evaluation: aggregate statistics with small numbers suppressed",
    "api:openapi-json": "the API's description",
    "api:openapi-view": "the API's description",
    "api:api-root": "the API's description",
    "api-fallback": "a JSON 404 for unknown API paths",
    "api:registry_summary_get": "regions and schemes: no people",
    "api:scheme_list_get": "regions and schemes: no people",
    "api:scheme_detail_get": "regions and schemes: no people",
    "api:referral_create": POST_ONLY,
    "api:session_create": POST_ONLY,
    "api:connection_add": POST_ONLY,
    "api:goal_create": POST_ONLY,
    "api:goal_status_set": POST_ONLY,
    "api:episode_close": POST_ONLY,
    "api:at_risk_set": POST_ONLY,
    "api:safety_record": POST_ONLY,
    "api:what_matters_set": POST_ONLY,
    "api:summary_amend_api": POST_ONLY,
    "api:summary_sent_api": POST_ONLY,
    "api:group_session_change": "a write, PUT only: its service audits it in the same transaction",
    "api:financial_gain_create": POST_ONLY,
    "api:connection_status": POST_ONLY,
    "api:discharge": POST_ONLY,
    "api:triage_accept": POST_ONLY,
    "api:triage_decline": POST_ONLY,
    "api:link_worker_assign": POST_ONLY,
    "api:appointment_create": POST_ONLY,
    "api:appointment_move_api": POST_ONLY,
    "api:appointment_cancel_api": POST_ONLY,
    "api:appointment_attended_api": POST_ONLY,
    "api:appointment_did_not_attend_api": POST_ONLY,
    "api:contact_note_create": POST_ONLY,
    "api:concern_create": POST_ONLY,
    "api:concern_update_create": POST_ONLY,
    "api:concern_close_api": POST_ONLY,
    "api:consent_create": POST_ONLY,
    "api:consent_withdraw_api": POST_ONLY,
    "api:instrument_list": "questionnaire definitions: no people",
    "api:instrument_score": "scores answers it is sent; stores and shows no one's record",
    "api:administration_create": POST_ONLY,
    "api:alert_acknowledge": POST_ONLY,
    "api:assessment_get": "implementation measures: counts, no people",
    "api:activity_create": POST_ONLY,
    "api:activity_list": "staff's own activity log: no client data",
    "api:task_create_api": POST_ONLY,
    "api:group_list": "a scheme's groups: names and kinds, no people",
    "api:group_create": POST_ONLY,
    "api:group_session_create": POST_ONLY,
    "api:group_session_cancel_api": POST_ONLY,
    "api:case_study_create": POST_ONLY,
    "api:support_session_create": POST_ONLY,
    "api:training_create": POST_ONLY,
    "api:wellbeing_create": POST_ONLY,
    "api:fund_create": POST_ONLY,
    "api:protected_time_create": POST_ONLY,
    "api:scheme_cost_create": POST_ONLY,
    "api:gp_appointments_create": POST_ONLY,
    "api:case_study_change": "a write, PUT only: its service audits it in the same transaction",
    "api:case_study_approve_api": POST_ONLY,
    "api:case_study_withdraw_api": POST_ONLY,
    "api:task_done_api": POST_ONLY,
    "api:task_reassign_api": POST_ONLY,
    "access:grant_list": "staff role grant requests: about staff, not the people supported",
    "access:grant_create": "asks for a staff role; each request is audited as it is made",
    "access:grant_approve": POST_ONLY,
    "access:grant_refuse": POST_ONLY,
    "access:break_glass": "the form for emergency access; opening it is audited",
    "accounts:second_factor": "a sign-in step: the staff member's own account",
    "accounts:second_factor_setup": "a sign-in step: the staff member's own account",
    "accounts:recovery_codes": "the staff member's own recovery codes",
    "episodes:self_referral_index": "the public list of schemes: no people",
    "people:correction_add": POST_ONLY,
    "people:restriction_change": POST_ONLY,
    "people:legal_hold_change": POST_ONLY,
    "diary:appointment_did_not_attend": POST_ONLY,
    "diary:settings": "a scheme's diary rules: no people",
    "diary:settings_change": POST_ONLY,
    "groups:group_list": "a scheme's groups: names, kinds and counts of sessions; no people",
    "groups:activity_new": "an empty form for a new group",
    "groups:activity_detail": "a group's sessions: dates, places, staff and counts; no people",
    "messaging:mesh_sends": "MESH delivery states by practice and summary version: no names",
    "messaging:mesh_send_again": POST_ONLY,
    "fhir:metadata": "the FHIR CapabilityStatement: what the interface does, no people",
    "fhir:openapi": "the FHIR endpoints described in OpenAPI, no people",
    "fhir:transaction": POST_ONLY,
    "fhir:service_request_create": POST_ONLY,
    "imports:index": "the upload form and past imports' counts: no people",
    "imports:upload": POST_ONLY,
    "imports:run": "an upload's preview shows source rows that are nobody's record yet; each "
    "preview is audited (a view of the import_run) with the scheme",
    "imports:start": POST_ONLY,
    "imports:discard": POST_ONLY,
    "imports:reverse": POST_ONLY,
    "tasks:new": "an empty task form for the user's scheme: no people",
    "tasks:done": POST_ONLY,
    "tasks:pass": POST_ONLY,
    "tasks:notifications_seen": POST_ONLY,
    "tasks:notification_email": POST_ONLY,
    "caseload:search": "keeps a search for the caseload list (audited as a search); shows no one",
    "caseload:filter_save": POST_ONLY,
    "caseload:filter_delete": POST_ONLY,
    "caseload:bulk_reassign": "the review page of the people ticked (audited), then a write",
    "caseload:bulk_remind": "the review page of the people ticked (audited), then a write",
    "caseload:bulk_close": "the review page of the people ticked (audited), then a write",
    "voice:feedback_answer": "the person's own feedback form: names nobody; answering is audited",
    "voice:case_study_approve": POST_ONLY,
    "voice:case_study_withdraw": POST_ONLY,
    # The workforce, implementation and directory writes of the JSON API: staff records and
    # services, no client data; each a write whose service audits it as its page does.
    "api:post_create_api": POST_ONLY,
    "api:post_change_api": "a write, PUT only: its service audits it in the same transaction",
    "api:post_end_api": POST_ONLY,
    "api:standard_set_api": "a write, PUT only: a scheme's standard, no people",
    "api:fund_change_api": "a write, PUT only: its service audits it in the same transaction",
    "api:fund_end_api": POST_ONLY,
    "api:protected_time_change_api": "a write, PUT only: its service audits it in the same "
    "transaction",
    "api:protected_time_end_api": POST_ONLY,
    "api:post_record_remove_api": "a write, DELETE only: removes a post's own record",
    "api:service_capacity_change": "a write, PUT only: a directory service's capacity, no people",
    "api:event_create": POST_ONLY,
    "api:coverage_create": POST_ONLY,
    "api:absence_create": POST_ONLY,
    "api:handover_create": POST_ONLY,
    "api:initiative_create": POST_ONLY,
    "api:leadership_create": POST_ONLY,
    "api:activity_remove": "a write, DELETE only: removes an entry from the caller's own log",
    "api:nomad_round_create": POST_ONLY,
    "api:nomad_links_create": POST_ONLY,
    "api:nomad_round_close_api": POST_ONLY,
}


@dataclass
class Scene:
    """A demo-like corner of the world: an open episode with a session, a questionnaire and a
    consented connection to a VCSE service; and a discharged episode with its summary."""

    world: SmallWorld
    open: Referral
    closed: Referral
    connection: Connection
    administration: Administration

    @property
    def people(self) -> set[object]:
        return {self.open.person_id, self.closed.person_id}


def build_scene(world: SmallWorld) -> Scene:
    worker = world.users[Role.LINK_WORKER]
    episodes = []
    for name in ("Lovelace", "Hopper"):
        referral = refer_and_start(
            world, person={"family_name": name}, received_on=world_today() - timedelta(days=30)
        )
        encounter_record(
            referral=referral,
            actor=worker,
            occurred_on=referral.received_on + timedelta(days=7),
            mode="face_to_face",
            duration_minutes=40,
        )
        episodes.append(referral)
    open_, closed = episodes
    administration = administration_record(
        referral=open_,
        actor=worker,
        questionnaire=Questionnaire(
            instrument_id="ons4",
            timepoint="baseline",
            administered_on=open_.received_on + timedelta(days=7),
            mode="with_link_worker",
        ),
        responses={"life_satisfaction": 7, "worthwhile": 8, "happiness": 5, "anxiety": 3},
    )
    provider = DirectoryOrganization.objects.create(
        name="Testshire Community Links", registry_organisation=world.vcse
    )
    service = Service.objects.create(
        name="Friendship café", organization=provider, region=world.england
    )
    connection = connection_create(
        referral=open_,
        actor=worker,
        kind="referral",
        need="loneliness_isolation",
        service=service,
        consent=True,
        shared=["name", "reason"],
    )
    referral_discharge(referral=closed, actor=worker, reason="goals_met")
    return Scene(world, open_, closed, connection, administration)


def a_case_study(s: Scene) -> CaseStudy:
    """An approved case study of the open episode, with the person's consent."""
    study = case_study_write(
        referral=s.open,
        actor=s.world.users[Role.LINK_WORKER],
        story=Story(
            title="Allotment",
            what_mattered="Gardening",
            what_was_done="A group",
            what_changed="Out weekly",
            consent_on=world_today(),
            consent_how="written",
        ),
    )
    return case_study_approve(case_study=study, actor=s.world.users[Role.SCHEME_MANAGER])


def feedback_with_comment(s: Scene) -> str:
    """The discharged person answered their feedback link, with a comment."""
    FeedbackRequest.objects.filter(referral=s.closed).update(token_hash=token_hash("known"))
    feedback_submit(
        token="known",
        answers=dict.fromkeys(ITEM_CODES, "agree"),
        comment="Kind and patient.",
    )
    return reverse("voice:feedback_results")


def voice_pages() -> dict[str, Ask]:
    manager = Role.SCHEME_MANAGER
    return {
        "voice:feedback_results": lambda s: (s.world.users[manager], feedback_with_comment(s)),
        "voice:case_study_list": lambda s: (
            s.world.users[manager],
            reverse("voice:case_study_list") if a_case_study(s) else "",
        ),
        "voice:case_study_export": lambda s: (
            s.world.users[Role.COMMISSIONER],
            reverse("voice:case_study_export") if a_case_study(s) else "",
        ),
        "voice:case_study_new": lw(lambda s: reverse("voice:case_study_new", args=[s.open.pk])),
        "voice:case_study": lw(lambda s: reverse("voice:case_study", args=[a_case_study(s).pk])),
        "voice:case_study_edit": lw(
            lambda s: reverse("voice:case_study_edit", args=[a_case_study(s).pk])
        ),
    }


def world_today():
    from django.utils import timezone

    return timezone.localdate()


def booked(scene: Scene) -> uuid.UUID:
    """An appointment tomorrow at ten with the open episode's person."""
    starts = timezone.make_aware(datetime.combine(world_today() + timedelta(days=1), time(10)))
    return appointment_book(
        referral=scene.open,
        actor=scene.world.users[Role.LINK_WORKER],
        starts_at=starts,
        length_minutes=45,
        mode="face_to_face",
    ).pk


def diary_week_of_booking(scene: Scene) -> str:
    booked(scene)
    return f"{reverse('diary:my_diary')}?week={monday_of(world_today() + timedelta(days=1))}"


def appointment_page(name: str) -> Ask:
    return lw(lambda s: reverse(name, args=[booked(s)]))


def a_group(scene: Scene) -> GroupActivity:
    return group_activity_create(
        scheme=scene.world.scheme,
        actor=scene.world.users[Role.LINK_WORKER],
        name="Tuesday walking group",
        kind="walking",
    )


def group_session_page(name: str) -> Ask:
    """A page of a group session the open episode's person came to."""

    def url(scene: Scene) -> str:
        worker = scene.world.users[Role.LINK_WORKER]
        session = group_session_record(
            activity=a_group(scene),
            actor=worker,
            details=SessionDetails(
                facilitator=worker,
                occurred_on=world_today() - timedelta(days=1),
                place="Heaton Park",
                duration_minutes=60,
                attendees=[scene.open],
            ),
        )
        return reverse(name, args=[session.pk])

    return lw(url)


# name -> (who asks, the URL to ask for); every one must write an audit event about its people.
Ask = Callable[[Scene], tuple[User, str]]


def lw(url: Callable[[Scene], str]) -> Ask:
    return lambda s: (s.world.users[Role.LINK_WORKER], url(s))


def summary(name: str, **extra: object) -> Ask:
    return lw(lambda s: reverse(name, kwargs={"referral_id": s.closed.pk, **extra}))


def a_task(s: Scene) -> Task:
    """A task about the open episode's person, given to the link worker by the manager."""
    return task_create(
        scheme=s.open.scheme,
        actor=s.world.users[Role.SCHEME_MANAGER],
        title="Call back",
        due_on=world_today(),
        assignee=s.world.users[Role.LINK_WORKER],
        referral=s.open,
    )


def a_concern(s: Scene) -> Concern:
    """A safeguarding concern about the open episode's person, raised by the link worker."""
    return concern_open(
        referral=s.open,
        actor=s.world.users[Role.LINK_WORKER],
        category="adult",
        observed="Seen",
        actions="Done",
        review_on=world_today() + timedelta(days=7),
    )


def a_prompt(s: Scene) -> str:
    """The open episode's referrer described a risk: a prompt to record a concern."""
    Referral.objects.filter(pk=s.open.pk).update(risk_flags=["safeguarding_adult"])
    url = reverse("safeguarding:prompt_dismiss", args=[s.open.pk])
    return f"{url}?source=referral_risk"


AUDITED: dict[str, Ask] = {
    "accounts:home": lw(lambda s: reverse("accounts:home")),
    "audit:export": lambda s: (s.world.users[Role.SCHEME_MANAGER], reverse("audit:export")),
    "people:person_search": lw(lambda s: reverse("people:person_search")),
    "people:person_detail": lw(lambda s: reverse("people:person_detail", args=[s.open.person_id])),
    "episodes:referral_detail": lw(lambda s: reverse("episodes:referral_detail", args=[s.open.pk])),
    "episodes:referral_sent": lambda s: (
        s.world.users[Role.REFERRER_GP],
        reverse("episodes:referral_sent", args=[s.open.pk]),
    ),
    "episodes:discharge": lw(lambda s: reverse("episodes:discharge", args=[s.open.pk])),
    "episodes:episode_summary": summary("episodes:episode_summary"),
    "episodes:episode_summary_pdf": summary("episodes:episode_summary_pdf"),
    "episodes:episode_summary_amend": summary("episodes:episode_summary_amend"),
    "episodes:episode_summary_version": summary("episodes:episode_summary_version", version=1),
    "episodes:episode_summary_version_pdf": summary(
        "episodes:episode_summary_version_pdf", version=1
    ),
    "episodes:my_referrals": lambda s: (
        s.world.users[Role.REFERRER_GP],
        reverse("episodes:my_referrals"),
    ),
    "episodes:practice_referrals": lambda s: (
        s.world.users[Role.PRACTICE_MANAGER],
        reverse("episodes:practice_referrals"),
    ),
    "episodes:handover": lw(lambda s: reverse("episodes:handover")),
    "episodes:caseload_queue": lw(lambda s: reverse("episodes:caseload_queue", args=["active"])),
    "episodes:vcse_inbox": lambda s: (
        s.world.users[Role.VCSE_WORKER],
        reverse("episodes:vcse_inbox"),
    ),
    "outcomes:due": lw(lambda s: reverse("outcomes:due")),
    "diary:my_diary": lw(diary_week_of_booking),
    "caseload:list": lw(lambda s: reverse("caseload:list")),
    "caseload:export": lambda s: (s.world.users[Role.SCHEME_MANAGER], reverse("caseload:export")),
    "diary:appointment_new": lw(lambda s: reverse("diary:appointment_new", args=[s.open.pk])),
    "diary:appointment_move": appointment_page("diary:appointment_move"),
    "diary:appointment_cancel": appointment_page("diary:appointment_cancel"),
    "diary:appointment_attended": appointment_page("diary:appointment_attended"),
    "groups:session_new": lw(lambda s: reverse("groups:session_new", args=[a_group(s).pk])),
    "groups:session_detail": group_session_page("groups:session_detail"),
    "groups:session_edit": group_session_page("groups:session_edit"),
    "groups:session_cancel": group_session_page("groups:session_cancel"),
    "outcomes:record": lw(lambda s: reverse("outcomes:record", args=[s.open.pk])),
    "outcomes:person": lw(lambda s: reverse("outcomes:person", args=[s.open.person_id])),
    "outcomes:administration": lw(
        lambda s: reverse("outcomes:administration", args=[s.administration.pk])
    ),
    "safeguarding:contact_note_new": lw(
        lambda s: reverse("safeguarding:contact_note_new", args=[s.open.pk])
    ),
    "safeguarding:concern_new": lw(lambda s: reverse("safeguarding:concern_new", args=[s.open.pk])),
    "safeguarding:prompt_dismiss": lw(a_prompt),
    "safeguarding:concern_list": lambda s: (
        s.world.users[Role.SCHEME_MANAGER],
        reverse("safeguarding:concern_list") if a_concern(s) else "",
    ),
    "safeguarding:concern": lw(lambda s: reverse("safeguarding:concern", args=[a_concern(s).pk])),
    "tasks:mine": lw(lambda s: reverse("tasks:mine")),
    "tasks:scheme": lambda s: (s.world.users[Role.SCHEME_MANAGER], reverse("tasks:scheme")),
    "tasks:episode_new": lw(lambda s: reverse("tasks:episode_new", args=[s.open.pk])),
    "tasks:notifications": lw(lambda s: reverse("tasks:notifications") if a_task(s) else ""),
    "api:referral_list": lw(lambda s: reverse("api:referral_list")),
    "api:referral_detail": lw(lambda s: reverse("api:referral_detail", args=[s.open.pk])),
    "api:person_administrations": lw(
        lambda s: reverse("api:person_administrations", args=[s.open.person_id])
    ),
    "api:due_list": lw(lambda s: reverse("api:due_list")),
    "api:task_list": lw(lambda s: reverse("api:task_list") if a_task(s) else ""),
    "api:case_study_detail_api": lw(
        lambda s: reverse("api:case_study_detail_api", args=[a_case_study(s).pk])
    ),
    "api:task_detail": lw(lambda s: reverse("api:task_detail", args=[a_task(s).pk])),
    "people:subject_access": lambda s: (
        s.world.users[Role.SCHEME_MANAGER],
        reverse("people:subject_access", args=[s.closed.person_id]),
    ),
    "people:person_erase": lambda s: (
        s.world.users[Role.SCHEME_MANAGER],
        reverse("people:person_erase", args=[s.closed.person_id]),
    ),
    "fhir:task_search": lambda s: (s.world.users[Role.VCSE_WORKER], "/fhir/Task"),
    "fhir:task": lambda s: (s.world.users[Role.VCSE_WORKER], f"/fhir/Task/{s.connection.pk}"),
    "fhir:task_version": lambda s: (
        s.world.users[Role.VCSE_WORKER],
        f"/fhir/Task/{s.connection.pk}/_history/{fhir_version_of(s.connection)}",
    ),
    "fhir:service_request": lambda s: (
        s.world.users[Role.VCSE_WORKER],
        f"/fhir/ServiceRequest/{s.connection.pk}",
    ),
    "fhir:composition_document": lw(
        lambda s: f"/fhir/Composition/{s.closed.summaries.get().pk}/$document"
    ),
    # Asked for as of ten years on, when the discharged person's record is past retention.
    "people:retention_review": lambda s: (
        s.world.users[Role.SCHEME_MANAGER],
        reverse("people:retention_review"),
    ),
}

AUDITED.update(voice_pages())

# Pages asked for as of another day.
DAYS_ON: dict[str, int] = {"people:retention_review": 3660}


# Reads asked for with POST, so what is searched for stays out of addresses and logs.
POSTED: dict[str, dict[str, str]] = {"people:person_search": {"q": "Lovelace"}}


def is_admin(name: str) -> bool:
    # The Django admin registers no model holding people or episodes (see each app's admin.py);
    # that is checked by test_the_admin_registers_no_identifiable_model.
    return name.startswith("admin:")


def test_every_url_is_either_audited_or_listed_with_a_reason() -> None:
    names = {name for name in pattern_names() if not is_admin(name)}
    unlisted = names - set(AUDITED) - set(NOT_IDENTIFIABLE)
    assert unlisted == set(), "audit these URLs (and add them to AUDITED) or list them with why"
    assert set(AUDITED) & set(NOT_IDENTIFIABLE) == set()
    assert (set(AUDITED) | set(NOT_IDENTIFIABLE)) - names == set(), "listed but gone"


def test_the_admin_registers_no_identifiable_model() -> None:
    from django.contrib import admin

    labels = {model._meta.app_label for model in admin.site._registry}
    assert labels.isdisjoint({"people", "episodes", "audit"})


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(AUDITED))
def test_reading_identifiable_data_writes_the_audit_trail(
    world: SmallWorld, name: str, settings
) -> None:
    scene = build_scene(world)
    if name in DAYS_ON:
        settings.LINKWORK_TODAY = world_today() + timedelta(days=DAYS_ON[name])
    user, url = AUDITED[name](scene)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client = Client()
    client.force_login(user)
    response = client.post(url, POSTED[name]) if name in POSTED else client.get(url)
    assert response.status_code == 200, (name, response.status_code)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # a streamed export is audited as it is read
    written = AuditEvent.objects.filter(id__gt=before, actor=user)
    if name == "audit:export":
        assert written.filter(object_type="audit_trail").exists()
        return
    about_them = written.filter(
        Q(person_id__in=scene.people) | Q(subjects__person_id__in=scene.people)
    )
    assert about_them.exists(), f"{name} showed people and left no audit event about them"
