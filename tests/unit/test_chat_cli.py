"""`relais chat --jsonl` and `relais tickets`: the machine interface scripts and checks use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import Settings
from bot.paths import CONFIG_DIR

pytestmark = pytest.mark.slow


def chat(*lines: str | bytes, conversation: str = "k1") -> list[dict[str, object]]:
    stdin = b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)
    result = CliRunner().invoke(
        main,
        ["chat", "--jsonl", "--user", "U1", "--conversation", conversation],
        input=stdin,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def sample(settings: Settings) -> Settings:
    result = CliRunner().invoke(main, ["kb", "import", str(CONFIG_DIR / "articles")])
    assert result.exit_code == 0
    return settings


def test_an_answer_and_its_feedback_choices(sample: Settings) -> None:
    out = chat("my VPN keeps dropping every few minutes on the office wifi", '{"action": "yes"}')
    assert out[0]["type"] == "answer" and out[0]["article_id"] == "vpn-disconnects-wifi"
    choices: Any = out[0]["choices"]
    assert [c["id"] for c in choices] == ["yes", "no", "human"]
    assert out[-1]["type"] == "message"


def test_a_conversation_continues_in_a_new_process_then_becomes_a_ticket(sample: Settings) -> None:
    first = chat('{"text": "Zoom crashes when I share my screen"}', conversation="zoom")
    assert first[-1]["type"] == "question" and first[-1]["slots"]
    second = chat("talk to a human", conversation="zoom")
    statement: Any = second[-1]
    assert statement["type"] == "statement"
    assert "Zoom" in statement["problem_statement"]["requester_verbatim"]
    third = chat('{"action": "send"}', conversation="zoom")
    handoff: Any = third[-1]
    assert handoff["type"] == "handoff" and handoff["ticket_id"] == "T-00001"
    listed = CliRunner().invoke(main, ["tickets", "list", "--json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["T-00001"]
    shown = CliRunner().invoke(main, ["tickets", "show", "T-00001"])
    assert "Zoom" in shown.stdout and handoff["priority"] in shown.stdout


def test_bad_lines_get_an_error_line_and_the_chat_goes_on(sample: Settings) -> None:
    out = chat(b"\xff\xfe not utf-8", '{"nothing": 1}', "", '{"action": "bogus"}', "wifi")
    assert out[0] == {"type": "error", "text": "the message is not UTF-8 text", "line": 1}
    assert out[1]["type"] == "error" and out[1]["line"] == 2
    assert out[2]["type"] == "message"  # empty message: asks what they need
    assert out[3]["type"] == "message"  # a choice that was never offered
    assert out[4]["type"] in ("disambiguate", "answer")


def test_new_starts_a_fresh_conversation_and_help_lists_the_commands(sample: Settings) -> None:
    out = chat("talk to a human: my badge does not open the door", "/help", "/new", "wifi")
    assert out[0]["type"] == "statement"
    assert out[1]["type"] == "message" and "/new" in str(out[1]["text"])
    assert out[2] == {"type": "message", "text": "New conversation. What do you need?"}
    assert out[3]["type"] in ("disambiguate", "answer")  # a new question, not a correction


def test_after_a_handoff_the_terminal_says_where_the_agent_will_follow_up(
    sample: Settings,
) -> None:
    out = chat("parler à un humain : mon badge n'ouvre plus la porte", '{"action": "send"}')
    handoff: Any = out[-1]
    assert handoff["type"] == "handoff"
    assert "ne suivent pas ce chat en terminal" in handoff["text"]
    assert "/new" in handoff["text"]


def test_a_slash_path_is_a_message_not_a_command(sample: Settings) -> None:
    out = chat("/etc/hosts is broken on my laptop")
    assert out[0]["type"] != "error" and "New conversation" not in str(out[0]["text"])


@pytest.mark.sqlite_only
def test_the_model_loads_before_the_first_prompt(sample: Settings) -> None:
    # As after the quick start: the index is up to date, so opening it needs no model.
    assert CliRunner().invoke(main, ["kb", "reindex"]).exit_code == 0
    relais = Path(sys.executable).with_name("relais")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TERM": "dumb", "COLUMNS": "200"}
    done = subprocess.run(
        [str(relais), "chat", "--user", "U1"],
        input="/help\n",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    out = done.stdout
    assert "loaded model" in out, out
    assert out.index("loaded model") < out.index("you"), out


def test_a_resumed_terminal_conversation_numbers_its_choices_as_before(sample: Settings) -> None:
    def say(line: str) -> str:
        result = CliRunner().invoke(
            main,
            ["chat", "--user", "U1", "--conversation", "resume"],
            input=f"{line}\n",
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        return result.output

    assert "1. Yes, solved" in " ".join(
        say("my VPN keeps dropping every few minutes on the office wifi").split()
    )
    # A new process: "1" is still "Yes, solved", not a sentence that reads "1".
    assert "Glad it's sorted" in " ".join(say("1").split())


def test_a_number_that_is_no_choice_is_refused_not_taken_as_an_answer(sample: Settings) -> None:
    """ "Ce qui fonctionne (N'EST PAS) : 2": "2" typed when only "1. Talk to a human" was on
    offer became the answer (from a newcomer's run)."""
    result = CliRunner().invoke(
        main,
        ["chat", "--user", "U1", "--conversation", "numbers"],
        input="talk to a human: my badge does not open the door\n7\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "There is no choice 7: type a number from 1 to 2, or answer in words." in said
    assert "7" not in said.split("There is no choice 7")[1].replace("from 1 to 2", "")
