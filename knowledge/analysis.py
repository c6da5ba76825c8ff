"""Features of a question for matching: Japanese analysed with SudachiPy, English words, readings.

A question becomes a bag of weighted features:

* ``w:`` content words from SudachiPy (normalised forms, so 消して/消す/けす meet), plus the short-unit
  parts of compounds (個人情報 -> 個人, 情報); a noun and its affixes are one word whatever the
  dictionary splits (請求 + 書 -> 請求書, with 請求 as a part);
* ``r:`` character 2/3-grams of the katakana *reading* of the question, so an all-hiragana question
  (かいじせいきゅうしたい) meets the kanji examples (開示請求したい) it sounds like;
* ``c:`` character bigrams of the kanji/kana surface, for words Sudachi splits differently;
* ``e:`` English words, lower-cased, stop words dropped, lightly stemmed.

The text is also kept as a sequence of normalised tokens, where synonyms of several morphemes (a phrase,
or a compound the dictionary splits) are found. Nothing here knows about any particular policy: all vocabulary comes from the data files.
"""


from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from sys import intern

from knowledge.text import (
    _CONTENT_POS,
    _EN_STOP,
    _JA_CHAR,
    _JA_STOP,
    _KANJI,
    _LATIN_WORD,
    _NEGATIONS,
    char_ngrams,
    english_words,
    fold_kana,
    normalize,
    stem_en,
    to_katakana,
)

# The SudachiPy dictionary (the ``sudachidict_<name>`` package in pyproject.toml). The matcher works with
# "core" or "small" (compounds the small one splits are rejoined or matched as phrases). Measured on the
# dev, calibration and held-out sets (565 questions): small 463/472 answered + 91/93 declined, core
# 462/472 + 92/93 — the same accuracy — while small keeps ~74 MB less resident per process (engine built,
# 400 questions answered: 162 vs 236 MB), which keeps a web worker under its 250 MB budget.
DICTIONARY = "small"


@lru_cache(maxsize=1)
def _dictionary():  # type: ignore[no-untyped-def]
    """The SudachiPy dictionary (see DICTIONARY), loaded once per process: it takes ~0.2 s."""
    from sudachipy import Dictionary

    return Dictionary(dict=DICTIONARY)


_per_thread = threading.local()


def _tokenizer():  # type: ignore[no-untyped-def]
    """This thread's SudachiPy tokenizer (split mode C) and split mode A.

    A Sudachi tokenizer refuses to be used by two threads at once ("Tokenizer is already in use"),
    and the web server answers from a pool of threads: each thread gets its own, on the one shared
    dictionary (a tokenizer is cheap; the dictionary is what costs memory).
    """
    made = getattr(_per_thread, "tokenizer", None)
    if made is None:
        from sudachipy import SplitMode

        made = _per_thread.tokenizer = (_dictionary().tokenizer(mode=SplitMode.C), SplitMode.A)
    return made


def tokenizer():  # type: ignore[no-untyped-def]
    """This thread's SudachiPy tokenizer (split mode C), for other uses of Japanese analysis (e.g. masking
    personal names): it shares the matcher's dictionary, so the process keeps one."""
    return _tokenizer()[0]


def _negated(morphemes: list, position: int) -> bool:  # type: ignore[type-arg]
    """True when the verb at ``position`` is negated: 使わない, 入れず, 入ってない (て + ない)."""
    following = morphemes[position + 1 : position + 3]
    if following and following[0].normalized_form() in _NEGATIONS and following[0].part_of_speech()[0] in ("助動詞", "形容詞"):
        return True
    return (
        len(following) == 2
        and following[0].surface() in ("て", "で")
        and following[1].normalized_form() in _NEGATIONS
        and following[1].part_of_speech()[0] in ("助動詞", "形容詞")
    )


# Suffixes that turn a noun into another noun (請求+書, 手数+料, 代理+人) are joined to it; these few only
# list, place or count (セミナー等, 期間内, 範囲外, 申請用, 午前中) and are left off.
_LOOSE_SUFFIXES = {"等", "内", "外", "用", "毎", "中", "達", "様", "共", "宛", "宛て", "付き", "付け"}
# Marks of the tokens (normalised morphemes) that belong to no word: a morpheme that is no content word,
# and a function word (particle, auxiliary); a content morpheme is marked with its word's number. The
# empty token (punctuation, Latin letters in Japanese text) breaks a phrase.
NO_WORD = -1
FUNCTION = -2
Word = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class _Morphemes:
    """The tokenizer's morphemes of one text, with their surface, normalised form and part of speech
    read once (each read is a call into the tokenizer)."""

    items: list  # type: ignore[type-arg]
    surfaces: list[str]
    forms: list[str]
    pos: list[tuple[str, ...]]

    @classmethod
    def of(cls, text: str) -> _Morphemes:
        tokenizer, _mode_a = _tokenizer()
        items = list(tokenizer.tokenize(text))
        return cls(items, [m.surface() for m in items], [m.normalized_form() for m in items],
                   [m.part_of_speech() for m in items])


def _joins_as_prefix(m: _Morphemes, position: int) -> bool:
    """True for a prefix that makes one noun with the next morpheme (第+三, 再+発行, 不+開示); honorific
    お/ご (stop words) are not joined: お金 and 金 are the same word."""
    if m.pos[position][0] != "接頭辞" or position + 1 >= len(m.items):
        return False
    surface = m.surfaces[position]
    if m.forms[position] in _JA_STOP or surface in _JA_STOP or not _KANJI.search(surface):
        return False
    return m.pos[position + 1][0] == "名詞" and bool(_JA_CHAR.search(m.surfaces[position + 1]))


def _joins_as_suffix(m: _Morphemes, position: int) -> bool:
    """True for a noun-making suffix written in kanji after a noun (請求+書, 手数+料, 第三+者, 具体+的),
    and for 方 after a verb's 連用形 (書き+方, やり+方: a noun, "the way to")."""
    pos = m.pos[position]
    if pos[0] != "接尾辞" or pos[1] not in ("名詞的", "形状詞的") or pos[2] not in ("一般", "*") or position == 0:
        return False
    if not _KANJI.search(m.surfaces[position]) or m.forms[position] in _LOOSE_SUFFIXES:
        return False
    before = m.pos[position - 1]
    if before[0] == "動詞":
        return m.forms[position] == "方" and before[5].startswith("連用形")
    return before[0] == "名詞" and bool(_JA_CHAR.search(m.surfaces[position - 1])) and m.forms[position - 1] not in _JA_STOP


@lru_cache(maxsize=1)
def _stop_sequences() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Stop words the dictionary splits (幾つ -> 幾 + つ with the small one), as normalised-form
    sequences by their first form: their morphemes are no content words either."""
    sequences: dict[str, list[tuple[str, ...]]] = {}
    for word in sorted(_JA_STOP):
        forms = tuple(_Morphemes.of(word).forms)
        if len(forms) > 1:
            sequences.setdefault(forms[0], []).append(forms)
    return {first: tuple(found) for first, found in sequences.items()}


def _stopped(m: _Morphemes) -> set[int]:
    """Positions of the morphemes that make up a split stop word."""
    sequences = _stop_sequences()
    stopped: set[int] = set()
    for start, form in enumerate(m.forms):
        for sequence in sequences.get(form, ()):
            if tuple(m.forms[start : start + len(sequence)]) == sequence:
                stopped.update(range(start, start + len(sequence)))
    return stopped


def _spans(m: _Morphemes, stopped: set[int]) -> list[tuple[int, int]]:
    """[start, end) of every word: one morpheme, or a noun with its joined prefix and suffixes.

    Dictionaries differ in how far they split compounds: the small SudachiPy dictionary has 請求 + 書
    where the core one has 請求書. Joining affixes to their noun gives both nearly the same words (the
    compounds of two nouns stay apart: synonyms find them as phrases)."""
    spans = []
    start = 0
    count = len(m.items)
    while start < count:
        end = start + 1
        if start not in stopped:
            if _joins_as_prefix(m, start) and end not in stopped:
                end += 1
            if m.pos[end - 1][0] in ("名詞", "動詞"):
                while end < count and end not in stopped and _joins_as_suffix(m, end):
                    end += 1
        spans.append((start, end))
        start = end
    return spans


@lru_cache(maxsize=2048)
def analyse_japanese(text: str) -> tuple[tuple[Word, ...], str, tuple[str, ...], tuple[int, ...]]:
    """(content words, folded katakana reading, tokens, their marks) of a Japanese text.

    Each content word is (forms, parts): interchangeable forms — the normalised lemma, the 連用形
    surface of a verb (問い合わせたい -> 問い合わせ, the noun people also write) and everyday synonyms —
    and the short-unit parts of a compound (銀行振込 -> 銀行, 振り込み; 請求書 -> 請求). The tokens are
    every morpheme's normalised form in order, marked with the word it belongs to: synonyms of several
    words (個人 情報) are found in them. Cached: a question is analysed for features, reading and intent."""
    _tokenizer_c, mode_a = _tokenizer()
    words: list[Word] = []
    reading: list[str] = []
    tokens: list[str] = []  # interned: cached analyses share them
    marks: list[int] = []
    m = _Morphemes.of(text)
    stopped = _stopped(m)
    for start, end in _spans(m, stopped):
        pos, surface, lemma = m.pos[start], m.surfaces[start], m.forms[start]
        if end - start > 1:  # a noun with its affixes: one word, its parts the content morphemes
            for position in range(start, end):
                item = m.surfaces[position]
                reading.append(m.items[position].reading_form() if _KANJI.search(item) else to_katakana(item))
                tokens.append(intern(m.forms[position]))
                marks.append(len(words))
            compound = "".join(m.forms[start:end])
            parts = [m.forms[i] for i in range(start, end) if len(m.surfaces[i]) >= 2 and m.forms[i] not in _JA_STOP]
            words.append(((compound,), tuple(p for p in dict.fromkeys(parts) if p != compound)))
            continue
        if pos[0] in ("補助記号", "空白") or not _JA_CHAR.search(surface):
            tokens.append("")  # punctuation, and Latin and digits (English words are handled apart)
            marks.append(NO_WORD)
            continue
        reading.append(m.items[start].reading_form() if _KANJI.search(surface) else to_katakana(surface))
        if pos[0] not in _CONTENT_POS or lemma in _JA_STOP or surface in _JA_STOP or start in stopped:
            tokens.append(intern(lemma))
            marks.append(FUNCTION if pos[0] in ("助詞", "助動詞") else NO_WORD)
            continue
        forms = [lemma]
        if pos[0] in ("動詞", "形容詞") and _negated(m.items, start):
            # 使わない is not 使う: the negated verb is its own word (使う¬), with the plain one as a part.
            tokens.append(intern(lemma + "¬"))
            marks.append(len(words))
            words.append(((lemma + "¬",), (lemma,)))
            continue
        if pos[0] == "動詞" and pos[5].startswith("連用形") and surface != lemma and len(surface) >= 2 and _KANJI.search(surface):
            forms.append(surface)
        split = m.items[start].split(mode_a)
        parts = []
        if len(split) > 1:
            parts = [p.normalized_form() for p in split if len(p.surface()) >= 2 and p.normalized_form() not in _JA_STOP]
        forms = list(dict.fromkeys(forms))
        tokens.append(intern(lemma))
        marks.append(len(words))
        words.append((tuple(forms), tuple(p for p in dict.fromkeys(parts) if p not in forms)))
    return tuple(words), fold_kana("".join(reading)), tuple(tokens), tuple(marks)


@dataclass(frozen=True)
class Analysis:
    """Everything the matcher needs from one normalised text.

    ``bag`` holds feature counts (``w:`` words, ``a:`` parts of compounds, ``r:`` reading n-grams,
    ``c:`` character bigrams, ``e:`` English stems); ``concepts`` lists each content word once, as the
    tuple of its interchangeable feature keys, for coverage; ``kana_only`` marks a text whose words are
    the tokenizer's guesses (no kanji, no katakana word), for which coverage uses the reading;
    ``tokens`` is the text as a sequence of normalised morphemes (then English stems), where phrases
    are looked for, and ``marks`` gives for each the number of the concept it belongs to (or NO_WORD,
    FUNCTION)."""

    bag: dict[str, float]
    concepts: tuple[tuple[str, ...], ...]
    reading: str
    kana_only: bool
    tokens: tuple[str, ...] = ()
    marks: tuple[int, ...] = ()


@lru_cache(maxsize=4096)
def analyse(text: str) -> Analysis:
    """Analyse a normalised text (cached; treat the result as read-only).

    When the text has real words, the reading and character n-grams are scaled down: they then only
    break ties, and must not let a shared phrase like "〜をお願いするときの" outvote the topic words."""
    bag: dict[str, float] = {}
    concepts: list[tuple[str, ...]] = []
    tokens: list[str] = []
    marks: list[int] = []

    def add(key: str, weight: float) -> None:
        bag[key] = bag.get(key, 0.0) + weight

    reading = ""
    kana_only = False
    if _JA_CHAR.search(text):
        words, reading, japanese_tokens, japanese_marks = analyse_japanese(text)
        tokens.extend(japanese_tokens)
        marks.extend(japanese_marks)  # word number == concept number: concepts start with the words
        for forms, parts in words:
            # A compound counts as one concept, covered by any of its forms or parts; a negated verb
            # (入ってない) is not covered by its plain form (入りますか), which it only resembles.
            alternatives = forms if forms[0].endswith("¬") else (*forms, *parts)
            concepts.append(tuple("w:" + form for form in alternatives))
            add("w:" + forms[0], 1.0)
            for form in forms[1:]:
                add("w:" + form, 0.7)
            for part in parts:
                add("w:" + part, 0.5)
        kana_only = not _KANJI.search(text) and not re.search(r"[\u30a1-\u30fa]{2}", text) and not english_words(text)
        fallback = 1.0 if len(words) < 2 or kana_only else 0.5
        for gram in char_ngrams(reading, (2, 3)):
            add("r:" + gram, fallback)
        for chunk in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆\u30a1-\u30fa\u30fc]+", text):
            for gram in char_ngrams(chunk, (2,)):
                add("c:" + gram, fallback)
    if tokens:
        tokens.append("")
        marks.append(NO_WORD)
    for raw in _LATIN_WORD.findall(text):  # the same words as english_words(), with the stop words kept
        word = raw.strip("'")
        if raw not in _EN_STOP and len(word) > 1:
            stem = stem_en(word)
            tokens.append(intern(stem))
            marks.append(len(concepts))
            concepts.append(("e:" + stem,))
            add("e:" + stem, 1.0)
        else:
            tokens.append(intern(word or raw))  # a stop word, as written
            marks.append(FUNCTION)
    return Analysis(bag, tuple(concepts), reading, kana_only, tuple(tokens), tuple(marks))


@dataclass(frozen=True)
class Term:
    """A word or phrase of the synonym list, as the matcher sees it.

    ``key`` is the feature key when the term is one content word (with at most particles and auxiliaries
    around it: 足りない -> 足りる¬, 消して -> 消す); ``tokens`` its morphemes (then English stems), as in
    :attr:`Analysis.tokens`, without function words at either end; ``keys`` the main feature keys of its
    content words. A term of several morphemes (個人情報 -> 個人 情報 with the small dictionary) matches a
    text where the same tokens follow each other."""

    key: str | None
    tokens: tuple[str, ...]
    keys: tuple[str, ...]


@lru_cache(maxsize=1024)
def synonym_term(term: str) -> Term:
    """How the matcher reads one term of the synonym list (see :class:`Term`)."""
    analysis = analyse(normalize(term))
    marked = list(zip(analysis.tokens, analysis.marks, strict=True))
    while marked and (marked[0][1] == FUNCTION or not marked[0][0]):
        marked.pop(0)
    while marked and (marked[-1][1] == FUNCTION or not marked[-1][0]):
        marked.pop()
    keys = tuple(dict.fromkeys(concept[0] for concept in analysis.concepts))
    one_word = len(analysis.concepts) == 1 and all(mark in (0, FUNCTION) or not form for form, mark in marked)
    return Term(keys[0] if one_word else None, tuple(form for form, _ in marked), keys)


def reading_of(text: str) -> str:
    """The folded katakana reading of a normalised text ('' when it has no Japanese)."""
    if not _JA_CHAR.search(text):
        return ""
    return analyse_japanese(text)[1]


