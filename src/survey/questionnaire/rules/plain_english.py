"""Plain English in the standard wording: reading age, length, double-barrelled
questions, negatives in agree/disagree statements, and the social model of
disability instead of the medical model."""

from __future__ import annotations

import re
import readability

from ..findings import ERROR, WARNING, Finding
from ..schema import Questionnaire
from .common import Text, ignored, letter_texts, pages, sentences, standard_texts, words

#: Reading age above which a question is flagged (UK reading age = US grade + 5).
READING_AGE = 12
LONG_QUESTION = 25
#: GOV.UK's advice: sentences of 25 words at most.
LONG_SENTENCE = 25
#: Medical-model wording, with what to say instead (social model).
MEDICAL_MODEL = {
    r"\bsuffer(?:s|ing)? from\b": "has / lives with",
    r"\bwheelchair[- ]bound\b|\bconfined to a wheelchair\b": "wheelchair user",
    r"\bthe disabled\b": "Disabled people",
    r"\bhandicap(?:ped)?\b": "Disabled person",
    r"\bafflicted (?:by|with)\b": "has",
    r"\bvictim of (?:a )?(?:stroke|disability|illness|condition)\b": "had / has",
    r"\bspecial needs\b": "access needs",
    r"\bthe deaf\b|\bdeaf and dumb\b": "Deaf people",
    r"\bmentally handicapped\b|\bretarded\b": "person with a learning disability",
}
_NEGATIVE = re.compile(r"\b(?:not|never|no one|nobody)\b|n[’']t\b", re.IGNORECASE)
#: "and"/"or" followed by a second ask: "Do you feel safe and do you trust them?"
_ASKS = re.compile(
    r"\b(?:and|or)\b[^?]*?\b(?:do|does|did|is|are|was|were|have|has|can|will|would|should|how|what|which|who|when|where|why)\b",
    re.IGNORECASE,
)


def findings(q: Questionnaire) -> list[Finding]:
    out: list[Finding] = []

    def add(text: Text, rule: str, severity: str, message: str, fix: str) -> None:
        if not ignored(text.page, rule):
            out.append(Finding(text.path, rule, severity, message, fix))

    for text in standard_texts(q):
        for pattern, instead in MEDICAL_MODEL.items():
            if match := re.search(pattern, text.text, re.IGNORECASE):
                add(text, "pe-medical-model", ERROR, f"{match.group(0)!r} is medical-model wording.",
                    f"Use the social model: say {instead!r}.")
    for path, page in pages(q):
        title = Text(f"{path}.title", page.title, page)
        count = len(words(page.title))
        if count >= 3:
            grade = readability.getmeasures(page.title, lang="en")["readability grades"]["Kincaid"]
            if grade + 5 > READING_AGE:
                add(title, "pe-reading-age", WARNING, f"A reading age of about {grade + 5:.0f} is needed.",
                    f"Use shorter words and sentences for a reading age of {READING_AGE} or less.")
        if count > LONG_QUESTION:
            add(title, "pe-long-question", WARNING, f"The question has {count} words.", "Shorten it, or move detail into the hint.")
        if page.chooses == "one" and page.title.rstrip().endswith("?") and _ASKS.search(page.title):
            add(title, "pe-double-barrelled", WARNING, "The question may ask two things at once.",
                "Ask one thing per question; split it into two.")
        if any("agree" in o.code for o in page.all_options()) and _NEGATIVE.search(page.title):
            add(title, "pe-negative-statement", WARNING, "An agree/disagree statement contains a negative.",
                "Word the statement positively: disagreeing with a negative is hard to think through.")
    for text in letter_texts(q):
        for sentence in sentences(text.text):
            if len(words(sentence)) > LONG_SENTENCE:
                add(text, "pe-long-sentence", WARNING, f"A sentence of the letter has {len(words(sentence))} words.",
                    f"Split it: sentences of {LONG_SENTENCE} words or fewer are easier to read.")
        if len(words(text.text)) >= 8:
            grade = readability.getmeasures(text.text, lang="en")["readability grades"]["Kincaid"]
            if grade + 5 > READING_AGE:
                add(text, "pe-reading-age", WARNING, f"A reading age of about {grade + 5:.0f} is needed.",
                    f"Use shorter words and sentences for a reading age of {READING_AGE} or less: a letter goes to everyone.")
    return out
