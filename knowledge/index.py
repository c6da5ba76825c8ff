"""A small TF-IDF nearest-neighbour index over example questions, with keyword hits.

Every example question, title and keyword list of an entry is one *document* owned by that entry; a
question scores each entry by its best-matching document (cosine of TF-IDF vectors, computed through an
inverted index so a 10,000-entry base stays fast) plus a bonus for the entry's keywords it contains.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge.analysis import Analysis, analyse, reading_of
from knowledge.text import normalize

# How much each feature family counts: words carry the meaning; reading and character n-grams are the
# fallback for kana-only questions, typos and words the tokenizer splits differently.
GROUP_WEIGHTS = {"w": 1.0, "e": 1.0, "r": 0.45, "c": 0.3}
KEYWORD_BONUS = 0.05  # per keyword found in the question (longer keywords count a little more)
KEYWORD_BONUS_CAP = 0.18
SYNONYM_WEIGHT = 0.7  # a synonym counts a little less than the word the question used
COVERAGE_WEIGHT = 0.7
COVERAGE_POWER = 2.0
UNKNOWN_WEIGHT = 1.5  # a word no entry knows (保育園, stock) weighs more than any known one: it names the topic
ANSWER_CREDIT = 0.5  # coverage credit for a word only the entry's answer text contains
CANDIDATES = 40  # candidates re-scored with coverage
POSTINGS_BUDGET = 4_000  # document postings read per question at most (keeps a 10,000-entry base fast)
MAX_DF_SHARE = 0.25  # words in more documents than this share are too common to score with
MAX_DF_SHARE_FALLBACK = 0.04  # the same for reading / character n-grams


def _coverable(key: str) -> bool:
    """Features that count for coverage: words, and reading trigrams (for kana-only questions)."""
    return key[0] in "we" or (key[0] == "r" and len(key) == 5)


@dataclass
class Document:
    owner: str
    text: str


@dataclass
class Hit:
    """One entry's score for a question: best document cosine plus keyword bonus."""

    owner: str
    score: float
    cosine: float
    keywords: list[str] = field(default_factory=list)
    coverage: float = 0.0  # IDF-weighted share of the question's words that this entry knows
    evidence: float = 0.0  # how much the known words weigh (sum of their IDF / 10): one vague word is little


class Index:
    """Inverted TF-IDF index of documents grouped by owner (an entry id)."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.owners: list[str] = []  # owner of each document, by document number
        self.postings: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = {}  # key -> (documents, weights)
        self.idf: dict[str, float] = {}
        self.max_idf = 1.0
        self.synonyms: dict[str, tuple[str, ...]] = {}
        # first token -> [(the phrase's tokens, the keys it stands for)]: synonyms of several morphemes
        self.phrases: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {}
        self.english_vocabulary: list[str] = []
        # keyword prefix (2 chars) -> [(keyword, owner)]; the same for folded katakana readings
        self.keywords: dict[str, list[tuple[str, str]]] = {}
        self.keyword_readings: dict[str, list[tuple[str, str]]] = {}
        # owner -> every word (w:/e:) of its documents, keywords and answer texts: what it "knows about"
        self.vocabulary: dict[str, frozenset[str]] = {}
        self.answer_vocabulary: dict[str, frozenset[str]] = {}

    @classmethod
    def build(
        cls,
        documents: list[tuple[str, str]],
        keywords: list[tuple[str, str]],
        context: list[tuple[str, str]] = (),
        synonyms: dict[str, tuple[str, ...]] | None = None,
        phrases: list[tuple[tuple[str, ...], tuple[str, ...]]] = (),
    ) -> Index:
        """Index (owner, text) documents and (owner, keyword) pairs; ``context`` texts (answers) only add
        to an owner's vocabulary, for coverage, without being matched against as questions.
        ``synonyms`` maps a feature key to the keys it also stands for (from the data's synonyms.yaml);
        ``phrases`` does the same for a sequence of tokens (a synonym the tokenizer splits: 個人 情報)."""
        index = cls()
        index.synonyms = dict(synonyms or {})
        table: dict[str, dict[tuple[str, ...], list[str]]] = defaultdict(dict)
        for tokens, means in phrases:
            if tokens and means:
                table[tokens[0]].setdefault(tokens, []).extend(means)
        index.phrases = {
            first: tuple((tokens, tuple(dict.fromkeys(means))) for tokens, means in entries.items())
            for first, entries in table.items()
        }
        bags = []
        vocabulary: dict[str, set[str]] = defaultdict(set)
        for owner, text in documents:
            norm = normalize(text)
            if not norm:
                continue
            index.documents.append(Document(owner, norm))
            index.owners.append(owner)
            bags.append(index._expand_text(norm))
            vocabulary[owner].update(k for k in bags[-1] if _coverable(k))
        for owner, text in keywords:
            vocabulary[owner].update(k for k in index._expand_text(normalize(text)) if _coverable(k))
        index.vocabulary = {owner: frozenset(words) for owner, words in vocabulary.items()}
        # Words of the answers count for half: an answer mentions neighbouring topics in passing.
        answer_words: dict[str, set[str]] = defaultdict(set)
        for owner, text in context:
            answer_words[owner].update(k for k in index._expand_text(normalize(text)) if _coverable(k))
        index.answer_vocabulary = {
            owner: frozenset(words - index.vocabulary.get(owner, frozenset())) for owner, words in answer_words.items()
        }
        df: dict[str, int] = defaultdict(int)
        for bag in bags:
            for key in bag:
                df[key] += 1
        total = len(bags)
        index.idf = {key: math.log((1 + total) / (1 + count)) + 1.0 for key, count in df.items()}
        index.max_idf = max(index.idf.values(), default=1.0)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for doc_id, bag in enumerate(bags):
            for key, weight in index._vector(bag).items():
                postings[key].append((doc_id, weight))
        # Very common features score little and cost much; readings and character n-grams only
        # break ties, so their common ones are dropped sooner than words.
        limits = {"w": max(50, MAX_DF_SHARE * total), "e": max(50, MAX_DF_SHARE * total)}
        fallback_limit = max(30, MAX_DF_SHARE_FALLBACK * total)
        index.postings = {
            key: (tuple(doc for doc, _ in value), tuple(weight for _, weight in value))
            for key, value in postings.items()
            if len(value) <= limits.get(key[0], fallback_limit)
        }
        index.english_vocabulary = sorted(key[2:] for key in index.postings if key.startswith("e:"))
        for owner, keyword in keywords:
            norm = normalize(keyword)
            if len(norm) >= 2:
                index.keywords.setdefault(norm[:2], []).append((norm, owner))
            reading = reading_of(norm)
            if len(reading) >= 3:
                index.keyword_readings.setdefault(reading[:2], []).append((reading, owner))
        return index

    def _vector(self, bag: dict[str, float]) -> dict[str, float]:
        """Sub-linear TF x IDF x family weight, L2-normalised."""
        vector = {}
        for key, count in bag.items():
            idf = self.idf.get(key)
            if idf is None or key[0] not in GROUP_WEIGHTS or key[1] != ":":
                continue
            vector[key] = (1.0 + math.log(count)) * idf * GROUP_WEIGHTS[key[0]]
        length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {key: value / length for key, value in vector.items()}

    def _correct_english(self, analysis: Analysis) -> tuple[dict[str, float], tuple[tuple[str, ...], ...]]:
        """Replace unknown English words by the closest known one (typos: 'pasport', 'dokuments')."""
        fixes: dict[str, str] = {}
        for key in analysis.bag:
            if key.startswith("e:") and key not in self.idf and len(key) >= 7 and self.english_vocabulary:
                match = process.extractOne(key[2:], self.english_vocabulary, scorer=fuzz.ratio, score_cutoff=84)
                if match and len(match[0]) >= 5 and abs(len(match[0]) - len(key) + 2) <= 2:
                    fixes[key] = "e:" + match[0]
        if not fixes:
            return dict(analysis.bag), analysis.concepts
        bag: dict[str, float] = {}
        for key, count in analysis.bag.items():
            bag[fixes.get(key, key)] = bag.get(fixes.get(key, key), 0.0) + count
        concepts = tuple(tuple(fixes.get(key, key) for key in concept) for concept in analysis.concepts)
        return bag, concepts

    def _expand_text(self, norm: str) -> dict[str, float]:
        """The feature bag of a normalised document text, with its synonyms."""
        analysis = analyse(norm)
        return self._expand(analysis.bag, (), analysis.tokens, analysis.marks)[0]

    def _expand(
        self,
        bag: dict[str, float],
        concepts: tuple[tuple[str, ...], ...],
        tokens: tuple[str, ...] = (),
        marks: tuple[int, ...] = (),
    ) -> tuple[dict[str, float], tuple[tuple[str, ...], ...]]:
        """Add the synonyms of every word (a little lighter than the word itself) to the bag, and to
        each concept as alternatives, so "ストップして" meets "停止" and "cease" meets "stop". A phrase
        synonym (its tokens in a row: 個人 情報) adds its meaning the same way, and to the concepts of
        the words it spans."""
        if not self.synonyms and not self.phrases:
            return dict(bag), concepts
        expanded = dict(bag)
        for key, count in bag.items():
            for other in self.synonyms.get(key, ()):
                expanded[other] = expanded.get(other, 0.0) + SYNONYM_WEIGHT * count
        spanned: dict[int, list[str]] = defaultdict(list)  # concept number -> keys of the phrases over it
        if self.phrases:
            for start, form in enumerate(tokens):
                for phrase, means in self.phrases.get(form, ()):
                    end = start + len(phrase)
                    if tokens[start:end] != phrase:
                        continue
                    for other in means:
                        expanded[other] = expanded.get(other, 0.0) + SYNONYM_WEIGHT
                    for number in marks[start:end]:
                        if number >= 0:
                            spanned[number].extend(means)
        concepts = tuple(
            tuple(dict.fromkeys([*concept, *(o for key in concept for o in self.synonyms.get(key, ())), *spanned.get(n, ())]))
            for n, concept in enumerate(concepts)
        )
        return expanded, concepts

    def keyword_hits(self, norm: str, reading: str) -> dict[str, list[str]]:
        """Owners whose keywords occur in the question (as written, or as read for kana questions)."""
        hits: dict[str, set[str]] = defaultdict(set)
        for table, text in ((self.keywords, norm), (self.keyword_readings, reading)):
            if not text:
                continue
            for start in range(len(text) - 1):
                for keyword, owner in table.get(text[start : start + 2], ()):
                    if text.startswith(keyword, start):
                        hits[owner].add(keyword)
        return {owner: sorted(found) for owner, found in hits.items()}

    def search(self, norm: str, limit: int = 10) -> list[Hit]:
        """Entries ranked by score for a normalised question."""
        analysis = analyse(norm)
        bag, concepts = self._expand(*self._correct_english(analysis), analysis.tokens, analysis.marks)
        query = self._vector(bag)
        postings = self.postings
        # Rarest features first; once the budget of postings is spent, the remaining (most common,
        # lowest-IDF) features are skipped: they cost the most and change the ranking the least.
        ordered = sorted((key for key in query if key in postings), key=lambda key: len(postings[key][0]))
        # Accumulate into a flat list (faster than a dict in CPython); `touched` remembers which slots.
        scores = [0.0] * len(self.owners)
        touched: set[int] = set()
        budget = POSTINGS_BUDGET
        for key in ordered:
            ids, doc_weights = postings[key]
            if len(ids) > budget and touched:
                break
            budget -= len(ids)
            weight = query[key]
            touched.update(ids)
            for doc_id, doc_weight in zip(ids, doc_weights, strict=True):
                scores[doc_id] += weight * doc_weight
        owners = self.owners
        best: dict[str, float] = {}
        for doc_id in touched:
            score = scores[doc_id]
            owner = owners[doc_id]
            if score > best.get(owner, 0.0):
                best[owner] = score
        bonuses = {}
        for owner, found in self.keyword_hits(norm, analysis.reading).items():
            bonuses[owner] = (min(KEYWORD_BONUS_CAP, sum(KEYWORD_BONUS * min(2.0, len(k) / 3) for k in found)), found)
        for owner in bonuses:
            best.setdefault(owner, 0.0)
        # Coverage can only lower a score, so it is computed for the leading candidates only.
        leading = heapq.nlargest(
            max(CANDIDATES, limit), best.items(), key=lambda item: item[1] + bonuses.get(item[0], (0.0,))[0]
        )
        weights = self._coverage_weights(bag, concepts, analysis.kana_only)
        hits = []
        for owner, cosine in leading:
            bonus, found = bonuses.get(owner, (0.0, []))
            coverage, evidence = self._coverage(weights, owner)
            # An entry whose texts cover every concept of the question beats one that matches a
            # longer phrase but misses the point ("第三者提供の停止" + "お金はかかる？" is about fees).
            factor = (1 - COVERAGE_WEIGHT + COVERAGE_WEIGHT * coverage) ** COVERAGE_POWER
            hits.append(Hit(owner, (cosine + bonus) * factor, cosine, found, coverage, evidence))
        hits.sort(key=lambda hit: (-hit.score, hit.owner))
        return hits[:limit]

    def _coverage_weights(
        self, bag: dict[str, float], concepts: tuple[tuple[str, ...], ...], kana_only: bool
    ) -> list[tuple[tuple[str, ...], float]]:
        """The question's concepts, each with its weight (IDF; unknown ones at the highest IDF).

        Words unknown to the whole index count fully: a question about 保育園 or "stock market" that
        shares one word with an entry is mostly *not* about that entry. A question in kana only has
        unreliable words (the tokenizer guesses), so its reading trigrams are used instead."""
        if kana_only:
            concepts = tuple((key,) for key in bag if key.startswith("r:") and len(key) == 5)
        weighted = []
        for concept in concepts:
            known = [self.idf[key] for key in concept if key in self.idf]
            weighted.append((concept, max(known) if known else UNKNOWN_WEIGHT * self.max_idf))
        return weighted

    def _coverage(self, weights: list[tuple[tuple[str, ...], float]], owner: str) -> tuple[float, float]:
        """(IDF-weighted share of the question's concepts the owner knows, their weight / 10 capped at 1)."""
        known = self.vocabulary.get(owner, frozenset())
        mentioned = self.answer_vocabulary.get(owner, frozenset())
        total = covered = 0.0
        for concept, weight in weights:
            total += weight
            if not known.isdisjoint(concept):
                covered += weight
            elif not mentioned.isdisjoint(concept):
                covered += ANSWER_CREDIT * weight
        return (covered / total if total else 0.0), min(1.0, covered / 10.0)
