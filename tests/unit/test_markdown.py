"""Articles on disk: the design.md format parses, renders and reports what is wrong."""

from __future__ import annotations

import pytest

from knowledge.article import ArticleType, Audience, Confidence
from knowledge.markdown import ArticleParseError, parse_article, render_article
from tests.conftest import FIXTURE_ARTICLES

DESIGN_EXAMPLE = """---
id: vpn-disconnects-wifi        # stable slug; the file name by default
title: VPN disconnects every few minutes on office Wi-Fi
type: problem                   # problem | how_to | information | diagnostic | enhancement
confidence: validated           # wip | not_validated | validated | archived
audience: employees             # employees | internal
language: en
owner: network-team
tags: [vpn, wifi]
---
## Issue
- VPN keeps dropping
- GlobalProtect disconnects every 5 minutes
## Environment
- GlobalProtect 6.x, Windows 11, office Wi-Fi
## Resolution
1. Reconnect to CORP-WIFI.
2. Update GlobalProtect.
## Cause
Idle UDP sessions are dropped by the guest network.
"""


def test_the_design_card_example_parses_with_every_field() -> None:
    article = parse_article(DESIGN_EXAMPLE)
    assert article.id == "vpn-disconnects-wifi"
    assert article.type is ArticleType.PROBLEM
    assert article.confidence is Confidence.VALIDATED
    assert article.audience is Audience.EMPLOYEES
    assert article.tags == ("vpn", "wifi")
    assert article.issue == ("VPN keeps dropping", "GlobalProtect disconnects every 5 minutes")
    assert article.environment == ("GlobalProtect 6.x, Windows 11, office Wi-Fi",)
    assert article.resolution.startswith("1. Reconnect") and "2. Update" in article.resolution
    assert article.cause == "Idle UDP sessions are dropped by the guest network."


@pytest.mark.parametrize("path", sorted(FIXTURE_ARTICLES.glob("*.md")), ids=lambda p: p.stem)
def test_canonical_files_render_back_byte_for_byte(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert render_article(parse_article(text)) == text


def test_render_then_parse_keeps_phrases_and_unknown_keys() -> None:
    article = parse_article(DESIGN_EXAMPLE.replace("tags: [vpn, wifi]", "tags: [vpn]\nsite: HQ"))
    from dataclasses import replace

    article = replace(article, search_phrases=("vpn drops: every 5 min", "le VPN coupe"))
    again = parse_article(render_article(article))
    assert again == article
    assert again.extra == {"site": "HQ"}


def test_a_wip_article_needs_no_resolution_but_a_validated_one_does() -> None:
    wip = DESIGN_EXAMPLE.replace("confidence: validated", "confidence: wip")
    wip = wip.split("## Resolution")[0]
    assert parse_article(wip).resolution == ""
    with pytest.raises(ArticleParseError, match="needs a Resolution"):
        parse_article(DESIGN_EXAMPLE.split("## Resolution")[0])


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ("no front matter at all\n## Issue\n- x\n", "no YAML front matter"),
        ("---\nid: a\ntitle: b\n## Issue\n- x\n", "not closed"),
        ("---\nid: [a\ntitle: b\n---\n## Issue\n- x\n", "malformed front matter"),
        ("---\n- just\n- a list\n---\n## Issue\n- x\n", "not a mapping"),
        ("---\ntitle: b\n---\n## Issue\n- x\n", "missing 'id'"),
        ("---\nid: a\n---\n## Issue\n- x\n", "missing 'title'"),
        ("---\nid: a\ntitle: b\nconfidence: approved\n---\n## Issue\n- x\n", "unknown confidence"),
        ("---\nid: a\ntitle: b\naudience: world\n---\n## Issue\n- x\n", "unknown audience"),
        ("---\nid: a\ntitle: b\ntype: rumour\n---\n## Issue\n- x\n", "unknown type"),
        ("---\nid: A B\ntitle: b\n---\n## Issue\n- x\n", "not a slug"),
        ("---\nid: a\ntitle: b\nlanguage: de\n---\n## Issue\n- x\n", "language"),
        ("---\nid: a\ntitle: b\n---\n## Symptoms\n- x\n", "unknown section"),
        ("---\nid: a\ntitle: b\n---\n## Environment\n- x\n", "no phrasing"),
        ("---\nid: a\ntitle: b\n---\n## Issue\n- x\n## Issue\n- y\n", "appears twice"),
    ],
)
def test_bad_files_say_exactly_what_is_wrong(broken: str, reason: str) -> None:
    with pytest.raises(ArticleParseError, match=reason):
        parse_article(broken)


def test_not_for_lines_parse_render_and_leave_older_snapshots_alone() -> None:
    text = DESIGN_EXAMPLE + "## not for\n- the Wi-Fi itself drops, even without the VPN\n"
    article = parse_article(text)
    assert article.not_for == ("the Wi-Fi itself drops, even without the VPN",)
    assert parse_article(render_article(article)) == article
    assert "## Not for\n- the Wi-Fi itself drops" in render_article(article)
    # An article without the section hashes as it did before the field existed.
    assert "not_for" not in parse_article(DESIGN_EXAMPLE).to_snapshot()
    assert article.to_snapshot()["not_for"] == ["the Wi-Fi itself drops, even without the VPN"]
