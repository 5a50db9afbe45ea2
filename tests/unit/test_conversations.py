"""Scripted conversations, in English and French, through the real engine and search."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.actions import Action
from bot.config import load_settings
from bot.conversation_tables import ConversationRow, MessageRow
from bot.db import Database
from bot.engine import Engine, Outcome, State
from bot.inbound import Inbound
from bot.paths import CONFIG_DIR
from handoff.tables import TicketRow
from knowledge import repository
from knowledge.embedder import Embedder
from knowledge.search import KnowledgeSearch
from knowledge.transfer import import_path

pytestmark = pytest.mark.slow


@pytest.fixture
def engine(db: Database, embedder: Embedder, tmp_path: Path) -> Engine:
    with db.session() as session:
        import_path(session, CONFIG_DIR / "articles", max_bytes=200_000, by="seed")
    search = KnowledgeSearch(db, load_settings().search, tmp_path / "index", embedder=embedder)
    search.load()
    return Engine(db, search)


class Chat:
    """One employee's conversation; `say` and `pick` return the bot's actions."""

    def __init__(self, engine: Engine, key: str = "C1:1", user: str = "U1") -> None:
        self.engine, self.key, self.user = engine, key, user
        self.n = 0

    def _send(self, **kwargs: Any) -> list[Action]:
        self.n += 1
        return self.engine.handle(
            Inbound(
                user=self.user, conversation=self.key, dedupe_key=f"{self.key}:{self.n}", **kwargs
            )
        )

    def say(self, text: str) -> list[Action]:
        return self._send(text=text)

    def pick(self, action: str) -> list[Action]:
        return self._send(action=action)


def types(actions: list[Action]) -> list[str]:
    return [a.type for a in actions]


def last(actions: list[Action], kind: str) -> Action:
    return next(a for a in reversed(actions) if a.type == kind)


def asked(actions: list[Action]) -> set[str]:
    return {slot for a in actions if a.type == "question" for slot in a.slots}


def state(db: Database, key: str = "C1:1") -> ConversationRow:
    with db.session() as session:
        row = session.scalar(select(ConversationRow).where(ConversationRow.key == key))
        assert row is not None
        return row


@pytest.mark.sqlite_only
def test_a_known_problem_is_answered_in_one_turn_and_yes_resolves_it(
    engine: Engine, db: Database
) -> None:
    chat = Chat(engine)
    reply = chat.say("my VPN keeps dropping every few minutes on the office wifi")
    answer = last(reply, "answer")
    assert answer.article_id == "vpn-disconnects-wifi"
    assert [c.id for c in answer.choices] == ["yes", "no", "human"]
    assert "CORP-WIFI" in answer.text and "Did this solve it?" in answer.text
    chat.pick("yes")
    assert state(db).state == State.RESOLVED
    with db.session() as session:
        row = repository.require(session, "vpn-disconnects-wifi")
        assert row.reuse_count == 1
        assert "my VPN keeps dropping every few minutes on the office wifi" in (
            repository.content_of(row).search_phrases
        )


@pytest.mark.sqlite_only
def test_a_french_question_gets_a_french_answer(engine: Engine) -> None:
    reply = Chat(engine).say("j'ai oublié mon mot de passe, comment le réinitialiser ?")
    answer = last(reply, "answer")
    assert answer.article_id == "mot-de-passe-oublie"
    # asked as a question ("comment le réinitialiser ?"), so asked about as one
    assert "Est-ce que cela répond à votre question\u00a0?" in answer.text
    assert next(c.label for c in answer.choices) == "Oui, merci"


@pytest.mark.sqlite_only
def test_an_answer_to_a_how_to_question_asks_whether_it_answers_it(engine: Engine) -> None:
    """A how-to question is not a fault: "Did this solve it?" under its answer reads oddly."""
    chat = Chat(engine)
    answer = last(
        chat.say("how do i stop my VPN dropping every few minutes on the office wifi?"), "answer"
    )
    assert answer.article_id == "vpn-disconnects-wifi"
    assert "Does this answer your question?" in answer.text
    assert "Did this solve it?" not in answer.text
    assert [c.label for c in answer.choices] == ["Yes, thanks", "No, not quite", "Talk to a human"]
    chat.pick("yes")
    other = Chat(engine, key="C1:2")
    fault = last(other.say("my VPN keeps dropping every few minutes on the office wifi"), "answer")
    assert "Did this solve it?" in fault.text
    assert fault.choices[0].label == "Yes, solved"


@pytest.mark.sqlite_only
def test_a_how_to_question_without_article_never_gets_is_is_not_questions(
    engine: Engine,
) -> None:
    chat = Chat(engine)
    reply = chat.say("how do I book the big meeting room with the projector?")
    if "disambiguate" in types(reply):  # weak candidates are offered, never asserted
        reply = chat.pick("none")
    assert asked(reply) == {"impact"}  # by when it is needed, nothing about a fault
    statement = last(chat.say("no rush, for next month's offsite"), "statement")
    assert statement.problem_statement is not None
    assert statement.problem_statement["contact_type"] == "question"
    assert statement.problem_statement["priority"] == "P5"


@pytest.mark.sqlite_only
def test_an_access_request_gets_request_details_not_a_diagnosis(engine: Engine) -> None:
    reply = Chat(engine).say("Could you give me access to the marketing analytics dashboard?")
    questions = asked(reply)
    assert questions and questions <= {"request_by_when", "request_why"}


@pytest.mark.sqlite_only
def test_a_request_answered_in_one_reply_goes_to_the_statement(engine: Engine) -> None:
    chat = Chat(engine)
    first = chat.say("Could you give me access to the marketing analytics dashboard?")
    assert asked(first) == {"request_by_when", "request_why"}
    reply = chat.say("By Friday please. I build the quarterly campaign report from it.")
    statement = last(reply, "statement").problem_statement
    assert statement is not None and statement["contact_type"] == "request"
    assert statement["missing_slots"] == []
    request = statement["request"]
    assert "marketing analytics dashboard" in request["what"]
    assert request["for_whom"] == "me"
    assert request["by_when"].startswith("By Friday")
    assert "quarterly campaign report" in request["why"]
    assert "Requested: " in last(reply, "statement").text


@pytest.mark.sqlite_only
def test_an_incident_is_appraised_to_a_statement(engine: Engine, db: Database) -> None:
    chat = Chat(engine)
    reply = chat.say("Zoom crashes when I share my screen")
    assert last(reply, "question").slots
    assert len(last(reply, "question").slots) <= 2
    for answer in ("since this morning", "only me", "I can't present to the client at 3pm"):
        reply = chat.say(answer)
        if "statement" in types(reply):
            break
    statement = last(reply, "statement").problem_statement
    assert statement is not None
    assert "Zoom" in statement["title"] or "Zoom" in statement["object"]
    assert statement["spec"]["when"]["first"]
    assert [c.id for c in last(reply, "statement").choices] == ["send", "edit"]
    reply = chat.pick("send")
    handoff = last(reply, "handoff")
    assert handoff.ticket_id == "T-00001" and handoff.priority
    assert state(db).state == State.HANDED_OFF


@pytest.mark.sqlite_only
def test_one_answer_can_fill_several_slots_and_they_are_not_asked_again(engine: Engine) -> None:
    chat = Chat(engine)
    first = chat.say("Zoom crashes when I share my screen")
    reply = chat.say("it started on Monday after the update, only me, and I'm blocked for a demo")
    questions = asked(first) | asked(reply)
    for slot in ("when_first", "extent_count", "changes"):
        assert slot not in asked(reply), slot
    assert len(questions) == len(asked(first)) + len(asked(reply))  # nothing asked twice


@pytest.mark.sqlite_only
def test_no_flags_the_article_then_appraises(engine: Engine, db: Database) -> None:
    chat = Chat(engine)
    assert last(chat.say("my laptop is very slow"), "answer").article_id == "laptop-slow"
    reply = chat.pick("no")
    assert {"question", "answer", "disambiguate"} & set(types(reply))
    with db.session() as session:
        row = repository.require(session, "laptop-slow")
        assert [f.reason.startswith("did not help") for f in row.flags] == [True]


@pytest.mark.sqlite_only
def test_after_no_only_articles_that_fit_on_their_own_are_offered(
    engine: Engine, db: Database
) -> None:
    chat = Chat(engine)
    first = last(chat.say("my vpn keeps dropping every few minutes"), "answer")
    assert first.article_id == "vpn-disconnects-wifi"
    reply = chat.pick("no")
    shown = [first.article_id]
    for _ in range(4):
        if "answer" in types(reply):
            shown.append(str(last(reply, "answer").article_id))
            reply = chat.pick("no")
        elif "disambiguate" in types(reply):
            offered = [c.id for c in last(reply, "disambiguate").choices]
            assert "article:vpn-disconnects-wifi" not in offered  # never a rejected one
            reply = chat.pick("none")
        else:
            break
    assert "question" in types(reply)  # nothing left that fits: appraise
    assert len(shown) == len(set(shown))  # never the same article twice
    feedback = " ".join(e.get("feedback") or "" for e in state(db).kb_trail)
    for article_id in shown:  # every rejected article is in the trail the agent will read
        assert f"{article_id}: did not help" in feedback


@pytest.mark.sqlite_only
def test_an_article_found_mid_appraisal_is_offered_before_escalating(engine: Engine) -> None:
    chat = Chat(engine)
    first = chat.say("something is wrong with my setup at my desk")
    assert "question" in types(first)
    reply = chat.say("my external monitor stays black when plugged into the docking station")
    assert last(reply, "answer").article_id == "docking-station-monitor"


@pytest.mark.sqlite_only
def test_talk_to_a_human_at_once(engine: Engine) -> None:
    for text in ("talk to a human please", "je veux parler à un humain"):
        reply = Chat(engine, key=text).say(text)
        statement = last(reply, "statement").problem_statement
        assert statement is not None and statement["missing_slots"]


@pytest.mark.sqlite_only
def test_saying_urgent_mid_appraisal_goes_straight_to_the_statement(engine: Engine) -> None:
    chat = Chat(engine)
    assert "question" in types(chat.say("Zoom crashes when I share my screen"))
    reply = chat.say("c'est urgent")
    statement = last(reply, "statement").problem_statement
    assert statement is not None
    assert statement["urgency"] == "high" and "extent_count" in statement["missing_slots"]


@pytest.mark.sqlite_only
def test_the_payroll_case_is_urgent_with_its_business_need(engine: Engine) -> None:
    chat = Chat(engine)
    reply = chat.say(
        "The payroll export takes 30 minutes longer since Monday and payroll must run tomorrow"
    )
    if "answer" in types(reply):
        reply = chat.pick("no")
    for _ in range(4):
        if "statement" in types(reply):
            break
        reply = chat.say("the whole payroll team, we cannot run payroll")
    statement = last(reply, "statement").problem_statement
    assert statement is not None
    assert statement["urgency"] == "high"
    assert "tomorrow" in statement["business_need"]
    assert statement["priority"] in ("P1", "P2")
    assert any(e.get("feedback") for e in statement["kb_trail"]) or "answer" not in types(reply)


def test_a_restart_between_two_messages_continues_the_conversation(
    engine: Engine, db: Database, embedder: Embedder, tmp_path: Path
) -> None:
    Chat(engine).say("Zoom crashes when I share my screen")
    # a new process: new database handle, new search, new engine
    fresh_db = Database(db.url)
    search = KnowledgeSearch(
        fresh_db, load_settings().search, tmp_path / "index", embedder=embedder
    )
    chat = Chat(Engine(fresh_db, search))
    chat.n = 1
    reply = chat.say("talk to a human")
    statement = last(reply, "statement").problem_statement
    assert statement is not None and "Zoom" in statement["requester_verbatim"]
    fresh_db.dispose()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("garbage", ["", "   ", "\x00\x01\x02", "\x1b[2J\x07"])
def test_garbage_gets_a_clear_message_and_changes_nothing(engine: Engine, garbage: str) -> None:
    reply = Chat(engine).say(garbage)
    assert types(reply) == ["message"]
    assert reply[0].text


@pytest.mark.sqlite_only
def test_a_redelivered_message_is_answered_once(engine: Engine, db: Database) -> None:
    inbound = Inbound(user="U1", conversation="C9:9", text="talk to a human", dedupe_key="Ev1")
    assert engine.handle(inbound)
    assert engine.handle(inbound) == []
    send = Inbound(user="U1", conversation="C9:9", action="send", dedupe_key="Ev2")
    assert last(engine.handle(send), "handoff").ticket_id
    assert engine.handle(send) == []
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(TicketRow)) == 1
        inbound_rows = session.scalar(
            select(func.count()).select_from(MessageRow).where(MessageRow.direction == "in")
        )
        assert inbound_rows == 2


def test_messages_racing_into_one_new_conversation_are_all_kept(
    engine: Engine, db: Database
) -> None:
    """Two quick messages (or replicas) creating the same conversation: none is dropped."""
    texts = ["vpn down", "still down", "talk to a human", "it is urgent", "hello?", "anyone"]
    start = threading.Barrier(len(texts))

    def send(n: int) -> Outcome:
        start.wait()
        return engine.respond(
            Inbound(user="U1", conversation="C7:7", text=texts[n], dedupe_key=f"race-{n}")
        )

    with ThreadPoolExecutor(len(texts)) as pool:
        outcomes = list(pool.map(send, range(len(texts))))
    assert all(o.outbox_id is not None for o in outcomes)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ConversationRow)) == 1
        received = session.scalars(
            select(MessageRow.text).where(MessageRow.direction == "in")
        ).all()
    assert sorted(received) == sorted(texts)


@pytest.mark.sqlite_only
def test_a_choice_that_is_not_offered_is_refused(engine: Engine) -> None:
    reply = Chat(engine).pick("send")
    assert types(reply) == ["message"] and "no longer available" in reply[0].text


@pytest.mark.sqlite_only
def test_the_statement_can_be_corrected_field_by_field(engine: Engine) -> None:
    chat = Chat(engine)
    first = last(chat.say("talk to a human: Teams keeps crashing"), "statement")
    before = first.problem_statement
    assert before is not None
    fields = last(chat.pick("edit"), "question")
    assert "field:where" in [c.id for c in fields.choices]
    chat.pick("field:where")
    reply = chat.say("only on my laptop at home; my phone works fine")
    statement = last(reply, "statement").problem_statement
    assert statement is not None
    assert statement["spec"]["where"]["is"] == "only on my laptop at home; my phone works fine"
    assert statement["object"] == before["object"]  # fields not touched are not re-read
    assert statement["title"] == before["title"]
    assert last(chat.pick("send"), "handoff").ticket_id


@pytest.mark.sqlite_only
def test_a_french_incident_goes_to_a_french_statement(engine: Engine) -> None:
    chat = Chat(engine)
    reply = chat.say("Zoom plante quand je partage mon écran")
    assert any("?" in a.text for a in reply)
    reply = chat.say("parler à un humain")
    statement = last(reply, "statement")
    assert "Voici ce que je vais transmettre au support" in statement.text
    assert [c.label for c in statement.choices] == ["Envoyer au support", "Corriger"]


@pytest.mark.sqlite_only
def test_ambiguous_messages_offer_choices_that_say_what_differs(engine: Engine) -> None:
    chat = Chat(engine)
    reply = chat.say("wifi")
    choice = last(reply, "disambiguate")
    articles = [c for c in choice.choices if c.id.startswith("article:")]
    assert 2 <= len(articles) <= 3
    assert all("(" in c.label for c in articles)  # title plus distinguishing environment
    assert choice.choices[-1].id == "none"
    picked = chat.pick(articles[0].id)
    assert last(picked, "answer").article_id == articles[0].id.split(":", 1)[1]


@pytest.mark.sqlite_only
def test_hostile_text_is_kept_verbatim_for_the_adapter_to_neutralise(engine: Engine) -> None:
    reply = Chat(engine).say("<!channel> talk to a human, my VPN is down <@U123>")
    statement = last(reply, "statement").problem_statement
    assert statement is not None and "<!channel>" in statement["requester_verbatim"]


@pytest.mark.sqlite_only
def test_an_article_the_first_message_did_not_fit_needs_new_words_to_fit_later(
    engine: Engine,
) -> None:
    """From a newcomer's run: "is jira down for everyone?? getting 502 bad gateway", then
    "office. confluence works", got the Jira access article ("this article now fits")."""
    chat = Chat(engine)
    reply = chat.say("is jira down for everyone?? getting 502 bad gateway since like 10 min")
    assert "answer" not in types(reply)
    for said in (
        "can't update tickets, sprint review at 3pm. no workaround",
        "office. confluence works",
    ):
        reply = chat.say(said)
        assert "answer" not in types(reply), said
