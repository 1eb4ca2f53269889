"""The audit log as people read it: words for each action, for each detail
and its value, for what it was done to; and a run of answers one person
saved to one response folded into a single row, each page on demand (one
row per saved answer made the log thousands of rows long)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..services.i18n import gettext as _
from ..storage.audit import Event

#: Every action the log records, in the filter's order, with its words.
ACTIONS: dict[str, Callable[[], str]] = {
    "sign_in": lambda: _("Signed in"),
    "sign_in_failed": lambda: _("Sign-in failed"),
    "sign_in_refused": lambda: _("Sign-in refused"),
    "sign_out": lambda: _("Signed out"),
    "response_started": lambda: _("Started a response"),
    "answer_saved": lambda: _("Saved an answer"),
    "answers_transcribed": lambda: _("Typed up a paper form"),
    "format_changed": lambda: _("Changed the format"),
    "draft_saved": lambda: _("Kept what was typed at sign-out"),
    "response_submitted": lambda: _("Sent a response"),
    "response_reassigned": lambda: _("Gave a response to another worker"),
    "response_taken_over": lambda: _("Took over a respondent’s answers"),
    "response_handed_to_respondent": lambda: _("Handed the rest of a response to the respondent"),
    "device_handed_to_respondent": lambda: _("Handed the device to the respondent"),
    "device_handed_back": lambda: _("The respondent handed the device back"),
    "device_taken_back": lambda: _("Took the device back"),
    "response_accepted": lambda: _("Accepted a response"),
    "response_returned": lambda: _("Returned a response to its worker"),
    "user_added": lambda: _("Added an account"),
    "user_disabled": lambda: _("Disabled an account"),
    "user_enabled": lambda: _("Enabled an account"),
    "user_password_set": lambda: _("Set a password"),
    "user_roles_set": lambda: _("Changed an account’s roles"),
    "questionnaire_dates_set": lambda: _("Set when a survey is open"),
    "questionnaire_access_set": lambda: _("Set who may answer a survey"),
    "responses_purged": lambda: _("Deleted responses past their retention period"),
    "help_requests_purged": lambda: _("Deleted requests for help past their retention period"),
    "keys_rotated": lambda: _("Sealed answers again with a new key"),
    "formats_downloaded": lambda: _("Downloaded a printable version"),
    "export": lambda: _("Downloaded anonymised data"),
    "free_text_reviewed": lambda: _("Reviewed a free-text answer"),
    "results_published": lambda: _("Published results"),
    "results_withdrawn": lambda: _("Withdrew results"),
    "sample_imported": lambda: _("Imported a sample"),
    "sample_drawn": lambda: _("Drew a sample"),
    "letters_written": lambda: _("Wrote a wave’s letters"),
    "letters_downloaded": lambda: _("Downloaded a wave’s letters"),
    "case_outcome_recorded": lambda: _("Recorded a case’s outcome"),
    "case_person_added": lambda: _("Added a person to a case"),
    "cases_assigned": lambda: _("Assigned cases"),
    "case_attempt_recorded": lambda: _("Recorded a visit or call"),
    "appointment_booked": lambda: _("Booked an appointment"),
    "appointment_cancelled": lambda: _("Cancelled an appointment"),
    "help_requested": lambda: _("Asked for help to answer"),
    "help_claimed": lambda: _("Claimed a request for help"),
    "help_released": lambda: _("Released a request for help"),
    "help_handled": lambda: _("Marked a request for help done"),
}

#: What an action was done to.
OBJECTS: dict[str, Callable[[], str]] = {
    "response": lambda: _("Response"),
    "account": lambda: _("Account"),
    "questionnaire": lambda: _("Survey"),
    "case": lambda: _("Case"),
    "appointment": lambda: _("Appointment"),
    "help_request": lambda: _("Request for help"),
    "answer": lambda: _("Answer"),
}

#: The details an action records, by their key.
DETAILS: dict[str, Callable[[], str]] = {
    "access": lambda: _("Who may answer"),
    "allocation": lambda: _("Allocation"),
    "answered": lambda: _("Questions answered"),
    "answers": lambda: _("Answers"),
    "answers_linked": lambda: _("Answers linked"),
    "at_address_of": lambda: _("At the address of"),
    "borough": lambda: _("Borough"),
    "cases": lambda: _("Cases"),
    "closes": lambda: _("Closes"),
    "decision": lambda: _("Decision"),
    "disposition": lambda: _("Outcome code"),
    "file": lambda: _("File"),
    "files": lambda: _("Files"),
    "format": lambda: _("Format"),
    "formats": lambda: _("File formats"),
    "frame": lambda: _("Address list"),
    "frame_size": lambda: _("Addresses in the list"),
    "handled_more_than_days_ago": lambda: _("Done more than this many days ago"),
    "help_requests": lambda: _("Requests for help"),
    "how": lambda: _("How"),
    "include_free_text": lambda: _("Free text included"),
    "interpreter": lambda: _("Interpreter"),
    "k": lambda: _("k"),
    "kind": lambda: _("Kind"),
    "letters": lambda: _("Letters"),
    "mode": lambda: _("How collected"),
    "object_type": lambda: _("Of"),
    "older_than_days": lambda: _("Older than this many days"),
    "opens": lambda: _("Opens"),
    "organisations": lambda: _("Organisations"),
    "outcome": lambda: _("Outcome"),
    "page": lambda: _("Page"),
    "questionnaire": lambda: _("Survey"),
    "reason": lambda: _("Reason"),
    "reference": lambda: _("Reference"),
    "refused_in_window": lambda: _("Refused while open"),
    "requests": lambda: _("Requests"),
    "responses": lambda: _("Responses"),
    "roles": lambda: _("Roles"),
    "rows": lambda: _("Rows"),
    "sample_addresses": lambda: _("Sampled addresses"),
    "section": lambda: _("Section"),
    "seed": lambda: _("Random seed"),
    "since": lambda: _("Sent from"),
    "strata": lambda: _("Strata"),
    "to": lambda: _("To"),
    "version": lambda: _("Version"),
    "videos": lambda: _("Videos"),
    "videos_no_answer_held": lambda: _("Videos no answer held"),
    "was": lambda: _("Before"),
    "wave": lambda: _("Wave"),
    "way": lambda: _("Way"),
}

#: Actions that come one after another in their dozens: a run by one person
#: on one object is one row.
FOLDED = frozenset({"answer_saved"})


def action_words(action: str) -> str:
    return ACTIONS[action]() if action in ACTIONS else action


def value_words(value: Any) -> str:
    """A detail's value as text: yes or no, lists joined, nothing as "None"."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "" or value == []:
        return _("None")
    if isinstance(value, (list, tuple)):
        return ", ".join(value_words(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{DETAILS[k]() if k in DETAILS else k}: {value_words(v)}" for k, v in sorted(value.items()))
    return str(value)


@dataclass
class Row:
    """One line of the log: an event, or a run of the same folded action."""

    at: dt.datetime
    actor: str
    action: str
    words: str
    object_type: str
    object_id: str
    details: list[tuple[str, str]]
    #: For a fold: when its run began, and each event's page (oldest first).
    since: dt.datetime | None = None
    pages: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.pages) or 1

    @property
    def on(self) -> str:
        return OBJECTS[self.object_type]() if self.object_type in OBJECTS else self.object_type


def rows(events: list[Event]) -> list[Row]:
    """The log's rows, newest first, with each run of a folded action in one."""
    found: list[Row] = []
    for event in events:
        last = found[-1] if found else None
        if (event.action in FOLDED and last is not None and last.action == event.action
                and last.actor == event.actor and last.object_id == event.object_id):
            last.since = event.at
            last.pages.insert(0, str(event.detail.get("page", "")))
            continue
        details = [(DETAILS[k]() if k in DETAILS else k, value_words(v)) for k, v in sorted(event.detail.items())]
        row = Row(event.at, event.actor, event.action, action_words(event.action), event.object_type, event.object_id, details)
        if event.action in FOLDED:
            row.since, row.pages = event.at, [str(event.detail.get("page", ""))]
        found.append(row)
    return found
