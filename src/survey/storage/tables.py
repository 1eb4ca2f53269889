"""The database tables. Queries live in the modules beside this one."""

from __future__ import annotations

from piccolo.columns import UUID, Boolean, DoublePrecision, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

# Tables are bound to the real engine when the app starts (``engine.bind``),
# because the database is chosen by SURVEY_DATABASE_URL at run time. Until
# then they point at a file that cannot exist, so a query made too early fails.
_UNBOUND = SQLiteEngine(path="/nonexistent/survey-storage-not-bound.sqlite")


class QuestionnaireVersion(Table, tablename="questionnaire_version", db=_UNBOUND):
    """Each version of each bank ever served, as served, so old responses keep their questions."""

    questionnaire_id = Varchar(length=100)
    version = Varchar(length=50)
    content_hash = Varchar(length=64)
    definition = Text()
    published_at = Timestamptz()


class Response(Table, tablename="response", db=_UNBOUND):
    id = UUID(primary_key=True)
    questionnaire_id = Varchar(length=100, index=True)
    questionnaire_version = Varchar(length=50)
    status = Varchar(length=20, default="in_progress")
    resume_code_hash = Varchar(length=64, unique=True)
    reference = Varchar(length=20, null=True, default=None, unique=True)
    mode = Varchar(length=30, default="online")
    language = Varchar(length=20, default="en")
    format = Varchar(length=20, default="standard")
    started_at = Timestamptz()
    updated_at = Timestamptz()
    submitted_at = Timestamptz(null=True, default=None)
    # Assisted entry: who typed the answers (never exported), for which
    # organisation (exported), and when the respondent's consent was recorded.
    entered_by = UUID(null=True, default=None, index=True)
    organisation = Varchar(length=200, null=True, default=None)
    consent_at = Timestamptz(null=True, default=None)
    paper_reference = Varchar(length=50, null=True, default=None)
    # "open" (the open link) or "sample" (an access code from a sampled case's letter).
    route = Varchar(length=10, default="open")
    # "online" once a worker handed the rest over to the respondent to finish
    # alone: the response was collected in both modes.
    finished_mode = Varchar(length=30, null=True, default=None)
    # Integrity flags of an open-link response sent online, comma-separated
    # ("fast,duplicate,network"): never shown to the respondent.
    flags = Varchar(length=40, default="")
    # A keyed hash of the answers as sent, to find the same answers sent
    # again within the hour; cleared after a day.
    fingerprint = Varchar(length=64, null=True, default=None, index=True)
    # The questions the respondent answered on their own in an assisted
    # interview, space-separated: the worker handed them the device for a
    # private section (self-completion), and never sees those answers.
    self_completed = Text(default="")
    # The private section the device is handed over for ("" when it is not),
    # and the hash of the token that lets that device answer it.
    handover = Varchar(length=100, default="")
    handover_token = Varchar(length=64, null=True, default=None)
    # A supervisor's review of an assisted response: "" (not assisted), "held"
    # (sent, waiting, and not counted: the bank requires review), "waiting"
    # (sent, counted, may be reviewed) or "accepted".
    review = Varchar(length=10, default="")


class Answer(Table, tablename="answer", db=_UNBOUND):
    response = ForeignKey(references=Response, on_delete=OnDelete.cascade, index=True)
    question_id = Varchar(length=100)
    # JSON text in a TEXT column: SQLite gives a column declared JSON numeric
    # affinity, which would turn the saved text "3" into the integer 3.
    value = Text()
    updated_at = Timestamptz()
    # The file of a BSL video answer the value holds (a random name, nothing
    # more): kept beside the sealed value, so files no answer holds any more
    # can be found without opening every answer.
    video = Varchar(length=100, null=True, default=None)


class TextReview(Table, tablename="text_review", db=_UNBOUND):
    """A reviewer's decision on one free-text answer before it may be exported:
    released as redacted, released as they edited it, or withheld."""

    response = ForeignKey(references=Response, on_delete=OnDelete.cascade, index=True)
    question_id = Varchar(length=100)
    # JSON text: {"decision": "released" | "edited" | "withheld", "text": the edited text, sealed, or null}
    value = Text()
    reviewer_id = UUID(null=True, default=None)
    reviewed_at = Timestamptz()


class Throttle(Table, tablename="throttle", db=_UNBOUND):
    """Failed attempts per key (a keyed hash of the client's address) in the current window."""

    key = Varchar(length=64, primary_key=True)
    window_start = Timestamptz()
    failures = Integer(default=0)


class Appointment(Table, tablename="appointment", db=_UNBOUND):
    """A worker's appointment with a sampled case or someone who asked for
    help. Where it is may be the person's home: sealed."""

    id = UUID(primary_key=True)
    worker = UUID(index=True)
    # One of these two: the case (a sampled address) or the request for help.
    case_id = UUID(null=True, default=None)
    help_request_id = UUID(null=True, default=None)
    # What the worker sees it by: the case's or the request's reference.
    reference = Varchar(length=40)
    questionnaire_id = Varchar(length=100)
    starts_at = Timestamptz()
    minutes = Integer(default=60)
    mode = Varchar(length=30)
    place = Text(null=True, default=None)  # sealed JSON text
    interpreter = Varchar(length=20, default="none")  # none, bsl, language
    interpreter_language = Varchar(length=20, null=True, default=None)
    interpreter_name = Varchar(length=200, null=True, default=None)
    cancelled = Boolean(default=False)
    created_at = Timestamptz()


class NetworkSighting(Table, tablename="network_sighting", db=_UNBOUND):
    """An open-link response sent from a network address: the address only as
    a keyed hash, and each row deleted after a day."""

    address_hash = Varchar(length=64, index=True)
    questionnaire_id = Varchar(length=100)
    seen_at = Timestamptz(index=True)


class HelpRequest(Table, tablename="help_request", db=_UNBOUND):
    """A respondent asking for help to answer, in one of the ways the bank
    offers. Their contact details are sealed; the request is deleted a while
    after a worker has handled it."""

    id = UUID(primary_key=True)
    questionnaire_id = Varchar(length=100, index=True)
    reference = Varchar(length=20, unique=True)
    way = Varchar(length=30)
    # JSON list of the organisations whose queue it is in.
    organisations = Text()
    # Sealed JSON: the contact details and when suits them.
    details = Text()
    language = Varchar(length=20)
    format = Varchar(length=20)
    # The answers they had given, if any (not a foreign key: purged on its own terms).
    response_id = UUID(null=True, default=None)
    status = Varchar(length=20, default="waiting")  # waiting, claimed, handled
    claimed_by = UUID(null=True, default=None, index=True)
    claimed_at = Timestamptz(null=True, default=None)
    handled_at = Timestamptz(null=True, default=None)
    outcome = Varchar(length=30, null=True, default=None)
    created_at = Timestamptz()


class ReviewDecision(Table, tablename="review_decision", db=_UNBOUND):
    """A supervisor accepting an assisted response, or returning it to its
    worker with a comment (sealed: it may quote an answer)."""

    response = ForeignKey(references=Response, on_delete=OnDelete.cascade, index=True)
    decision = Varchar(length=10)  # accepted, returned
    reviewer = UUID()
    comment = Text(default="")
    decided_at = Timestamptz()


class Account(Table, tablename="account", db=_UNBOUND):
    """A person who signs in: a community worker, an analyst or an admin."""

    id = UUID(primary_key=True)
    email = Varchar(length=254, unique=True)
    password_hash = Varchar(length=200)
    roles = Varchar(length=100)  # space-separated: "worker analyst"
    organisation = Varchar(length=200, null=True, default=None)
    disabled = Boolean(default=False)
    created_at = Timestamptz()


class StaffSession(Table, tablename="staff_session", db=_UNBOUND):
    """A signed-in browser. The cookie holds a random token; only its hash is kept."""

    token_hash = Varchar(length=64, primary_key=True)
    account = UUID(index=True)
    started_at = Timestamptz()
    last_seen_at = Timestamptz()


class AuditEvent(Table, tablename="audit_event", db=_UNBOUND):
    """Append-only: database triggers refuse UPDATE and DELETE."""

    id = Serial(primary_key=True)
    at = Timestamptz()
    actor_id = UUID(null=True, default=None)
    actor = Varchar(length=254)  # the email at the time, or "command line"
    action = Varchar(length=50, index=True)
    object_type = Varchar(length=30, default="")
    object_id = Varchar(length=100, default="")
    detail = Text(default="{}")


class Draft(Table, tablename="draft", db=_UNBOUND):
    """What a worker had typed on a page when they were signed out for being idle."""

    response = ForeignKey(references=Response, on_delete=OnDelete.cascade, index=True)
    page_id = Varchar(length=100)
    form = Text()
    saved_at = Timestamptz()


class QuestionnaireSchedule(Table, tablename="questionnaire_schedule", db=_UNBOUND):
    """When a questionnaire opens and closes (either may be unset: always open)."""

    questionnaire_id = Varchar(length=100, primary_key=True)
    opens_at = Timestamptz(null=True, default=None)
    closes_at = Timestamptz(null=True, default=None)
    # Who may answer: "open" (anyone with the link), "sample" (only with an
    # access code from a letter), or "both" (community collection beside the sample).
    access = Varchar(length=10, default="open")
    updated_at = Timestamptz()


class ResultsPublication(Table, tablename="results_publication", db=_UNBOUND):
    """A questionnaire whose results anyone may read at /results."""

    questionnaire_id = Varchar(length=100, primary_key=True)
    published_at = Timestamptz()


class Sample(Table, tablename="sample", db=_UNBOUND):
    """One wave of a questionnaire's probability sample: imported from a file or drawn from a frame."""

    id = Serial(primary_key=True)
    questionnaire_id = Varchar(length=100, index=True)
    wave = Integer()
    # JSON text: where it came from (the file's name; or the frame, size, strata, allocation and seed).
    detail = Text(default="{}")
    created_at = Timestamptz()


class SampleCase(Table, tablename="sample_case", db=_UNBOUND):
    """A sampled address or person. The address is sealed and never exported;
    the access code is never stored, only a keyed hash to find the case by."""

    id = UUID(primary_key=True)
    sample = ForeignKey(references=Sample, on_delete=OnDelete.cascade, index=True)
    reference = Varchar(length=40)
    borough = Varchar(length=40)
    stratum = Varchar(length=100)
    probability = DoublePrecision()
    language = Varchar(length=20, null=True, default=None)
    format_need = Varchar(length=20, null=True, default=None)
    # Sealed JSON of the address lines and postcode; null once purged.
    address = Text(null=True, default=None)
    code_hash = Varchar(length=64, unique=True)
    # The response its code opened (not a foreign key: the case and its
    # outcome outlive a response purged after the retention period).
    response_id = UUID(null=True, default=None, unique=True)
    # AAPOR code: recorded by staff, or 1.1 set by the app when the answers are sent.
    disposition = Varchar(length=10, null=True, default=None)
    disposition_at = Timestamptz(null=True, default=None)
    disposition_by = Varchar(length=254, null=True, default=None)
    disposition_how = Varchar(length=200, null=True, default=None)
    # The community worker the case is assigned to, for fieldwork.
    assigned_to = UUID(null=True, default=None, index=True)


class ContactAttempt(Table, tablename="contact_attempt", db=_UNBOUND):
    """A worker's visit, call or letter to a sampled case, and what came of it."""

    case = ForeignKey(references=SampleCase, on_delete=OnDelete.cascade, index=True)
    worker = UUID()
    at = Timestamptz()
    how = Varchar(length=20)
    outcome = Varchar(length=30)


class SurveyMigration(Table, tablename="survey_migration", db=_UNBOUND):
    id = Varchar(length=100, primary_key=True)
    applied_at = Timestamptz()


TABLES: tuple[type[Table], ...] = (
    QuestionnaireVersion, Response, Answer, TextReview, Throttle, Account, StaffSession, AuditEvent, Draft, QuestionnaireSchedule,
    ResultsPublication, Sample, SampleCase, ContactAttempt, Appointment, NetworkSighting, HelpRequest, ReviewDecision, SurveyMigration,
)
