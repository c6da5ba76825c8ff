"""Someone guessing at a staff password cannot shut the account's owner, or their colleagues, out.

Failed logins are counted per (account, client) and per client: the guesser is slowed down; the owner
logging in from their own machine, and a colleague behind the guesser's address, still get in.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.backoffice.conftest import ADMIN_EMAIL, PASSWORD, STAFF_EMAIL, csrf_of


def _peer(app, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def _login(client: TestClient, email: str, password: str):
    page = client.get("/staff/login")
    return client.post("/staff/login", data={"email": email, "password": password,
                                              "csrf_token": csrf_of(page.text)}, follow_redirects=False)


def test_the_owner_logs_in_although_someone_else_guessed_at_the_password(app, accounts):
    with _peer(app, "203.0.113.66") as guesser, _peer(app, "198.51.100.7") as owner:
        codes = [_login(guesser, ADMIN_EMAIL, f"wrong guess {n}").status_code for n in range(6)]
        assert codes[:5] == [401] * 5 and codes[-1] == 429
        # The guesser is slowed down even with the right password (it is not even checked)…
        assert _login(guesser, ADMIN_EMAIL, PASSWORD).status_code == 429
        # …but the admin, from a client with no failures, gets in at once.
        response = _login(owner, ADMIN_EMAIL, PASSWORD)
        assert response.status_code == 303 and "madoguchi_staff=" in response.headers["set-cookie"]
        assert owner.get("/staff").status_code == 200


def test_a_colleague_at_the_guessers_address_still_logs_in(app, accounts):
    with _peer(app, "203.0.113.66") as office:
        for n in range(6):
            _login(office, ADMIN_EMAIL, f"wrong guess {n}")
        assert _login(office, STAFF_EMAIL, PASSWORD).status_code == 303


def test_an_address_spraying_many_accounts_is_slowed_down(app, accounts):
    with _peer(app, "203.0.113.66") as sprayer, _peer(app, "198.51.100.7") as owner:
        codes = [_login(sprayer, f"guess{n}@example.org", "wrong password!").status_code for n in range(22)]
        assert codes[0] == 401 and codes[-1] == 429
        assert _login(sprayer, STAFF_EMAIL, PASSWORD).status_code == 429
        assert _login(owner, STAFF_EMAIL, PASSWORD).status_code == 303
