"""``madoguchi slack`` (Socket Mode) as a real subprocess, against local Slack and Socket Mode servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.slack import payloads
from tests.slack.conftest import BOT_TOKEN, TRIAGE, posted_text
from tests.slack.mock_socket import MockSocketMode

pytestmark = pytest.mark.slow
MADOGUCHI = Path(sys.executable).with_name("madoguchi")


@pytest.fixture
def socket_server(mock_slack):
    server = MockSocketMode().start()
    mock_slack.socket_url = server.url
    yield server
    server.stop()


@pytest.fixture
def worker(database_url, mock_slack, socket_server, tmp_path):
    """The Socket Mode worker process, configured only through its environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MADOGUCHI_"))}
    env.update({"MADOGUCHI_DATABASE_URL": database_url, "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_APP_TOKEN": "xapp-1-A0MADOGUCHI-test", "MADOGUCHI_SLACK_API_URL": mock_slack.api_url,
                "MADOGUCHI_TRIAGE_CHANNEL": TRIAGE, "MADOGUCHI_BASE_URL": "http://testserver",
                "MADOGUCHI_LOG_LEVEL": "INFO"})
    log = (tmp_path / "worker.log").open("w+")
    process = subprocess.Popen([str(MADOGUCHI), "slack"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        socket_server.wait_connected(timeout=60, alive=lambda: process.poll() is None)
    except AssertionError:
        process.kill()
        log.seek(0)
        raise AssertionError(f"worker did not connect:\n{log.read()}") from None
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()


def test_socket_mode_worker_answers_acks_and_delivers(worker, socket_server, mock_slack, slack):
    # apps.connections.open went to the configured Web API URL, with the app-level token.
    [connect] = mock_slack.of("apps.connections.open")
    assert connect.token.startswith("xapp-")

    # A direct message: acked, answered in the DM.
    envelope = socket_server.send("events_api", payloads.event_callback(
        payloads.message_im("開示請求の手数料はいくらですか？"), "Ev0SOCKET01"))
    assert socket_server.wait_ack(envelope)["envelope_id"] == envelope
    [answer] = mock_slack.wait_for("chat.postMessage", timeout=20)
    assert answer.params["channel"] == "D0ALICE01" and "1,000円" in posted_text(answer)

    # An event the HTTP app (another process's peer, same database) already handled: acked, not answered.
    handled = payloads.message_im("開示請求の手数料は？", user="U0CAROL01", channel="D0CAROL01")
    slack.event(handled, event_id="Ev0SHARED01")
    assert len(mock_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "D0CAROL01")) == 1
    socket_server.wait_ack(socket_server.send("events_api", payloads.event_callback(handled, "Ev0SHARED01"),
                                              retry_attempt=1))
    socket_server.wait_ack(socket_server.send("events_api", payloads.event_callback(handled, "Ev0SOCKET01"),
                                              retry_attempt=1))  # its own retry, too
    socket_server.send("events_api", payloads.event_callback(
        payloads.message_im("開示請求の手数料は？", user="U0BOB0001", channel="D0BOB0001"), "Ev0SOCKET02"))
    mock_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "D0BOB0001", timeout=20)
    time.sleep(1.0)
    assert len([c for c in mock_slack.of("chat.postMessage") if c.params["channel"] == "D0CAROL01"]) == 1
    assert len([c for c in mock_slack.of("chat.postMessage") if c.params["channel"] == "D0ALICE01"]) == 1

    # /privacy over the socket: acked, answered on the response URL.
    command = payloads.slash_command("How much is the fee for disclosure?", mock_slack.response_url("sock"))
    socket_server.wait_ack(socket_server.send("slash_commands", command))
    [reply] = mock_slack.wait_for("response", timeout=20)
    assert reply.params["response_type"] == "ephemeral" and "1,000 yen" in posted_text(reply)

    # The request form: open it, submit an invalid one (errors in the ack), then a valid one.
    action = {"action_id": "home:start:en", "block_id": "home_start", "value": "intake:start"}
    socket_server.send("interactive", payloads.block_actions(action, view={"id": "V0HOME01", "type": "home"}))
    view = mock_slack.wait_for("views.open", timeout=20)[0].params["view"]
    bad = payloads.view_submission(payloads.fill_view(view, {"kind": "deletion", "requester": "self", "name": "Ann"}))
    ack = socket_server.wait_ack(socket_server.send("interactive", bad))
    assert ack["payload"]["response_action"] == "errors" and "postal_address" in ack["payload"]["errors"]
    good = payloads.view_submission(payloads.fill_view(view, {
        "kind": "deletion", "requester": "self", "name": "Ann Example", "email": "ann@example.org"}))
    ack = socket_server.wait_ack(socket_server.send("interactive", good))
    assert ack["payload"]["response_action"] == "update"
    dm = mock_slack.wait_for("chat.postMessage", timeout=20, where=lambda c: "fields" in json.dumps(c.params))[0]
    reference = dm.params["blocks"][1]["fields"][0]["text"].split("\n")[1]
    # The worker's own outbox dispatcher posts the triage message, without the applicant's data.
    triage = mock_slack.wait_for("chat.postMessage", timeout=20, where=lambda c: c.params["channel"] == TRIAGE)[0]
    assert reference in posted_text(triage)
    assert "Ann" not in posted_text(triage) and "ann@example.org" not in posted_text(triage)
    assert all(c.token in (BOT_TOKEN, None) or c.method == "apps.connections.open" for c in mock_slack.calls)

    # A clean stop on SIGTERM.
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=20) == 0


def test_socket_mode_refuses_to_start_without_an_app_token(database_url, mock_slack):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MADOGUCHI_"))}
    env.update({"MADOGUCHI_DATABASE_URL": database_url, "SLACK_BOT_TOKEN": BOT_TOKEN,
                "MADOGUCHI_SLACK_API_URL": mock_slack.api_url})
    result = subprocess.run([str(MADOGUCHI), "slack"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "SLACK_APP_TOKEN" in result.stderr
    assert mock_slack.calls == []
