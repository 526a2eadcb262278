"""Where a lower app lets an upper one add to what it shows, without importing it.

Apps depend one way (see the import contracts in pyproject.toml): people and the episode of
support sit below outcomes, so they cannot import it. Instead, each place a lower app can be
extended is a `Hook` declared here, the one list of them all, and the upper app registers its
provider in its `AppConfig.ready()`. A lower app calls the hook and never knows who answered.

Hooks:
- `person_panels`: panels on a person's record page, called with the person and the signed-in
  user; each answers a `Panel` (template and context) or None when it has nothing to show.
  The episode of support adds the person's episodes; outcomes their questionnaires and alerts.
- `episode_safety_panels`: panels on the episode page after the referrer's safety
  information, for the scheme's link workers and managers, called with the referral and the
  signed-in user; each answers a `Panel` or None. The safeguarding app adds contact notes,
  safeguarding concerns and its prompts to record one.
- `episode_outcome_changes`: the outcome lines of the end-of-episode summary, called with the
  referral. Outcomes answers with one JSON-safe dict per measure of every instrument the
  episode has (ONS4 and licensed tools: one per item or domain), with the keys instrument,
  instrument_name, measure, measure_label, text (baseline to latest in words, the change
  classified) and classification. A baseline with no later score still gives a line.
- `person_episode_ends`: when each person's episodes ended, for the retention period; called
  with person ids, answers {person id: EpisodeEnds}. The episode of support answers it.
- `subject_access_words`: how a stored value of an upper app's table reads in the subject
  access report, called with the row, the field's name and the stored value; answers the
  words (lines joined by newlines), or None for a field it leaves to the report's own rules.
  The episode of support answers for needs, risk flags, event data; outcomes for
  questionnaires, answers and scores.
- `interrupted_jobs`: called once when a background worker starts, with no arguments; each app
  with background jobs finds its jobs left running by a worker that died (a restart, a killed
  process), queues them again or marks them failed with the reason, and answers how many.
- `scheme_fidelity`: the facts for TIDieR items 11 and 12 ("how well: planned / actual"),
  called with the scheme; answers an `organisations.tidier.Fidelity` (or None). They live in
  the episode of support, outcomes and implementation, so the evaluation app, above them all,
  gathers them.
- `episode_panels`: panels on the episode page beside its sessions, called with the referral
  and the signed-in user (only for staff who work on the episode); each answers a `Panel` or
  None. The diary adds the episode's appointments and, after missed contacts, the offer to
  discharge as did not engage.
- `caseload_next_contacts`: for the caseload, called with a list of referrals; answers
  {referral id: NextContact} with each one's next booked appointment and how many days
  without contact its scheme allows before flagging. Answered in a fixed number of queries
  whatever the list's length. The diary answers it.
- `episode_discharged`: called with the referral and the acting user when an episode is
  discharged, inside the discharge's transaction, after its summary is written; answers
  nothing. The person's voice sends the feedback link.
- `episode_closed`: called with the referral, the status it closed as and the acting user
  (None for a change nobody made, such as a decline at intake) whenever an episode closes,
  whichever way (discharged, declined, withdrawn, did not engage), inside the transaction
  that closes it; answers nothing. The diary cancels the appointments still to come.
- `imported_from`: for an episode's timeline, where the records of import runs came from;
  called with run ids (text, as an episode event stores them), answers {run id:
  ImportedFrom} for the runs it knows. The imports app answers with the run's mapping
  profile (which names the source system) and when it was imported.
- `periodic_jobs`: `core.scheduling.PeriodicJob`s the background worker runs on a clock, each
  called with no arguments and answering a line for the log. The diary sends reminders; tasks
  raises those due.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

Provider = TypeVar("Provider", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Panel:
    """A block of a page that another app renders: its template and that template's context."""

    template: str
    context: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EpisodeEnds:
    """When a person's last episode ended, and whether one is still open."""

    last_ended_on: date | None
    any_open: bool


@dataclass(frozen=True, slots=True)
class NextContact:
    """A caseload row's next booked appointment (None: nothing booked), and after how many
    days without contact its scheme flags the person."""

    starts_at: datetime | None
    quiet_days: int

    def gone_quiet(self, *, last_contact_on: date | None, since: date, today: date) -> bool:
        """Nothing booked and no contact for `quiet_days` or more (counted from `since`, the
        referral, when there has been no contact at all)."""
        if self.starts_at is not None:
            return False
        return (today - (last_contact_on or since)).days >= self.quiet_days


@dataclass(frozen=True, slots=True)
class ImportedFrom:
    """An import run as an episode's timeline names it: the source (its mapping profile's
    name) and when it was imported (None while it has not finished)."""

    source: str
    imported_at: datetime | None


class Hook(Generic[Provider]):
    """A named list of providers, filled once at start-up by the apps that answer it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._providers: list[Provider] = []

    def register(self, provider: Provider) -> Provider:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    @property
    def providers(self) -> tuple[Provider, ...]:
        return tuple(self._providers)


person_panels: Hook[Callable[[Any, Any], Panel | None]] = Hook("person_panels")
episode_safety_panels: Hook[Callable[[Any, Any], Panel | None]] = Hook("episode_safety_panels")
episode_outcome_changes: Hook[Callable[[Any], list[dict[str, object]]]] = Hook(
    "episode_outcome_changes"
)
person_episode_ends: Hook[Callable[[Any], Mapping[Any, EpisodeEnds]]] = Hook("person_episode_ends")
subject_access_words: Hook[Callable[[Any, str, Any], str | None]] = Hook("subject_access_words")
interrupted_jobs: Hook[Callable[[], int]] = Hook("interrupted_jobs")
scheme_fidelity: Hook[Callable[[Any], Any]] = Hook("scheme_fidelity")
episode_panels: Hook[Callable[[Any, Any], Panel | None]] = Hook("episode_panels")
caseload_next_contacts: Hook[Callable[[Any], Mapping[Any, NextContact]]] = Hook(
    "caseload_next_contacts"
)
episode_discharged: Hook[Callable[[Any, Any], None]] = Hook("episode_discharged")
episode_closed: Hook[Callable[[Any, Any, Any], None]] = Hook("episode_closed")
imported_from: Hook[Callable[[Collection[str]], Mapping[str, ImportedFrom]]] = Hook("imported_from")
periodic_jobs: Hook[Callable[[], str]] = Hook("periodic_jobs")
