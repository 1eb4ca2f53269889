"""The question banks being served, and every earlier version still answered.

Current banks come from the questionnaires folder. A response keeps the
version it was started on, so an older version is read back from the database
(where each version is stored when first served) the first time it is needed.
"""

from __future__ import annotations

from .questionnaire import Loaded, Questionnaire
from .storage import responses


class Banks:
    def __init__(self, loaded: list[Loaded]):
        self._loaded = loaded
        self.current: dict[str, Questionnaire] = {item.questionnaire.id: item.questionnaire for item in loaded}
        self._versions: dict[tuple[str, str], Questionnaire] = {
            (q.id, q.version): q for q in self.current.values()
        }

    async def publish(self) -> None:
        """Store each current version; refuse a changed bank that kept its version number."""
        for item in self._loaded:
            q = item.questionnaire
            await responses.publish(q.id, q.version, item.content_hash, item.definition)

    def get(self, questionnaire_id: str) -> Questionnaire | None:
        return self.current.get(questionnaire_id)

    async def version(self, questionnaire_id: str, version: str) -> Questionnaire | None:
        key = (questionnaire_id, version)
        if key not in self._versions:
            definition = await responses.definition(questionnaire_id, version)
            if definition is None:
                return None
            self._versions[key] = Questionnaire.model_validate_json(definition)
        return self._versions[key]

    def __iter__(self):
        return iter(sorted(self.current.values(), key=lambda q: q.title))
