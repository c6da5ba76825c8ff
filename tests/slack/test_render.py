"""Block Kit rendering and Slack text cleaning: what users see and what the core reads."""

from __future__ import annotations

import json

from bot.core.messages import Option, Reply, SourceRef, TicketInfo
from bot.slack.incoming import Place, clean_text
from bot.slack.render import escape, message, reply_blocks


def test_text_is_escaped_so_it_cannot_ping_or_link():
    reply = Reply("<!channel> A&B <@U123> <https://evil.example|click>", sources=[SourceRef("Ⅶ.3", "手数料 <改>")])
    rendered = message(reply)
    section = rendered["blocks"][0]["text"]
    assert section == {"type": "mrkdwn",
                       "text": "&lt;!channel&gt; A&amp;B &lt;@U123&gt; &lt;https://evil.example|click&gt;"}
    assert rendered["text"] == section["text"]
    assert "手数料 &lt;改&gt;" in rendered["blocks"][1]["elements"][0]["text"]
    assert "<" not in json.dumps(rendered, ensure_ascii=False).replace("\\u003c", "")


def test_long_answers_are_split_under_slacks_section_limit():
    reply = Reply("\n".join(f"{n:04d} " + "あ" * 95 for n in range(80)))  # ~8,000 characters
    sections = [b for b in reply_blocks(reply) if b["type"] == "section"]
    assert len(sections) >= 3 and all(len(s["text"]["text"]) <= 3000 for s in sections)
    joined = "\n".join(s["text"]["text"] for s in sections)
    assert joined == reply.text  # nothing lost or reordered


def test_options_become_buttons_carrying_the_option_value_and_language():
    options = [Option(f"選択肢 {n}" + "長" * 80, f"intake:kind:k{n}") for n in range(30)]
    blocks = reply_blocks(Reply("どれ？", options=options, kind="prompt", lang="en"))
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]
    assert all(a["block_id"].startswith("opts:en:") for a in actions)
    buttons = [e for a in actions for e in a["elements"]]
    assert [b["value"] for b in buttons] == [o.value for o in options]
    assert len({b["action_id"] for b in actions[0]["elements"]}) == 25  # unique within a block
    assert all(len(b["text"]["text"]) <= 75 for b in buttons)


def test_a_ticket_reply_shows_reference_code_and_checklist_as_fields():
    info = TicketInfo(reference="REQ-2026-000042", access_code="ABCD-EFGH-JKLM-NPQR", status="opened",
                      status_label="受付", kind="disclosure", kind_label="開示", requester="self", fee_yen=1000,
                      form_name="請求書", form_url="https://example.org/form.docx", checklist=["請求書", "切手 1,000円分"],
                      mail_to="〒100-0001 東京都", status_url="https://example.org/requests/REQ-2026-000042")
    blocks = reply_blocks(Reply("ご請求を受け付けました。\n\n受付番号: REQ-2026-000042", kind="ticket", ticket=info))
    assert blocks[0]["text"]["text"] == "ご請求を受け付けました。"
    fields = [f["text"] for f in blocks[1]["fields"]]
    assert "REQ-2026-000042" in fields[0] and "`ABCD-EFGH-JKLM-NPQR`" in fields[1]
    assert "• 請求書\n• 切手 1,000円分" in fields[2]
    assert "〒100-0001 東京都" in blocks[2]["text"]["text"]


def test_slack_markup_is_removed_before_the_core_reads_the_text():
    assert clean_text("<@UBOT0001> 手数料は？") == "手数料は？"
    assert clean_text("<@UBOT0001|madoguchi>   what is the fee &amp; form?") == "what is the fee & form?"
    assert clean_text("<mailto:taro@example.org|taro@example.org>") == "taro@example.org"
    assert clean_text("see <https://example.org/a?b=1&amp;c=2>") == "see https://example.org/a?b=1&c=2"
    assert clean_text("<!here> 1 &lt; 2") == "1 < 2"
    assert escape("1 < 2 & 3 > 2") == "1 &lt; 2 &amp; 3 &gt; 2"


def test_conversations_are_per_user_and_per_thread():
    dm = Place(team="T1", channel="D1", user="U1")
    thread = Place(team="T1", channel="C1", user="U1", thread_ts="1700000000.000100")
    assert dm.conversation_id == "slack:T1:D1:U1" and dm.is_dm
    assert thread.conversation_id == "slack:T1:C1:U1:1700000000.000100" and not thread.is_dm


def test_payload_dumps_in_slack_library_logs_are_cut(caplog):
    import logging

    from slack_bolt import App
    from slack_bolt.logger import get_bolt_logger

    from bot.slack.app import bolt_logger

    base = bolt_logger()
    child = get_bolt_logger(App, base_logger=base)  # how Bolt derives its own loggers
    payload = {"type": "view_submission", "view": {"state": {"values": {"name": {"value": "山田 太郎"}}}}}
    with caplog.at_level(logging.DEBUG):
        base.debug(f"on_message invoked: (message: {payload})")
        child.info(f"Unhandled request ({payload})")
    assert [r.getMessage() for r in caplog.records] == [
        "on_message invoked: (message: [payload omitted]", "Unhandled request [payload omitted]"]
