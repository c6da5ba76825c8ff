"""Load and validate a knowledge data directory.

``load_knowledge`` returns a :class:`KnowledgeBase` or raises :class:`KnowledgeError` listing every
problem found, each naming the file, the entry and the field, so ``madoguchi kb check`` can print them
all at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.fact_models import Fact, Topic
from knowledge.models import Entry, KnowledgeBase, OutOfScope, PolicyMeta, RequestRules, Section, Synonym
from knowledge.taught_models import TaughtQuestion

DEFAULT_DATA_DIR = Path(__file__).parent / "data"
# libyaml's safe loader when available (several times faster: it is on the `madoguchi ask` start-up path)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# file name -> (top-level key in KnowledgeBase, model of one item or of the whole file, is a list)
FILES: dict[str, tuple[str, type, bool]] = {
    "policy.yaml": ("meta", PolicyMeta, False),
    "sections.yaml": ("sections", Section, True),
    "faq.yaml": ("faq", Entry, True),
    "silent.yaml": ("silent", Entry, True),
    "requests.yaml": ("requests", RequestRules, False),
    "out_of_scope.yaml": ("out_of_scope", OutOfScope, True),
    "synonyms.yaml": ("synonyms", Synonym, True),
    "topics.yaml": ("topics", Topic, True),
    "facts.yaml": ("facts", Fact, True),
    "taught.yaml": ("taught", TaughtQuestion, True),
}
OPTIONAL_FILES = {"out_of_scope.yaml", "synonyms.yaml", "taught.yaml"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where (file, entry, field) and what."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f" [{self.entry}]" if self.entry else "") + (f" {self.field}" if self.field else "")
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The data directory does not form a valid knowledge base."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# Roman numerals (U+2160..U+2188) are the policy's section numbers (Ⅶ.3); NFKC would turn them into
# Latin letters ("VII.3"), so they are kept as written while everything else is normalised.
_ROMAN = re.compile(r"([\u2160-\u2188]+)")  # re reads the escapes: the code spells no numeral itself


def nfkc_text(text: str) -> str:
    """NFKC-normalise one string, keeping Roman-numeral section numbers (Ⅶ) as written."""
    parts = _ROMAN.split(text)
    return "".join(part if index % 2 else unicodedata.normalize("NFKC", part) for index, part in enumerate(parts))


def nfkc(value: Any) -> Any:
    """NFKC-normalise every string in a parsed YAML tree (the policy uses look-alike CJK radicals)."""
    if isinstance(value, str):
        return nfkc_text(value)
    if isinstance(value, list):
        return [nfkc(v) for v in value]
    if isinstance(value, dict):
        return {nfkc(k): nfkc(v) for k, v in value.items()}
    return value


def _entry_label(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and raw.get("id"):
        return str(raw["id"])
    if isinstance(raw, dict) and raw.get("key"):
        return str(raw["key"])
    return f"#{index + 1}"


def _locate(raw: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """Turn a pydantic error location into (entry label, dotted field path), naming nested entries by id."""
    labels: list[str] = []
    fields: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            labels.append(_entry_label(node[part] if part < len(node) else None, part))
            fields = []
            node = node[part] if part < len(node) else None
        else:
            fields.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return " > ".join(labels), ".".join(fields)


def duplicate_keys(text: str) -> list[str]:
    """Keys written twice in one mapping of a YAML text (YAML loaders silently keep the last)."""
    found: list[str] = []
    stack = [yaml.compose(text, Loader=_SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _value in node.value if isinstance(key, yaml.ScalarNode)]
            found += [f"{key!r} (line {node.start_mark.line + 1})" for key in sorted(set(keys)) if keys.count(key) > 1]
            stack.extend(value for _key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return found


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        for duplicate in duplicate_keys(text):
            problems.append(Problem(path.name, "", "", f"key {duplicate} is written twice; only the last would count"))
        return nfkc(yaml.load(text, Loader=_SafeLoader))  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, "", "", f"not valid YAML: {exc}"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(path.name, "", "", f"not UTF-8 text: {exc}"))
    return None


def _validate(name: str, raw: Any, model: type, is_list: bool, problems: list[Problem]) -> Any:
    if is_list and not isinstance(raw, list):
        problems.append(Problem(name, "", "", "expected a list of entries at the top level"))
        return None
    items = raw if is_list else [raw]
    parsed = []
    for index, item in enumerate(items):
        try:
            parsed.append(model.model_validate(item))
        except ValidationError as exc:
            label = _entry_label(item, index) if is_list else ""
            for error in exc.errors():
                nested, field = _locate(item, tuple(error["loc"]))
                entry = " > ".join(part for part in (label, nested) if part)
                problems.append(Problem(name, entry, field, error["msg"]))
    return parsed if is_list else (parsed[0] if parsed else None)


def _cross_check(kb: KnowledgeBase, problems: list[Problem], origins: dict[str, str] | None = None) -> None:
    """Checks across files: unique ids, citations that exist, no placeholder ever shown, usable examples."""
    origins = origins or {}
    seen: dict[str, str] = {}
    files = {"section": "sections.yaml", "item": "sections.yaml", "faq": "faq.yaml", "silent": "silent.yaml"}

    def file_of(entry: Entry) -> str:
        return origins.get(entry.id, files[entry.kind])

    for entry in kb.all_entries():
        file = file_of(entry)
        if entry.id in seen:
            problems.append(Problem(file, entry.id, "id", f"duplicate id (also in {seen[entry.id]})"))
        seen[entry.id] = file
    citable = kb.citable_sections()
    kind_keys = {k.key for k in kb.requests.kinds}
    # An example question may point to one entry only, or the matcher learns a contradiction.
    example_owner: dict[str, str] = {}
    for entry in kb.all_entries():
        file = file_of(entry)
        for source in entry.sources:
            if source not in citable:
                problems.append(Problem(file, entry.id, "sources", f"cites unknown section {source!r}"))
        if entry.request_kind and entry.request_kind not in kind_keys:
            problems.append(Problem(file, entry.id, "request_kind", f"unknown request kind {entry.request_kind!r}"))
        for lang_field in ("title_ja", "title_en"):
            text = getattr(entry, lang_field)
            if not text.strip():
                problems.append(Problem(file, entry.id, lang_field, "is empty"))
            for forbidden in kb.meta.forbidden_strings:
                if forbidden in text:
                    problems.append(Problem(file, entry.id, lang_field, f"shows the placeholder {forbidden!r}"))
        for lang_field in ("examples_ja", "examples_en", "keywords"):
            for index, example in enumerate(getattr(entry, lang_field)):
                if not example.strip():
                    problems.append(Problem(file, entry.id, f"{lang_field}.{index}", "is empty"))
                    continue
                if lang_field == "keywords":
                    continue  # a keyword may point to several entries
                folded = example.strip().lower()
                owner = example_owner.setdefault(folded, entry.id)
                if owner != entry.id:
                    problems.append(
                        Problem(file, entry.id, f"{lang_field}.{index}", f"example {example!r} also belongs to {owner!r}")
                    )
    for kind in kb.requests.kinds:
        for source in [kind.fee_source, *kind.sources]:
            if source not in citable:
                problems.append(Problem("requests.yaml", kind.key, "sources", f"cites unknown section {source!r}"))
    section_ids = {s.id for s in kb.sections}
    for expected in kb.meta.sections:
        if expected not in section_ids:
            problems.append(Problem("sections.yaml", expected, "id", "section listed in policy.yaml is missing"))
    oos_seen: set[str] = set()
    for item in kb.out_of_scope:
        file = origins.get(item.id, "out_of_scope.yaml")
        if item.id in oos_seen or item.id in seen:
            problems.append(Problem(file, item.id, "id", "duplicate id"))
        oos_seen.add(item.id)
        for lang_field in ("reply_ja", "reply_en"):
            text = getattr(item, lang_field) or ""
            for forbidden in kb.meta.forbidden_strings:
                if forbidden in text:
                    problems.append(Problem(file, item.id, lang_field, f"shows the placeholder {forbidden!r}"))
        for lang_field in ("examples_ja", "examples_en"):
            for index, example in enumerate(getattr(item, lang_field)):
                folded = example.strip().lower()
                if not folded:
                    problems.append(Problem(file, item.id, f"{lang_field}.{index}", "is empty"))
                elif folded in example_owner and example_owner[folded] in seen:
                    owner = example_owner[folded]
                    problems.append(
                        Problem(file, item.id, f"{lang_field}.{index}", f"example {example!r} also belongs to {owner!r}")
                    )


def data_files(directory: Path) -> list[tuple[str, Path]]:
    """Every data file of a directory as (FILES key, path): a list file ``faq.yaml`` may be continued in
    ``faq.*.yaml`` parts (e.g. ``faq.fees.yaml``), read in name order, so no file grows unwieldy."""
    found: list[tuple[str, Path]] = []
    for name, (_key, _model, is_list) in FILES.items():
        found.append((name, directory / name))
        if is_list:
            stem = name.removesuffix(".yaml")
            found.extend((name, part) for part in sorted(directory.glob(f"{stem}.*.yaml")))
    return found


def load_knowledge(data_dir: Path | str | None = None) -> KnowledgeBase:
    """Load, NFKC-normalise and validate a data directory; raise KnowledgeError naming every problem."""
    directory = Path(data_dir) if data_dir else DEFAULT_DATA_DIR
    problems: list[Problem] = []
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), "", "", "knowledge data directory not found")])
    parts: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for name, path in data_files(directory):
        key, model, is_list = FILES[name]
        if not path.exists():
            if name not in OPTIONAL_FILES:
                problems.append(Problem(name, "", "", "file is missing"))
            continue
        raw = _read_yaml(path, problems)
        if raw is None and is_list and path.name != name:
            continue  # an empty continuation file adds nothing
        if raw is not None:
            value = _validate(path.name, raw, model, is_list, problems)
            if value is None:
                continue
            if is_list:
                parts.setdefault(key, []).extend(value)
                for item in value:
                    if isinstance(item, Section):
                        origins.update({entry.id: path.name for entry in item.entries})
                    elif isinstance(item, Fact | Topic):
                        origins.setdefault(f"{type(item).__name__.lower()}:{item.id}", path.name)
                    elif hasattr(item, "id"):
                        origins.setdefault(item.id, path.name)
            else:
                parts[key] = value
    if problems:
        raise KnowledgeError(problems)
    try:
        kb = KnowledgeBase(**parts)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            problems.append(Problem(f"{loc[0]}" if loc else "", "", ".".join(map(str, loc[1:])), error["msg"]))
        raise KnowledgeError(problems) from exc
    problems.extend(validate_knowledge(kb, directory, origins))
    if problems:
        raise KnowledgeError(problems)
    return kb


def validate_knowledge(kb: KnowledgeBase, directory: Path, origins: dict[str, str] | None = None) -> list[Problem]:
    """The checks across files of ``kb check`` for a knowledge base already parsed (also run on the bundled
    data with the secretariat's changes applied, before they go live)."""
    problems: list[Problem] = []
    _cross_check(kb, problems, origins)
    # Templates and forms/labels.yaml; python-docx is imported only if a form has a template.
    from knowledge.form_templates import check_form_templates

    problems.extend(check_form_templates(kb, directory))
    from knowledge.fact_check import check_facts  # the language resources import this module
    from knowledge.procedure_check import check_procedure

    problems.extend(check_procedure(kb))
    problems.extend(check_facts(kb, origins or {}))
    from knowledge.taught import check_taught

    problems.extend(check_taught(kb, origins or {}))
    return problems


@lru_cache(maxsize=8)
def load_cached(data_dir: str | None = None) -> KnowledgeBase:
    """Load a data directory once per process (the knowledge base is immutable)."""
    return load_knowledge(data_dir)
