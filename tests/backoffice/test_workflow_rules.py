"""The workflow guards as pure unit tests: every from × to move, and each guard on its own."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from intake import workflow
from intake.models import ChecklistItem, Ticket
from intake.status import Outcome, Status
from intake.workflow import Move, NotAllowed, check_move
from knowledge.loader import load_cached

KB = load_cached()
NOW = dt.datetime(2025, 6, 1, 3, 0, tzinfo=dt.UTC)

# Written out by hand (not read from the module) so that a change to the rules fails here.
ALLOWED = {
    ("opened", "awaiting_mail"), ("opened", "received"), ("opened", "closed"),
    ("awaiting_mail", "received"), ("awaiting_mail", "closed"),
    ("received", "verified"), ("received", "waiting_for_applicant"), ("received", "closed"),
    ("waiting_for_applicant", "received"), ("waiting_for_applicant", "closed"),
    ("verified", "decided"), ("verified", "closed"),
    ("decided", "notified"),
    ("notified", "closed"),
}


def make_ticket(status: str = "received", kind: str = "disclosure", requester: str = "self", *,
                ticked: bool = True, stamps_yen: int | None = None) -> Ticket:
    """An in-memory ticket with the knowledge base's checklist; ``ticked`` ticks every item."""
    rule = KB.requests.kind(kind)
    ticket = Ticket(reference="REQ-2025-000001", status=status, kind=kind, requester=requester,
                    fee_yen=rule.fee_yen, checklist=[])
    for position, line in enumerate(KB.requests.checklist(kind, requester)):
        item = ChecklistItem(position=position, key=line.key, label_ja=line.label_ja, label_en=line.label_en,
                             amount_yen=line.amount_yen, checked=ticked, received_amount_yen=None)
        if line.amount_yen is not None and ticked:
            item.received_amount_yen = rule.fee_yen if stamps_yen is None else stamps_yen
        ticket.checklist.append(item)
    return ticket


def tick(ticket: Ticket, key: str, checked: bool = True, amount: int | None = None) -> None:
    item = next(i for i in ticket.checklist if i.key == key)
    item.checked, item.received_amount_yen = checked, amount


def valid_move_to(source: str, target: str) -> tuple[Ticket, Move]:
    """A ticket in ``source`` that satisfies every data guard of ``target``: only the table can refuse."""
    ticket = make_ticket(source, ticked=target != "waiting_for_applicant")
    ticket.applicant_deadline = NOW - dt.timedelta(days=1)
    outcome = None
    if target == "decided":
        outcome = Outcome.DISCLOSED
    elif target == "closed" and source != "notified":
        outcome = Outcome.CANCELLED
    return ticket, Move(Status(target), outcome)


@pytest.mark.parametrize(("source", "target"), list(itertools.product([s.value for s in Status], repeat=2)))
def test_every_move_in_the_matrix(source, target):
    ticket, move = valid_move_to(source, target)
    if (source, target) in ALLOWED:
        check_move(KB, ticket, move, NOW)
        assert Status(target) in workflow.allowed_targets(source)
    else:
        with pytest.raises(NotAllowed, match="cannot move"):
            check_move(KB, ticket, move, NOW)
        assert Status(target) not in workflow.allowed_targets(source)


def test_verification_needs_the_id_and_every_enclosure():
    ticket = make_ticket("received")
    tick(ticket, "id_copy", False)
    with pytest.raises(NotAllowed, match="ID document"):
        check_move(KB, ticket, Move(Status.VERIFIED), NOW)
    tick(ticket, "id_copy", True)
    tick(ticket, "form", False)
    with pytest.raises(NotAllowed, match="Cannot verify"):
        check_move(KB, ticket, Move(Status.VERIFIED), NOW)
    tick(ticket, "form", True)
    check_move(KB, ticket, Move(Status.VERIFIED), NOW)


def test_an_agent_needs_power_of_attorney_and_seal_certificate():
    ticket = make_ticket("received", requester="agent")
    keys = [i.key for i in ticket.checklist]
    assert {"power_of_attorney", "seal_certificate", "agent_id_copy"} <= set(keys)
    for key in ("power_of_attorney", "seal_certificate"):
        tick(ticket, key, False)
        with pytest.raises(NotAllowed, match="委任状|印鑑登録証明書"):
            check_move(KB, ticket, Move(Status.VERIFIED), NOW)
        tick(ticket, key, True)
    check_move(KB, ticket, Move(Status.VERIFIED), NOW)


@pytest.mark.parametrize(("received", "ok"), [(None, False), (0, False), (999, False), (1000, True), (1200, True)])
def test_stamps_must_cover_the_fee(received, ok):
    ticket = make_ticket("received")
    tick(ticket, "stamps", received is not None, received)
    if ok:
        check_move(KB, ticket, Move(Status.VERIFIED), NOW)
    else:
        with pytest.raises(NotAllowed, match="stamps|切手"):
            check_move(KB, ticket, Move(Status.VERIFIED), NOW)
        shortfall = workflow.deficiencies(ticket)[0].shortfall_yen
        assert shortfall == 1000 - (received or 0)


def test_a_free_request_has_no_stamps_to_check():
    ticket = make_ticket("received", kind="correction")
    assert ticket.fee_yen == 0 and all(i.amount_yen is None for i in ticket.checklist)
    check_move(KB, ticket, Move(Status.VERIFIED), NOW)


def test_waiting_for_the_applicant_needs_something_missing():
    complete = make_ticket("received")
    with pytest.raises(NotAllowed, match="Nothing is missing"):
        check_move(KB, complete, Move(Status.WAITING_FOR_APPLICANT), NOW)
    short = make_ticket("received", stamps_yen=500)
    check_move(KB, short, Move(Status.WAITING_FOR_APPLICANT), NOW)


@pytest.mark.parametrize(("kind", "outcome"), [(k.key, o) for k in KB.requests.kinds for o in Outcome])
def test_the_outcome_must_fit_the_kind(kind, outcome):
    ticket = make_ticket("verified", kind=kind)
    ground = workflow.grounds_for(KB, kind)[0] if outcome in workflow.NEEDS_GROUND else None
    move = Move(Status.DECIDED, outcome, ground)
    if outcome in KB.requests.kind(kind).outcomes:
        check_move(KB, ticket, move, NOW)
    else:
        with pytest.raises(NotAllowed, match="does not fit"):
            check_move(KB, ticket, move, NOW)


def test_decisions_that_fit_each_kind():
    fits = {k.key: {o.value for o in workflow.outcomes_for(KB, k.key)} for k in KB.requests.kinds}
    assert fits["disclosure"] == {"disclosed", "partially_disclosed", "refused"}
    assert fits["purpose_notice"] == {"notice_given", "refused"}
    assert "alternative_measure" in fits["suspension"] and "alternative_measure" not in fits["disclosure"]
    assert fits["correction"] == {"corrected", "refused"}


def test_a_refusal_needs_a_ground_of_the_right_kind():
    ticket = make_ticket("verified")
    with pytest.raises(NotAllowed, match="needs a ground"):
        check_move(KB, ticket, Move(Status.DECIDED, Outcome.REFUSED), NOW)
    with pytest.raises(NotAllowed, match="needs a ground"):
        check_move(KB, ticket, Move(Status.DECIDED, Outcome.PARTIALLY_DISCLOSED), NOW)
    with pytest.raises(NotAllowed, match="not a ground"):
        check_move(KB, ticket, Move(Status.DECIDED, Outcome.REFUSED, "Ⅴ.2"), NOW)
    with pytest.raises(NotAllowed, match="only with a refusal"):
        check_move(KB, ticket, Move(Status.DECIDED, Outcome.DISCLOSED, "Ⅳ(1)"), NOW)
    for ground in ("Ⅳ(1)", "Ⅳ(2)", "Ⅳ(3)"):
        check_move(KB, ticket, Move(Status.DECIDED, Outcome.REFUSED, ground), NOW)


def test_no_decision_without_an_outcome_or_before_verification():
    with pytest.raises(NotAllowed, match="Choose the outcome"):
        check_move(KB, make_ticket("verified"), Move(Status.DECIDED), NOW)
    with pytest.raises(NotAllowed, match="cannot move"):
        check_move(KB, make_ticket("received"), Move(Status.DECIDED, Outcome.DISCLOSED), NOW)
    with pytest.raises(NotAllowed, match="only when deciding or closing"):
        check_move(KB, make_ticket("opened"), Move(Status.RECEIVED, Outcome.DISCLOSED), NOW)


def test_withdrawal_only_after_the_applicant_deadline():
    ticket = make_ticket("waiting_for_applicant", ticked=False)
    ticket.applicant_deadline = NOW + dt.timedelta(hours=1)
    with pytest.raises(NotAllowed, match="has not passed"):
        check_move(KB, ticket, Move(Status.CLOSED, Outcome.WITHDRAWN), NOW)
    check_move(KB, ticket, Move(Status.CLOSED, Outcome.WITHDRAWN), NOW + dt.timedelta(hours=2))
    check_move(KB, ticket, Move(Status.CLOSED, Outcome.CANCELLED), NOW)  # the applicant may withdraw any time
    with pytest.raises(NotAllowed, match="deficient file"):
        check_move(KB, make_ticket("received"), Move(Status.CLOSED, Outcome.WITHDRAWN), NOW)


def test_closing_early_needs_cancelled_and_closing_after_notice_keeps_the_decision():
    with pytest.raises(NotAllowed, match="needs the outcome cancelled"):
        check_move(KB, make_ticket("verified"), Move(Status.CLOSED), NOW)
    with pytest.raises(NotAllowed, match="needs the outcome cancelled"):
        check_move(KB, make_ticket("opened"), Move(Status.CLOSED, Outcome.DISCLOSED), NOW)
    with pytest.raises(NotAllowed, match="cannot be changed"):
        check_move(KB, make_ticket("notified"), Move(Status.CLOSED, Outcome.CANCELLED), NOW)


def test_every_kind_in_the_knowledge_base_has_rules_and_citable_grounds():
    for kind in KB.requests.kinds:
        assert workflow.outcomes_for(KB, kind.key), f"no outcomes for {kind.key}"
        grounds = workflow.grounds_for(KB, kind.key)
        assert grounds, f"no refusal grounds for {kind.key}"
        for ground in grounds:
            assert KB.section_title(ground, "ja") != ground, f"{ground} is not a section of the policy"


def test_overdue_only_while_the_secretariat_holds_the_file():
    for status in Status:
        ticket = make_ticket(status.value)
        ticket.due_at = NOW - dt.timedelta(minutes=1)
        assert workflow.is_overdue(ticket, NOW) == (status.value in ("received", "verified", "decided"))
        ticket.due_at = NOW + dt.timedelta(minutes=1)
        assert not workflow.is_overdue(ticket, NOW)
