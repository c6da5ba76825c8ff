"""Block Kit rendering of the core's neutral replies (the Slack counterpart of the web chat's HTML).

Text is Slack mrkdwn with ``&``, ``<`` and ``>`` escaped, so nothing a user or the knowledge base
writes can turn into a mention, a link or ``<!channel>``. Each option becomes a button whose value is
the option's value; the actions block id carries the reply's language (``opts:<lang>:<n>``) so a
button that opens the request form knows which language to use.
"""

from __future__ import annotations

from typing import Any

from bot.core.messages import Reply, SourceRef, TicketInfo
from bot.wording import say

Block = dict[str, Any]

SECTION_LIMIT = 3000  # characters of a section's text
FIELD_LIMIT = 2000  # characters of one section field
FALLBACK_LIMIT = 3000  # characters of the notification text
BUTTON_LABEL_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
BUTTONS_PER_BLOCK = 25
PRIMARY_VALUES = ("intake:start", "intake:confirm")


def escape(value: str) -> str:
    """Escape text for Slack mrkdwn (the three control characters Slack documents)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(value: str) -> dict[str, str]:
    """A mrkdwn text object (``value`` must already be escaped)."""
    return {"type": "mrkdwn", "text": value}


def plain(value: str, limit: int = BUTTON_LABEL_LIMIT) -> dict[str, Any]:
    """A plain_text object, shortened to Slack's ``limit`` (Slack shows plain text as is: no escaping)."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return {"type": "plain_text", "text": value, "emoji": True}


def text_sections(value: str) -> list[Block]:
    """Escaped text as one or more sections (split at line breaks to stay under Slack's limit)."""
    chunks: list[str] = []
    current = ""
    for line in escape(value).split("\n"):
        pieces = [line[i:i + SECTION_LIMIT] for i in range(0, len(line), SECTION_LIMIT)] or [""]
        for piece in pieces:
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) > SECTION_LIMIT:
                chunks.append(current)
                current = piece
            else:
                current = candidate
    chunks.append(current)
    return [{"type": "section", "text": mrkdwn(chunk if chunk.strip() else " ")} for chunk in chunks]


def citation_block(sources: list[SourceRef], lang: str) -> Block:
    """A context block naming the policy sections the answer rests on."""
    head = say("slack.source", lang)
    cited = " / ".join(f"{escape(s.section)} {escape(s.title)}" for s in sources)
    return {"type": "context", "elements": [mrkdwn(f":book: {head}: {cited}")]}


def option_blocks(reply: Reply) -> list[Block]:
    """The reply's options as buttons (action value = option value), in blocks of at most 25."""
    buttons = []
    for index, option in enumerate(reply.options):
        if len(option.value) > BUTTON_VALUE_LIMIT:
            continue  # cannot be sent back intact; never the case for the core's own values
        button: Block = {"type": "button", "action_id": f"opt:{index}", "text": plain(option.label),
                         "value": option.value}
        if option.value.startswith(PRIMARY_VALUES):
            button["style"] = "primary"
        buttons.append(button)
    return [{"type": "actions", "block_id": f"opts:{reply.lang}:{n}", "elements": buttons[n:n + BUTTONS_PER_BLOCK]}
            for n in range(0, len(buttons), BUTTONS_PER_BLOCK)]


def ticket_blocks(info: TicketInfo, lang: str) -> list[Block]:
    """Reference, access code and checklist as fields, then where to mail and what happens next."""
    fields = [mrkdwn(f"*{say('kit.reference', lang)}*\n{escape(info.reference)}")]
    if info.access_code:
        fields.append(mrkdwn(f"*{say('kit.access_code', lang)}*\n`{escape(info.access_code)}`"))
    checklist = "\n".join(f"• {escape(item)}" for item in info.checklist)
    fields.append(mrkdwn(f"*{say('kit.enclose', lang)}*\n{checklist}"[:FIELD_LIMIT]))
    blocks: list[Block] = [{"type": "section", "fields": fields}]
    lines = []
    if info.fee_yen == 0:
        lines.append(escape(say("kit.no_fee", lang)))
    lines.append(f"{say('kit.form_download', lang)}: {escape(info.form_url)}")
    if info.filled_form_url:
        lines.append(escape(say("kit.filled_form_where", lang)))
    lines += ["", f"*{say('kit.mail_to', lang)}*", escape(info.mail_to), ""]
    lines.append(escape(say("kit.next", lang, reference=info.reference, url=info.status_url)))
    blocks.append({"type": "section", "text": mrkdwn("\n".join(lines)[:SECTION_LIMIT])})
    return blocks


def reply_blocks(reply: Reply) -> list[Block]:
    """One reply as Block Kit: text sections, ticket fields, citations, option buttons."""
    if reply.kind == "ticket" and reply.ticket is not None:
        head = reply.text.split("\n", 1)[0]  # the "request opened" sentence; the kit follows as fields
        blocks = text_sections(head) + ticket_blocks(reply.ticket, reply.lang)
    else:
        blocks = text_sections(reply.text)
    if reply.sources:
        blocks.append(citation_block(reply.sources, reply.lang))
    from bot.slack.feedback import feedback_blocks  # it builds on this module's helpers

    return blocks + option_blocks(reply) + feedback_blocks(reply)


def fallback_text(reply: Reply) -> str:
    """The notification text that accompanies the blocks (escaped, shortened)."""
    value = escape(reply.text)
    return value if len(value) <= FALLBACK_LIMIT else value[: FALLBACK_LIMIT - 1] + "…"


def message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / chat.postEphemeral / respond()."""
    return {"text": fallback_text(reply), "blocks": reply_blocks(reply)}
