"""New answers: staff draft them from a question, only admins publish (or reject) them, and a published one
answers that question with the secretariat's text; roles are enforced in the API and on the pages."""

from __future__ import annotations

from tests.backoffice.conftest import ADMIN_EMAIL, login
from tests.curation.conftest import DECLINED, ask, queue

ANSWER = {"action": "propose", "title_ja": "会議室の予約", "title_en": "Booking meeting rooms",
          "text_ja": "会議室の予約は個人情報の取扱いではないため、総務部にお問い合わせください。",
          "text_en": "Room bookings are not about personal data; please ask the general affairs office.",
          "sources": ["Ⅺ"]}


def test_staff_propose_admins_approve_and_the_question_gets_the_new_answer(client, accounts):
    ask(client, DECLINED)
    [item] = queue(client, accounts)
    proposed = client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers("staff"), json=ANSWER)
    assert proposed.status_code == 200 and proposed.json()["status"] == "proposed"
    change = proposed.json()["change"]
    assert change["status"] == "proposed" and change["answer"]["questions"] == [DECLINED]
    assert ask(client, DECLINED)["kind"] == "decline"  # not live before an admin approves
    approve = f"/api/staff/knowledge/changes/{change['id']}/approve"
    assert client.post(approve, headers=accounts.headers("staff")).status_code == 403
    approved = client.post(approve, headers=accounts.headers("admin"))
    assert approved.status_code == 200 and approved.json()["decided_by"] == ADMIN_EMAIL
    answer = ask(client, DECLINED)
    assert answer["kind"] == "answer" and "総務部" in answer["text"] and answer["sources"][0]["section"] == "Ⅺ"
    revert = f"/api/staff/knowledge/changes/{change['id']}/revert"
    assert client.post(revert, headers=accounts.headers("staff")).status_code == 403  # a new answer: admins only
    assert client.post(revert, headers=accounts.headers("admin")).status_code == 200
    assert ask(client, DECLINED)["kind"] == "decline"


def test_a_proposal_citing_a_section_that_does_not_exist_is_refused_naming_it(client, accounts):
    ask(client, DECLINED)
    [item] = queue(client, accounts)
    refused = client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers(),
                          json={**ANSWER, "sources": ["Ⅻ.9"]})
    assert refused.status_code == 422 and "cites unknown section 'Ⅻ.9'" in refused.json()["detail"]
    empty = client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers(),
                        json={**ANSWER, "text_en": "   "})
    assert empty.status_code == 422 and "text_en" in empty.json()["detail"]
    assert queue(client, accounts)[0]["status"] == "open"
    csrf = login(client)
    page = client.post(f"/staff/questions/{item['id']}/propose",
                       data={"csrf_token": csrf, **{k: v for k, v in ANSWER.items() if k != "sources"},
                             "sources": "Ⅻ.9"})
    assert page.status_code == 422 and "Ⅻ.9" in page.text and ANSWER["text_ja"] in page.text  # typed text kept


def test_rejecting_returns_the_question_to_the_queue_and_pages_follow_the_roles(client, accounts):
    ask(client, DECLINED)
    [item] = queue(client, accounts)
    change = client.post(f"/api/staff/questions/{item['id']}/resolve", headers=accounts.headers(),
                         json=ANSWER).json()["change"]
    csrf = login(client)  # the clerk sees the proposal without the buttons, and cannot use them
    page = client.get("/staff/knowledge")
    assert "会議室の予約" in page.text and "承認して公開する" not in page.text and "管理者の承認を待っています" in page.text
    assert client.post(f"/staff/knowledge/changes/{change['id']}/approve", data={"csrf_token": csrf}).status_code == 403
    client.post("/staff/logout", data={"csrf_token": csrf})
    csrf = login(client, ADMIN_EMAIL)
    assert "承認して公開する" in client.get("/staff/knowledge").text
    done = client.post(f"/staff/knowledge/changes/{change['id']}/reject", data={"csrf_token": csrf},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/staff/knowledge?done=rejected"
    assert [i["status"] for i in queue(client, accounts)] == ["open"]
    again = client.post(f"/api/staff/knowledge/changes/{change['id']}/approve", headers=accounts.headers("admin"))
    assert again.status_code == 409  # rejected is final


def test_a_proposal_form_with_a_control_character_is_refused_naming_the_field(client, accounts):
    ask(client, DECLINED)
    [item] = queue(client, accounts)
    csrf = login(client)
    page = client.post(f"/staff/questions/{item['id']}/propose",
                       data={"csrf_token": csrf, **{k: v for k, v in ANSWER.items() if k != "sources"},
                             "title_en": "Rooms\u202e", "sources": "Ⅺ"})
    assert page.status_code == 422 and "title_en" in page.text and "制御文字" in page.text
    assert queue(client, accounts)[0]["status"] == "open"
