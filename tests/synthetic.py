"""Synthetic submitted responses, written straight to the database in bulk:
for export tests and benchmarks/export.py. Each follows the bank's routing."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any

from survey.questionnaire import Journey, Questionnaire
from survey.questionnaire.questions import Question
from survey.questionnaire.questions import Choice, MultipleChoice
from survey.storage.tables import Answer, Response

#: Free text with things that must never leave in an export.
PLANTED = (
    "Ring me on 07700 900123 or email sam.jones@example.com",
    "It happened outside my flat at SW1A 1AA, the car was AB12 CDE",
    "My NI number is QQ 12 34 56 C, born 12/03/1985",
    "Call +44 20 7946 0001 or see https://example.org/me",
)


def answer_for(question: Question, rng: random.Random, free_text_pii: float) -> Any:
    if isinstance(question, MultipleChoice):
        own = [o.code for o in question.own_options()]
        extra = [o.code for o in question.extra_options()]
        if extra and rng.random() < 0.3:
            return [rng.choice(extra)]  # "None of these" and the like stand alone
        return sorted(rng.sample(own, rng.randint(1, min(2, len(own)))))
    if isinstance(question, Choice):
        codes = [o.code for o in question.all_options()]
        # Earlier options are more common, so some combinations are rare.
        return rng.choices(codes, weights=[len(codes) - i for i in range(len(codes))])[0]
    if question.type == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 50
        return rng.randint(low, min(high, low + 20))
    if question.type == "date":
        return (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 600))).isoformat()
    if question.free_text:
        return rng.choice(PLANTED) if rng.random() < free_text_pii else "It was fine on the whole."
    return None


def answers_for(questionnaire: Questionnaire, rng: random.Random, free_text_pii: float = 0.2, fixed: dict[str, Any] | None = None) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    while True:
        pending = Journey(questionnaire, answers).first_unanswered()
        if pending is None:
            return answers
        if fixed and pending.id in fixed:
            answers[pending.id] = fixed[pending.id]
        else:
            answers[pending.id] = answer_for(pending, rng, free_text_pii)


#: Shares of Londoners (roughly the 2021 Census) for the sample bank's
#: demographic questions, so that combinations are as rare as they would be.
LONDON = {
    "age_band": {"16_24": 14, "25_34": 22, "35_44": 19, "45_54": 16, "55_64": 12, "65_74": 9, "75_over": 8},
    "sex": {"female": 52, "male": 48},
    "gender_same_as_sex": {"yes": 98, "no": 2},
    "sexual_orientation": {"straight": 89, "gay_lesbian": 5, "bisexual": 4, "other": 2},
    "ethnic_group": {"white": 54, "asian": 21, "black": 13, "mixed": 6, "other": 6},
    "ethnic_white": {"english_welsh_scottish_ni_british": 68, "irish": 4, "gypsy_irish_traveller": 1, "roma": 1, "other_white": 26},
    "ethnic_asian": {"indian": 36, "pakistani": 14, "bangladeshi": 16, "chinese": 11, "other_asian": 23},
    "ethnic_black": {"african": 60, "caribbean": 30, "other_black": 10},
    "ethnic_mixed": {"white_black_caribbean": 28, "white_black_african": 15, "white_asian": 24, "other_mixed": 33},
    "ethnic_other": {"arab": 27, "any_other": 73},
    "religion": {"christian": 41, "no_religion": 27, "muslim": 15, "hindu": 5, "jewish": 2, "sikh": 2, "buddhist": 1, "other": 7},
    "long_term_condition": {"no": 83, "yes": 17},
    "condition_reduces_ability": {"yes_a_lot": 35, "yes_a_little": 45, "not_at_all": 20},
    # The City of London is about 0.1% of Londoners; the other 32 boroughs about 3% each.
    "borough": {"city_of_london": 1, **{b: 31 for b in (
        "barking_and_dagenham", "barnet", "bexley", "brent", "bromley", "camden", "croydon", "ealing", "enfield",
        "greenwich", "hackney", "hammersmith_and_fulham", "haringey", "harrow", "havering", "hillingdon", "hounslow",
        "islington", "kensington_and_chelsea", "kingston_upon_thames", "lambeth", "lewisham", "merton", "newham",
        "redbridge", "richmond_upon_thames", "southwark", "sutton", "tower_hamlets", "waltham_forest", "wandsworth",
        "westminster")}},
    "wg_hearing": {"no_difficulty": 90, "some_difficulty": 8, "a_lot_of_difficulty": 1.5, "cannot_do": 0.5},
    "bsl_first_language": {"no": 995, "yes": 5},
}


def londoner(rng: random.Random) -> dict[str, Any]:
    """Demographic answers drawn from London's shares (``LONDON``), for ``answers_for(fixed=...)``."""
    return {qid: rng.choices(list(shares), weights=list(shares.values()))[0] for qid, shares in LONDON.items()}


def how_it_came(rng: random.Random) -> dict[str, Any]:
    """How one response came in, in roughly the mix a community survey
    would see: mostly online, some entered by workers of two organisations,
    a few in Easy Read or BSL or in another language, over three months."""
    how: dict[str, Any] = {"submitted_at": dt.datetime(2026, rng.choice((9, 10, 11)), 15, 12, tzinfo=dt.timezone.utc)}
    if rng.random() < 0.15:
        how.update(mode=rng.choice(["in_person", "phone"]), organisation=rng.choice(["Inclusion London", "Disability Rights UK"]))
    chance = rng.random()
    if chance < 0.05:
        how["format"] = "easy_read"
    elif chance < 0.06:
        how.update(format="bsl", mode="bsl_interpreter", organisation="Deaf Plus")
    if rng.random() < 0.05:
        how["language"] = rng.choice(["cy", "ar", "ur"])
    return how


#: How a response came in, unless said otherwise.
ONLINE = {"mode": "online", "language": "en", "format": "standard"}


async def insert(questionnaire: Questionnaire, many: list[dict[str, Any]], mode: str = "online", batch: int = 500,
                 meta: list[dict[str, Any]] | None = None) -> list[uuid.UUID]:
    """``meta``: per response, any of mode, language, format, organisation_id,
    submitted_at, route, flags. Returns the responses' ids in order."""
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    ids: list[uuid.UUID] = []
    for start in range(0, len(many), batch):
        responses, answers = [], []
        for number, answers_of_one in enumerate(many[start : start + batch], start=start):
            rid = uuid.uuid4()
            ids.append(rid)
            how = {**ONLINE, "mode": mode, "submitted_at": now, **(meta[number] if meta else {})}
            responses.append(Response(
                id=rid, questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
                status="submitted", resume_code_hash=uuid.uuid4().hex, reference=uuid.uuid4().hex[:12],
                started_at=now, updated_at=now, **how,
            ))
            answers += [Answer(response=rid, question_id=q, value=json.dumps(v), updated_at=now) for q, v in answers_of_one.items()]
        await Response.insert(*responses)
        for chunk in range(0, len(answers), 2000):
            await Answer.insert(*answers[chunk : chunk + 2000])
    return ids


def seed(database_url: str, questionnaire: Questionnaire, count: int, rng_seed: int = 7) -> None:
    """``count`` submitted responses in a database, migrated first."""
    from conftest import run_async
    from survey.storage import close_engine, migrate, open_engine

    async def main():
        engine = await open_engine(database_url)
        try:
            await migrate(engine)
            rng = random.Random(rng_seed)
            await insert(questionnaire, [answers_for(questionnaire, rng) for _ in range(count)])
        finally:
            await close_engine(engine)

    run_async(main())


def form_fields(question: Question | Any, value: Any) -> dict[str, Any]:
    """The form a browser would send for ``value`` on ``question``'s page."""
    if value is None or not isinstance(question, Question):
        return {}
    if question.type == "date":
        year, month, day = value.split("-")
        return {f"{question.id}-day": day, f"{question.id}-month": month, f"{question.id}-year": year}
    return {question.id: [str(v) for v in value] if isinstance(value, list) else str(value)}


def walk_to(client: Any, questionnaire: Questionnaire, token: str, target: str, fixed: dict[str, Any], seed: int = 1) -> None:
    """Answer, over HTTP with an httpx client, every page before ``target`` in
    ``questionnaire`` (a respondent's journey already started)."""
    answers = answers_for(questionnaire, random.Random(seed), fixed=fixed)
    for page in Journey(questionnaire, answers).route:
        if page.id == target:
            return
        data = {"_csrf_token": token, **form_fields(page, answers.get(page.id))}
        posted = client.post(f"/s/{questionnaire.id}/q/{page.id}", data=data, follow_redirects=False)
        assert posted.status_code == 303, (page.id, posted.status_code, posted.text[:500])
    raise AssertionError(f"{target} is not on the route")


async def release_free_text(questionnaire: Questionnaire) -> int:
    """Every free-text answer read and released as redacted, as a reviewer
    would (exports hold only released text). How many were released."""
    from survey.storage import reviews

    question_ids = [q.id for q in questionnaire.questions() if q.free_text]
    released = 0
    while found := await reviews.waiting(questionnaire.id, question_ids, limit=500):
        for item in found:
            await reviews.decide(item.response_id, item.question_id, "released", None, None)
        released += len(found)
    return released


def exported(folder: Any, questionnaire: Questionnaire, many: list[dict[str, Any]], options: Any, meta: list[dict[str, Any]] | None = None) -> Any:
    """``many`` responses sent to ``questionnaire`` in a fresh SQLite
    database in ``folder``, then exported to ``folder / "out"``: the outcome."""
    from conftest import run_async
    from survey.export.run import export
    from survey.storage import close_engine, migrate, open_engine

    async def main():
        engine = await open_engine(f"sqlite:///{folder}/export.db")
        try:
            await migrate(engine)
            await insert(questionnaire, many, meta=meta)
            return await export(questionnaire, folder / "out", options)
        finally:
            await close_engine(engine)

    return run_async(main())
