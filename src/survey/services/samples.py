"""A questionnaire's probability sample: loading or drawing a wave, opening a
case by its access code, recording outcomes, and the response rates.

The files are read and checked whole (``sampling.files``) before anything is
written, and a wave goes in in one transaction: a bad file changes nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from ..questionnaire import Journey, Questionnaire
from ..sampling import dispositions
from ..sampling.dispositions import DISPOSITIONS, RECORDABLE
from ..sampling.draw import DrawRefused, allocate, draw
from ..sampling.files import Case, count_frame, frame_rows, read_sample
from ..sampling.rates import Counts, rates
from ..storage import audit, samples
from ..storage.samples import CaseOutcome, CaseRecord, NewCase
from . import access_codes
from .banks import Banks


class SampleRefused(Exception):
    """What was asked of the sample cannot be done; the message says why."""


def _new_cases(secret: str, cases: list[Case]) -> list[NewCase]:
    made = []
    for case in cases:
        case_id = uuid.uuid4()
        code = access_codes.normalise(access_codes.code_for(secret, case_id))
        assert code is not None
        made.append(
            NewCase(
                id=case_id, reference=case.reference, borough=case.borough, stratum=case.stratum,
                probability=case.probability, address=case.address, code_hash=access_codes.lookup_hash(secret, code),
                language=case.language, format_need=case.format_need,
            )
        )
    return made


async def import_file(questionnaire: Questionnaire, path: Path, secret: str, actor: str, wave: int | None = None) -> tuple[int, int]:
    """Import a sample file as a wave (FileRefused if any row is wrong): the wave's number and its cases."""
    cases = read_sample(path, questionnaire.languages)
    try:
        number = await samples.add_wave(questionnaire.id, wave, {"source": "file", "file": path.name}, _new_cases(secret, cases))
    except samples.WaveExists as exc:
        raise SampleRefused(str(exc)) from None
    await audit.record("sample_imported", actor, None, "questionnaire", questionnaire.id, wave=number, cases=len(cases), file=path.name)
    return number, len(cases)


@dataclass(frozen=True)
class Drawn:
    wave: int
    cases: list[Case]
    frame_size: int
    strata: dict[str, tuple[int, int]]  # stratum: (drawn, in frame)


async def draw_from_frame(
    questionnaire: Questionnaire, frame_path: Path, size: int | None, strata: str, allocation: str, seed: int,
    secret: str, actor: str, wave: int | None = None,
) -> Drawn:
    """Draw a stratified random sample from a frame and keep it as a wave."""
    frame = count_frame(frame_path, strata)
    try:
        wanted = allocate(frame.sizes, size, allocation)
    except DrawRefused as exc:
        raise SampleRefused(str(exc)) from None
    chosen, probabilities = draw(frame.sizes, wanted, seed)
    cases = frame_rows(frame, chosen, probabilities)
    detail = {"source": "draw", "frame": frame_path.name, "frame_size": frame.total, "size": len(cases),
              "strata": strata, "allocation": allocation, "seed": seed}
    try:
        number = await samples.add_wave(questionnaire.id, wave, detail, _new_cases(secret, cases))
    except samples.WaveExists as exc:
        raise SampleRefused(str(exc)) from None
    await audit.record("sample_drawn", actor, None, "questionnaire", questionnaire.id, wave=number, cases=len(cases),
                       frame=frame_path.name, frame_size=frame.total, strata=strata, allocation=allocation, seed=seed)
    return Drawn(number, cases, frame.total, {s: (wanted[s], frame.sizes[s]) for s in sorted(frame.sizes)})


async def case_for_code(secret: str, questionnaire_id: str, normalised: str) -> CaseRecord | None:
    return await samples.find_by_code(questionnaire_id, access_codes.lookup_hash(secret, normalised))


async def record_outcome(questionnaire_id: str, wave: int, reference: str, code: str, how: str, actor: str,
                         actor_id: uuid.UUID | None = None) -> CaseRecord:
    """Record a case's outcome by hand (a refusal, a returned letter, a vacant address), audited."""
    if code not in RECORDABLE:
        if code in DISPOSITIONS:
            raise SampleRefused(f"{code} is set by the survey itself, from the answers, not recorded by hand")
        raise SampleRefused(f"{code!r} is not a disposition code: use one of {', '.join(RECORDABLE)}")
    case = await samples.find(questionnaire_id, wave, reference)
    if case is None:
        raise SampleRefused(f"wave {wave} of {questionnaire_id} has no case {reference!r}")
    await samples.record_disposition(case.id, code, actor, how)
    await audit.record("case_outcome_recorded", actor, actor_id, "case", str(case.id), questionnaire=questionnaire_id,
                       wave=wave, reference=reference, disposition=code, was=case.disposition, how=how)
    return case


async def add_person(secret: str, questionnaire_id: str, wave: int, reference: str, actor: str,
                     actor_id: uuid.UUID | None = None) -> CaseRecord:
    """A private code for someone else at a case's address (the Census way:
    nobody in a household has to see another's answers), audited."""
    case = await samples.find(questionnaire_id, wave, reference)
    if case is None:
        raise SampleRefused(f"wave {wave} of {questionnaire_id} has no case {reference!r}")
    new_id = uuid.uuid4()
    code = access_codes.normalise(access_codes.code_for(secret, new_id))
    assert code is not None
    added = await samples.add_person(case.id, new_id, access_codes.lookup_hash(secret, code))
    if added is None:
        raise SampleRefused(f"case {reference!r} has no address any more (purged after the retention period)")
    await audit.record("case_person_added", actor, actor_id, "case", str(new_id), questionnaire=questionnaire_id, wave=wave,
                       reference=added, at_address_of=reference)
    found = await samples.find(questionnaire_id, wave, added)
    assert found is not None
    return found


@dataclass(frozen=True)
class Status:
    """Dispositions counted per wave and stratum, completes and partials per mode."""

    by_wave_stratum: dict[tuple[int, str], Counter[str]]
    by_mode: dict[int, Counter[str]]

    def counts(self, wave: int | None = None, stratum: str | None = None) -> Counter[str]:
        total: Counter[str] = Counter()
        for (w, s), counter in self.by_wave_stratum.items():
            if (wave is None or w == wave) and (stratum is None or s == stratum):
                total.update(counter)
        return total

    @property
    def waves(self) -> list[int]:
        return sorted({w for w, _ in self.by_wave_stratum})

    def strata(self, wave: int) -> list[str]:
        return sorted(s for w, s in self.by_wave_stratum if w == wave)

    def rates(self, wave: int | None = None, stratum: str | None = None, e: float | None = None) -> dict[str, float | None]:
        return rates(Counts.by_code(self.counts(wave, stratum)), e)

    def e(self, wave: int | None = None, stratum: str | None = None) -> float | None:
        return Counts.by_code(self.counts(wave, stratum)).proportional_e()


async def outcomes(questionnaire_id: str, banks: Banks) -> list[tuple[CaseOutcome, str]]:
    """Every case with its disposition. The bank versions the sample's
    responses were started on tell a partial from a break-off."""
    versions = {}
    for version in await samples.versions_in_sample(questionnaire_id):
        found = await banks.version(questionnaire_id, version)
        if found is not None:
            versions[version] = found
    cases = await samples.outcomes(questionnaire_id)
    unsent = [o.response_id for o in cases if o.response_id and o.response_status == "in_progress"]
    answers = await samples.answers_of(unsent)
    found_outcomes = []
    for o in cases:
        from_response = None
        if o.response_id and o.response_status:
            if o.response_status == "submitted":
                from_response = "1.1"
            else:
                q = versions.get(o.response_version or "")
                journey = Journey(q, answers.get(o.response_id, {})) if q else None
                answered, on_route = (len(journey.answered_questions()), journey.total) if journey else (0, 0)
                from_response = dispositions.from_response(False, answered, on_route)
        found_outcomes.append((o, dispositions.outcome(o.disposition, from_response)))
    return found_outcomes


async def status(questionnaire_id: str, banks: Banks) -> Status:
    """Every case's outcome, counted per wave and stratum, and per mode."""
    by_wave_stratum: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    by_mode: dict[int, Counter[str]] = defaultdict(Counter)
    for o, code in await outcomes(questionnaire_id, banks):
        by_wave_stratum[(o.wave, o.stratum)][code] += 1
        if code in ("1.1", "1.2"):
            by_mode[o.wave][o.mode or "online"] += 1
    return Status(dict(by_wave_stratum), dict(by_mode))


#: Outcomes a reminder is never sent for: answered, refused, died, or not eligible.
NO_REMINDER = frozenset({"1.1", "2.11", "2.31"})


async def letter_cases(questionnaire_id: str, wave: int, kind: str, banks: Banks) -> list[tuple[CaseRecord, dict[str, str]]]:
    """The cases a letter goes to, with their addresses (purged ones left out):
    every case for an invitation; for a reminder, those who may still answer."""
    cases = await samples.for_letters(questionnaire_id, wave)
    if kind == "reminder":
        done = {o.case_id for o, code in await outcomes(questionnaire_id, banks)
                if code in NO_REMINDER or DISPOSITIONS[code].group == "NE"}
        cases = [(case, address) for case, address in cases if case.id not in done]
    return [(case, address) for case, address in cases if address is not None]


def report(status: Status, e: float | None = None) -> dict:
    """The status as plain data, for ``survey sample status`` and the admin page:
    per wave, its dispositions, rates (with the e used) and strata."""
    waves = []
    for wave in status.waves:
        counts = status.counts(wave)
        used_e = e if e is not None else status.e(wave)
        waves.append({
            "wave": wave,
            "cases": sum(counts.values()),
            "e": used_e if used_e is not None else 1.0,
            "e_given": e is not None,
            "dispositions": {code: counts[code] for code in DISPOSITIONS if counts[code]},
            "groups": asdict(Counts.by_code(counts)),
            "rates": status.rates(wave, e=e),
            "modes": dict(sorted(status.by_mode.get(wave, {}).items())),
            "strata": [
                {"stratum": stratum, "cases": sum(status.counts(wave, stratum).values()),
                 "dispositions": {c: n for c, n in status.counts(wave, stratum).items() if n},
                 "rates": status.rates(wave, stratum, e=e)}
                for stratum in status.strata(wave)
            ],
        })
    return {"waves": waves}
