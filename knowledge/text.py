"""Text normalisation and features for matching questions in Japanese (any register, kana only) and English.

A question becomes a bag of weighted features:

* ``w:`` content words from SudachiPy (normalised forms, so 消して/消す/けす meet), plus the short-unit
  parts of compounds (個人情報 -> 個人, 情報);
* ``r:`` character 2/3-grams of the katakana *reading* of the question, so an all-hiragana question
  (かいじせいきゅうしたい) meets the kanji examples (開示請求したい) it sounds like;
* ``c:`` character bigrams of the kanji/kana surface, for words Sudachi splits differently;
* ``e:`` English words, lower-cased, stop words dropped, lightly stemmed.

Nothing here knows about any particular policy: all vocabulary comes from the data files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from knowledge.loader import nfkc_text

# Unicode ranges, after NFKC (half-width kana are already full-width then).
_HIRAGANA = re.compile(r"[\u3041-\u3096]")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_JA_CHAR = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9']*|\d+")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff\ufffd\ud800-\udfff]")
_SPACE = re.compile(r"\s+")

# Content parts of speech kept as word features; particles, auxiliaries and symbols carry no topic.
_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "代名詞"}
# Very general verbs and nouns that appear in every kind of question (する, ある, いい, こと, ...).
_JA_STOP = {
    "為る", "居る", "有る", "成る", "出来る", "良い", "言う", "思う", "行く", "来る", "呉れる", "貰う", "頂く",
    "下さる", "致す", "事", "物", "方", "時", "所", "中", "様", "然う", "此の", "其の", "此れ", "其れ",
    "何", "私", "僕", "俺", "自分", "貴方", "皆", "御", "お", "ご", "ん", "の", "よう", "みたい", "ちょっと",
    "教える", "知る", "分かる", "欲しい", "願う", "大丈夫", "どう", "どんな", "此処", "其処", "何処", "今",
    "御願い", "願い", "幾つ", "色々", "様々", "全部", "全て", "もう", "まだ", "ちゃんと", "無い", "要る",
}
_EN_STOP = frozenset(
    re.findall(
        r"\S+",
        """a an the i me my mine we our ours you your yours he she it its they them their this that these those
    is am are was were be been being do does did doing have has had having can could will would shall should
    may might must of in on at by for with to from as into about over under again further then once here there
    and or but if so than too very just also any some all both each few more most other such no nor not only own
    same what whom whose how please hi hello there's what's i'm i'd i've it's don't
    doesn't can't get got want wanted like know tell let need ask asking asked question questions""",
    )
)
# British/American spellings and irregular forms folded before stemming.
_EN_VARIANTS = {
    "used": "use", "using": "use", "uses": "use", "licence": "license", "licences": "license",
    "analyse": "analyze", "analysed": "analyze", "analysing": "analyze", "organisation": "organization",
    "organisations": "organization", "emails": "email", "e-mail": "email", "mailing": "mail",
    "authorisation": "authorization", "cancelled": "cancel", "paid": "pay", "sent": "send", "kept": "keep",
    "told": "tell", "gave": "give", "given": "give", "wrote": "write", "written": "write",
}
_NEGATIONS = {"ない", "ず", "ぬ", "ん"}
# Small kana and long-vowel marks vary with the writer (ー, ぁ, っ); folding them makes readings comparable.
_KANA_FOLD = str.maketrans("ァィゥェォッャュョヮヵヶヴ", "アイウエオツヤユヨワカケブ", "ー・")


def clean(text: str) -> str:
    """NFKC (keeping Roman-numeral section numbers), drop control and invisible characters, squeeze spaces."""
    text = nfkc_text(text)
    text = _CONTROL.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def normalize(text: str) -> str:
    """``clean`` plus lower case: the form all matching works on."""
    return clean(text).lower()


def to_katakana(text: str) -> str:
    """Hiragana -> katakana (other characters unchanged)."""
    return "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in text)


def fold_kana(text: str) -> str:
    """Katakana with small kana made full-size and long-vowel marks dropped (カード ~ カド ~ かあど)."""
    return to_katakana(text).translate(_KANA_FOLD)


def script_counts(text: str) -> tuple[int, int, int, int]:
    """(hiragana, katakana, kanji, latin words) counts of a normalised text."""
    return (
        len(_HIRAGANA.findall(text)),
        len(_KATAKANA.findall(text)),
        len(_KANJI.findall(text)),
        len(_LATIN_WORD.findall(text)),
    )


def has_meaning(text: str) -> bool:
    """True when the text has at least one Japanese character or a Latin word of two letters or more."""
    return bool(_JA_CHAR.search(text)) or any(len(w) >= 2 for w in re.findall(r"[a-z]+", text))


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    """The SudachiPy tokenizer (core dictionary), loaded once: it takes ~0.2 s."""
    from sudachipy import Dictionary, SplitMode

    dictionary = Dictionary(dict="core")
    return dictionary.tokenizer(mode=SplitMode.C), SplitMode.A


def stem_en(word: str) -> str:
    """A light English stemmer: request/requests/requesting and deletion/delete meet; a suffix is only
    removed when a long enough stem remains (station must not become "stat" and meet "stated")."""
    if word.endswith("'s"):
        word = word[:-2]
    word = _EN_VARIANTS.get(word, word)
    for suffix, replacement, keep in (
        ("ions", "", 5), ("ion", "", 5),
        ("ures", "", 4), ("ure", "", 4), ("ies", "y", 3), ("ing", "", 3), ("ed", "", 4), ("es", "", 4),
        ("s", "", 3), ("e", "", 4), ("ly", "", 4),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: len(word) - len(suffix)] + replacement
    return word


def english_words(text: str) -> list[str]:
    """Lower-case English content words of a normalised text (stop words removed, not stemmed)."""
    return [w.strip("'") for w in _LATIN_WORD.findall(text) if w not in _EN_STOP and len(w.strip("'")) > 1]


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


@lru_cache(maxsize=2048)
def analyse_japanese(text: str) -> tuple[tuple[tuple[tuple[str, ...], tuple[str, ...]], ...], str]:
    """(content words, folded katakana reading) of a Japanese text.

    Each content word is (forms, parts): interchangeable forms — the normalised lemma, the 連用形
    surface of a verb (問い合わせたい -> 問い合わせ, the noun people also write) and everyday synonyms —
    and the short-unit parts of a compound (銀行振込 -> 銀行, 振り込み). Cached: a question is analysed
    for features, reading and intent."""
    tokenizer, mode_a = _tokenizer()
    words: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    reading: list[str] = []
    morphemes = list(tokenizer.tokenize(text))
    for position, morpheme in enumerate(morphemes):
        pos = morpheme.part_of_speech()
        surface = morpheme.surface()
        if pos[0] in ("補助記号", "空白"):
            continue
        if _JA_CHAR.search(surface):
            reading.append(morpheme.reading_form() if _KANJI.search(surface) else to_katakana(surface))
        if pos[0] not in _CONTENT_POS or not _JA_CHAR.search(surface):
            continue
        lemma = morpheme.normalized_form()
        if lemma in _JA_STOP or surface in _JA_STOP:
            continue
        forms = [lemma]
        if pos[0] in ("動詞", "形容詞") and _negated(morphemes, position):
            # 使わない is not 使う: the negated verb is its own word (使う¬), with the plain one as a part.
            words.append(((lemma + "¬",), (lemma,)))
            continue
        if pos[0] == "動詞" and pos[5].startswith("連用形") and surface != lemma and len(surface) >= 2 and _KANJI.search(surface):
            forms.append(surface)
        split = morpheme.split(mode_a)
        parts = []
        if len(split) > 1:
            parts = [p.normalized_form() for p in split if len(p.surface()) >= 2 and p.normalized_form() not in _JA_STOP]
        forms = list(dict.fromkeys(forms))
        words.append((tuple(forms), tuple(p for p in dict.fromkeys(parts) if p not in forms)))
    return tuple(words), fold_kana("".join(reading))


def char_ngrams(text: str, sizes: tuple[int, ...]) -> list[str]:
    """Character n-grams of a string (the whole string when shorter than the smallest size)."""
    grams = [text[i : i + n] for n in sizes for i in range(len(text) - n + 1)]
    return grams or ([text] if text else [])


@dataclass(frozen=True)
class Analysis:
    """Everything the matcher needs from one normalised text.

    ``bag`` holds feature counts (``w:`` words, ``a:`` parts of compounds, ``r:`` reading n-grams,
    ``c:`` character bigrams, ``e:`` English stems); ``concepts`` lists each content word once, as the
    tuple of its interchangeable feature keys, for coverage; ``kana_only`` marks a text whose words are
    the tokenizer's guesses (no kanji, no katakana word), for which coverage uses the reading."""

    bag: dict[str, float]
    concepts: tuple[tuple[str, ...], ...]
    reading: str
    kana_only: bool


@lru_cache(maxsize=4096)
def analyse(text: str) -> Analysis:
    """Analyse a normalised text (cached; treat the result as read-only).

    When the text has real words, the reading and character n-grams are scaled down: they then only
    break ties, and must not let a shared phrase like "〜をお願いするときの" outvote the topic words."""
    bag: dict[str, float] = {}
    concepts: list[tuple[str, ...]] = []

    def add(key: str, weight: float) -> None:
        bag[key] = bag.get(key, 0.0) + weight

    reading = ""
    kana_only = False
    if _JA_CHAR.search(text):
        words, reading = analyse_japanese(text)
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
    for word in english_words(text):
        stem = stem_en(word)
        concepts.append(("e:" + stem,))
        add("e:" + stem, 1.0)
    return Analysis(bag, tuple(concepts), reading, kana_only)


def features(text: str) -> dict[str, float]:
    """The weighted feature bag of a normalised text (a copy; see :func:`analyse`)."""
    return dict(analyse(text).bag)


def term_key(term: str) -> str | None:
    """The feature key a dictionary word stands for: ``w:`` + the normalised form of its one content word
    (negated verbs as in questions: 足りない -> 足りる¬), or ``e:`` + its English stem; None for a phrase
    of several words (it could never match one word)."""
    norm = normalize(term)
    if not norm:
        return None
    if not _JA_CHAR.search(norm):
        words = english_words(norm) or _LATIN_WORD.findall(norm)
        return "e:" + stem_en(words[0]) if len(words) == 1 else None
    words, _reading = analyse_japanese(norm)  # 足りない -> 足りる¬, like in a question
    return "w:" + words[0][0][0] if len(words) == 1 else None


def reading_of(text: str) -> str:
    """The folded katakana reading of a normalised text ('' when it has no Japanese)."""
    if not _JA_CHAR.search(text):
        return ""
    return analyse_japanese(text)[1]


def is_japanese_char(ch: str) -> bool:
    """True for hiragana, katakana and kanji characters."""
    return bool(_JA_CHAR.match(ch))


def category(ch: str) -> str:
    """Unicode general category (re-exported so callers need not import unicodedata)."""
    return unicodedata.category(ch)
