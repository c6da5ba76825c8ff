"""Every request kind × person/agent: the generated form, opened again, shows what the applicant gave us."""

from __future__ import annotations

import pytest

from intake.forms import blank_form, form_data, render
from intake.tickets import get_by_reference
from knowledge.loader import load_cached
from tests.forms.conftest import AGENT_NAME, PERSON
from tests.forms.docx_reading import read_form

KB = load_cached()
KINDS = [kind.key for kind in KB.requests.kinds]


def generate(ctx, reference: str) -> bytes:  # type: ignore[no-untyped-def]
    with ctx.transaction() as session:
        data = form_data(ctx.kb, get_by_reference(session, reference), timezone="Asia/Tokyo")
    return render(data)


def test_every_kind_is_covered():
    # The matrix below is 8 kinds × 2 requester types; a new kind in the data joins it automatically.
    assert len(KINDS) == 8


@pytest.mark.parametrize("requester", ["self", "agent"])
@pytest.mark.parametrize("kind_key", KINDS)
def test_form_reads_back_every_field(ctx, open_ticket, kind_key, requester):
    kb = ctx.kb
    kind = kb.requests.kind(kind_key)
    form = kb.requests.form(kind.form)
    reference, _code = open_ticket(kind_key, requester)

    read = read_form(generate(ctx, reference))

    assert read.paragraphs[0] == form.name_ja  # the title is the form's name from the knowledge base
    assert reference in read.text
    assert "2026年4月1日" in read.text  # opened 31 March 20:00 UTC = 1 April in Tokyo
    kind_lines = read.fields["請求の種類"].split("\n")
    covered = [k for k in kb.requests.kinds if k.form == form.key]
    assert kind_lines == [f"{'☑' if k.key == kind_key else '☐'} {k.name_ja}" for k in covered]
    ticked_requester = "☑ 代理人" if requester == "agent" else "☑ 本人"
    assert ticked_requester in read.fields["請求者"] and read.fields["請求者"].count("☑") == 1
    assert read.fields["氏名（ご本人）"] == PERSON["name"]
    assert read.fields["所属（会社名）"] == PERSON["organization"]
    assert PERSON["email"] in read.fields["回答の送付先"]
    assert all(line in read.fields["回答の送付先"] for line in PERSON["postal_address"].split("\n"))
    assert read.fields["請求の対象となる個人情報"].split("\n")[:2] == PERSON["details"].split("\n")
    assert read.fields["代理人氏名"] == (AGENT_NAME if requester == "agent" else "—")

    # The enclosure list is the ticket's checklist, and says whether stamps (and how many) are needed.
    expected = [f"□ {line.label_ja}" for line in kb.requests.checklist(kind_key, requester)]
    enclosures = read.fields["同封書類"].split("\n")
    assert enclosures[: len(expected)] == expected
    if kind.fee_yen:
        assert any(f"{kind.fee_yen:,}円" in line for line in enclosures)
    else:
        assert enclosures[len(expected):] == ["このご請求に手数料はかかりません。"]
        paid = [line.label_ja for line in kb.requests.checklist("disclosure", requester) if line.amount_yen]
        assert paid and not set(paid) & {line.removeprefix("□ ") for line in enclosures}  # no stamps asked for

    signature = "代理人署名" if requester == "agent" else "申請者署名"
    assert any(signature in p and "印" in p for p in read.paragraphs)
    assert kb.meta.contact.postal_code in read.text and kb.meta.contact.address_ja in read.text

    if requester == "agent":
        # A separate 委任状 page: the person delegates this request to the agent and signs and seals it.
        assert read.page_breaks_before == ["委任状"]
        poa = "\n".join(read.paragraphs[read.paragraphs.index("委任状"):])
        assert AGENT_NAME in poa and reference in poa and form.name_ja in poa and kind.name_ja in poa
        assert "氏名（自署）" in poa and "（実印）" in poa and "年　　月　　日" in poa
        assert poa.count("住所") == 2  # the person's and the agent's, left blank to write by hand
    else:
        assert read.page_breaks_before == [] and "委任状" not in read.paragraphs


def test_personal_data_stays_out_of_document_properties(ctx, open_ticket):
    reference, _code = open_ticket("disclosure", "agent")
    props = read_form(generate(ctx, reference)).properties
    assert ctx.kb.requests.form("disclosure_form").name_ja in props
    assert not [value for value in (*PERSON.values(), AGENT_NAME) if value.split("\n")[0] in props]


def test_a_ticket_without_details_or_postal_address_leaves_room_to_write(ctx, open_ticket):
    reference, _code = open_ticket("correction", "self", details=None, postal_address=None, organization=None)
    read = read_form(generate(ctx, reference))
    assert read.fields["回答の送付先"] == f"メール：{PERSON['email']}"
    assert read.fields["請求の対象となる個人情報"] == "" and read.fields["所属（会社名）"] == ""


@pytest.mark.parametrize("form_key", [form.key for form in KB.requests.forms])
def test_blank_forms_tick_nothing_and_list_both_requester_types(form_key):
    form = KB.requests.form(form_key)
    read = read_form(blank_form(KB, form_key))
    assert read.paragraphs[0] == form.name_ja
    kinds = [k for k in KB.requests.kinds if k.form == form_key]
    assert read.fields["請求の種類"].split("\n") == [f"☐ {k.name_ja}" for k in kinds]
    assert read.fields["氏名（ご本人）"] == "" and "REQ-" not in read.text
    enclosures = read.fields["同封書類"]
    for requester in ("self", "agent"):
        for line in KB.requests.checklist(kinds[0].key, requester):
            assert line.label_ja in enclosures
    assert ("手数料はかかりません" in enclosures) == all(k.fee_yen == 0 for k in kinds)
    assert read.page_breaks_before == ["委任状"]  # anyone may be an agent
