"""Text normalisation for matching questions in Japanese (any register, kana only) and English.

NFKC, control characters, kana folding and width, scripts, English words and stems, character n-grams.
The Japanese analysis with SudachiPy (words, readings, phrases) is in :mod:`knowledge.analysis`.
Nothing here knows about any particular policy: all vocabulary comes from the data files.
"""

from __future__ import annotations

import re
import unicodedata

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
            stem = word[: len(word) - len(suffix)] + replacement
            if suffix in ("ing", "ed") and len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]  # stopping, stopped -> stop
            return stem
    return word


def english_words(text: str) -> list[str]:
    """Lower-case English content words of a normalised text (stop words removed, not stemmed)."""
    return [w.strip("'") for w in _LATIN_WORD.findall(text) if w not in _EN_STOP and len(w.strip("'")) > 1]


def char_ngrams(text: str, sizes: tuple[int, ...]) -> list[str]:
    """Character n-grams of a string (the whole string when shorter than the smallest size)."""
    grams = [text[i : i + n] for n in sizes for i in range(len(text) - n + 1)]
    return grams or ([text] if text else [])


def category(ch: str) -> str:
    """Unicode general category (re-exported so callers need not import unicodedata)."""
    return unicodedata.category(ch)
