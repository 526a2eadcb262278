"""A virtual user: one signed-in person working through their role's pages, learning record ids
from the pages it has seen, as a person clicks through links. Pure Python over `Browser`."""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from linkwork.bench.loadtest.client import Browser, Response
from linkwork.bench.loadtest.html import Form, form_with_action, forms, linked_ids
from linkwork.bench.loadtest.recorder import Recorder

BASELINE_PATH = "/api/v1/outcomes/instruments"
SEARCH_WORDS = ("walking", "money", "art", "garden", "lonely", "debt", "choir", "food", "")


@dataclass
class SharedWork:
    """What the virtual users of one run must not do twice: a questionnaire due at one
    timepoint can be entered once, so each due entry is claimed by one user."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    claimed: set[str] = field(default_factory=set)

    def claim(self, candidates: list[str]) -> str | None:
        with self.lock:
            for link in candidates:
                if link not in self.claimed:
                    self.claimed.add(link)
                    return link
        return None


class VirtualUser:
    def __init__(
        self,
        *,
        name: str,
        browser: Browser,
        recorder: Recorder,
        shared: SharedWork,
        today: date,
        rng: random.Random,
        evaluation_every_s: float = 30.0,
    ) -> None:
        self.name = name
        self.browser = browser
        self.recorder = recorder
        self.shared = shared
        self.today = today
        self.rng = rng
        self.evaluation_every_s = evaluation_every_s
        self._last_evaluation = -evaluation_every_s
        self.referrals: list[str] = []
        self.people: list[str] = []
        self.services: list[str] = []
        self.due_links: list[str] = []
        # Referrals whose page offers the session form (accepted and open).
        self.sessionable: list[str] = []

    # Requests, each measured under a page name.

    def get(self, page: str, path: str, *, expect_json: bool = False) -> Response | None:
        start = time.perf_counter()
        try:
            response = self.browser.get(path)
        except OSError as exc:
            self.recorder.record_failure(page, time.perf_counter() - start, f"no answer: {exc}")
            self.browser.close()
            return None
        self.recorder.record(page, response, expect_json=expect_json)
        self._learn(response.body)
        return response

    def submit(
        self, page: str, form: Form, fields: dict[str, str], *, referer: str
    ) -> Response | None:
        start = time.perf_counter()
        try:
            response = self.browser.post(form.action or referer, fields, referer=referer)
        except OSError as exc:
            self.recorder.record_failure(page, time.perf_counter() - start, f"no answer: {exc}")
            self.browser.close()
            return None
        self.recorder.record(page, response, expect_redirect=True)
        return response

    def _learn(self, body: str) -> None:
        _merge(self.referrals, linked_ids(body, "/referrals/"))
        _merge(self.people, linked_ids(body, "/people/"))
        _merge(self.services, linked_ids(body, "/directory/services/"))
        found = re.findall(r'href="(/outcomes/referrals/[^"]+/record/\?[^"]+)"', body)
        _merge(self.due_links, [link.replace("&amp;", "&") for link in found])

    # The pages, as actions a mix picks from.

    def baseline(self) -> None:
        self.get("API: instrument list (baseline)", BASELINE_PATH, expect_json=True)

    def home(self) -> None:
        self.get("home", "/")

    def caseload_api(self) -> None:
        response = self.get("API: referral list", "/api/v1/referrals/", expect_json=True)
        if response is not None and response.status == 200:
            try:
                items = json.loads(response.body)
            except ValueError:
                return
            _merge(self.referrals, [str(item["id"]) for item in items if "id" in item])

    def referral(self) -> None:
        if not self.referrals:
            self.home()
            return
        referral_id = self.rng.choice(self.referrals)
        response = self.get("referral", f"/referrals/{referral_id}/")
        if response is not None and form_with_action(response.body, r"/encounters/$"):
            _merge(self.sessionable, [referral_id])

    def person(self) -> None:
        if not self.people:
            self.referral()
            return
        self.get("person", f"/people/{self.rng.choice(self.people)}/")

    def session_entry(self) -> None:
        """Record a session with the person, from the referral page's form."""
        if not self.sessionable:
            self.referral()
            return
        referral_id = self.rng.choice(self.sessionable)
        path = f"/referrals/{referral_id}/"
        response = self.get("referral", path)
        form = response and form_with_action(response.body, r"/encounters/$")
        if not form:
            self.sessionable.remove(referral_id)
            return
        fields = {
            **form.values,
            "occurred_on_day": str(self.today.day),
            "occurred_on_month": str(self.today.month),
            "occurred_on_year": str(self.today.year),
            "mode": self.rng.choice(form.choices.get("mode", ["face_to_face"])),
            "duration_minutes": str(self.rng.choice((20, 30, 45, 60))),
            "attended": "yes",
            "notes": "Talked through what matters and next steps.",
        }
        self.submit("session entry (save)", form, fields, referer=path)

    def questionnaire_entry(self) -> None:
        """Enter a questionnaire that is due, from the due list's link."""
        link = self.shared.claim(self.due_links)
        if link is None:
            self.due()
            return
        self.due_links.remove(link)
        response = self.get("questionnaire form", link)
        form = response and _entry_form(response.body)
        if not form:
            return
        fields = dict(form.values)
        for name, options in form.choices.items():
            if name not in fields and options:
                fields[name] = self.rng.choice(options)
        self.submit("questionnaire entry (save)", form, fields, referer=link)

    def due(self) -> None:
        self.get("questionnaires due", "/outcomes/due/")

    def due_api(self) -> None:
        self.get("API: questionnaires due", "/api/v1/outcomes/due", expect_json=True)

    def directory_search(self) -> None:
        self.get("directory search", f"/directory/?q={self.rng.choice(SEARCH_WORDS)}")

    def service(self) -> None:
        if not self.services:
            self.directory_search()
            return
        self.get("directory service", f"/directory/services/{self.rng.choice(self.services)}/")

    def referral_form(self) -> None:
        self.get("new referral (form)", "/referrals/new/")

    def referral_create(self) -> None:
        """A referrer refers someone new: the referral form, filled in and sent."""
        path = "/referrals/new/"
        response = self.get("new referral (form)", path)
        form = response and _entry_form(response.body)
        if not form:
            return
        n = self.rng.randrange(10**6)
        fields = dict(form.values)
        for name, options in form.choices.items():
            if name not in fields and options and name not in {"risk_flags", "exclusions"}:
                fields[name] = next((o for o in options if o), options[0])
        fields.update(
            {
                "received_on_day": str(self.today.day),
                "received_on_month": str(self.today.month),
                "received_on_year": str(self.today.year),
                "reason_text": "Lonely since moving; would like to meet people nearby.",
                "person-given_name": "Load",
                "person-family_name": f"Tester{n}",
                "person-date_of_birth_day": str(1 + n % 28),
                "person-date_of_birth_month": str(1 + n % 12),
                "person-date_of_birth_year": str(1940 + n % 60),
                "person-postcode": "G1 1AA",
                "person-phone": "07700 900123",
            }
        )
        fields.pop("person-interpreter_needed", None)
        self.submit("new referral (send)", form, fields, referer=path)

    def evaluation(self) -> None:
        self.get("evaluation", "/evaluation/")

    def evaluation_run(self) -> None:
        """Start an evaluation report (the background worker builds it), at most once in a
        while per user, as a person would."""
        now = time.monotonic()
        if now - self._last_evaluation < self.evaluation_every_s:
            self.evaluation()
            return
        self._last_evaluation = now
        response = self.get("evaluation", "/evaluation/")
        form = response and form_with_action(response.body, r"/evaluation/run/$")
        if form:
            self.submit("evaluation run (start)", form, dict(form.values), referer="/evaluation/")

    def vcse_inbox(self) -> None:
        self.get("VCSE inbox", "/vcse/inbox/")

    def implementation(self) -> None:
        self.get("implementation", "/implementation/")

    def schemes(self) -> None:
        self.get("schemes", "/schemes/")

    def registry_api(self) -> None:
        self.get("API: registry summary", "/api/v1/registry/summary", expect_json=True)

    def schemes_api(self) -> None:
        self.get("API: scheme list", "/api/v1/registry/schemes", expect_json=True)

    def access_grants(self) -> None:
        self.get("access grants", "/access/grants/")


Action = Callable[[VirtualUser], None]


def _entry_form(page: str) -> Form | None:
    """The page's form for entering a record (the one carrying a submission key)."""
    return next((f for f in forms(page) if "submission_key" in f.values), None)


def _merge(known: list[str], found: list[str]) -> None:
    seen = set(known)
    known.extend(item for item in found if item not in seen)
