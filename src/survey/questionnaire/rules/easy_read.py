"""Easy Read rules (Mencap and NHS Easy Read guidance): one idea per short
sentence, active voice, no unexplained acronyms or hard words, a picture with
every idea, and an Easy Read version of every page when the bank offers it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import ERROR, WARNING, Finding
from ..easy_read import EasyReadText
from ..schema import Questionnaire
from .common import Text, ignored, letters, pages, sentences, words

MAX_WORDS = 15
#: Words Easy Read readers often do not know; each needs explaining.
HARD_WORDS = {
    "regardless", "approximately", "discrimination", "harassment", "incident", "anonymous", "confidential",
    "respondent", "questionnaire", "demographic", "eligible", "consent", "perpetrator", "victimisation",
    "concerns", "organisation", "identity", "orientation", "ethnicity", "religion", "borough",
}
_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|get|got)\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|done|made|given|taken|seen|told|known|shown|written|kept|sent|held|paid|said|found|left|felt)\b",
    re.IGNORECASE,
)
#: Adjectives that end like participles: "you are Disabled" is not passive.
_NOT_PARTICIPLES = {"disabled", "interested", "worried", "tired", "scared", "married", "bored", "excited", "pleased", "upset"}
_JOINERS = re.compile(r"\b(?:and|but|because|which|while|although|unless|so)\b|[;:]", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def easy_read_texts(q: Questionnaire) -> Iterator[tuple[Text, EasyReadText | None]]:
    if q.easy_read:
        yield Text("$.easy_read.title", q.easy_read.title, None), None
        for i, idea in enumerate(q.easy_read.intro):
            yield Text(f"$.easy_read.intro[{i}]", idea.text, None), idea
    for path, page in pages(q):
        er = page.easy_read
        if er is None:
            continue
        yield Text(f"{path}.easy_read.title", er.title, page), None
        for i, idea in enumerate(er.ideas):
            yield Text(f"{path}.easy_read.ideas[{i}]", idea.text, page), idea
        for code, option in er.options.items():
            yield Text(f"{path}.easy_read.options.{code}", option.text, page), option
    for path, letter in letters(q):
        for i, idea in enumerate(letter.easy_read):
            yield Text(f"{path}.easy_read[{i}]", idea.text, None), idea


def findings(q: Questionnaire, pictures: set[str] | None = None) -> list[Finding]:
    out: list[Finding] = []
    offered = "easy_read" in q.formats
    if offered and q.easy_read is None:
        out.append(Finding("$.easy_read", "er-missing", ERROR, "The bank offers Easy Read but has no Easy Read introduction.",
                           "Add easy_read with a title and introduction."))
    for path, page in pages(q):
        if offered and page.easy_read is None:
            out.append(Finding(f"{path}.easy_read", "er-missing", ERROR, f"Page {page.id!r} has no Easy Read version.",
                               "Add easy_read with a short title and ideas with pictures."))
        if page.easy_read and not ignored(page, "er-missing"):
            # The answers the bank wrote (a "None of these" too): the interface has Easy Read words for its own.
            own = {o.code for o in page.all_options() if not o.standard}
            for code in sorted(own - set(page.easy_read.options)):
                out.append(Finding(f"{path}.easy_read.options", "er-missing", ERROR, f"Answer {code!r} has no Easy Read words.",
                                   f"Add easy_read.options.{code} with text and a picture."))
    for path, letter in letters(q):
        if offered and not letter.easy_read:
            out.append(Finding(f"{path}.easy_read", "er-missing", ERROR, "The letter has no Easy Read version.",
                               "Add easy_read ideas with pictures: people who asked for Easy Read get this letter."))
    glossary = {term.lower() for term in q.glossary}
    texts = list(easy_read_texts(q))
    for index, (text, idea) in enumerate(texts):
        out.extend(_wording(text, glossary, texts[index + 1][0].text if index + 1 < len(texts) else ""))
        if idea is not None:
            out.extend(_picture(text, idea, pictures))
    return out


def _wording(text: Text, glossary: set[str], following: str) -> Iterator[Finding]:
    def finding(rule: str, severity: str, message: str, fix: str) -> Iterator[Finding]:
        if not ignored(text.page, rule):
            yield Finding(text.path, rule, severity, message, fix)

    for sentence in sentences(text.text):
        count = len(words(sentence))
        if count > MAX_WORDS:
            yield from finding("er-sentence-length", ERROR, f"A sentence has {count} words: {sentence!r}.",
                               f"Split it into sentences of {MAX_WORDS} words or fewer.")
        if len(_JOINERS.findall(sentence)) >= 2:
            yield from finding("er-one-idea", WARNING, f"This sentence may hold more than one idea: {sentence!r}.",
                               "Give each idea its own sentence and picture.")
        if any(m.group(0).split()[-1].lower() not in _NOT_PARTICIPLES for m in _PASSIVE.finditer(sentence)):
            yield from finding("er-passive", WARNING, f"This sentence may be passive: {sentence!r}.",
                               "Say who does what: 'We keep your answers safe', not 'Your answers are kept safe'.")
    for acronym in sorted(set(_ACRONYM.findall(text.text.replace("**", "")))):
        if acronym.lower() not in glossary:
            yield from finding("er-acronym", WARNING, f"{acronym!r} is an acronym or in capitals.",
                               "Write the words out, or add it to the bank's glossary and explain it.")
    for word in sorted({w.lower() for w in words(text.text)} & HARD_WORDS):
        if word not in glossary and "mean" not in f"{text.text} {following}".lower():
            yield from finding("er-hard-word", WARNING, f"{word!r} is a hard word.",
                               "Use an easier word, or explain it in the next sentence ('This means ...').")


def _picture(text: Text, idea: EasyReadText, pictures: set[str] | None) -> Iterator[Finding]:
    if idea.picture is None:
        if not text.path.split(".")[-2] == "options" and not ignored(text.page, "er-picture"):
            yield Finding(text.path, "er-picture", WARNING, "This idea has no picture.", "Add a picture that shows the idea.")
        return
    if pictures is not None and idea.picture not in pictures:
        yield Finding(f"{text.path}.picture", "er-picture", ERROR, f"There is no picture called {idea.picture!r}.",
                      "Use a name from static/pictures.")
    if not idea.alt and ".options." not in text.path:
        yield Finding(f"{text.path}.alt", "er-picture-alt", ERROR, "The picture has no alt text.",
                      "Say what the picture shows, for people who cannot see it.")
