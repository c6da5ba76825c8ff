"""The wording printed around the fields: labels, instructions, the power-of-attorney page's text.

It lives in ``knowledge/data/forms/labels.yaml`` (an organisation's data directory may override it key
by key), so no policy wording is written in Python. Only the tick-box symbols are defined here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.form_templates import form_labels

CHECKED, UNCHECKED = "☑", "☐"
TICK_BOX = "□"


@dataclass(frozen=True)
class Labels:
    """Label texts by key: ``ja(key)`` for the Japanese, ``en(key)`` for the small English hint."""

    texts: dict[str, tuple[str, str]]

    def ja(self, key: str) -> str:
        """The Japanese label."""
        return self.texts[key][0]

    def en(self, key: str) -> str:
        """The English hint (may be empty)."""
        return self.texts[key][1]


def load_labels(data_dir: Path | None = None) -> Labels:
    """The labels of a knowledge data directory (None: the bundled data)."""
    return Labels(form_labels(data_dir))
