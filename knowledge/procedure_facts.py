"""Facts generated from the request rules, so the fee, the form and the postal kit have one source.

``requests.yaml`` says, per request kind, its form and fee, and per requester what goes in the
envelope; ``policy.yaml`` says where it goes. From these come, per kind: ``fee.<kind>``,
``form.<kind>``, ``documents.<kind>.<requester>`` and ``procedure.<kind>``; for requests in general:
``fee.any``, ``form.which``, ``documents.any.<requester>``, ``procedure.any``, ``where_send``,
``contact.office`` and ``request.kinds``. The wording is the language catalog's; only the values come
from the data. Facts of one ``group`` (the same fee, the same form, the same checklist) are merged
into one sentence naming all their kinds (訂正・削除の請求に手数料はかかりません).
"""

from __future__ import annotations

from knowledge.fact_models import Fact
from knowledge.language import LanguagePack
from knowledge.models import KnowledgeBase, RequestKind

LANGS = ("ja", "en")


class ProcedureFacts:
    """Builds the generated facts of one knowledge base, and merges facts of a group."""

    def __init__(self, kb: KnowledgeBase, language: LanguagePack):
        self.kb = kb
        self.language = language
        self.kind_topics = {t.request_kind: t.id for t in kb.topics if t.request_kind}
        self._kinds = {kind.key: kind for kind in kb.requests.kinds}

    # ----- wording helpers ---------------------------------------------------------------------
    def _say(self, key: str, lang: str, **values: object) -> str:
        return self.language.message(key, lang, **values)

    def kind_names(self, keys: list[str], lang: str) -> str:
        names = [self._kinds[k].name(lang) for k in keys]
        return self._say("list_join", lang).join(names)

    def _form_sources(self) -> list[str]:
        return [self.kb.requests.forms_source] if self.kb.requests.forms_source else [self.kb.requests.mail_source]

    def _items(self, kind_key: str | None, requester: str, lang: str) -> tuple[str, list[str]]:
        """The numbered envelope contents (for no kind: the fee line says which kinds pay) and sources."""
        kinds = [kind_key] if kind_key else [k.key for k in self.kb.requests.kinds if k.fee_yen]
        reference = self._kinds[kind_key] if kind_key else next(
            (k for k in self.kb.requests.kinds if k.fee_yen), self.kb.requests.kinds[0])
        lines = self.kb.requests.checklist(reference.key, requester)  # type: ignore[arg-type]
        labels, sources = [], []
        for line in lines:
            label = line.label(lang)  # type: ignore[arg-type]
            if line.amount_yen is not None and not kind_key:
                label = self._say("item_if_fee", lang, label=label, kinds=self.kind_names(kinds, lang))
            labels.append(self._say("item_number", lang, number=len(labels) + 1, label=label))
            sources.append(line.source)
        return self._say("item_join", lang).join(labels), list(dict.fromkeys(sources))

    # ----- the facts ---------------------------------------------------------------------------
    def facts(self) -> list[Fact]:
        """Every generated fact (kinds whose topic is missing from topics.yaml get none)."""
        facts: list[Fact] = []
        for kind in self.kb.requests.kinds:
            topic = self.kind_topics.get(kind.key)
            if topic is None:
                continue
            facts += [self._fee(kind, topic), self._form(kind, topic), *self._documents(kind, topic),
                      self._procedure(kind, topic)]
        facts += [self._fee_any(), self._form_which(), self._documents_any("self"), self._documents_any("agent"),
                  self._procedure_any(), self._where_send(), self._contact(), self._request_kinds()]
        return facts

    def _text(self, build) -> dict[str, str]:  # type: ignore[no-untyped-def]
        return {lang: build(lang) for lang in LANGS}

    def _fee(self, kind: RequestKind, topic: str) -> Fact:
        group = f"fee_charged:{kind.fee_yen}" if kind.fee_yen else "fee_free"
        text = self._text(lambda lang: self.fee_sentence([kind.key], lang))
        return Fact(id=f"fee.{kind.key}", topic=topic, facets=["cost"], sources=[kind.fee_source], group=group,
                    priority=10, **text)

    def fee_sentence(self, keys: list[str], lang: str) -> str:
        fee = self._kinds[keys[0]].fee_yen
        names = self.kind_names(keys, lang)
        if not fee:
            return self._say("fee_free", lang, kinds=names)
        payment = self.kb.requests.payment(lang)
        return self._say("fee_charged", lang, kinds=names, fee=f"{fee:,}", payment=payment)

    def _fee_any(self) -> Fact:
        charged: dict[int, list[str]] = {}
        for kind in self.kb.requests.kinds:
            charged.setdefault(kind.fee_yen, []).append(kind.key)

        def build(lang: str) -> str:
            amounts = sorted(charged, reverse=True)
            return " ".join(self.fee_sentence(charged[amount], lang) for amount in amounts).strip()

        sources = list(dict.fromkeys(k.fee_source for k in self.kb.requests.kinds))
        # The fee also answers the topics that name how it is paid (the stamps, in the bundled data).
        payment_topics = [t.id for t in self.kb.topics if t.enclosure in self._fee_enclosures()]
        return Fact(id="fee.any", topic="request", also_topics=payment_topics, facets=["cost"], sources=sources,
                    priority=5, **self._text(build))

    def _fee_enclosures(self) -> set[str]:
        return {e.key for items in self.kb.requests.enclosures.values() for e in items if e.applies == "fee"}

    def _form(self, kind: RequestKind, topic: str) -> Fact:
        return Fact(id=f"form.{kind.key}", topic="form", kind=kind.key, facets=["which"],
                    sources=self._form_sources(), group=f"form:{kind.form}", priority=8,
                    **self._text(lambda lang: self.form_sentence([kind.key], lang)))

    def form_sentence(self, keys: list[str], lang: str) -> str:
        form = self.kb.requests.form(self._kinds[keys[0]].form)
        return self._say("form_kind", lang, kinds=self.kind_names(keys, lang), form=form.name(lang))

    def _form_which(self) -> Fact:
        def build(lang: str) -> str:
            by_form: dict[str, list[str]] = {}
            for kind in self.kb.requests.kinds:
                by_form.setdefault(kind.form, []).append(kind.key)
            return " ".join(self.form_sentence(keys, lang) for keys in by_form.values())

        return Fact(id="form.which", topic="form", facets=["which", "overview"], sources=self._form_sources(),
                    priority=8, **self._text(build))

    def _documents(self, kind: RequestKind, topic: str) -> list[Fact]:
        facts = []
        for requester in ("self", "agent"):
            lines = self.kb.requests.checklist(kind.key, requester)  # type: ignore[arg-type]
            signature = "|".join(line.label_ja for line in lines)
            _items, sources = self._items(kind.key, requester, "ja")
            if not kind.fee_yen and any(k.fee_yen for k in self.kb.requests.kinds):
                sources = list(dict.fromkeys([*sources, kind.fee_source]))  # it also says no fee is enclosed
            facts.append(Fact(
                id=f"documents.{kind.key}.{requester}", topic=topic, facets=["documents"], requester=requester,
                sources=sources, group=f"documents:{requester}:{signature}", priority=10,
                **self._text(lambda lang, r=requester: self.documents_sentence([kind.key], r, lang))))
        return facts

    def documents_sentence(self, keys: list[str], requester: str, lang: str) -> str:
        """What goes in the envelope; for a free kind also that no fee is enclosed (Ⅶ.2 lists stamps for
        every request, so people expect them)."""
        items, _sources = self._items(keys[0], requester, lang)
        sentence = self._say(f"documents_{requester}", lang, kinds=self.kind_names(keys, lang), items=items)
        if not self._kinds[keys[0]].fee_yen and any(k.fee_yen for k in self.kb.requests.kinds):
            sentence += self._say("sentence_gap", lang) + self.fee_sentence(keys, lang)
        return sentence

    def _documents_any(self, requester: str) -> Fact:
        _items, sources = self._items(None, requester, "ja")
        facets = ["documents", "how"] if requester == "agent" else ["documents"]  # an agent asks "how" for the kit
        return Fact(id=f"documents.any.{requester}", topic="request", facets=facets, requester=requester,
                    sources=sources, priority=5,
                    **self._text(lambda lang: self._say(f"documents_{requester}_any", lang,
                                                        items=self._items(None, requester, lang)[0])))

    def _procedure(self, kind: RequestKind, topic: str) -> Fact:
        def build(lang: str) -> str:
            return " ".join([self.form_sentence([kind.key], lang), self.documents_sentence([kind.key], "self", lang),
                             self._where(lang)])

        sources = list(dict.fromkeys([*self._form_sources(), *self._items(kind.key, "self", "ja")[1],
                                      kind.fee_source, self.kb.requests.mail_source]))
        return Fact(id=f"procedure.{kind.key}", topic=topic, facets=["how", "overview", "documents"],
                    requester="self", sources=sources, priority=4, **self._text(build))

    def _procedure_any(self) -> Fact:
        def build(lang: str) -> str:
            return " ".join([self._form_which().text(lang), self._documents_any("self").text(lang), self._where(lang)])

        sources = list(dict.fromkeys([*self._form_sources(), *self._items(None, "self", "ja")[1],
                                      self.kb.requests.mail_source]))
        return Fact(id="procedure.any", topic="request", facets=["how", "overview"], sources=sources, priority=4,
                    **self._text(build))

    def _where(self, lang: str) -> str:
        meta = self.kb.meta
        block = meta.contact.postal_block(lang, meta.organization, inline=True)
        return self._say("where_send", lang, postal_block=block)

    def _where_send(self) -> Fact:
        return Fact(id="where_send", topic="request", also_topics=["form", "complaint", "contact"], facets=["where_send"],
                    sources=[self.kb.requests.mail_source], priority=10, **self._text(self._where))

    def _contact(self) -> Fact:
        meta = self.kb.meta

        def build(lang: str) -> str:
            contact, org = meta.contact, meta.organization
            return self._say("contact_fact", lang, organization=org.name(lang), office=contact.office(lang),
                             postal_code=contact.postal_code, address=contact.shown_address(lang),
                             email=contact.email)

        source = meta.contact_source or self.kb.requests.mail_source
        return Fact(id="contact.office", topic="contact", also_topics=["complaint"],
                    facets=["contact", "overview", "how", "who", "where_get", "where"],
                    sources=[source], priority=10, **self._text(build))

    def _request_kinds(self) -> Fact:
        keys = [kind.key for kind in self.kb.requests.kinds]
        sources = list(dict.fromkeys(s for kind in self.kb.requests.kinds for s in kind.sources))[:4]
        return Fact(id="request.kinds", topic="request", facets=["which", "overview", "possible"], sources=sources,
                    priority=6, **self._text(lambda lang: self._say("request_kinds", lang,
                                                                     kinds=self.kind_names(keys, lang))))

    # ----- merging -------------------------------------------------------------------------------
    def merged(self, group: str, kind_keys: list[str], requester: str | None, lang: str) -> str:
        """One sentence for several generated facts of one group (their kinds joined)."""
        if group.startswith("fee_"):
            return self.fee_sentence(kind_keys, lang)
        if group.startswith("form:"):
            return self.form_sentence(kind_keys, lang)
        return self.documents_sentence(kind_keys, requester or "self", lang)
