"""Masking personal data in free text before it is stored for analysis or written to a log."""

from __future__ import annotations

import re

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<!\d)\d{4}[\s-]?\d{4}[\s-]?\d{4}(?!\d)"), "[number]"),  # My Number, card-like numbers
    (re.compile(r"(?<![\d-])(?:\+81[\s-]?|0)\d{1,4}[\s-]?\d{1,4}[\s-]?\d{3,4}(?!\d)"), "[phone]"),
    (re.compile(r"〒?\s?(?<!\d)\d{3}[-－ー]\d{4}(?!\d)"), "[postal code]"),
    (re.compile(r"REQ-\d{4}-\d{6}", re.IGNORECASE), "[reference]"),
    (re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b"), "[code]"),
]


def mask_personal(text: str) -> str:
    """Replace e-mail addresses, phone numbers, postal codes and similar identifiers with tags."""
    for pattern, tag in _PATTERNS:
        text = pattern.sub(tag, text)
    return text
