"""The caseload pages: the list (filters by GET, search by POST kept in the session so a name or
number never reaches an address), its CSV export for managers, saved filters, and the bulk
actions, each a review page and then one service call."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record, audit_record_list
from linkwork.caseload.forms import (
    FILTER_FIELDS,
    ChosenForm,
    CloseForm,
    FilterForm,
    ReassignForm,
    SaveFilterForm,
    SearchForm,
)
from linkwork.caseload.models import SavedFilter
from linkwork.caseload.selectors import (
    OPEN_ORDER,
    CaseloadScope,
    caseload_counts,
    caseload_rows,
    caseload_scope,
    close_problem,
    episodes_chosen,
    filter_choices,
    link_workers_to_take_over,
    questionnaires_due,
    with_flags,
)
from linkwork.caseload.services import (
    MOST_CHOSEN,
    caseload_close_did_not_engage,
    caseload_reassign,
    caseload_remind_questionnaires,
    saved_filter_delete,
    saved_filter_save,
)
from linkwork.core import clock
from linkwork.core.csv_safety import safe_writer
from linkwork.core.errors import DomainError
from linkwork.core.needs import Need
from linkwork.core.pagination import page_of
from linkwork.core.submissions import already_run
from linkwork.core.views import (
    ALREADY_SAVED,
    add_errors,
    submission_key,
    submission_scope,
    submit_once,
)
from linkwork.episodes.lifecycle import Status

# The search is kept in the session, never the address, where logs and history keep it.
SEARCH_KEY = "caseload_search"


def _list_url(query: str) -> str:
    """The list with the filters (and page) of `query`, and nothing else: a safe place to go
    back to whatever was posted."""
    given = QueryDict(query)
    kept = QueryDict(mutable=True)
    for name in (*FILTER_FIELDS, "page"):
        if name in given:
            kept.setlist(name, given.getlist(name))
    encoded = kept.urlencode()
    return reverse("caseload:list") + (f"?{encoded}" if encoded else "")


def _filter_form(
    request: AppRequest, scope: CaseloadScope, params: QueryDict | None = None
) -> FilterForm:
    form = FilterForm(request.GET if params is None else params, choices=filter_choices(scope))
    form.is_valid()
    return form


@require_GET
@login_required
def caseload_list(request: AppRequest) -> HttpResponse:
    return _list_page(request, request.GET)


def _list_page(
    request: AppRequest, params: QueryDict, save_form: SaveFilterForm | None = None
) -> HttpResponse:
    """The list with the filters of `params`; with a refused `save_form`, its errors shown on
    its field."""
    scope = caseload_scope(user=request.user)
    today, now = clock.today(), clock.now()
    form = _filter_form(request, scope, params)
    search = str(request.session.get(SEARCH_KEY, ""))
    filters = form.filters(search=search)
    page = page_of(request, caseload_rows(scope, filters, today=today, now=now))
    rows = with_flags(scope, list(page.object_list), today=today)
    audit_record_list(
        actor=request.user,
        object_type="caseload",
        rows=[(r.person_id, r.scheme_id) for r in rows],
        detail={"page": page.number, "filters": form.query(), "searched": bool(search)},
    )
    query = form.query()
    return render(
        request,
        "caseload/list.html",
        {
            "form": form,
            "search_form": SearchForm(initial={"q": search}),
            "search": search,
            "page": page,
            "rows": rows,
            "counts": caseload_counts(scope, today=today, now=now),
            "open_order": OPEN_ORDER,
            "scope": scope,
            "query": query,
            "here": params.urlencode(),
            "saved": SavedFilter.objects.filter(user=request.user),
            "save_form": save_form or SaveFilterForm(initial={"query": query}),
            "needs": dict(Need.choices),
            "most_chosen": MOST_CHOSEN,
        },
        status=400 if form.errors or save_form is not None else 200,
    )


@require_POST
@login_required
def caseload_search(request: AppRequest) -> HttpResponse:
    """Keep (or, with `clear`, forget) the search for the list, then show the list."""
    caseload_scope(user=request.user)
    back = _list_url(request.POST.get("back", ""))
    if "clear" in request.POST:
        request.session.pop(SEARCH_KEY, None)
        return redirect(back)
    form = SearchForm(request.POST)
    if not form.is_valid():
        for error in form.errors["q"]:
            messages.error(request, str(error))
        return redirect(back)
    text = form.cleaned_data["q"].strip()
    if text and len(text) < 2:
        messages.error(request, "Search for at least 2 characters of a name, or a whole number.")
        return redirect(back)
    if text:
        request.session[SEARCH_KEY] = text
        audit_record(actor=request.user, action="search", object_type="caseload")
    else:
        request.session.pop(SEARCH_KEY, None)
    # A search starts again from the first page.
    first_page = QueryDict(request.POST.get("back", ""), mutable=True)
    first_page.pop("page", None)
    return redirect(_list_url(first_page.urlencode()))


CSV_HEADER = [
    "Name",
    "NHS or CHI number",
    "Scheme",
    "Status",
    "Link worker",
    "Practice",
    "Referred on",
    "Days waiting for a first session",
    "Last contact",
    "Next appointment",
    "Missed in a row",
    "At risk",
    "Reasons",
]


@require_GET
@login_required
def caseload_export(request: AppRequest) -> HttpResponse:
    """The filtered caseload as CSV, for scheme managers, of the schemes they manage only."""
    scope = caseload_scope(user=request.user)
    if not scope.is_manager:
        raise PermissionDenied("Only scheme managers export the caseload.")
    managed = CaseloadScope(
        user=scope.user, managed=scope.managed, own=frozenset(), rules=scope.rules
    )
    today, now = clock.today(), clock.now()
    form = _filter_form(request, managed)
    if form.errors:
        return HttpResponse(
            "; ".join(
                f"{form.fields[n].label}: {' '.join(str(x) for x in e)}"
                for n, e in form.errors.items()
            ),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    search = str(request.session.get(SEARCH_KEY, ""))
    rows = with_flags(
        managed,
        list(caseload_rows(managed, form.filters(search=search), today=today, now=now)),
        today=today,
    )
    needs = dict(Need.choices)
    sink = io.StringIO()
    writer = safe_writer(sink)
    writer.writerow(CSV_HEADER)
    for r in rows:
        person = r.person
        writer.writerow(
            [
                person.full_name,
                person.nhs_number or person.chi_number,
                r.scheme.name,
                Status(r.status).label,
                (r.link_worker.get_full_name() if r.link_worker else ""),
                r.practice.name if r.practice else "",
                r.received_on,
                r.days_waiting if r.first_contact_on is None else "",  # type: ignore[attr-defined]
                r.last_contact_on,  # type: ignore[attr-defined]
                r.next_appointment_at.strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
                if r.next_appointment_at  # type: ignore[attr-defined]
                else "",
                r.missed_in_a_row,  # type: ignore[attr-defined]
                "yes" if r.at_risk else "",
                "; ".join(needs.get(code, code) for code in r.reasons),
            ]
        )
    audit_record_list(
        actor=request.user,
        object_type="caseload_export",
        rows=[(r.person_id, r.scheme_id) for r in rows],
        detail={"filters": form.query(), "searched": bool(search), "format": "csv"},
        action=AuditEvent.Action.EXPORT,
    )
    response = HttpResponse(sink.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="caseload-{today.isoformat()}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def saved_filter_new(request: AppRequest) -> HttpResponse:
    caseload_scope(user=request.user)
    form = SaveFilterForm(request.POST)
    # The filters only: a saved filter opens at its first page.
    query = _list_url(request.POST.get("query", "")).partition("?")[2]
    query = "&".join(part for part in query.split("&") if not part.startswith("page="))
    if form.is_valid():
        try:
            saved_filter_save(user=request.user, name=form.cleaned_data["name"], query=query)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Filter saved as “{form.cleaned_data['name'].strip()}”.")
            return redirect(_list_url(query))
    # Refused: the list again, its filters as they were, the error on the name field.
    return _list_page(request, QueryDict(query), form)


@require_POST
@login_required
def saved_filter_remove(request: AppRequest, filter_id: Any) -> HttpResponse:
    caseload_scope(user=request.user)
    try:
        saved_filter_delete(user=request.user, filter_id=filter_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Saved filter removed.")
    return redirect("caseload:list")


# The bulk actions: the list posts the ticked rows here; the page shows them to review, then
# the confirmed form makes one service call.


def _bulk(
    request: AppRequest,
    *,
    action: str,
    make_form: Callable[[QueryDict | None, list[Any]], forms.Form],
    run: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    scope = caseload_scope(user=request.user)
    back = _list_url(request.POST.get("back", ""))
    # A confirmed form sent again is told it was saved before anything is checked: once done,
    # the people may no longer be in the user's caseload, or no longer meet the rule.
    if "confirm" in request.POST and already_run(
        key=submission_key(request), scope=submission_scope(request)
    ):
        messages.info(request, ALREADY_SAVED)
        return redirect(back)
    chosen = ChosenForm(request.POST)
    episodes: list[Any] = []
    refused = ""
    if chosen.is_valid():
        episodes, outside = episodes_chosen(
            scope, chosen.cleaned_data["episodes"][: MOST_CHOSEN + 1], now=clock.now()
        )
        if outside:
            refused = (
                f"{outside} of the people chosen {'is' if outside == 1 else 'are'} not in your "
                "caseload (another scheme's, or not yours to change): nothing was changed. "
                "Choose people from your caseload list."
            )
    confirming = "confirm" in request.POST and not refused and chosen.is_valid()
    form = make_form(request.POST if confirming else None, episodes)
    if confirming and form.is_valid():
        result: list[str] = []
        try:
            first = submit_once(request, lambda: result.append(run(form.cleaned_data)))
        except DomainError as exc:
            add_errors(form, exc)
        else:
            if first:
                messages.success(request, result[0])
            else:
                messages.info(request, ALREADY_SAVED)
            return redirect(back)
    if chosen.is_valid() and not refused:
        audit_record_list(
            actor=request.user,
            object_type="caseload_review",
            rows=[(r.person_id, r.scheme_id) for r in episodes],
            detail={"bulk": action},
        )
    problems: list[str] = [str(e) for e in chosen.errors.get("episodes", [])]
    ok = not (refused or problems or (confirming and form.errors))
    return render(
        request,
        f"caseload/bulk_{action}.html",
        {
            "episodes": episodes,
            "form": form,
            "refused": refused,
            "problems": problems,
            "back": request.POST.get("back", ""),
            "back_url": back,
            "ids": [str(r.pk) for r in episodes],
        },
        status=200 if ok else 400,
    )


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


@require_POST
@login_required
def bulk_reassign(request: AppRequest) -> HttpResponse:
    scope = caseload_scope(user=request.user)

    def make(data: QueryDict | None, episodes: list[Any]) -> forms.Form:
        workers = link_workers_to_take_over(scope, episodes)
        form = ReassignForm(
            data, link_workers=workers, initial={"episodes": [r.pk for r in episodes]}
        )
        if episodes and not workers:
            form.one_scheme_problem = (  # type: ignore[attr-defined]
                "Choose people from one scheme at a time: a handover stays within a scheme."
            )
        return form

    def run(data: dict[str, Any]) -> str:
        count = caseload_reassign(
            actor=request.user,
            episode_ids=data["episodes"],
            to=data["to"],
            note=data["note"],
            on=clock.today(),
        )
        return f"Handed over {_people(count)} to {data['to'].get_full_name()}."

    return _bulk(request, action="reassign", make_form=make, run=run)


@require_POST
@login_required
def bulk_remind(request: AppRequest) -> HttpResponse:
    def make(data: QueryDict | None, episodes: list[Any]) -> forms.Form:
        due = questionnaires_due(episodes, today=clock.today())
        for referral in episodes:
            referral.questionnaires_due = due.get(referral.pk, [])
        return ChosenForm(data, initial={"episodes": [r.pk for r in episodes]})

    def run(data: dict[str, Any]) -> str:
        done = caseload_remind_questionnaires(
            actor=request.user, episode_ids=data["episodes"], today=clock.today()
        )
        said = f"Questionnaire reminder sent to {_people(len(done.sent))}."
        if done.not_sent:
            said += (
                f" Not sent to {_people(len(done.not_sent))}: their record has no usable way to "
                "reach them (the reason is on their record)."
            )
        if done.nothing_due:
            said += f" Nothing was due for {_people(len(done.nothing_due))}."
        return said

    return _bulk(request, action="remind", make_form=make, run=run)


@require_POST
@login_required
def bulk_close(request: AppRequest) -> HttpResponse:
    scope = caseload_scope(user=request.user)

    def make(data: QueryDict | None, episodes: list[Any]) -> forms.Form:
        for referral in episodes:
            referral.close_problem = close_problem(scope, referral)
        form = CloseForm(data, initial={"episodes": [r.pk for r in episodes]})
        # Only those meeting the rule go forward; the others stay on the page, marked.
        form.eligible = [str(r.pk) for r in episodes if not r.close_problem]  # type: ignore[attr-defined]
        return form

    def run(data: dict[str, Any]) -> str:
        count = caseload_close_did_not_engage(
            actor=request.user,
            episode_ids=data["episodes"],
            reviewed=data["reviewed"],
            note=data["note"],
        )
        return f"Closed {_people(count)} as did not engage."

    return _bulk(request, action="close", make_form=make, run=run)
