"""The generic language resources every organisation's policy is read with.

``knowledge/language/`` holds the facets people ask (``facets.yaml``), the cues of typed intents
(``intents.yaml``) and the message catalog: every user-facing sentence of Madoguchi (answer engine,
chat, kit, notices, web pages, Slack, back office), one catalog per language. A language's catalog is
``messages.<lang>.yaml`` (the engine's own wording) continued in ``messages.<lang>.<area>.yaml`` parts
(``chat``, ``notices``, ``web``, ``slack``, ``staff``, ``errors``), read in name order; a key is written
once per language. None of it is a policy fact; all of it is validated by ``madoguchi kb check`` like
the policy data (every message in every language, the same placeholders).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.fact_models import Facet, IntentCues
from knowledge.lang import LANGUAGES, supported
from knowledge.loader import KnowledgeError, Problem, duplicate_keys, nfkc

LANGUAGE_DIR = Path(__file__).parent / "language"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Catalog:
    """All user-facing wording: ``messages[lang][key]`` is a ``str.format`` template."""

    messages: dict[str, dict[str, str]]

    def text(self, key: str, lang: str | None, **values: object) -> str:
        """The message ``key`` in ``lang`` (the default language for one we do not speak), filled in.

        A key missing from the catalog raises KeyError: ``kb check`` and the catalog test make sure
        every key the code asks for exists in every language."""
        template = self.messages[supported(lang)][key]
        return template.format(**values) if values else template

    def has(self, key: str) -> bool:
        """Whether the catalog has ``key`` (for labels looked up from stored values such as a status)."""
        return all(key in catalog for catalog in self.messages.values())

    def keys(self) -> set[str]:
        """Every key of every language."""
        return set().union(*(set(catalog) for catalog in self.messages.values()))


@dataclass(frozen=True)
class LanguagePack:
    """Facets, intent cues and the message catalogs, loaded once."""

    facets: tuple[Facet, ...]
    intents: tuple[IntentCues, ...]
    messages: dict[str, dict[str, str]]
    common_words: frozenset[str] = frozenset()  # lemmas and English stems that never name a topic
    phrases: tuple[str, ...] = ()  # set phrases whose words mean something else together (sign up, by mistake)
    handling: frozenset[str] = frozenset()  # what is done with data (削除, give): lemmas and English stems
    doing: frozenset[str] = frozenset()  # what one may want to do with others' data (共有したい): lemmas
    receiving: frozenset[str] = frozenset()  # what makes 〜に a recipient (会社にバレる): lemmas
    ruling: frozenset[str] = frozenset()  # how a body of rules speaks (定める, says): lemmas and English stems
    others: frozenset[str] = frozenset()  # people whose data an asker may hold (members, customers): stems

    def facet(self, facet_id: str) -> Facet:
        for facet in self.facets:
            if facet.id == facet_id:
                return facet
        raise KeyError(facet_id)

    def message(self, key: str, lang: str, **values: object) -> str:
        """One message of the catalog in ``lang`` (Japanese for an unknown language), filled in."""
        return self.messages[supported(lang)][key].format(**values)

    @property
    def catalog(self) -> Catalog:
        return Catalog(self.messages)


def placeholders(template: str) -> set[str]:
    """The {names} a message template uses (``{date.year}`` and ``{date:%B}`` both use ``date``)."""
    names = set()
    for _text, name, _spec, _conv in string.Formatter().parse(template):
        if name:
            names.add(name.split(".")[0].split("[")[0])
    return names


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
    """Every key in every language, with the same placeholders, each template usable by ``str.format``."""
    problems = []
    keys = set().union(*(set(catalog) for catalog in messages.values()))
    for lang in LANGUAGES:
        if lang not in messages:
            problems.append(Problem(f"messages.{lang}.yaml", "", "", "no catalog for this language"))
    for lang, catalog in messages.items():
        for key in sorted(keys - set(catalog)):
            problems.append(Problem(f"messages.{lang}.yaml", key, "", "message missing in this language"))
    for key in sorted(keys):
        try:
            shapes = {lang: placeholders(c[key]) for lang, c in messages.items() if key in c}
        except ValueError as exc:  # an unbalanced { or } in one of the languages
            problems.append(Problem("messages.*.yaml", key, "", f"not a valid template: {exc}"))
            continue
        if len({frozenset(s) for s in shapes.values()}) > 1:
            problems.append(Problem("messages.*.yaml", key, "", f"placeholders differ between languages: {shapes}"))
    return problems


def catalog_files(directory: Path, lang: str) -> list[Path]:
    """The files of one language's catalog: ``messages.<lang>.yaml`` first, then its parts in name order."""
    return [directory / f"messages.{lang}.yaml", *sorted(directory.glob(f"messages.{lang}.*.yaml"))]


def _read_catalog(directory: Path, lang: str, problems: list[Problem]) -> dict[str, str] | None:
    """One language's messages from all its files; a key written twice (in one file or two) is a problem."""
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in catalog_files(directory, lang):
        if path.exists():
            for duplicate in duplicate_keys(path.read_text(encoding="utf-8")):
                problems.append(Problem(path.name, "", "", f"key {duplicate} is written twice"))
        raw = _read(path, problems)
        if raw is None:
            continue
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            problems.append(Problem(path.name, "", "", "expected key: text pairs"))
            continue
        for key, value in raw.items():
            if str(key) in origin:
                problems.append(Problem(path.name, str(key), "", f"also written in {origin[str(key)]}"))
            origin[str(key)] = path.name
            merged[str(key)] = value
    return merged or None


def load_language(directory: Path = LANGUAGE_DIR) -> LanguagePack:
    """Load and validate the language resources; raise KnowledgeError naming every problem."""
    problems: list[Problem] = []
    facets = _items("facets.yaml", _read(directory / "facets.yaml", problems), Facet, problems)
    intents = _items("intents.yaml", _read(directory / "intents.yaml", problems), IntentCues, problems)
    messages: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        found = _read_catalog(directory, lang, problems)
        if found is not None:
            messages[lang] = found
    problems.extend(check_catalogs(messages))
    common = _read(directory / "common_words.yaml", problems)
    words: set[str] = set()
    phrases: tuple[str, ...] = ()
    handling: set[str] = set()
    doing: frozenset[str] = frozenset()
    receiving: frozenset[str] = frozenset()
    ruling: set[str] = set()
    others: frozenset[str] = frozenset()
    if isinstance(common, dict):
        from knowledge.text import stem_en

        words.update(str(w) for w in common.get("ja") or [])
        words.update(stem_en(str(w).lower()) for w in common.get("en") or [])
        phrases = tuple(str(p) for p in common.get("phrases") or [])
        handling.update(str(w) for w in common.get("handling_ja") or [])
        handling.update(stem_en(str(w).lower()) for w in common.get("handling_en") or [])
        doing = frozenset(str(w) for w in common.get("doing_ja") or [])
        receiving = frozenset(str(w) for w in common.get("receiving_ja") or [])
        ruling.update(str(w) for w in common.get("ruling_ja") or [])
        ruling.update(stem_en(str(w).lower()) for w in common.get("ruling_en") or [])
        others = frozenset(stem_en(str(w).lower()) for w in common.get("others_en") or [])
    elif common is not None:
        problems.append(Problem("common_words.yaml", "", "", "expected the keys ja and en, each a list of words"))
    ids = [facet.id for facet in facets]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem("facets.yaml", duplicate, "id", "duplicate id"))
    if problems:
        raise KnowledgeError(problems)
    return LanguagePack(tuple(facets), tuple(intents), messages, frozenset(words), phrases,
                        handling=frozenset(handling), doing=doing, receiving=receiving, ruling=frozenset(ruling), others=others)


@lru_cache(maxsize=1)
def default_language() -> LanguagePack:
    """The bundled language resources, loaded once per process."""
    return load_language()


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The message catalog of every language (loaded once per process)."""
    return default_language().catalog
