"""Find the words of a lexicon in a question, however it is written.

A lexicon maps terms (words and phrases of the data: topic terms, facet cues, intent cues) to labels.
A term is found in a question in any of these ways, from the most to the least literal:

* ``surface`` — the term as written, in the NFKC, lower-cased text (申し出先, power of attorney);
* ``lemma`` — the term's SudachiPy normalised forms in a row, so conjugations and spelling variants
  meet (消して ~ 消す, 申込み ~ 申し込み, 見せてほしい ~ 見せる + て + ほしい);
* ``reading`` — the term's katakana reading inside the question's reading, so hiragana-only questions
  (かいじせいきゅう) and wrong kanji with the right sound (開時) still meet 開示;
* ``english`` — English stems in a row, skipping articles and possessives (a copy of my data ~ copy of data);
* ``fuzzy`` — an English word one typo away from a lexicon word (pasport, adress).

Overlapping finds are resolved longest first, so 第三者提供の停止 beats 第三者 and 停止. Nothing here
knows a policy: every term comes from the data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.analysis import _tokenizer
from knowledge.text import _EN_STOP, fold_kana, normalize, stem_en, to_katakana

_JA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_KANA_ONLY = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fcー]+$")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_EN_WORD = re.compile(r"[a-z][a-z0-9']*")
# Words skipped inside English phrases: "a copy of my data" is "copy of data".
_FILLERS = frozenset(["a", "an", "the", "my", "your", "our", "their", "his", "her", "its", "this", "that", "these", "those", "some", "any", "me", "us"])
# The particles of phrasal verbs whose object may stand between (hand it over, pass the form on).
_VERB_PARTICLES = frozenset(["over", "on", "out", "away", "back"])
_CLAUSE_END = re.compile(r"[.,;:!?。、？！]|\b(?:and|or|but|if|when|because|so)\b")
# How literal each way of finding is; a longer find wins, and on equal length the more literal one.
STRENGTH = {"surface": 1.0, "lemma": 0.95, "english": 1.0, "reading": 0.75, "fuzzy": 0.7}
MIN_READING = 4  # kana of a reading found anywhere; 3 when it starts and ends on morpheme boundaries


@dataclass(frozen=True)
class Mention:
    """One term found in a question: its label, where (characters of the normalised text), and how."""

    label: str
    start: int
    end: int
    term: str
    how: str
    weak: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Morpheme:
    surface: str
    lemma: str
    reading: str  # folded katakana
    pos: tuple[str, ...]
    start: int
    end: int


@lru_cache(maxsize=4096)
def morphemes(norm: str) -> tuple[Morpheme, ...]:
    """SudachiPy morphemes of a normalised text, with character offsets (cached: each question is read
    by several lexicons)."""
    if not _JA.search(norm):
        return ()
    tokenizer, _mode_a = _tokenizer()
    found = []
    for m in tokenizer.tokenize(norm):
        surface = m.surface()
        reading = m.reading_form() if _KANJI.search(surface) else to_katakana(surface)
        found.append(Morpheme(surface, m.normalized_form(), fold_kana(reading), tuple(m.part_of_speech()),
                              m.begin(), m.end()))
    return tuple(found)


# Particles that only mark what a word is (お金がかかる ~ お金かかる, 担当の部署 ~ 担当部署); に, で, と, から
# say how words relate (何に使う is not 何が使える) and are kept.
_LOOSE_PARTICLES = {"の", "が", "は", "を", "も", "って"}
# After a negation, these say "must" (払わなあかん, 払わなきゃいけない, 払わないとだめ): not a negation.
_MUST = re.compile(r"^(?:と|きゃ|ければ|くては|くちゃ|いと|ければ)?(?:いけ|いか|あか|アカ|だめ|ダメ|駄目|なら|ならん)")
_CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "接尾辞", "接頭辞"}


def _particle(m: Morpheme) -> bool:
    return m.pos[0] in ("補助記号", "空白") or (m.pos[0] == "助詞" and m.surface in _LOOSE_PARTICLES)


@lru_cache(maxsize=8192)
def english_tokens(norm: str, fillers: bool = False) -> tuple[tuple[str, int, int], ...]:
    """(stem, start, end) of the English words of a text; fillers (a, the, my) only when asked for (cached:
    each question is read by several lexicons and by the actor reading)."""
    return tuple((stem_en(m.group().strip("'")), m.start(), m.end())
                 for m in _EN_WORD.finditer(norm) if fillers or m.group().strip("'") not in _FILLERS)


@dataclass(frozen=True)
class _Term:
    text: str
    label: str
    weak: bool
    lemmas: tuple[str, ...]
    reading: str
    stems: tuple[str, ...]
    content: tuple[str, ...] = ()  # the lemmas without particles (お金がかかる ~ お金かかる)
    own_word: bool = False  # it starts with a word of its own, not an ending (なんで: な is not a word here)
    kana_only: bool = False  # written in kana alone (かいじ)


class Lexicon:
    """Terms → labels, compiled once; :meth:`find` returns the non-overlapping mentions in a question."""

    def __init__(self, entries: list[tuple[str, str, bool]], known: frozenset[str] = frozenset()):
        """``entries`` are (term, label, weak). A term may carry several labels. ``known`` words are never
        taken for typos of a lexicon word (bring is not ring)."""
        self._surface: dict[str, list[_Term]] = defaultdict(list)  # first two characters -> terms
        self._lemma: dict[str, list[_Term]] = defaultdict(list)  # first lemma -> terms
        self._reading: dict[str, list[_Term]] = defaultdict(list)  # first two kana -> terms
        self._english: dict[str, list[_Term]] = defaultdict(list)  # first stem -> terms
        self._content: dict[str, list[_Term]] = defaultdict(list)  # first content lemma -> terms
        vocabulary: set[str] = set()
        for raw, label, weak in entries:
            text = normalize(raw)
            if not text:
                continue
            if _JA.search(text):
                items = morphemes(text)
                lemmas = tuple(m.lemma for m in items)
                reading = "".join(m.reading for m in items) if all(_JA.search(m.surface) for m in items) else ""
                content = tuple(m.lemma for m in items if not _particle(m))
                words = sum(m.pos[0] in _CONTENT for m in items)  # 必要なのは is one word: not 必要なら
                term = _Term(text, label, weak, lemmas, reading, (), content if words >= 2 else (),
                             own_word=bool(items) and items[0].pos[0] not in ("助動詞", "助詞"),
                             kana_only=bool(_KANA_ONLY.match(text)))
                self._surface[text[:2]].append(term)
                if lemmas:
                    self._lemma[lemmas[0]].append(term)
                if term.content:
                    self._content[term.content[0]].append(term)
                if len(reading) >= 3:
                    self._reading[reading[:2]].append(term)
            else:
                # A term keeps its fillers ("delete my" is not "delete"); the question may have more.
                stems = tuple(stem for stem, _s, _e in english_tokens(text, fillers=True))
                if stems and not (len(stems) == 1 and (stems[0] in _EN_STOP or stems[0] in _FILLERS)):
                    term = _Term(text, label, weak, (), "", stems)
                    self._english[stems[0]].append(term)
                    vocabulary.update(stems)
        self._known_stems = frozenset(vocabulary) | known
        self.english_vocabulary = sorted(word for word in vocabulary if len(word) >= 4)

    # ----- finding -------------------------------------------------------------------------------
    def find(self, norm: str) -> list[Mention]:
        """Every term found in a normalised text, overlaps resolved (longest, then most literal, first)."""
        found = [*self._find_surface(norm), *self._find_japanese(norm), *self._find_english(norm)]
        ending = {m.end: m for m in morphemes(norm)}
        found = [m for m in found if not self._must(norm, m, ending)]
        found.sort(key=lambda m: (-m.length, -STRENGTH[m.how], m.start))
        chosen: list[Mention] = []
        seen: set[tuple[str, int, int]] = set()
        for mention in found:
            key = (mention.label, mention.start, mention.end)
            if key in seen or any(self._hides(c, mention) for c in chosen):
                continue
            seen.add(key)
            chosen.append(mention)
        return sorted(chosen, key=lambda m: (m.start, m.label))

    @staticmethod
    def _must(norm: str, mention: Mention, ending: dict[int, Morpheme]) -> bool:
        """The find ends in a negation that, with what follows, says "must" (払わなあかん is not 払わず)."""
        last = ending.get(mention.end)
        return last is not None and last.lemma in ("ない", "ず") and bool(_MUST.match(norm[mention.end:]))

    @staticmethod
    def _hides(kept: Mention, other: Mention) -> bool:
        """A longer find hides what it contains (開示しない hides 開示); finds that only overlap both stand
        (消して + してもらえる in 消してもらえる). The same term under two labels is kept twice."""
        if kept.start == other.start and kept.end == other.end and kept.term == other.term:
            return False
        if kept.label.startswith("x:"):  # a set phrase hides everything inside it
            return kept.start <= other.start and other.end <= kept.end
        if (kept.label[:2] in ("f:", "c:") and other.label.startswith("t:")) or other.label == "t:personal_data" \
                or other.label.startswith("c:"):
            return False  # keep my data asks about retention *and* names the data; get my data names it too
        return kept.start <= other.start and other.end <= kept.end

    def _find_surface(self, norm: str) -> list[Mention]:
        found = []
        items = morphemes(norm)
        starts = {m.start for m in items}
        ends = {m.end for m in items}
        for start in range(len(norm) - 1):
            for term in self._surface.get(norm[start : start + 2], ()):
                if not norm.startswith(term.text, start):
                    continue
                end = start + len(term.text)
                # A short or kana term is a word of its own: 渡す is not in 譲渡する, かいじ not in かいじょう.
                short = items and (len(term.text) <= 2 or term.kana_only) and bool(term.lemmas)
                if short and (start not in starts or (term.kana_only and end not in ends)):
                    continue
                if term.kana_only and self._starts_on_ending(items, start, term):
                    continue  # 夜勤なんで is "because of the night shift", not なんで (why)
                found.append(Mention(term.label, start, end, term.text, "surface", term.weak))
        single = {m.start for m in items if m.end == m.start + 1}
        for start, char in enumerate(norm):  # one-character terms (命) only as a whole morpheme
            for term in self._surface.get(char, ()):
                if len(term.text) == 1 and start in single:
                    found.append(Mention(term.label, start, start + 1, term.text, "surface", term.weak))
        return found

    @staticmethod
    def _starts_on_ending(items: tuple[Morpheme, ...], start: int, term: _Term) -> bool:
        """The question's morpheme at ``start`` is an ending (an auxiliary or particle) where the term
        starts with a word of its own."""
        here = next((m for m in items if m.start == start), None) if items and items[-1].end > start else None
        # (the term's own first word is read once, when the lexicon is built: a question's morphemes
        # must not push the terms' out of the shared cache)
        return here is not None and here.pos[0] in ("助動詞", "助詞") and term.own_word

    def _find_japanese(self, norm: str) -> list[Mention]:
        items = morphemes(norm)
        if not items:
            return []
        found = []
        lemmas = [m.lemma for m in items]
        for index, lemma in enumerate(lemmas):
            if index and items[index].pos[1] == "非自立可能" and items[index - 1].surface in ("て", "で"):
                continue  # してみたい is "try to", not 見たい; 消してもらう, not 貰う
            for term in self._lemma.get(lemma, ()):
                end = index + len(term.lemmas)
                if tuple(lemmas[index:end]) == term.lemmas:
                    found.append(Mention(term.label, items[index].start, items[end - 1].end, term.text, "lemma",
                                         term.weak))
        # The same without particles on either side: 担当の部署 ~ 担当部署, お金かかる ~ お金がかかる.
        content = [m for m in items if not _particle(m)]
        content_lemmas = [m.lemma for m in content]
        for index, lemma in enumerate(content_lemmas):
            for term in self._content.get(lemma, ()):
                end = index + len(term.content)
                if tuple(content_lemmas[index:end]) == term.content:
                    found.append(Mention(term.label, content[index].start, content[end - 1].end, term.text, "lemma",
                                         term.weak))
        # Readings: each morpheme's reading, concatenated, with the morpheme each kana belongs to.
        reading, owner = [], []
        for number, m in enumerate(items):
            part = m.reading if _JA.search(m.surface) else "|"  # Latin words break a reading (ってfreeなん)
            reading.append(part)
            owner.extend([number] * len(part))
        text = "".join(reading)
        boundaries = {0}
        position = 0
        for part in reading:
            position += len(part)
            boundaries.add(position)
        for start in range(len(text) - 2):
            for term in self._reading.get(text[start : start + 2], ()):
                end = start + len(term.reading)
                if not text.startswith(term.reading, start):
                    continue
                # A reading starts where a word starts (シテモラエ is not inside 消して); a short one ends there too.
                if start not in boundaries or (len(term.reading) < MIN_READING and end not in boundaries):
                    continue
                spanned = items[owner[start] : owner[end - 1] + 1]
                if end not in boundaries and _KANJI.search(spanned[-1].surface):
                    continue  # 1回参加 is not 解散: a word written in kanji is not half of another
                # Only where the writing is in doubt: kana (かいじ), or kanji the dictionary split into
                # single characters (開時 = 開 + 時). A real kanji word (会場) is not another (解除).
                if not any(_KANA_ONLY.match(m.surface) or len(m.surface) == 1 for m in spanned):
                    continue
                if not any(m.pos[0] in _CONTENT and m.pos[1] != "助動詞語幹" for m in spanned):
                    continue  # みたいな (like) only sounds like 見たい (want to see)
                words = [m for m in spanned if m.pos[0] in _CONTENT and m.pos[0] != "接尾辞"]
                if len(words) == 1 and all(m.lemma in self._known_stems and m.lemma not in term.lemmas
                                           for m in spanned if _JA.search(m.surface)):
                    continue  # なくなった is a word of its own (無くなる), not 亡くなった written in kana
                # (but おくり + さき is a compound written in kana: 送り先)
                before = items[owner[start] - 1] if owner[start] else None
                if before is not None and before.surface in ("て", "で") and spanned[0].pos[1] == "非自立可能":
                    continue  # 参加してみたい: みる after て is "try", not 見る
                first, last = spanned[0], spanned[-1]
                found.append(Mention(term.label, first.start, last.end, term.text, "reading", term.weak))
        return found

    def _find_english(self, norm: str) -> list[Mention]:
        tokens = english_tokens(norm, fillers=True)
        if not tokens:
            return []
        stems = [self._correct(stem) for stem, _s, _e in tokens]
        found = []
        for index, (stem, _how) in enumerate(stems):
            for term in self._english.get(stem, ()):
                end = self._match_english(term.stems, stems, index) or self._split_verb(term.stems, stems, tokens, norm, index)
                if end is not None:
                    how = "fuzzy" if any(h == "fuzzy" for _s, h in stems[index:end]) else "english"
                    found.append(Mention(term.label, tokens[index][1], tokens[end - 1][2], term.text, how, term.weak))
        return found

    @staticmethod
    def _split_verb(term: tuple[str, ...], stems: list[tuple[str, str]], tokens: list[tuple[str, int, int]],
                    norm: str, start: int) -> int | None:
        """A phrasal verb with its object inside: hand this kind of info over ~ hand over (up to six words
        between, in the same clause)."""
        if len(term) != 2 or term[1] not in _VERB_PARTICLES or stems[start][0] != term[0]:
            return None
        for position in range(start + 2, min(start + 8, len(stems))):
            if _CLAUSE_END.search(norm[tokens[start][2]:tokens[position][1]]):
                return None
            if stems[position][0] == term[1]:
                return position + 1
        return None

    @staticmethod
    def _match_english(term: tuple[str, ...], stems: list[tuple[str, str]], start: int) -> int | None:
        """End index when ``term`` matches from ``start``; fillers of the question the term does not
        have are skipped (a copy of the data ~ copy of data), never those it has (delete my ≠ delete)."""
        position = start
        for wanted in term:
            while position < len(stems) and stems[position][0] != wanted and stems[position][0] in _FILLERS \
                    and position > start:
                position += 1
            if position >= len(stems) or stems[position][0] != wanted:
                return None
            position += 1
        return position

    @lru_cache(maxsize=8192)  # noqa: B019 - one lexicon per process; the cache is per instance anyway
    def _correct(self, stem: str) -> tuple[str, str]:
        """(stem, how): an unknown English word of 5+ letters becomes the closest lexicon word (one typo)."""
        if stem in self._known_stems or len(stem) < 5 or not self.english_vocabulary:
            return stem, "english"
        match = process.extractOne(stem, self.english_vocabulary, scorer=fuzz.ratio, score_cutoff=85)
        if match and abs(len(match[0]) - len(stem)) <= 2:
            return match[0], "fuzzy"
        return stem, "english"
