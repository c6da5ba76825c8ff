"""Masking personal data in free text before it is stored for analysis or written to a log.

Contact details and identifiers are found by their shape (e-mail, phone, postal code, reference, access
code, long numbers). People's names and street addresses are found by generic rules, no list of names:

* Japanese names: SudachiPy tags personal names (固有名詞・人名) in its dictionary; around that, a
  word before an honorific (さん, 様, 氏, 君, ちゃん, 殿) that the dictionary does not know or tags as a
  proper noun, and the span in an introduction (名前は…, 氏名：…, …と申します, 私は…です) are names.
* Western names: after "my name is", "I am", "this is", "call me", "name:", after Mr/Ms/Mrs/Dr…, or
  before -san/さん, one to four capitalised words.
* Addresses: a prefecture followed by a city, ward, town or village (東京都港区…), or a municipality
  followed by block numbers (大阪市北区梅田1丁目2-3), with everything up to the last block number;
  "住所は…"/"my address is…" up to the end of the sentence; Western street addresses (221B Baker Street,
  Apt 4, …) and romanised Japanese ones (4-2-8 Shibakoen, Minato-ku); three hyphenated block numbers.

A name becomes ``[name]`` and an address ``[address]``; the words around them stay, so the question can
still be read. Masking leans towards masking: a word wrongly taken for a name costs little.
"""

from __future__ import annotations

import re

from knowledge.analysis import tokenizer

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<!\d)\d{4}[\s-]?\d{4}[\s-]?\d{4}(?!\d)"), "[number]"),  # My Number, card-like numbers
    (re.compile(r"(?<![\d-])(?:\+81[\s-]?|0)\d{1,4}[\s-]?\d{1,4}[\s-]?\d{3,4}(?!\d)"), "[phone]"),
    (re.compile(r"〒?\s?(?<!\d)\d{3}[-－ー]\d{4}(?!\d)"), "[postal code]"),
    (re.compile(r"REQ-\d{4}-\d{6}", re.IGNORECASE), "[reference]"),
    (re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b"), "[code]"),
]

NAME, ADDRESS = "[name]", "[address]"
_JA = r"一-龥々〆ヵヶぁ-んァ-ヴー"
_END = r"(?=です|でした|と申|といい|と言い|でござい|[。、,.!！?？\s]|$)"

# ----- addresses -------------------------------------------------------------------------------------
_NUM = r"[0-9０-９一二三四五六七八九十〇百千]+"
_BLOCK = rf"{_NUM}(?:\s?(?:丁目|番地|番|号|[-－‐−ー―の])\s?{_NUM})*(?:\s?(?:丁目|番地|番|号))?"
_PREFECTURE = r"(?:北海道|東京都|京都府|大阪府|[一-龥]{2,3}県)"
# Place names: kanji, katakana and hiragana, but not the particles a sentence runs on with (で, って, に…),
# so "…証明書って区役所で1通" is not taken for a ward and a block number.
_PARTICLES = "はがをにでとへもやのっ"
_PLACE = "一-龥々〆ヵヶァ-ヴー" + "".join(chr(c) for c in range(ord("ぁ"), ord("ゖ") + 1) if chr(c) not in _PARTICLES)
_MUNICIPALITY = rf"[{_PLACE}]{{1,8}}?[市区町村郡]"
# A block number has a marker (1丁目, 2番, 3号, 4-2): a bare number after a place is a count, not an address.
_MARKED_BLOCK = rf"{_NUM}\s?(?:丁目|番地|番|号|[-－‐−])(?:\s?{_NUM}(?:\s?(?:丁目|番地|番|号|[-－‐−ー―の])\s?{_NUM})*(?:\s?(?:丁目|番地|番|号))?)?"
_STREET = ("Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|"
           "Parkway|Pkwy|Square|Sq|Highway|Hwy|Crescent|Close|Row|Alley|Circle")
_WORD = r"[A-Z][A-Za-z'’.-]*"
# Each pattern's group "x" is what is masked; the rest (an introduction such as 住所は) stays.
_ADDRESSES = [
    re.compile(rf"(?P<x>{_PREFECTURE}{_MUNICIPALITY}(?:[{_PLACE}]{{0,12}}?{_BLOCK}(?:\s?[{_JA}A-Za-z0-9]{{0,15}}?{_NUM}号室)?)?)"),
    re.compile(rf"(?P<x>{_MUNICIPALITY}[{_PLACE}]{{0,12}}?{_MARKED_BLOCK})"),
    re.compile(r"住所(?:は|：|:)\s*(?P<x>[^。\n?？]+?)(?=です|でした|[。\n?？]|$)"),
    re.compile(r"\b(?:my address is|I live at|address:)\s+(?P<x>[^.\n]+)", re.IGNORECASE),
    re.compile(rf"(?P<x>\b\d{{1,5}}[A-Za-z]?(?:-\d+)*\s+(?:{_WORD}\s+){{0,4}}(?:{_STREET})\b\.?"
               rf"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.?\s*\w+)?(?:,\s*{_WORD}(?:\s+{_WORD})*){{0,3}}"
               r"(?:\s+[A-Z]{2})?(?:\s+\d{5}(?:-\d{4})?)?)"),
    re.compile(rf"(?P<x>\b\d+-\d+(?:-\d+)?\s+{_WORD}(?:-[a-z]+)?"
               rf"(?:,\s*{_WORD}(?:-(?:ku|shi|cho|machi|gun|ken|to|fu))?){{0,4}})"),
    re.compile(r"(?P<x>\b(?:Apt|Apartment|Suite|Flat)\.?\s*#?\d+[A-Za-z]?\b)"),
    re.compile(rf"(?P<x>{_NUM}丁目\s?{_NUM}(?:\s?(?:番地?|号|[-－‐−])\s?{_NUM})*号?|{_NUM}番地?\s?{_NUM}号)"),
    re.compile(r"(?<![\d-])(?P<x>\d{1,4}[-－‐−]\d{1,4}[-－‐−]\d{1,4})(?![\d-])"),  # 4-2-8: 丁目-番-号
]

# ----- names -------------------------------------------------------------------------------------------
_CAPITALISED = r"[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){0,3}"
_FIRST_LAST = r"[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){1,3}"
_WESTERN = [
    re.compile(rf"\b(?i:my name is|my name's|call me|name:|I am called)\s+(?P<x>{_CAPITALISED})"),
    # "I am"/"this is" are followed by many other things: only a first and a last name count.
    re.compile(rf"\b(?:I am|I'm|[Tt]his is)\s+(?P<x>{_FIRST_LAST})"),
    re.compile(rf"\b(?:Mr|Ms|Mrs|Mx|Dr|Miss|Prof)\.?\s+(?P<x>{_CAPITALISED})"),
    re.compile(r"(?P<x>\b[A-Z][a-z'’-]+)(?=-san\b|\s?(?:さん|様|氏|君|くん|ちゃん))"),
]
_SPAN = r"[^\s、。,.!！?？]{1,20}?"
# The introduced span itself is the name, whatever the dictionary says of it.
_JA_INTRODUCED = [
    re.compile(rf"(?:名前|氏名|お名前)(?:は|：|:)\s*(?P<x>{_SPAN}){_END}"),
    re.compile(rf"(?P<x>[{_JA}A-Za-z]{{1,12}})(?=\s?(?:と申します|と申す者|といいます|と言います|と申しま))"),
]
# "私は…です" introduces a name or anything else (会社員, 退職者): only spans the dictionary marks.
_JA_SELF = re.compile(rf"(?:私|僕|俺|わたし|当方)(?:は|、)\s*(?P<x>{_SPAN})(?=です|でございます)")
_HONORIFICS = {"さん", "様", "さま", "氏", "君", "くん", "ちゃん", "殿"}
_HAS_JAPANESE = re.compile(rf"[{_JA}]")


def _masked(pattern: re.Pattern[str], text: str, tag: str, keep: object = None) -> str:
    """``text`` with group "x" of every match replaced by ``tag`` (unless ``keep(span)`` says otherwise)."""
    def replace(match: re.Match[str]) -> str:
        start, end = match.span("x")
        if callable(keep) and keep(match.group("x")):
            return match.group()
        whole = match.group()
        offset = match.start()
        return whole[: start - offset] + tag + whole[end - offset:]

    return pattern.sub(replace, text)


def mask_personal(text: str) -> str:
    """Replace e-mail addresses, phone numbers, postal codes, identifiers, names and addresses with tags."""
    for pattern, tag in _PATTERNS:
        text = pattern.sub(tag, text)
    for pattern in _ADDRESSES:
        text = _masked(pattern, text, ADDRESS, keep=_no_address)
    for pattern in _WESTERN:
        text = _masked(pattern, text, NAME)
    if _HAS_JAPANESE.search(text):
        for pattern in _JA_INTRODUCED:
            text = _masked(pattern, text, NAME)
        text = _masked(_JA_SELF, text, NAME, keep=lambda span: not _looks_like_a_name(span))
        text = _mask_japanese_names(text)
    return text


_ADDRESS_MARK = re.compile(r"[0-9０-９一二三四五六七八九十〇百千都道府県市区町村郡丁番号A-Z]")


def _no_address(span: str) -> bool:
    # "住所はどこ？" asks where; an address has a number or a place word in it.
    return _ADDRESS_MARK.search(span) is None


def _person(morpheme) -> bool:  # type: ignore[no-untyped-def]
    # Latin words in a Japanese sentence are left to the Western rules (Sudachi may call "read" a name).
    pos = morpheme.part_of_speech()
    return pos[0] == "名詞" and pos[1] == "固有名詞" and pos[2] == "人名" and bool(_HAS_JAPANESE.search(morpheme.surface()))


_HIRAGANA = re.compile(r"^[ぁ-ん]+$")
_KATAKANA = re.compile(r"^[ァ-ヴー]+$")


def _unknown_or_proper(morpheme) -> bool:  # type: ignore[no-untyped-def]
    pos = morpheme.part_of_speech()
    return morpheme.is_oov() or (pos[0] == "名詞" and pos[1] == "固有名詞")


def _looks_like_a_name(span: str) -> bool:
    return any(_unknown_or_proper(m) for m in tokenizer().tokenize(span.strip()))


def _mask_japanese_names(text: str) -> str:
    """Mask dictionary-tagged personal names, and unknown or proper words before an honorific."""
    morphemes = list(tokenizer().tokenize(text))
    masked = [False] * len(morphemes)
    for i, m in enumerate(morphemes):
        if _person(m):
            # A lone "name" in hiragana is usually a misread word (てすう|りょう), and one right before a
            # katakana word is part of a compound name (マイナ|カード, 大林|ビル); next to another part of
            # a name or a honorific it is masked all the same.
            alone = not any(_person(n) for n in morphemes[max(0, i - 1):i] + morphemes[i + 1:i + 2])
            following = morphemes[i + 1].surface() if i + 1 < len(morphemes) else ""
            misread = bool(_HIRAGANA.match(m.surface()) or _KATAKANA.match(following))
            masked[i] = not (misread and alone and following not in _HONORIFICS)
        elif m.surface() in _HONORIFICS and i > 0:
            # The noun run just before the honorific (お客様, 担当者様 are common words: left alone).
            j = i - 1
            while j >= 0 and morphemes[j].part_of_speech()[0] == "名詞" and i - j <= 3:
                j -= 1
            run = range(j + 1, i)
            prefixed = j >= 0 and morphemes[j].part_of_speech()[0] == "接頭辞"
            if run and not prefixed and any(_unknown_or_proper(morphemes[k]) for k in run):
                for k in run:
                    masked[k] = True
    out: list[str] = []
    for i, m in enumerate(morphemes):
        if not masked[i]:
            out.append(m.surface())
        elif not (out and out[-1] == NAME):
            out.append(NAME)
        # A middle dot or space between two parts of one name joins them (ジョン・スミス).
        if masked[i] and i + 2 < len(morphemes) and masked[i + 2] and morphemes[i + 1].surface() in ("・", " ", "　"):
            masked[i + 1] = True
    return "".join(out)
