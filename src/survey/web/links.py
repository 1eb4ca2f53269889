"""Where each step of a response's journey lives: ``/s/<questionnaire>`` for a
respondent's own answers, ``/assist/<response>`` for a worker entering
answers on someone's behalf."""

from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import Journey


def _step(name: str) -> property:
    """One step of the journey, a path under the response's base."""
    return property(lambda links: f"{links.base}/{name}")


@dataclass(frozen=True)
class Links:
    """Where each step of one response's journey lives.

    A respondent's own journey is under /s/<questionnaire>; a worker's entry
    on someone's behalf is under /assist/<response>, so the response is in the
    address and access to it is checked on every request.
    """

    base: str
    questionnaire_id: str
    #: Where "Back" from the first page, and "Save" with nothing typed, lead.
    start: str
    assisted: bool = False
    #: The respondent answering a private section on the worker's device.
    private: bool = False

    @classmethod
    def respondent(cls, qid: str) -> Links:
        return cls(f"/s/{qid}", qid, f"/s/{qid}")

    @classmethod
    def for_worker(cls, rid: object, qid: str) -> Links:
        return cls(f"/assist/{rid}", qid, "/assist", assisted=True)

    @classmethod
    def for_private(cls, rid: object, qid: str) -> Links:
        return cls(f"/private/{rid}", qid, f"/private/{rid}", private=True)

    def page(self, page_id: str, change: bool = False) -> str:
        return f"{self.base}/q/{page_id}" + ("?change=1" if change else "")

    def saved_for_later(self, page_id: str) -> str:
        if self.assisted:
            return f"/assist?saved={self.base.rsplit('/', 1)[1]}"
        if self.private:
            return self.hand_back
        return f"{self.base}/save?return={page_id}"

    def format(self, name: str) -> str:
        return f"{self.base}/format/{name}"

    check = _step("check")
    done = _step("done")
    save = _step("save")
    resume = _step("resume")
    delete = _step("delete")
    deleted = _step("deleted")
    paper = _step("paper")
    hand_back = _step("hand-back")


def urls(qid: str) -> Links:
    return Links.respondent(qid)


def page_url(qid: str, page_id: str, change: bool = False) -> str:
    return Links.respondent(qid).page(page_id, change)


def where_next(links: Links, journey: Journey) -> str:
    pending = journey.resume_page()
    return links.page(pending.id) if pending else links.check
