"""Access codes and tokens: generated with ``secrets``, stored only as hashes, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L: codes are read off a screen and typed back.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 4
CODE_GROUP_LEN = 4  # 16 symbols of 31: about 79 bits, far beyond guessing within any rate limit


def new_access_code() -> str:
    """A fresh applicant access code such as ``K7PD-QX3M-9RTA-WN4E``."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LEN)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def access_code_from(secret: bytes) -> str:
    """An access code determined by ``secret`` (at least 10 random bytes' worth), e.g. to give a retried
    request the same code again; the 16 symbols are read off the secret as a base-31 number."""
    number = int.from_bytes(hashlib.sha256(secret).digest(), "big")
    symbols = []
    for _ in range(CODE_GROUPS * CODE_GROUP_LEN):
        number, index = divmod(number, len(CODE_ALPHABET))
        symbols.append(CODE_ALPHABET[index])
    return "-".join("".join(symbols[i : i + CODE_GROUP_LEN]) for i in range(0, len(symbols), CODE_GROUP_LEN))


def normalize_code(code: str) -> str:
    """Forgive case, spaces and missing dashes when an applicant types the code back."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + CODE_GROUP_LEN] for i in range(0, len(cleaned), CODE_GROUP_LEN))


def hash_secret(value: str) -> str:
    """SHA-256 of a high-entropy secret (codes, tokens); slow hashes are for passwords only."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def secret_matches(value: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented secret with a stored hash."""
    return hmac.compare_digest(hash_secret(value), stored_hash)


def new_token(nbytes: int = 32) -> str:
    """A URL-safe random token (API tokens, session cookies, CSRF tokens)."""
    return secrets.token_urlsafe(nbytes)
