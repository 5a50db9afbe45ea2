"""The content-standard checklist and the personal-data detector authors rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.paths import CONFIG_DIR
from knowledge import health, personal_data
from knowledge.article import ArticleContent, ArticleType, Audience, Confidence
from knowledge.markdown import parse_article


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("call me at 06 12 34 56 78", ["phone"]),
        ("+33 6 12 34 56 78 or 06.12.34.56.78", ["phone", "phone"]),
        ("(555) 867-5309", ["phone"]),
        ("mail j.doe@corp.example.com", ["email"]),
        ("send receipts to receipts@expensify.com", []),  # a shared mailbox, not a person
        ("ping <@U123ABC> about it", ["mention"]),
        ("Marie Dupont asked, then dupont marie again", ["name"]),
        ("Marie asked", []),  # a lone first name is too common to block on
        ("GlobalProtect 6.1.2 on 10.0.0.1, build 22631.3007", []),
        ("on 2024-01-15 error 0x80070005, ticket 1234567890, KB5034441", []),
    ],
)
def test_personal_data_is_found_and_versions_or_codes_are_not(text: str, kinds: list[str]) -> None:
    found = personal_data.find(text, names=["Marie Dupont"])
    assert [f.kind for f in found] == kinds


def article(**changes: object) -> ArticleContent:
    base: dict[str, object] = {
        "id": "vpn-drops",
        "title": "VPN drops every few minutes on GlobalProtect",
        "type": ArticleType.PROBLEM,
        "confidence": Confidence.VALIDATED,
        "audience": Audience.EMPLOYEES,
        "language": "en",
        "owner": "network-team",
        "issue": ("my vpn keeps dropping",),
        "environment": ("GlobalProtect 6, Windows 11",),
        "resolution": "1. Open GlobalProtect\n2. Switch the portal to vpn2",
    }
    base.update(changes)
    return ArticleContent(**base)  # type: ignore[arg-type]


def test_a_good_article_meets_the_standard() -> None:
    checked = health.check(article())
    assert checked.score == 1.0 and not checked.misses
    assert checked.summary() == "5/5 content standard"  # no error mentioned: n/a


def test_each_miss_is_named() -> None:
    checked = health.check(
        article(
            title="VPN problem",
            issue=("VPN problem",),
            environment=(),
            resolution="fixed",
            cause="the client shows an error",
        )
    )
    assert {c.key for c in checked.misses} == {
        "title",
        "issue",
        "environment",
        "resolution",
        "error_text",
    }
    assert checked.score == 1 / 6


def test_requester_names_copied_into_an_article_are_a_miss() -> None:
    checked = health.check(
        article(resolution="1. Open GlobalProtect, as Marie Dupont did"), names=["Marie Dupont"]
    )
    (miss,) = checked.misses
    assert miss.key == "personal_data" and "name Marie Dupont in Resolution" in miss.detail


def test_the_sample_knowledge_base_scores_above_the_kcs_target() -> None:
    scores = [
        health.check(parse_article(p.read_text(encoding="utf-8"))).score
        for p in sorted(Path(CONFIG_DIR / "articles").glob("*.md"))
    ]
    assert sum(scores) / len(scores) >= 0.9
