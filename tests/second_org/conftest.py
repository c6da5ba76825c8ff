"""The second organisation (tests/fixtures/knowledge_tiny) served end to end: the real server on a port,
Slack (the local mock of the Web API, real signed requests), e-mail (a real SMTP server), staff accounts.

The words of the bundled policy that must never reach an output are taken from the bundled data itself
(:func:`original_policy_words`): its names, title, address, forms and documents, its fee and the way it is
paid, and its section numbers (Ⅰ–Ⅺ). Generic words of the law (開示, 訂正, 削除, 代理人…) are everyone's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from knowledge.loader import load_cached
from tests.backoffice.conftest import accounts, password_hash, smtp_server  # noqa: F401 - fixtures
from tests.conftest import REPO
from tests.slack.conftest import BOT_TOKEN, SECRET, TRIAGE, mock_slack  # noqa: F401 - fixtures

TINY = REPO / "tests" / "fixtures" / "knowledge_tiny"
SECTION_NUMERALS = re.compile("[\u2160-\u216a]")


def original_policy_words() -> set[str]:
    """What only the bundled policy says: proper names, documents, amounts, payment, contact details."""
    kb = load_cached()
    meta, contact, org = kb.meta, kb.meta.contact, kb.meta.organization
    words = {meta.title_ja, meta.title_en, org.name_ja, org.name_en, contact.office_ja, contact.office_en,
             contact.address_ja, contact.address_en, contact.postal_code, contact.email, "切手", "stamp"}
    words |= {name for form in kb.requests.forms for name in (form.name_ja, form.name_en)}
    for enclosures in kb.requests.enclosures.values():
        for enclosure in enclosures:
            words |= set(enclosure.accepted_ids)
    words |= {"委任状", "印鑑登録証明書", "実印"}  # the agent's documents (enclosure labels)
    for kind in kb.requests.kinds:
        if kind.fee_yen:
            words |= {f"{kind.fee_yen:,}円", f"{kind.fee_yen}円", f"{kind.fee_yen:,} yen", f"{kind.fee_yen} yen"}
    words |= {kb.requests.payment_ja, kb.requests.payment_en}
    return words


def foreign_words(text: str) -> list[str]:
    """The bundled policy's words and section numbers found in ``text`` (English ones in any case)."""
    folded = text.lower()
    hits = sorted(w for w in original_policy_words() if w.lower() in folded)
    return hits + sorted(set(SECTION_NUMERALS.findall(text)))


@pytest.fixture
def settings(database_url, mock_slack, smtp_server, live_port):  # noqa: F811 - fixtures by name
    """The second organisation's data, Slack and e-mail on, links on the live server."""
    from bot.settings import Settings

    return Settings(
        database_url=database_url, base_url=f"http://127.0.0.1:{live_port}", knowledge_dir=TINY,
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET, slack_api_url=mock_slack.api_url,
        triage_channel=TRIAGE, smtp_url=f"smtp://mailer:s3cret@{smtp_server.host}:{smtp_server.port}",
        mail_from="desk@fictional.invalid", chat_rate_per_minute=1000,
    )


@pytest.fixture
def web(live_server) -> Iterator[httpx.Client]:
    """An HTTP client of the running server (its own cookies, like one browser)."""
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client
