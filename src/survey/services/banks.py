"""The question banks being served, in each language they declare, and every
earlier version still answered.

Current banks come from the questionnaires folder, with their translations
from ``translations/`` beside them. A response keeps the version it was
started on, so an older version is read back from the database (where each
version is stored when first served) the first time it is needed.
"""

from __future__ import annotations

from pathlib import Path

from . import bank_i18n, i18n
from ..questionnaire import Loaded, Questionnaire
from ..storage import responses


class Banks:
    def __init__(self, loaded: list[Loaded], questionnaires_dir: Path | None = None):
        self._loaded = loaded
        self._by_id = {item.questionnaire.id: item for item in loaded}
        self._dir = questionnaires_dir
        self.current: dict[str, Questionnaire] = {item.questionnaire.id: item.questionnaire for item in loaded}
        self._versions: dict[tuple[str, str, str], Questionnaire] = {}
        self._translated: dict[tuple[str, str], Questionnaire] = {}
        for item in loaded:
            q = item.questionnaire
            self._versions[(q.id, q.version, q.languages[0])] = q
            for language in q.languages[1:]:
                if questionnaires_dir is not None:
                    self._translated[(q.id, language)] = bank_i18n.translate(item, questionnaires_dir, language)
                    self._versions[(q.id, q.version, language)] = self._translated[(q.id, language)]

    async def publish(self) -> None:
        """Store each current version; refuse a changed bank that kept its version number."""
        for item in self._loaded:
            q = item.questionnaire
            await responses.publish(q.id, q.version, item.content_hash, item.definition)

    def language_for(self, questionnaire_id: str) -> str:
        """The language to show a bank in: the interface's, when the bank has
        it, or else the bank's own, so a page never mixes two."""
        q = self.current.get(questionnaire_id)
        return i18n.language_within(q.languages) if q else i18n.current_language()

    def get(self, questionnaire_id: str) -> Questionnaire | None:
        base = self.current.get(questionnaire_id)
        if base is None:
            return None
        return self._translated.get((questionnaire_id, self.language_for(questionnaire_id)), base)

    async def version(self, questionnaire_id: str, version: str) -> Questionnaire | None:
        language = self.language_for(questionnaire_id)
        key = (questionnaire_id, version, language)
        if key not in self._versions:
            definition = await responses.definition(questionnaire_id, version)
            if definition is None:
                return None
            item = self._by_id.get(questionnaire_id)
            if item is not None and self._dir is not None and language != item.questionnaire.languages[0]:
                # Strings an older version shares with this one (same path, same words) are translated.
                self._versions[key] = bank_i18n.translate(item, self._dir, language, definition)
            else:
                self._versions[key] = Questionnaire.model_validate_json(definition)
        return self._versions[key]

    def __iter__(self):
        return iter(sorted((self.get(qid) for qid in self.current), key=lambda q: q.title))
