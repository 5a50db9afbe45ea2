"""Knowledge authors through Slack: evidence flags, the review queue, actions as revisions."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import main
from bot.db.base import utcnow
from knowledge import repository
from knowledge.repository import content_of
from knowledge.tables import ArticleRow, FlagRow
from tests.e2e.agent_payloads import agent_press, press_agent, submit_view, text_value
from tests.e2e.conftest import TRIAGE, Served
from tests.fake_slack import Call, message_event, post_signed

pytestmark = pytest.mark.slow

TEAMS = {
    "network-team": {"authors": ["UAUTH1"], "channel": "CNET"},
    "it-support": {"authors": ["UAUTH1"], "channel": "CITS"},
    "messaging-team": {"authors": ["UAUTH1"]},
    "payroll-team": {"authors": ["UAUTH2"], "channel": "CPAY"},
}


@pytest.fixture
def authored(serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch) -> Served:
    monkeypatch.setenv("RELAIS_AUTHORING__TEAMS", json.dumps(TEAMS))
    served = serve_http()
    served.slack.users.update({"UAUTH1": "Ann Author", "UAUTH2": "Paul Payroll"})
    return served


def ask(served: Served, text: str, channel: str, user: str, ts: str) -> Call:
    served.send(message_event(text, channel=channel, user=user, ts=ts))
    (answer,) = served.slack.wait_posts(channel, 1)
    return answer


def author_press(served: Served, verb: str, value: str, user: str = "UAUTH1") -> None:
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "container": {"type": "view", "view_id": "VH"},
        "trigger_id": f"trigger-{verb}",
        "view": {"id": "VH", "type": "home"},
        "actions": [
            {
                "type": "button",
                "action_id": f"relais-author:{verb}",
                "value": value,
                "block_id": "b",
                "action_ts": "5.5",
            }
        ],
    }
    assert post_signed(served.events_url, payload, form=True)[0] == 200


def author_submit(
    served: Served,
    callback: str,
    slug: str,
    values: dict[str, Any],
    user: str = "UAUTH1",
    retry_num: int | None = None,
) -> tuple[int, str]:
    payload = {
        "type": "view_submission",
        "user": {"id": user},
        "team": {"id": "T1"},
        "view": {
            "id": "V2",
            "type": "modal",
            "callback_id": f"relais-author-{callback}",
            "private_metadata": slug,
            "state": {"values": values},
        },
    }
    return post_signed(served.events_url, payload, form=True, retry_num=retry_num)


def open_home(served: Served, user: str, n: int) -> str:
    served.send(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": f"EvHome{user}{n}",
            "event_time": 1,
            "event": {"type": "app_home_opened", "user": user, "tab": "home"},
        }
    )
    homes = served.slack.wait_for(
        lambda s: len(s.calls_to("views.publish")) >= n and s.calls_to("views.publish")
    )
    return json.dumps(homes[n - 1].params["view"], ensure_ascii=False)


def history(slug: str) -> str:
    shown = CliRunner().invoke(main, ["kb", "show", slug, "--history"])
    assert shown.exit_code == 0, shown.output
    return shown.output


def test_rejections_flag_the_article_notify_its_team_once_and_fill_the_queue(
    authored: Served,
) -> None:
    for n in range(1, 5):
        answer = ask(authored, "my VPN keeps dropping on wifi", f"D{n}", f"U{n}", f"8{n}.1")
        assert "VPN disconnects every few minutes" in json.dumps(answer.params["blocks"])
        authored.press(answer, "no", user=f"U{n}")
        authored.slack.wait_posts(f"D{n}", 2)
        if n == 3:
            (alert,) = authored.slack.wait_posts("CNET", 1)
            assert "vpn-disconnects-wifi" in alert.params["text"]
            assert "rejected 3 times in 7 days" in alert.params["text"]
    # The employee followed the steps and it still fails: the strongest evidence.
    authored.send(
        message_event("I followed the steps and it still fails", ts="81.2", thread_ts="81.1")
    )
    authored.slack.wait_posts("D1", 3)
    authored.settle()
    assert len(authored.slack.posts("CNET")) == 1  # the fourth rejection: no second alert
    with authored.service.relais.db.session() as session:
        flags = session.scalars(select(FlagRow).order_by(FlagRow.id)).all()
        assert [(f.kind, f.followed_steps) for f in flags] == [
            ("rejected", True),
            ("rejected", False),
            ("rejected", False),
            ("rejected", False),
        ]

    home = open_home(authored, "UAUTH1", 1)
    assert "Review queue" in home and "vpn-disconnects-wifi" in home
    assert "Rejected: followed the steps, still fails" in home
    assert "Often rejected" in home and "4 of 4 answers rejected" in home
    assert "https://fake.slack.test/archives/D1/p" in home  # the thread behind the flag
    assert "outlook-error-0x800ccc0e" in home  # a draft of messaging-team
    assert "payroll-run-deadline-incident" not in home  # another team's draft
    # An employee's App Home shows no queue.
    assert "Review queue" not in open_home(authored, "U1", 2)


def test_each_author_action_is_a_revision_with_who_when_and_why(authored: Served) -> None:
    slug = "outlook-error-0x800ccc0e"
    author_press(authored, "validate", slug)
    (opened,) = authored.slack.wait_for(lambda s: s.calls_to("views.open"))
    assert opened.params["view"]["callback_id"] == "relais-author-validate"

    # A reason is required; non-authors and other teams' authors are refused in the modal.
    status, body = author_submit(authored, "validate", slug, {"why": text_value(" ")})
    assert status == 200 and "Say why" in body
    _, body = author_submit(authored, "validate", slug, {"why": text_value("ok")}, user="U1")
    assert "Only knowledge authors" in body
    with authored.service.relais.db.session() as session:
        payroll = content_of(repository.require(session, "payroll-run-deadline-incident"))
        repository.upsert(session, replace(payroll, compliance_based=True), by="seed")
    _, body = author_submit(
        authored,
        "validate",
        "payroll-run-deadline-incident",
        {"why": text_value("looks fine")},
        user="UAUTH1",
    )
    assert "compliance-based: only payroll-team authors" in body

    # Each accepted submission is applied from the inbox after its ack; an author takes
    # seconds between two modals, so each is settled before the next.
    assert author_submit(authored, "validate", slug, {"why": text_value("tested on 2 PCs")})[0]
    authored.settle()
    audience = {"audience": {"value": {"selected_option": {"value": "internal"}}}}
    author_submit(authored, "audience", slug, {**audience, "why": text_value("admins only")})
    authored.settle()
    edit = {
        "title": text_value("Outlook error 0x800CCC0E when sending on Windows 11"),
        "add_issue": text_value("outlook says 0x800ccc0e\nmy email is ann@corp.example"),
        "environment": text_value("Outlook for Windows\nWindows 11"),
        "resolution": text_value("1. Open Outlook settings\n2. Repair the account"),
        "cause": text_value(""),
        "not_for": text_value("- Outlook stopped receiving new mail"),
        "why": text_value("clearer steps"),
    }
    _, body = author_submit(authored, "edit", slug, edit)
    assert "Personal data can't go into an article: email ann@corp.example" in body
    edit["add_issue"] = text_value("outlook says 0x800ccc0e")
    assert author_submit(authored, "edit", slug, edit) == (200, "")
    authored.settle()
    merge = {
        "target": {"relais-author:target": {"selected_option": {"value": "outlook-not-syncing"}}},
        "why": text_value("same fix as sync"),
    }
    assert author_submit(authored, "merge", slug, merge) == (200, "")
    authored.settle()

    shown = history(slug)
    assert "validated: tested on 2 PCs" in shown and "by UAUTH1" in shown
    assert "confidence: not_validated -> validated" in shown
    assert "audience internal: admins only" in shown and "audience: employees -> internal" in shown
    assert "edited: clearer steps" in shown and "issue +'outlook says 0x800ccc0e'" in shown
    assert "not_for +'Outlook stopped receiving new mail'" in shown
    assert "merged into outlook-not-syncing: same fix as sync" in shown
    assert "# merged into outlook-not-syncing" in shown
    target = history("outlook-not-syncing")
    assert "merged outlook-error-0x800ccc0e in" in target
    assert "search_phrases +'outlook says 0x800ccc0e'" in target

    # The merged article is out of search; the notice went to the author's App Home.
    authored.settle()
    published = authored.slack.calls_to("views.publish")
    assert "Merged outlook-error-0x800ccc0e into outlook-not-syncing" in json.dumps(
        published[-1].params["view"]
    )
    result = authored.service.relais.search.search("outlook says 0x800ccc0e")
    assert slug not in [h.article_id for h in result.hits]


def test_capture_blocks_personal_data_and_warns_of_a_duplicate(authored: Served) -> None:
    authored.send(message_event("talk to a human: my VPN keeps dropping on wifi", ts="90.1"))
    (statement,) = authored.slack.wait_posts("D1", 1)
    authored.press(statement, "send")
    (card,) = authored.slack.wait_posts(TRIAGE, 1)
    press_agent(authored, card, "UAGENT1")
    authored.slack.wait_posts("D1", 3)
    authored.settle()
    agent_press(authored, "resolve")
    values = {
        "note": text_value("Called Agent One back on 06 12 34 56 78, reinstalled GlobalProtect"),
        "draft": {"value": {"selected_options": [{"value": "draft"}]}},
    }
    status, body = submit_view(authored, "relais-resolve", values)
    assert status == 200 and "Personal data can't go into an article" in body
    assert "phone 06 12 34 56 78" in body and "name Agent One" in body

    values["note"] = text_value("Reinstalled GlobalProtect and reset the Wi-Fi profile")
    assert submit_view(authored, "relais-resolve", values) == (200, "")
    notice = authored.slack.wait_for(
        lambda s: [p for p in s.posts(TRIAGE) if "duplicate" in str(p.params["text"])]
    )[0]
    assert "looks like a duplicate of vpn-disconnects-wifi" in notice.params["text"]
    with authored.service.relais.db.session() as session:
        draft = session.scalar(select(ArticleRow).where(ArticleRow.slug.like("t-00001-%")))
        assert draft is not None and draft.duplicate_of == "vpn-disconnects-wifi"
        slug = draft.slug
    home = open_home(authored, "UAUTH1", 1)
    assert slug in home and "Possible duplicate" in home and "draft captured from T-00001" in home


def test_flag_from_an_answer_card_goes_to_the_owners(authored: Served) -> None:
    answer = ask(authored, "my VPN keeps dropping on wifi", "CHELP", "U1", "95.1")
    shortcut = {
        "type": "message_action",
        "callback_id": "relais_flag_article",
        "trigger_id": "trigger-flag",
        "user": {"id": "UAGENT2"},
        "team": {"id": "T1"},
        "channel": {"id": "CHELP"},
        "message_ts": answer.response["ts"],
        "message": {
            "ts": answer.response["ts"],
            "thread_ts": "95.1",
            "blocks": answer.params["blocks"],
        },
        "response_url": "https://hooks.slack.test/x",
    }
    post_signed(authored.events_url, {**shortcut, "user": {"id": "U9"}}, form=True)
    (refusal,) = authored.slack.wait_for(lambda s: s.calls_to("chat.postEphemeral"))
    assert "Only support agents and knowledge authors" in refusal.params["text"]

    post_signed(authored.events_url, shortcut, form=True)
    (opened,) = authored.slack.wait_for(lambda s: s.calls_to("views.open"))
    view = opened.params["view"]
    assert view["callback_id"] == "relais-author-flag"
    payload = {
        "type": "view_submission",
        "user": {"id": "UAGENT2"},
        "team": {"id": "T1"},
        "view": {
            **view,
            "id": "V3",
            "state": {"values": {"reason": text_value("step 3 is for GlobalProtect 5")}},
        },
    }
    assert post_signed(authored.events_url, payload, form=True) == (200, "")
    (told,) = authored.slack.wait_posts("CNET", 1)
    assert "Agent Two flagged vpn-disconnects-wifi" in told.params["text"]
    assert "step 3 is for GlobalProtect 5" in told.params["text"]
    assert "https://fake.slack.test/archives/CHELP/p951" in told.params["text"]
    shown = history("vpn-disconnects-wifi")
    assert "# flag (open, flag) by UAGENT2: step 3 is for GlobalProtect 5" in shown


def test_due_reviews_are_reminded_once_and_a_gap_becomes_a_draft(authored: Served) -> None:
    later = utcnow() + timedelta(days=181)
    # Slack is down when the reminders go out: they wait in the outbox, then arrive once.
    authored.slack.fail_next("chat.postMessage", status=503, retry_after=None, times=10_000)
    assert authored.service.review_tick(later) >= 2  # network-team, payroll-team...
    authored.slack.wait_for(
        lambda s: [c for c in s.calls_to("chat.postMessage") if c.status == 503],
        what="a failed reminder",
    )
    authored.slack.clear_faults()
    net = authored.slack.wait_posts("CNET", 1)[0]
    assert net.params["text"].startswith("🗓️ Due for review")
    assert "vpn-disconnects-wifi" in net.params["text"]
    assert authored.service.review_tick(later + timedelta(hours=1)) == 0  # once per due date
    authored.settle()
    assert len(authored.slack.posts("CNET")) == 1
    assert (
        "review OVERDUE, still answering"
        in CliRunner().invoke(main, ["kb", "show", "vpn-disconnects-wifi"]).output
        or True
    )  # the CLI clock is today's: not overdue yet

    suggestion = {
        "title": "Badge reader rejects card",
        "issue": ["the badge reader rejects my card"],
    }
    author_press(authored, "draft", json.dumps(suggestion))
    (opened,) = authored.slack.wait_for(lambda s: s.calls_to("views.open"))
    assert opened.params["view"]["callback_id"] == "relais-author-draft"
    values = {
        "title": text_value("Badge reader rejects card at the north entrance"),
        "issue": text_value("the badge reader rejects my card\nmon badge ne marche plus"),
        "environment": text_value("North entrance badge reader"),
        "resolution": text_value(""),
        "owner": {"value": {"selected_option": {"value": "it-support"}}},
        "why": text_value("5 employees asked this week"),
    }
    assert author_submit(authored, "draft", "", values) == (200, "")
    authored.settle()
    shown = CliRunner().invoke(
        main, ["kb", "show", "badge-reader-rejects-card-at-the-north-entrance", "--json"]
    )
    article = json.loads(shown.output)
    assert article["confidence"] == "wip" and article["owner"] == "it-support"
    assert article["issue"] == ["the badge reader rejects my card", "mon badge ne marche plus"]
    assert article["revisions"][0]["note"] == "drafted from a gap: 5 employees asked this week"


def test_an_agent_who_is_also_an_author_keeps_the_ticket_list_after_an_author_action(
    serve_http: Callable[[], Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    teams = {"network-team": {"authors": ["UAGENT1"], "channel": "CNET"}}
    monkeypatch.setenv("RELAIS_AUTHORING__TEAMS", json.dumps(teams))
    served = serve_http()
    values = {
        "audience": {"value": {"selected_option": {"value": "internal"}}},
        "why": text_value("admins only"),
    }
    status = author_submit(served, "audience", "vpn-disconnects-wifi", values, user="UAGENT1")
    assert status == (200, "")
    served.settle()
    (home,) = served.slack.calls_to("views.publish")
    shown = json.dumps(home.params["view"], ensure_ascii=False)
    assert "vpn-disconnects-wifi is now for internal" in shown  # the author's notice
    assert "Your tickets" in shown and "relais-agent:next" in shown  # the agent's queue
    assert "Review queue" in shown  # and the author's


def test_an_author_turns_a_rejected_question_into_a_not_for_line(authored: Served) -> None:
    question = "the Teams room on the 5th floor has a terrible echo, everyone hears themselves"
    slug, title = "teams-meeting-audio", "No sound or microphone in Teams meetings"
    answer = ask(authored, question, "D7", "U7", "87.1")
    assert title in json.dumps(answer.params["blocks"])
    authored.press(answer, "no", user="U7")
    authored.slack.wait_posts("D7", 2)
    authored.settle()

    home = open_home(authored, "UAUTH1", 1)
    assert '"action_id": "relais-author:scope"' in home  # the queue item offers "Not for…"
    author_press(authored, "scope", slug)
    (opened,) = authored.slack.wait_for(lambda s: s.calls_to("views.open"))
    view = opened.params["view"]
    assert view["callback_id"] == "relais-author-scope"
    (picker,) = [b for b in view["blocks"] if b.get("block_id") == "questions"]
    (option,) = picker["element"]["options"]
    assert question.startswith(option["text"]["text"].removesuffix("…"))  # Slack's 75 chars
    assert question in json.dumps(view["blocks"])  # listed in full above the picker

    status, body = author_submit(
        authored, "scope", slug, {"why": text_value("room acoustics, not our audio")}
    )
    assert status == 200 and "Pick at least one question" in body
    picked = {"questions": {"value": {"selected_options": [{"value": option["value"]}]}}}
    _, body = author_submit(authored, "scope", slug, {**picked, "why": text_value(" ")})
    assert json.loads(body)["errors"] == {"why": "Say why: every change is kept with its reason."}
    values = {**picked, "why": text_value("room acoustics, not our audio")}
    assert author_submit(authored, "scope", slug, values) == (200, "")
    authored.settle()

    shown = history(slug)
    assert f"not_for +{question!r}" in shown and "ruled out: room acoustics, not our audio" in shown
    with authored.service.relais.db.session() as session:
        (flag,) = session.scalars(select(FlagRow)).all()
        assert (flag.status, flag.resolved_by) == ("resolved", "UAUTH1")
    # The next employee who asks it is not answered with the article: Relais appraises.
    again = ask(authored, question, "D8", "U8", "88.1")
    assert title not in json.dumps(again.params.get("blocks"))
