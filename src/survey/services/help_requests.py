"""Asking for help to answer: the words for each way, checking the least
contact detail each way needs, and sending the request to the queues of the
organisations the bank names."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import phonenumbers

from ..questionnaire import Questionnaire
from ..questionnaire.help import WAYS, Way
from ..storage import audit, help_requests
from . import codes
from .i18n import gettext as _

#: How each way is offered to the respondent.
WAY_LABELS: dict[str, Callable[[], str]] = {
    "bsl_video_call": lambda: _("A video call with a British Sign Language (BSL) interpreter"),
    "phone_call": lambda: _("A phone call"),
    "text_relay": lambda: _("A phone call through Relay UK (text relay)"),
    "in_person": lambda: _("In person, at a place near you"),
    "home_visit": lambda: _("A visit to your home"),
    "paper_large_print": lambda: _("A paper copy in large print, sent by post"),
    "paper_easy_read": lambda: _("A paper copy in Easy Read, sent by post"),
    "paper_braille": lambda: _("A Braille-ready copy, sent by post"),
    "welsh": lambda: _("A phone call in Welsh"),
    "arabic": lambda: _("A phone call in Arabic"),
    "urdu": lambda: _("A phone call in Urdu"),
}

#: When suits them: any of these (or none, for any time).
TIMES: dict[str, Callable[[], str]] = {
    "mornings": lambda: _("Weekday mornings"),
    "afternoons": lambda: _("Weekday afternoons"),
    "evenings": lambda: _("Weekday evenings"),
    "weekends": lambda: _("Weekends"),
}

#: How a worker closes a request.
OUTCOMES: dict[str, Callable[[], str]] = {
    "answered": lambda: _("They answered the survey with our help"),
    "sent_copy": lambda: _("We sent them the copy they asked for"),
    "no_reply": lambda: _("We could not reach them"),
    "declined": lambda: _("They no longer want to take part"),
    "elsewhere": lambda: _("Another organisation is helping them"),
}

MAX_LENGTH = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def label(code: str) -> str:
    return WAY_LABELS[code]() if code in WAY_LABELS else code


def offered(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """The ways this bank offers, as (code, label)."""
    return [(way.code, label(way.code)) for way, _where in questionnaire.help.offered()]


def way_of(questionnaire: Questionnaire, code: str | None) -> Way | None:
    return WAYS[code] if code in questionnaire.help.ways else None


@dataclass
class Contact:
    """What someone typed on the contact page, checked: the details to keep,
    and each field's error."""

    details: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def check_contact(way: Way, form: Mapping[str, list[str]]) -> Contact:
    first = {name: (form.get(name) or [""])[0].strip() for name in ("phone", "email", "address", "postcode", "name", "notes")}
    found = Contact()
    for name, value in first.items():
        if len(value) > MAX_LENGTH * (3 if name == "address" else 1):
            found.errors[name] = _("This must be %(num)s characters or fewer", num=MAX_LENGTH * (3 if name == "address" else 1))
    if "phone" in way.needs:
        if not first["phone"]:
            found.errors.setdefault("phone", _("Enter a phone number, like 020 7946 0000 or 07700 900 982"))
        else:
            try:
                number = phonenumbers.parse(first["phone"], "GB")
                # Possible, not "valid": a number in a range the library does not know yet must still get its call.
                valid = phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
            except phonenumbers.NumberParseException:
                valid = False
            if not valid:
                found.errors.setdefault("phone", _("Enter a phone number, like 020 7946 0000 or 07700 900 982"))
            else:
                found.details["phone"] = phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44 else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if "email" in way.needs:
        if not first["email"]:
            found.errors.setdefault("email", _("Enter an email address or a video relay address, like name@example.com"))
        elif not _EMAIL.match(first["email"]):
            found.errors.setdefault("email", _("Enter an email address in the right format, like name@example.com"))
        else:
            found.details["email"] = first["email"]
    if "address" in way.needs:
        if not first["address"]:
            found.errors.setdefault("address", _("Enter the address to send it to"))
        else:
            found.details["address"] = first["address"]
        if not first["postcode"]:
            found.errors.setdefault("postcode", _("Enter a postcode, like SW1A 2AA"))
        elif not re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", first["postcode"].upper()):
            found.errors.setdefault("postcode", _("Enter a real postcode, like SW1A 2AA"))
        else:
            compact = first["postcode"].upper().replace(" ", "")
            found.details["postcode"] = f"{compact[:-3]} {compact[-3:]}"
    times = [time for time in form.get("when", []) if time in TIMES]
    if len(times) != len(form.get("when", [])):
        found.errors.setdefault("when", _("Select when suits you from the list"))
    found.details["when"] = times
    for name in ("name", "notes"):
        if first[name]:
            found.details[name] = first[name]
    return found


async def ask(questionnaire: Questionnaire, way: Way, details: dict[str, object], language: str, format_: str,
              response_id: uuid.UUID | None) -> str:
    """Put a request in the queues of the organisations that take this way; its reference."""
    reference = "H" + codes.new_reference()
    organisations = list(questionnaire.help.ways[way.code].organisations)
    request_id = await help_requests.add(questionnaire.id, reference, way.code, organisations, details, language, format_, response_id)
    await audit.record("help_requested", "respondent", None, "help_request", str(request_id),
                       questionnaire=questionnaire.id, way=way.code, organisations=organisations, answers_linked=response_id is not None)
    return reference
