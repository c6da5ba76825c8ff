"""Japanese typed in Latin letters (kaiji seikyu no tesuryo ikura?) read as hiragana.

Some people type Japanese in romaji (a phone without a Japanese keyboard, a foreign colleague). The
engine reads kana, so a question written wholly in romaji is converted, syllable by syllable, and read
again. Only questions that parse as romaji *and* are not English are converted: every word must split
into romaji syllables, and at least one of them must be a Japanese particle or end like a Japanese word
that English does not have (kaiji, seikyu, oshiete).
"""

from __future__ import annotations

import re

# Hepburn and Kunrei spellings, longest first when matched (shi before si, kyu before ku...).
_SYLLABLES = {
    "kya": "きゃ", "kyu": "きゅ", "kyo": "きょ", "sha": "しゃ", "shu": "しゅ", "sho": "しょ", "sya": "しゃ",
    "syu": "しゅ", "syo": "しょ", "cha": "ちゃ", "chu": "ちゅ", "cho": "ちょ", "tya": "ちゃ", "tyu": "ちゅ",
    "tyo": "ちょ", "nya": "にゃ", "nyu": "にゅ", "nyo": "にょ", "hya": "ひゃ", "hyu": "ひゅ", "hyo": "ひょ",
    "mya": "みゃ", "myu": "みゅ", "myo": "みょ", "rya": "りゃ", "ryu": "りゅ", "ryo": "りょ", "gya": "ぎゃ",
    "gyu": "ぎゅ", "gyo": "ぎょ", "ja": "じゃ", "ju": "じゅ", "jo": "じょ", "jya": "じゃ", "jyu": "じゅ",
    "jyo": "じょ", "bya": "びゃ", "byu": "びゅ", "byo": "びょ", "pya": "ぴゃ", "pyu": "ぴゅ", "pyo": "ぴょ",
    "shi": "し", "chi": "ち", "tsu": "つ", "ji": "じ", "fu": "ふ",
    "ka": "か", "ki": "き", "ku": "く", "ke": "け", "ko": "こ", "sa": "さ", "si": "し", "su": "す", "se": "せ",
    "so": "そ", "ta": "た", "ti": "ち", "tu": "つ", "te": "て", "to": "と", "na": "な", "ni": "に", "nu": "ぬ",
    "ne": "ね", "no": "の", "ha": "は", "hi": "ひ", "hu": "ふ", "he": "へ", "ho": "ほ", "ma": "ま", "mi": "み",
    "mu": "む", "me": "め", "mo": "も", "ya": "や", "yu": "ゆ", "yo": "よ", "ra": "ら", "ri": "り", "ru": "る",
    "re": "れ", "ro": "ろ", "wa": "わ", "wo": "を", "ga": "が", "gi": "ぎ", "gu": "ぐ", "ge": "げ", "go": "ご",
    "za": "ざ", "zi": "じ", "zu": "ず", "ze": "ぜ", "zo": "ぞ", "da": "だ", "di": "ぢ", "du": "づ", "de": "で",
    "do": "ど", "ba": "ば", "bi": "び", "bu": "ぶ", "be": "べ", "bo": "ぼ", "pa": "ぱ", "pi": "ぴ", "pu": "ぷ",
    "pe": "ぺ", "po": "ぽ", "a": "あ", "i": "い", "u": "う", "e": "え", "o": "お",
}
_LONGEST = max(len(s) for s in _SYLLABLES)
_PARTICLES = {"no", "wa", "ga", "wo", "ni", "de", "tte", "ka", "desu", "masu", "kudasai", "onegai", "oshiete"}
_WORD = re.compile(r"[a-z]+")
_ONLY_LATIN = re.compile(r"^[a-z\s?!.,'ー-]+$")


def _word_to_kana(word: str) -> str | None:
    out, i = [], 0
    while i < len(word):
        if word[i] == "n" and (i + 1 == len(word) or word[i + 1] not in "aiueoy"):
            out.append("ん")  # n before a consonant or at the end
            i += 1
            continue
        if i + 1 < len(word) and word[i] == word[i + 1] and word[i] not in "aiueon":
            out.append("っ")  # a doubled consonant: kitte
            i += 1
            continue
        for size in range(_LONGEST, 0, -1):
            kana = _SYLLABLES.get(word[i : i + size])
            if kana:
                out.append(kana)
                i += size
                break
        else:
            return None
    return "".join(out)


def to_kana(text: str, english: frozenset[str] = frozenset()) -> str | None:
    """The hiragana reading of a question typed in romaji, or None when it is not romaji Japanese.
    ``english`` are known English words: a text made of them is English (no idea ≠ の いであ)."""
    norm = text.lower().strip()
    if not _ONLY_LATIN.match(norm):
        return None
    words = _WORD.findall(norm)
    if len(words) < 2:
        return None
    kana = [_word_to_kana(w) for w in words]
    if any(k is None for k in kana):
        return None
    if not any(w in _PARTICLES for w in words):
        return None
    if sum(w in english for w in words if w not in _PARTICLES) * 2 >= len(words):
        return None
    return "".join(k for k in kana if k)
