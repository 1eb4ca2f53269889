"""Appointments, on both databases: a worker books one for a case they hold
(the GOV.UK date pattern, a time, how, where, an interpreter), with errors in
the summary and beside each field; it is in their list for the week and in
calendar files that carry the reference and nothing else about the person;
the interview it leads to starts in its mode; cancelled, it is gone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from staff import add_user, sign_in
from survey.services import appointments as booking
from test_samples import BANKS, KEY, SECRET, sample_file, survey
from web_client import Visitor, running_app

LONDON = ZoneInfo("Europe/London")


def test_a_booked_appointment_is_listed_in_calendar_files_without_the_person_and_starts_the_interview(database, tmp_path):
    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 1)))
    add_user(database, "admin@example.org", "admin")
    add_user(database, "sam@example.org", "worker", organisation="Deaf Futures")
    add_user(database, "kim@example.org", "worker", organisation="Deaf Futures")
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        admin = Visitor(client, own_cookies=True)
        sign_in(admin, "admin@example.org")
        admin.get("/admin/questionnaires/routing/sample")
        sam_id = next(o["value"] for o in admin.soup.select("#assign-worker option") if o.get_text().startswith("sam@"))
        admin.post("/admin/questionnaires/routing/sample/assign", data={"wave": "1", "reference": "R00000", "worker": sam_id})

        sam = Visitor(client, own_cookies=True)
        sign_in(sam, "sam@example.org")
        sam.get("/assist/cases")
        case_url = sam.soup.select_one("#cases a")["href"]
        sam.get(case_url)
        assert sam.soup.select_one("#booked-appointments") is None
        sam.get(sam.soup.select_one("#book-appointment")["href"])
        assert sam.h1() == "Book an appointment"
        fields = {"case": sam.soup.select_one("input[name=case]")["value"], "interpreter": "none", "minutes": "60"}
        sam.post(data=fields)
        assert sam.response.status_code == 400
        assert sam.errors() == [("#date-day", "Enter the date of the appointment"),
                                ("#time", "Enter the time as hours and minutes, like 14:30 or 2:30pm"),
                                ("#mode", "Select how the appointment takes place")]
        yesterday = dt.datetime.now(LONDON).date() - dt.timedelta(days=2)
        sam.post(data={**fields, "date-day": str(yesterday.day), "date-month": str(yesterday.month), "date-year": str(yesterday.year),
                       "time": "2:30pm", "mode": "phone"})
        assert sam.errors() == [("#date-day", "The appointment must be in the future")]
        assert sam.soup.select_one("#time")["value"] == "2:30pm"  # what was typed is kept
        tomorrow = dt.datetime.now(LONDON).date() + dt.timedelta(days=1)
        when = {"date-day": str(tomorrow.day), "date-month": str(tomorrow.month), "date-year": str(tomorrow.year), "time": "14:30"}
        sam.post(data={**fields, **when, "minutes": "90", "mode": "bsl_interpreter", "interpreter": "language", "place": "Their home"})
        assert sam.errors() == [("#interpreter_language", "Enter the language the interpreter speaks")]
        sam.post(data={**fields, **when, "minutes": "90", "mode": "bsl_interpreter", "interpreter": "bsl", "interpreter_name": "Jo Signer",
                       "place": "Their home, 0 Long Lane"})
        assert sam.path == "/assist/appointments"
        assert "Appointment booked for R00000." in sam.soup.select_one(".govuk-notification-banner").get_text(" ", strip=True)
        row = [cell.get_text(" ", strip=True) for cell in sam.soup.select("#week tbody tr td")[:4]]
        assert row == [f"{tomorrow:%d/%m/%Y} 14:30", "R00000", "With a BSL interpreter",
                       "A British Sign Language (BSL) interpreter is booked: Jo Signer"]

        one = sam.request("GET", sam.soup.select_one("#week a[download]")["href"])
        assert one.headers["content-type"].startswith("text/calendar")
        event = icalendar.Calendar.from_ical(one.content).walk("VEVENT")[0]
        starts = dt.datetime(tomorrow.year, tomorrow.month, tomorrow.day, 14, 30, tzinfo=LONDON)
        assert event.decoded("dtstart") == starts and event.decoded("dtend") == starts + dt.timedelta(minutes=90)
        assert str(event["summary"]) == "Survey interview, R00000: With a BSL interpreter"
        assert "Jo Signer" in str(event["description"])
        for detail in ("Long Lane", "SE1 4PU", "Their home"):
            assert detail not in one.text  # nothing about the person but the reference
        feed = sam.request("GET", "/assist/appointments/calendar.ics")
        assert [str(e["summary"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")] == [str(event["summary"])]

        kim = Visitor(client, own_cookies=True)
        sign_in(kim, "kim@example.org")
        assert kim.request("GET", one.url.path).status_code == 404  # another worker's
        assert kim.request("GET", f"/assist/appointments/new?case={case_url.rsplit('/', 1)[1]}").status_code == 404

        # The case page lists it; the interview it leads to starts in its mode.
        sam.get(case_url)
        assert "With a BSL interpreter" in sam.soup.select_one("#booked-appointments").get_text()
        sam.get(f"{case_url}/start")
        assert sam.soup.select_one("input[name=mode][value=bsl_interpreter]").has_attr("checked")

        sam.get("/assist/appointments")
        sam.post(sam.soup.select_one("#week form")["action"])
        assert sam.soup.select_one("#week") is None and "No appointments in the next 7 days." in sam.soup.get_text()
        assert not icalendar.Calendar.from_ical(sam.request("GET", "/assist/appointments/calendar.ics").content).walk("VEVENT")


@pytest.mark.parametrize("typed, hour_minute", [
    ("14:30", (14, 30)), ("9.05", (9, 5)), ("2pm", (14, 0)), ("2:30 PM", (14, 30)), ("12am", (0, 0)),
    ("25:00", None), ("14", None), ("13pm", None), ("half two", None),
])
def test_the_time_is_read_as_people_write_it(typed, hour_minute):
    found = booking.check({"date-day": "1", "date-month": "1", "date-year": "2100", "time": typed, "mode": "phone"},
                          dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc))
    if hour_minute is None:
        assert found.errors == {"time": "Enter the time as hours and minutes, like 14:30 or 2:30pm"}
    else:
        assert not found.errors
        local = found.values["starts_at"].astimezone(LONDON)
        assert (local.hour, local.minute) == hour_minute


def test_a_date_that_does_not_exist_is_named():
    found = booking.check({"date-day": "31", "date-month": "2", "date-year": "2027", "time": "10:00", "mode": "phone"},
                          dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc))
    assert found.errors == {"date-day": "The date of the appointment must be a real date"}
    found = booking.check({"date-day": "3", "date-month": "March", "date-year": "2027", "time": "10:00", "mode": "phone"},
                          dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc))
    assert found.errors == {"date-month": "The date of the appointment must include a day, month and year, as numbers"}
