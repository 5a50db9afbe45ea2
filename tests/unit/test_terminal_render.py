"""What `relais chat` prints: wrapped for the terminal, French typography kept whole."""

from __future__ import annotations

import io

from rich.console import Console

from bot.actions import Action, Choice
from bot.terminal import render


def test_french_punctuation_never_wraps_alone_onto_a_line() -> None:
    console = Console(width=60, record=True, file=io.StringIO(), color_system=None)
    text = "Plusieurs articles pourraient correspondre. Lequel décrit votre situation\u00a0?"
    label = "Ajouter l'imprimante du bureau avec l'impression PaperCut (Windows 11 et macOS)"
    render(Action("disambiguate", text, choices=(Choice("a", label),)), console)
    lines = console.export_text().splitlines()
    assert all(line.strip() not in ("?", "!", ":", ";", "»") for line in lines), lines
    assert any("situation\u00a0?" in line for line in lines)
    assert all(len(line) <= 60 for line in lines)
    # a choice's second line hangs under its first word, not under the number
    first = next(i for i, line in enumerate(lines) if line.startswith("  1. "))
    assert lines[first + 1].startswith("     ") and lines[first + 1].strip()


def test_an_employees_own_question_mark_stays_with_its_word() -> None:
    """The employee typed a plain space before "?": it is quoted in the statement as typed,
    and must not wrap onto a line of its own either."""
    asked = "Comment je récupère une ancienne version d'un fichier sur SharePoint ?"
    for width in range(40, 100):  # wherever the line happens to end
        console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
        render(Action("message", f"Question : {asked}"), console)
        lines = console.export_text().splitlines()
        assert all(line.strip() not in ("?", "!", ":", ";", "»") for line in lines), lines
