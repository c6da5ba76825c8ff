"""The generic language resources every organisation's policy is read with.

``knowledge/language/`` holds the facets people ask (``facets.yaml``), the cues of typed intents
(``intents.yaml``) and the answer engine's own wording, one catalog per language
(``messages.ja.yaml``, ``messages.en.yaml``). None of it is a policy fact; all of it is validated by
``madoguchi kb check`` like the policy data (every message in every language, the same placeholders).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.fact_models import Facet, IntentCues
from knowledge.loader import KnowledgeError, Problem, nfkc

LANGUAGE_DIR = Path(__file__).parent / "language"
LANGUAGES = ("ja", "en")
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LanguagePack:
    """Facets, intent cues and the message catalogs, loaded once."""

    facets: tuple[Facet, ...]
    intents: tuple[IntentCues, ...]
    messages: dict[str, dict[str, str]]
    common_words: frozenset[str] = frozenset()  # lemmas and English stems that never name a topic
    phrases: tuple[str, ...] = ()  # set phrases whose words mean something else together (sign up, by mistake)

    def facet(self, facet_id: str) -> Facet:
        for facet in self.facets:
            if facet.id == facet_id:
                return facet
        raise KeyError(facet_id)

    def message(self, key: str, lang: str, **values: object) -> str:
        """One message of the catalog in ``lang`` (Japanese for an unknown language), filled in."""
        catalog = self.messages["en" if lang == "en" else "ja"]
        return catalog[key].format(**values)


def placeholders(template: str) -> set[str]:
    """The {names} a message template uses."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def _read(path: Path, problems: list[Problem]) -> object:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except FileNotFoundError:
        problems.append(Problem(path.name, "", "", "file is missing"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(Problem(path.name, "", "", f"not valid YAML: {exc}"))
    return None


def _items(name: str, raw: object, model: type, problems: list[Problem]) -> list:  # type: ignore[type-arg]
    if not isinstance(raw, list):
        problems.append(Problem(name, "", "", "expected a list of entries at the top level"))
        return []
    parsed = []
    for index, item in enumerate(raw):
        label = str(item.get("id")) if isinstance(item, dict) and item.get("id") else f"#{index + 1}"
        try:
            parsed.append(model.model_validate(nfkc(item)))
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(Problem(name, label, ".".join(map(str, error["loc"])), error["msg"]))
    return parsed


def check_catalogs(messages: dict[str, dict[str, str]]) -> list[Problem]:
    """Every key in every language, with the same placeholders."""
    problems = []
    keys = set().union(*(set(catalog) for catalog in messages.values()))
    for lang, catalog in messages.items():
        for key in sorted(keys - set(catalog)):
            problems.append(Problem(f"messages.{lang}.yaml", key, "", "message missing in this language"))
    for key in sorted(keys):
        shapes = {lang: placeholders(c[key]) for lang, c in messages.items() if key in c}
        if len({frozenset(s) for s in shapes.values()}) > 1:
            problems.append(Problem("messages.*.yaml", key, "", f"placeholders differ between languages: {shapes}"))
    return problems


def load_language(directory: Path = LANGUAGE_DIR) -> LanguagePack:
    """Load and validate the language resources; raise KnowledgeError naming every problem."""
    problems: list[Problem] = []
    facets = _items("facets.yaml", _read(directory / "facets.yaml", problems), Facet, problems)
    intents = _items("intents.yaml", _read(directory / "intents.yaml", problems), IntentCues, problems)
    messages: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        raw = _read(directory / f"messages.{lang}.yaml", problems)
        if isinstance(raw, dict) and all(isinstance(v, str) for v in raw.values()):
            messages[lang] = {str(k): v for k, v in raw.items()}
        elif raw is not None:
            problems.append(Problem(f"messages.{lang}.yaml", "", "", "expected key: text pairs"))
    problems.extend(check_catalogs(messages))
    common = _read(directory / "common_words.yaml", problems)
    words: set[str] = set()
    phrases: tuple[str, ...] = ()
    if isinstance(common, dict):
        from knowledge.text import stem_en

        words.update(str(w) for w in common.get("ja") or [])
        words.update(stem_en(str(w).lower()) for w in common.get("en") or [])
        phrases = tuple(str(p) for p in common.get("phrases") or [])
    elif common is not None:
        problems.append(Problem("common_words.yaml", "", "", "expected the keys ja and en, each a list of words"))
    ids = [facet.id for facet in facets]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem("facets.yaml", duplicate, "id", "duplicate id"))
    if problems:
        raise KnowledgeError(problems)
    return LanguagePack(tuple(facets), tuple(intents), messages, frozenset(words), phrases)


@lru_cache(maxsize=1)
def default_language() -> LanguagePack:
    """The bundled language resources, loaded once per process."""
    return load_language()
