"""The curation queue through the staff API: declined, unsure and unhelpful questions, near-duplicates counted
on one item, the engine's candidates beside each, and every way to resolve one (attach, out of scope,
dismiss), live at once in this worker, audited and revertible; a change that would break kb check is
refused with the problem named, in the API and on the page, with nothing written."""

from __future__ import annotations

from sqlalchemy import func, select

from intake.learning_models import KnowledgeChange
from intake.models import AuditEvent
from tests.backoffice.conftest import login
from tests.curation.conftest import DECLINED, ask, queue

OLD_FIELDS = {"at", "channel", "lang", "question", "decision", "confidence", "top_entry"}


def test_declined_questions_are_grouped_with_a_count_and_the_closest_answers(client, accounts):
    for text in (DECLINED, DECLINED + "？", "会議室の予約はどうすれば良いですか", "社員食堂のメニューを教えて"):
        assert ask(client, text)["kind"] == "decline"
    ask(client, "開示請求の手数料は？")  # answered with confidence: not in the queue
    items = queue(client, accounts)
    assert [(i["question"], i["count"], i["reason"]) for i in items] == [
        (DECLINED, 3, "declined"), ("社員食堂のメニューを教えて", 1, "declined")]
    first = items[0]
    assert OLD_FIELDS | {"id", "count", "reason"} <= set(first) and first["decision"] == "decline"
    assert first["at"] >= first["first_seen"] and first["candidates"]
    assert all({"entry_id", "title", "confidence"} <= set(c) for c in first["candidates"])


def test_attaching_a_question_answers_it_from_that_entry_at_once_and_can_be_reverted(client, accounts, ctx):
    ask(client, DECLINED)
    [item] = queue(client, accounts)
    response = client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers("staff"),
                           json={"action": "attach", "entry_id": "how_to_disclosure"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "attached" and response.json()["id"] == item["id"]
    answer = ask(client, DECLINED)
    assert answer["kind"] == "answer" and "開示" in answer["text"]
    assert queue(client, accounts) == []  # handled; asked again it is answered, not queued
    [change] = client.get("/api/staff/knowledge/changes", headers=accounts.headers()).json()["changes"]
    assert (change["status"], change["target"], change["question"]) == ("live", "entry:how_to_disclosure", DECLINED)
    assert change["created_by"] == "clerk@example.org" and change["created_at"]
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).where(AuditEvent.action == "knowledge_taught")) == 1
    reverted = client.post(f"/api/staff/knowledge/changes/{change['id']}/revert", headers=accounts.headers("staff"))
    assert reverted.status_code == 200 and reverted.json()["status"] == "reverted"
    assert reverted.json()["reverted_by"] == "clerk@example.org"
    assert ask(client, DECLINED)["kind"] == "decline"
    assert [i["status"] for i in queue(client, accounts)] == ["open"]  # back in the queue


def test_marking_out_of_scope_declines_it_and_dismissing_changes_nothing(client, accounts):
    ask(client, "本人確認書類は何が必要？")
    rated = client.post("/api/chat", json={"message": "本人確認書類は何が必要？", "keep_transcript": True}).json()
    assert client.post("/api/chat/feedback", json={"session_id": rated["session_id"], "helpful": False}).status_code == 204
    ask(client, "明日の天気は？")
    items = {i["question"]: i for i in queue(client, accounts)}
    assert items["本人確認書類は何が必要?"]["reason"] == "unhelpful"
    marked = client.post(f"/api/staff/questions/{items['本人確認書類は何が必要?']['id']}/resolve",
                         headers=accounts.headers(), json={"action": "out_of_scope"})
    assert marked.status_code == 200 and marked.json()["status"] == "out_of_scope"
    assert ask(client, "本人確認書類は何が必要？")["kind"] == "decline"
    dismissed = client.post(f"/api/staff/questions/{items['明日の天気は?']['id']}/resolve", headers=accounts.headers(),
                            json={"action": "dismiss"})
    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"
    assert ask(client, "明日の天気は？")["kind"] == "decline"
    assert queue(client, accounts) == [] and len(queue(client, accounts, status="all")) == 2
    again = client.post(f"/api/staff/questions/{items['明日の天気は?']['id']}/resolve", headers=accounts.headers(),
                        json={"action": "dismiss"})
    assert again.status_code == 409


def test_a_change_that_would_break_kb_check_is_refused_in_the_api_and_on_the_page(client, accounts, ctx):
    # An example question of the fee entry, rated unhelpful, cannot be taught to another entry.
    rated = client.post("/api/chat", json={"message": "開示請求っていくらかかるの？", "keep_transcript": True}).json()
    client.post("/api/chat/feedback", json={"session_id": rated["session_id"], "helpful": False})
    [item] = queue(client, accounts)
    refused = client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers(),
                          json={"action": "attach", "entry_id": "id_documents"})
    assert refused.status_code == 422
    assert "is an example question of 'fee_amount'" in refused.json()["detail"]
    unknown = client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers(),
                          json={"action": "attach", "entry_id": "no_such_entry"})
    assert unknown.status_code == 422 and "unknown entry 'no_such_entry'" in unknown.json()["detail"]
    csrf = login(client)
    page = client.post(f"/staff/questions/{item['id']}/resolve",
                       data={"csrf_token": csrf, "action": "attach", "entry_id": "id_documents"})
    assert page.status_code == 422 and 'id="error"' in page.text
    assert "is an example question of &#39;fee_amount&#39;" in page.text and "知識ベースの検査に通らない" in page.text
    with ctx.sessions() as session:  # nothing half-written
        assert session.scalar(select(func.count()).select_from(KnowledgeChange)) == 0
        assert session.scalar(select(func.count()).where(AuditEvent.action.like("knowledge%"))) == 0
    assert queue(client, accounts)[0]["status"] == "open"
    assert client.get("/api/staff/knowledge/changes", headers=accounts.headers()).json()["version"] == 0


def test_the_page_attaches_with_a_candidate_button(client, accounts):
    ask(client, DECLINED)
    csrf = login(client)
    page = client.get("/staff/questions")
    assert DECLINED in page.text and 'data-label="判定">回答できず<' in page.text
    [item] = queue(client, accounts)
    done = client.post(f"/staff/questions/{item['id']}/resolve", follow_redirects=False,
                       data={"csrf_token": csrf, "action": "attach", "entry_id": item["candidates"][0]["entry_id"]})
    assert done.status_code == 303 and done.headers["location"] == "/staff/questions?done=attached"
    assert ask(client, DECLINED)["kind"] == "answer"
    history = client.get("/staff/knowledge")
    assert DECLINED in history.text and "clerk@example.org" in history.text and "取り消す" in history.text


def test_entries_list_for_attaching(client, accounts, ctx):
    entries = client.get("/api/staff/knowledge/entries", headers=accounts.headers()).json()["entries"]
    fee = next(e for e in entries if e["id"] == "fee_amount")
    assert fee == {"id": "fee_amount", "title_ja": ctx.kb.entry("fee_amount").title_ja,
                   "title_en": ctx.kb.entry("fee_amount").title_en, "sections": ["Ⅶ.3"]}
    assert len(entries) == len(ctx.kb.all_entries())


def test_unsure_answers_are_queued_as_low_confidence_and_filters_work(client, accounts):
    unsure = "What documents are required when an agent (代理人) makes the request?"
    reply = ask(client, unsure)
    assert reply["kind"] == "answer"  # answered, but the reading was loose: worth a look
    ask(client, "親子丼の作り方を教えてください")  # only "did you mean" suggestions
    ask(client, DECLINED)
    reasons = {i["question"]: (i["reason"], i["decision"]) for i in queue(client, accounts)}
    assert reasons[unsure] == ("low_confidence", "answer")
    assert reasons["親子丼の作り方を教えてください"] == ("low_confidence", "suggest")
    assert [i["question"] for i in queue(client, accounts, decision="decline")] == [DECLINED]
    assert {i["question"] for i in queue(client, accounts, reason="low_confidence")} == {
        unsure, "親子丼の作り方を教えてください"}
    for bad in ({"status": "nope"}, {"reason": "nope"}):
        assert client.get("/api/staff/questions", headers=accounts.headers(), params=bad).status_code == 422
