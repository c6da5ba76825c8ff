"""No personal data or secrets in logs; secrets compared in constant time; codes too long to guess."""

from __future__ import annotations

import hmac
import logging
import math

from bot.logging_setup import RedactingFilter
from intake.codes import CODE_ALPHABET, CODE_GROUP_LEN, CODE_GROUPS, new_access_code
from intake.throttle import DEFAULT_POLICY

PERSON = {"kind": "disclosure", "requester": "agent", "name": "漏洩 太郎", "email": "leak@example.org",
          "postal_address": "東京都千代田区千代田1-1", "organization": "秘密株式会社", "details": "秘密の記録",
          "agent_name": "漏洩 花子"}


def test_a_whole_intake_logs_no_personal_data(client, caplog):
    caplog.set_level(logging.DEBUG)
    created = client.post("/api/requests", json=PERSON).json()
    client.get(f"/api/requests/{created['reference']}", headers={"X-Access-Code": created["access_code"]})
    session = client.post("/api/chat", json={"message": "intake:start"}).json()["session_id"]
    for message in ["intake:kind:deletion", "intake:requester:self", PERSON["name"], PERSON["email"],
                    PERSON["organization"], PERSON["details"], "intake:confirm"]:
        client.post("/api/chat", json={"session_id": session, "message": message})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in PERSON.values():
        if value not in ("disclosure", "agent"):
            assert value not in logged
    assert created["access_code"] not in logged


def test_redacting_filter_masks_contacts_and_tokens():
    record = logging.LogRecord("x", logging.INFO, __file__, 1,
                               "user %s token %s auth %s phone 090-1234-5678",
                               ("a@example.org", "xoxb-123-456-abcdef", "Bearer abc.def-ghi"), None)
    RedactingFilter().filter(record)
    message = record.getMessage()
    for secret in ("a@example.org", "xoxb-123-456-abcdef", "abc.def-ghi", "090-1234-5678"):
        assert secret not in message


def test_access_codes_are_compared_in_constant_time(client, monkeypatch):
    created = client.post("/api/requests", json=PERSON).json()
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    client.get(f"/api/requests/{created['reference']}", headers={"X-Access-Code": "WRONG-CODE-0000-0000"})
    client.get(f"/api/requests/{created['reference']}", headers={"X-Access-Code": created["access_code"]})
    assert len(calls) >= 2


def test_access_codes_cannot_be_guessed_within_the_rate_limit():
    codes = {new_access_code() for _ in range(2000)}
    assert len(codes) == 2000
    entropy_bits = CODE_GROUPS * CODE_GROUP_LEN * math.log2(len(CODE_ALPHABET))
    assert entropy_bits >= 64
    # The right code is accepted even from a throttled client (so nobody can lock its holder out), which
    # means the throttle does not bound guesses: the code's length does. Even at 10,000 guesses a second,
    # far more than one server answers, finding one code takes longer than the age of the universe.
    per_day = 10_000 * 86400
    years_to_find = 2**entropy_bits / 2 / per_day / 365
    assert years_to_find > 10**9
    assert DEFAULT_POLICY.free <= 5  # a wrong code past the free attempts still gets 429 and a growing wait
