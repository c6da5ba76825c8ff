"""The README keeps its promises: the two commands first, and every setting documented."""

from __future__ import annotations

import re
from pathlib import Path

from bot.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_starts_with_the_run_and_test_commands():
    text = README.read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    lines = [line for line in first_block.splitlines() if line.strip()]
    assert "madoguchi serve" in lines[0] and "scripts/test" in lines[1]
    assert text.index("```sh") < 40  # right under the title


def test_every_environment_variable_is_documented():
    text = README.read_text(encoding="utf-8")
    prefix = Settings.model_config["env_prefix"]
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names = list(alias.choices) if alias is not None else [f"{prefix}{name}".upper()]
        assert any(n in text for n in names), f"{names} missing from the README's configuration reference"
