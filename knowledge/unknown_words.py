"""Words of a question that nothing in the knowledge explains, and whether they are what is asked about.

A content word that no term covers and no in-scope example question uses is *unknown*. Where it stands
says whether the question is about it: a noun proper (黒塗り), a word before a topic word (バナー広告,
tax records), the object of a request verb (アカウントを削除), the occasion a topic is needed for
(名義変更で要る証明書, a form for a visa, the papers to sell my apartment), or a tool
the association is asked to use (do you use AI tools). Then the policy does not speak to what is asked.
"""

from __future__ import annotations

import re

from knowledge.lexicon import Mention, english_tokens, morphemes
from knowledge.text import _EN_STOP, _JA_STOP

_UNKNOWN_POS = {("名詞", "普通名詞", "一般"), ("名詞", "普通名詞", "サ変可能"), ("名詞", "普通名詞", "形状詞可能"),
                ("名詞", "固有名詞", "一般"), ("名詞", "固有名詞", "地名"), ("名詞", "固有名詞", "人名")}
_EN_NOUNISH = re.compile(r"^(?!(?:against|without|within|between|toward|towards|into|onto|upon|via|per|among|"
                         r"through|thru|across|around|beyond|despite|except|inside|outside|unlike|until|till|"
                         r"wich|whats|hows|im|u|ur)$)(?!.*(?:ed|ing|ly)$)[a-z]{3,}$")
_WHEN_WORDS = ("とき", "時", "際")
_CONTENT_WORDS = ("内容", "中身", "記載", "記載内容")
_FOR_WORDS = {"使う", "使用", "用", "向け", "為", "ため", "提出", "出す"}  # what a thing is *for*
# Verbs that only say "regarding" (人命に関わる緊急のとき, 法律に関する書類): no clause of its own.
_ABOUT = frozenset(["関わる", "係わる", "関する", "関係", "対する", "伴う", "基づく", "因る", "よる", "付く", "就く", "含む"])
_FOR_A = re.compile(r"\s+for\s+(?:[a-z]+ing\s+)?(?:(?:a|an|the|my|your|our|his|her|their)\s+)?")  # (for selling my car)
_FOR_LATER = re.compile(r"(?:\s+(?:do|does|did|would|will|should|can|i|we|you|need|use|have|to|buy|get|put|send))"
                        r"{1,4}\s+for\s+(?:(?:a|an|the|my|your|our|his|her|their|some)\s+)?")
_WHOSE = re.compile(r"\s+(?:that\s+|which\s+)?(?:my|our|the|a|an|his|her|their)\s+")
_WANTS = re.compile(r"\s+(?:wants|wanted|needs|needed|asks|asked|requires|required|gave|sent|uses|sends)\b")
_TO_VERB = re.compile(r"(?:^|\s)to\s+(?!(?:us|me|you|them|him|her|it|my|your|our|the|a|an)\s)[a-z]+\s+(?:(?:a|an|the|my|your|some|this|that|our)\s+)?$")
_USE_A = re.compile(r"\b(?:you|they|we)\s+(?:ever\s+|also\s+|still\s+)?(?:use|using|used)\s+(?:(?:a|an|any|some|the)\s+)?(?:[a-z]{1,3}\s+)?$")
_GET_A = re.compile(r"\b(?:do|will|can|could|would|should)\s+(?:i|we)\s+(?:get|receive|be given)\s+(?:a|an|any|some|the)\s+$")
_WHICH_JA = frozenset(["どんな", "どの", "どういう", "どういった", "何の", "なんの"])
_BREAK_EN = re.compile(r"[.,;:!?()]|\b(?:and|or|but|if|when|because)\b")


class UnknownWords:
    """Finds the unknown words of a question, given the words the knowledge knows."""

    def __init__(self, known_words: frozenset[str], request_topics: frozenset[str]):
        self.known_words = known_words
        self._request_topics = request_topics

    def find(self, norm: str, mentions: tuple[Mention, ...]) -> list[tuple[str, int, str]]:
        """Content words no mention covers and no in-scope example uses, with their position and whether
        they are what is asked about: a noun proper (not a verbal noun), or an unknown word that modifies a
        topic word (バナー広告, 引越し業者, 交通費の申請) or is the object of a request verb (事例が見たい)."""
        covered = [(m.start, m.end) for m in mentions]

        def free(start: int, end: int) -> bool:
            return not any(start < e and s < end for s, e in covered)

        words = []
        items = morphemes(norm)
        starts = {m.start: m for m in mentions if m.label.startswith("t:")}
        for number, m in enumerate(items):
            if m.pos[:3] in _UNKNOWN_POS and len(m.surface) >= 2 and m.lemma not in _JA_STOP \
                    and m.lemma not in self.known_words and free(m.start, m.end):
                # A compound is what its last part is: 結婚式, 宅配便 and 招待状 are things, not acts.
                last = number
                while last + 1 < len(items) and items[last + 1].start not in starts and free(items[last + 1].start, items[last + 1].end) \
                        and (items[last + 1].pos[0] == "接尾辞" or items[last + 1].pos[:2] == ("名詞", "普通名詞")):
                    last += 1
                proper = items[last].pos[2] != "サ変可能"
                modifier = self._modifies(items, last, starts, proper=proper)
                # どんな額面でもいい？, どの銀行: what is asked is which of the unknown things
                modifier = modifier or (number > 0 and items[number - 1].surface in _WHICH_JA)
                words.append((m.surface, m.start, "modifier" if modifier else ("noun" if proper else "")))
        topic_spans = [(m.start, m.end) for m in mentions if m.label.startswith("t:")]
        for stem, start, end in english_tokens(norm):
            word = norm[start:end]
            if len(stem) >= 3 and word not in _EN_STOP and stem not in self.known_words and not stem.isdigit() \
                    and free(start, end):
                # Right before a topic word, an unknown word says what it is about: tax records, city office.
                beside = _EN_NOUNISH.match(word) is not None and any(s >= end and norm[end:s].strip() == ""
                                                                     for s, _e in topic_spans)
                # Right after "<topic> for", it says what the topic is for: a form for a visa.
                beside = beside or any(e <= start and (_FOR_A.fullmatch(norm[e:start]) or _FOR_LATER.fullmatch(norm[e:start]))
                                       for _s, e in topic_spans)  # (what form do I need for a visa)
                # "<topic> … to <verb> a <thing>": the topic is for doing something with it (the form I need
                # to send a parcel, the papers to sell my apartment).
                beside = beside or any(e <= start and start - e <= 40 and _TO_VERB.search(norm[e:start])
                                       and not _BREAK_EN.search(norm[e:start]) for _s, e in topic_spans)
                # "<topic> my <someone> wants": the topic is theirs (the form my landlord wants).
                beside = beside or any(e <= start and _WHOSE.fullmatch(norm[e:start]) and _WANTS.match(norm[end:])
                                       for _s, e in topic_spans)
                # "do you use <a thing>": the tool is what is asked about (AI tools like ChatGPT, Zoom);
                # "do I get a <thing>": so is what one would get (a receipt).
                beside = beside or bool(_USE_A.search(norm[max(0, start - 30):start])) \
                    or bool(_GET_A.search(norm[max(0, start - 30):start]))
                words.append((word, start, "modifier" if beside else ""))
        return words

    def _modifies(self, items, number: int, starts: dict[int, Mention], proper: bool = False) -> bool:  # type: ignore[no-untyped-def]
        """The unknown word at ``number`` names what a following topic word is about: バナー広告 (directly
        before it), 交通費の申請 (の + a weak topic word), 事例が見たい (the object of a request verb)."""
        after = items[number + 1] if number + 1 < len(items) else None
        if after is None:
            return False
        # 売買で使う書類, 銀行用の書類, 会議のための書類: the topic word is *for* the unknown thing.
        following = items[number + 1 : number + 5]
        for step, m in enumerate(following):
            if m.start in starts:
                if step and any(x.lemma in _FOR_WORDS for x in following[:step]):
                    return True
                break
            if m.lemma not in _FOR_WORDS and m.surface not in ("の", "で", "に"):
                break
        if after.start in starts:
            return True
        if proper and self._occasion(items[number + 1 : number + 5], starts):
            return True
        if proper and self._when_clause(items[number + 1 : number + 11], starts):
            return True
        # 確定申告の内容を訂正したい: what is corrected is the unknown thing's content, not my data.
        rest = items[number + 1 : number + 5]
        if len(rest) == 4 and rest[0].surface == "の" and rest[1].surface in _CONTENT_WORDS \
                and rest[2].surface in ("を", "が") and (found := starts.get(rest[3].start)) is not None \
                and found.label[2:] in self._request_topics:
            return True
        if after.surface in ("に", "へ") and number + 2 < len(items) \
                and (found := starts.get(items[number + 2].start)) is not None and found.label[2:] in self._request_topics:
            return True  # 運営に削除依頼: the request goes to the unknown party, not to the association
        if after.surface == "を" and proper and self._object_of_request(items[number + 2 : number + 6], starts):
            return True  # アカウントを(完全に)削除したい: what is deleted is the unknown thing, not my data
        if after.surface in ("の", "が", "を") and number + 2 < len(items):
            following = starts.get(items[number + 2].start)
            if following is None:
                return False
            if after.surface == "の" and proper:
                return True  # 株主総会の書類: a topic's word, but for a shareholders' meeting
            return following.weak and (after.surface == "の" or following.label[2:] in self._request_topics)
        return False

    @staticmethod
    def _occasion(following, starts: dict[int, Mention]) -> bool:  # type: ignore[no-untyped-def]
        """車の名義変更で証明書がいる: the rest of the unknown thing's compound, で, then the topic
        word — the topic is needed for that occasion."""
        for number, m in enumerate(following):
            if m.surface == "で" and m.pos[0] == "助詞":  # …then a thing (証明書), not an act (社内で共有)
                thing = following[number + 1] if number + 1 < len(following) else None
                return thing is not None and thing.start in starts and thing.pos[0] == "名詞" \
                    and thing.pos[2] != "サ変可能"
            if m.pos[0] != "名詞" or m.start in starts:
                return False
        return False

    def _object_of_request(self, following, starts: dict[int, Mention]) -> bool:  # type: ignore[no-untyped-def]
        """After 「Xを」: a request word follows, with at most adverbs between (すぐに, 完全に, 全部)."""
        for m in following:
            found = starts.get(m.start)
            if found is not None:
                return found.label[2:] in self._request_topics
            if not (m.pos[0] == "副詞" or m.pos[0] == "形状詞" or (m.surface == "に" and m.pos[0] in ("助動詞", "助詞"))):
                return False
        return False

    @staticmethod
    def _when_clause(following, starts: dict[int, Mention]) -> bool:  # type: ignore[no-untyped-def]
        """銀行口座を作るときの書類, 不動産を売る時に使う書類: the topic word is the one of a moment
        that the unknown thing defines (the rest of its compound, a particle, one verb, とき/時/際, then の
        or に使う, then the topic word)."""
        seen_particle = seen_verb = seen_when = False
        previous, verb = None, ""
        for m in following:
            if m.pos[0] == "動詞" and not seen_verb:
                verb = m.lemma
                seen_verb = True  # even a topic's word: 売る is also "selling my data" (口座作った: を left out)
            elif m.start in starts and seen_particle and not seen_verb and m.pos[0] == "名詞":
                pass  # 宅配便の受け取りを家族に頼む書類: a topic's word inside the clause, as its object
            elif m.start in starts:
                # …or a clause that ends right before the topic word: 招待状に貼るシール, 大家さんに渡した書類
                return seen_when or (seen_verb and seen_particle and previous is not None
                                     and previous.pos[0] in ("動詞", "助動詞") and verb not in _ABOUT)
            elif m.pos[0] == "名詞" and not seen_particle and m.surface not in _WHEN_WORDS:
                pass  # the rest of a compound: 銀行口座
            elif m.surface in ("を", "で", "に", "が", "の") or (seen_when and m.lemma in _FOR_WORDS):
                seen_particle = True
            elif m.surface in _WHEN_WORDS and seen_verb and not seen_when:
                seen_when = True
            elif seen_when and m.surface == "、":
                pass  # 口座を作った時、本人確認で…
            elif seen_verb and not seen_when and (m.pos[0] == "助動詞" or m.surface in ("て", "で")
                                                  or (m.pos[0] == "動詞" and m.pos[1] == "非自立可能")):
                pass  # 作った時, 出してもらうとき: the verb's ending
            elif seen_particle and not seen_verb and m.pos[0] == "名詞":
                pass  # 銀行で口座(を)作った時: the verb's object
            elif not seen_particle and m.pos[0] == "接尾辞":
                pass  # 大家さん
            else:
                return False
            previous = m
        return False
