"""Who handles the data in a question: the association, or another party.

The policy says what the association does with personal data. A question in which another party
(a topic marked ``party``: the employer, another company, a public office) *handles* data — my employer
gives my salary data to an insurer, 会社が私のデータを削除した, I want the credit bureau to disclose my
history — is about that party's own handling, which its own rules govern. The same party as the one
data goes *to* (会社にバレる？, will you pass it to the police?) or who comes to know it (上司が見られる？)
is a question of sharing, and stays the policy's. What counts as handling is generic language data
(``handling_ja`` / ``handling_en`` in common_words.yaml), never a policy's.
"""

from __future__ import annotations

import itertools
import re

from knowledge.language import LanguagePack
from knowledge.lexicon import Mention, english_tokens, morphemes
from knowledge.text import stem_en

# Between the party and its verb: modals and the like (my employer is even allowed to give…).
_EN_BETWEEN = frozenset(stem_en(w) for w in ["can", "could", "may", "might", "will", "would", "should", "shall", "must", "is", "are",
                         "was", "were", "has", "have", "had", "be", "been", "allowed", "able", "permitted",
                         "supposed", "going", "to", "also", "even", "just", "still", "really", "legally",
                         "actually", "not", "ever", "already", "then", "gonna"])
# "I want <someone> to <verb>": who is asked to act. Not the association (you, your office).
_EN_CAUSE = frozenset(stem_en(w) for w in ["want", "wants", "ask", "asked", "get", "need", "make", "tell", "told", "force", "like"])
_EN_PREVENT = frozenset(stem_en(w) for w in ["stop", "prevent", "block", "keep"])
_EN_ASSOCIATION = frozenset(stem_en(w) for w in ["you", "your", "yourselves", "association", "them", "it", "this", "desk", "office"])
_EN_COMPLAIN = frozenset(stem_en(w) for w in ["complain", "complaint", "complaints", "appeal"])
# (keep is no verb of handling after another party — HR keeps asking — but is one for the asker)
_EN_KEEPING = frozenset(stem_en(w) for w in ["keep", "save", "put", "manage", "post", "publish", "upload", "list", "track"])
_EN_ASKER = re.compile(r"\b(?:is it (?:ok|okay|fine|legal|alright|allowed)|(?:can|may|should|could) (?:i|we)|"
                       r"(?:am i|are we) allowed|how (?:do|can|should) (?:i|we))(?: legally| safely)? (?:to )?$")
_JA_SUBJECT = frozenset(["が", "は", "って", "も"])
_JA_HOLDER = frozenset(["に", "で"])  # 前の職場に残ってる, 銀行で確認された: where the data is handled
_JA_HOLDING = frozenset(["残る", "保管", "保存", "確認", "取る", "管理",
                         "苦情", "クレーム", "抗議"])  # 会社に苦情を出したい: the party is the one who handles it
_JA_ASKING = frozenset(["請求", "申請", "依頼", "申し込み", "申込", "求め", "求める"])
_CLAUSE = re.compile(r"[。？?！!\n]")


class ActorReader:
    """Finds parties that handle data themselves in a normalised question."""

    def __init__(self, parties: frozenset[str], request_topics: frozenset[str], language: LanguagePack,
                 rule_sources: frozenset[str] = frozenset()):
        self.parties = parties
        self.rule_sources = rule_sources
        self.request_topics = request_topics
        self.handling = language.handling
        self.doing = language.doing
        self.receiving = language.receiving
        self.ruling = language.ruling
        self.others = language.others

    def actors(self, norm: str, mentions: tuple[Mention, ...], unknown: frozenset[str]) -> tuple[tuple[int, str], ...]:
        """(position, party topic id) of each party that handles data; "" for a party no topic names
        (the credit bureau CIC)."""
        found: list[tuple[int, str]] = []
        parties = [m for m in mentions if m.label.startswith("t:") and m.label[2:] in self.parties]
        found += [(m.start, m.label[2:]) for m in parties if self._english_subject(norm, m)]
        requests = frozenset(m.start for m in mentions if m.label.startswith("t:") and m.label[2:] in self.request_topics)
        found += [(m.start, m.label[2:]) for m in parties if self._japanese_subject(norm, m, requests)]
        found += self._english_caused(norm, parties, unknown)
        found += self._english_addressed(norm, parties, unknown)
        found += self._wants_to_handle(norm)
        found += self._english_wants_to_handle(norm)
        sources = [m for m in mentions if m.label.startswith("t:") and m.label[2:] in self.rule_sources]
        found += [(m.start, m.label[2:]) for m in sources if self._rule_speaks(norm, m)]
        return tuple(sorted(set(found)))

    def _english_subject(self, norm: str, party: Mention) -> bool:
        """my employer (is allowed to) give…: the party's own verb, right after it."""
        if not party.term.isascii():
            return False
        for stem, start, _end in english_tokens(norm, fillers=True):
            if start < party.end:
                continue
            if stem in self.handling:
                return True
            if stem not in _EN_BETWEEN:
                return False
        return False

    def _english_caused(self, norm: str, parties: list[Mention], unknown: frozenset[str]) -> list[tuple[int, str]]:
        """I want the credit bureau CIC to disclose…, stop Facebook from sharing…: someone other than the
        association is asked to act (or to stop acting)."""
        tokens = english_tokens(norm, fillers=True)
        found = []
        for number, (stem, _start, end) in enumerate(tokens):
            if stem not in _EN_CAUSE and stem not in _EN_PREVENT:
                continue
            for later in range(number + 2, min(number + 7, len(tokens) - 1)):
                link = "from" if stem in _EN_PREVENT else "to"  # stop Facebook from sharing my data
                if tokens[later][0] != link or tokens[later + 1][0] not in self.handling:
                    continue
                between = tokens[number + 1 : later]
                if _CLAUSE.search(norm[end : tokens[later][1]]) or any(t[0] in _EN_ASSOCIATION for t in between) \
                        or between[0][0] in ("me", "i"):
                    break
                named = next((m.label[2:] for m in parties if between[0][1] <= m.start < tokens[later][1]), None)
                if named is not None:
                    found.append((between[0][1], named))
                elif any(norm[s:e] in unknown for _t, s, e in between):
                    found.append((between[0][1], ""))
                break
        return found

    def _english_addressed(self, norm: str, parties: list[Mention], unknown: frozenset[str]) -> list[tuple[int, str]]:
        """a complaint with the Commission, complain to my company: another party deals with it."""
        tokens = english_tokens(norm, fillers=True)
        found = []
        for number, (stem, _start, _end) in enumerate(tokens[:-2]):
            if stem not in _EN_COMPLAIN or tokens[number + 1][0] not in ("to", "with", "against"):
                continue
            between = tokens[number + 2 : number + 8]
            if not between or between[0][0] in _EN_ASSOCIATION:
                continue
            stop = next((i for i, t in enumerate(between) if t[0] in ("about", "over", "for", "regard")), len(between))
            span = between[:stop]
            if not span or _CLAUSE.search(norm[tokens[number][1] : span[-1][2]]):
                continue
            named = next((m.label[2:] for m in parties if span[0][1] <= m.start < span[-1][2]), None)
            if named is not None:
                found.append((span[0][1], named))
            elif any(norm[s:e] in unknown for _t, s, e in span):
                found.append((span[0][1], ""))
        return found

    def _rule_speaks(self, norm: str, source: Mention) -> bool:
        """What does the APPI say…, 個人情報保護法で定められている…, APPIの第三者提供のルール: the question
        is what the rules themselves say."""
        if norm[source.end : source.end + 1].isascii():  # what follows the name decides: APPIの… is Japanese
            tokens = [t for t in english_tokens(norm, fillers=True) if t[1] >= source.end]
            return any(stem in self.ruling for stem, _s, _e in tokens[:2])
        items = [m for m in morphemes(norm) if m.start >= source.end]
        if not items or items[0].surface not in ("で", "では", "に", "の", "は", "って"):
            return False
        for number, m in enumerate(items[1:7], start=1):
            if _CLAUSE.search(m.surface) or m.surface == "、":
                return False
            if m.lemma in self.ruling:  # …unless it only sets a condition: 法令で定められた場合は提供される？
                return not any(x.surface in ("場合", "とき", "時", "際") for x in items[number + 1 : number + 4])
        return items[0].surface == "で" and len(items) > 1 and items[1].surface == "は"  # 法律では…

    def _english_wants_to_handle(self, norm: str) -> list[tuple[int, str]]:
        """Is it ok to keep our members' bank details in a sheet?: the asker handles other people's data."""
        tokens = english_tokens(norm, fillers=True)
        found = []
        for number, (stem, start, _end) in enumerate(tokens):
            if (stem not in self.handling and stem not in _EN_KEEPING) or not _EN_ASKER.search(norm[max(0, start - 30) : start]):
                continue
            if any(t[0] in self.others for t in tokens[number + 1 : number + 6]):
                found.append((start, ""))
        return found

    def _wants_to_handle(self, norm: str) -> list[tuple[int, str]]:
        """社内で顧客リストを共有したい, 名簿を共同利用したい: the asker means to handle data themselves."""
        items = morphemes(norm)
        found = []
        for number, m in enumerate(items):
            compound = items[number - 1].lemma + m.lemma if number else m.lemma
            if m.lemma not in self.doing and compound not in self.doing:
                continue
            rest = [x.lemma for x in items[number + 1 : number + 3]]
            if rest[:1] == ["たい"] or rest[:2] in (["為る", "たい"], ["する", "たい"]):
                found.append((m.start, ""))
        return found

    def _japanese_subject(self, norm: str, party: Mention, requests: frozenset[int] = frozenset()) -> bool:
        """会社が(私のデータを)削除した, 前の職場に(まだ)残ってる: the party handles or holds the data itself."""
        if party.term.isascii():
            return False
        items = [m for m in morphemes(norm) if m.start >= party.end]
        if not items:
            return False
        particle = items[0].surface
        if particle not in _JA_SUBJECT | _JA_HOLDER:
            return False
        for number, m in enumerate(items[1:9], start=1):
            if _CLAUSE.search(m.surface) or m.surface == "、":
                return False
            following = items[number + 1 : number + 4]
            if particle in _JA_HOLDER:
                if m.lemma in _JA_HOLDING:
                    return True  # 前の職場に残ってる: the data is kept there
                asks = m.start in requests and bool(following) and following[0].lemma in _JA_ASKING
                if asks:  # 市役所に開示請求したい: the request goes to the party (unless it only learns of it)
                    rest = itertools.takewhile(lambda x: not _CLAUSE.search(x.surface), items[number:])
                    return not any(x.lemma in self.receiving for x in rest)
                if m.lemma in self.handling or m.lemma in self.receiving:
                    return False  # 会社に開示する, 会社にバレる: the party is where the data goes
                if m.pos[0] == "動詞" and m.lemma not in ("する", "為る", "いる", "居る"):
                    return False  # 会社に知られずに開示請求: another verb comes first
                continue
            if m.lemma in self.handling:
                if following and following[0].lemma in _JA_ASKING:
                    return False  # 人事部が開示請求する: it asks the association, as an agent
                # 共有される: the party receives
                return not any(x.lemma in ("れる", "られる") for x in following if x.pos[0] in ("助動詞", "動詞"))
            if m.pos[0] == "動詞" and m.lemma not in ("する", "為る", "出来る", "できる", "いる", "居る"):
                return False  # 警察が来たら…渡す: the party's verb is another one
        return False
