"""The conversation as an employee lives it, on a fake searcher (no model): fast and exact."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from bot.conversation import Engine, State
from bot.conversation.answer import reply_query
from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.statement_view import render_statement, view
from handoff.answers import named_people, read_reply
from handoff.exposure import security_exposure
from handoff.extraction import extract_slots
from handoff.opening import opening_slots
from handoff.tables import TicketRow
from knowledge.article import Viewer
from knowledge.decision import Decision
from knowledge.search import SearchResult
from knowledge.transfer import import_path
from tests.conversation_kit import Chat, FakeSearch, answer_all, asked, last, row

FIXTURES = Path(__file__).parent.parent / "fixtures" / "articles"
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
ERROR_QUESTION = {"actual", "what_is_not", "where", "where_on_object"}


@pytest.fixture
def kb(db: Database) -> Database:
    with db.session() as session:
        import_path(session, FIXTURES, max_bytes=200_000, by="test")
    return db


def engine_for(db: Database, rules: dict[str, dict[str, float]] | None = None) -> Engine:
    return Engine(db, FakeSearch(rules))


# -- requests are requests -----------------------------------------------------------------


def test_a_name_given_while_articles_wait_is_who_the_request_is_for(kb: Database) -> None:
    rules = {"dossier": {"anyconnect-old": 0.62, "vpn-disconnects-wifi": 0.6}}
    chat = Chat(engine_for(kb, rules))
    chat.say(
        "Bonjour, il faudrait un accès au dossier partagé Compta pour notre nouvelle stagiaire "
        "qui arrive lundi"
    )
    assert row(kb).state == State.DISAMBIGUATING
    chat.say("Elle s'appelle Léa Martin, au service comptabilité")
    seen = answer_all(chat, {"request_why": "Pour préparer les rapprochements de la clôture."})
    st = last(seen, "statement").problem_statement
    assert st is not None and "Léa Martin" in st["request"]["for_whom"]
    done = chat.pick("send")
    said = " ".join(a.text for a in done)
    assert "« arrive lundi »" in said.replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("opening", "after_no", "shown"),
    [
        (
            "Hi, my second monitor stopped working after I moved desks this morning",
            "no, tried all that. the screen says no signal",
            "What happens (IS): stopped working; no signal",
        ),
        (
            "Bonjour, mon deuxième écran ne marche plus depuis ce matin",
            "non, j'ai tout essayé, écran noir",
            "Ce qui se passe (EST) : ne marche plus ; écran noir",
        ),
    ],
)
def test_the_symptom_said_with_the_no_makes_a_bare_fault_concrete(
    kb: Database, opening: str, after_no: str, shown: str
) -> None:
    """A newcomer's conversation: "no, tried all that. the screen says no signal" left the
    statement at "What happens: stopped working"; the symptom was only a note."""
    rules = {"monitor": {"anyconnect-old": 0.8}, "écran": {"anyconnect-old": 0.8}}
    chat = Chat(engine_for(kb, rules))
    chat.say(opening)
    chat.say(after_no)
    answer_all(chat, {})
    _shows_rows(chat, [shown])


@pytest.mark.parametrize(
    ("said", "why"),
    [
        (
            [
                "I need access to the finance shared drive",
                "I need the budget files for month-end close",
            ],
            "I need the budget files for month-end close",
        ),
        (
            [
                "J'ai besoin d'un accès au dossier partagé Contrôle de gestion",
                "C'est pour préparer les tableaux de la clôture mensuelle",
            ],
            "préparer les tableaux de la clôture mensuelle",
        ),
    ],
)
def test_a_reason_given_while_an_article_waits_is_why_the_request_is_needed(
    kb: Database, said: list[str], why: str
) -> None:
    """A newcomer's conversation: "I need the budget files for month-end close", typed under
    the shared-drive article, reached no field, and "What is it for?" was asked after the no."""
    rules = {"drive": {"anyconnect-old": 0.8}, "dossier": {"anyconnect-old": 0.8}}
    chat = Chat(engine_for(kb, rules))
    for text in said:
        chat.say(text)
    chat.pick(next(c.id for a in chat.last for c in a.choices if c.id.startswith("no")))
    seen = answer_all(chat, {"request_by_when": "by Friday"})
    assert "request_why" not in asked(seen)
    st = last(seen, "statement").problem_statement
    assert st is not None and why in st["request"]["why"]


@pytest.mark.parametrize(
    ("opening", "why", "shown"),
    [
        (  # where it is needed
            "Bonjour, nouveau chef d'équipe quai qui arrive lundi à l'entrepôt de Mâcon, faut lui "
            "créer ses accès WMS Reflex + un terminal RF svp",
            "Il remplace Karim qui part à la retraite.",
            ("Où : à l'entrepôt de Mâcon",),
        ),
        (  # how the requester manages meanwhile
            "Could I get a headset with a mic for home working? No rush, I use my own earphones "
            "in the meantime.",
            "For the daily calls with the Lyon team",
            ("Workaround", "earphones"),
        ),
    ],
)
def test_a_request_statement_shows_where_and_how_they_manage_meanwhile(
    kb: Database, opening: str, why: str, shown: tuple[str, ...]
) -> None:
    chat = Chat(engine_for(kb))
    chat.say(opening)
    st = last(answer_all(chat, {"request_why": why}), "statement").problem_statement
    assert st is not None and st["contact_type"] == "request"
    text = render_statement(st).replace("\u00a0", " ")
    assert all(words in text for words in shown)


def test_a_request_never_gets_a_diagnosis_and_keeps_its_answers(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    first = chat.say("I need a new laptop for a new hire starting Monday")
    questions = asked(first)
    assert questions and not set(questions) & ERROR_QUESTION
    seen = answer_all(
        chat,
        {
            "request_for_whom": "For Julie Martin, our new accountant",
            "request_by_when": "She starts on Monday the 12th",
            "request_why": "She needs it for the month-end close",
        },
    )
    assert not set(asked(seen)) & ERROR_QUESTION
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["contact_type"] == "request"
    assert "laptop" in st["request"]["what"]
    assert "new hire" in st["request"]["for_whom"] or "Julie" in st["request"]["for_whom"]
    assert "Monday" in st["request"]["by_when"]
    assert "month-end close" in st["request"]["why"]
    assert st["missing_slots"] == []
    assert "Error" not in render_statement(st)


def test_a_name_given_in_passing_joins_who_and_a_reason_typed_late_fills_why(
    kb: Database,
) -> None:
    chat = Chat(engine_for(kb))
    first = chat.say(
        "Bonjour, il me faudrait un accès en lecture au dossier partagé Contrôle de gestion "
        "pour notre nouvelle alternante"
    )
    # her name first: the access is made out to it
    assert asked(first) == ["request_for_whom", "request_by_when"]
    assert asked(chat.say("Elle s'appelle Léa Martin, elle arrive lundi prochain")) == [
        "request_why"
    ]
    st = last(chat.say("je ne sais pas"), "statement").problem_statement
    assert st is not None
    assert st["request"]["for_whom"] == "Léa Martin (notre nouvelle alternante)"
    assert st["request"]["by_when"] == "elle arrive lundi prochain"
    assert st["missing_slots"] == ["request_why"]
    # the reason, typed while the statement waits, fills "why" instead of becoming a note
    st = last(
        chat.say("Pour préparer les tableaux de bord mensuels"), "statement"
    ).problem_statement
    assert st is not None
    assert st["request"]["why"] == "Pour préparer les tableaux de bord mensuels"
    assert st["missing_slots"] == [] and not st["corrections"]
    # a note that answers nothing missing stays a note for support; thanks is no note
    st = last(chat.say("Merci beaucoup !"), "statement").problem_statement
    assert st is not None and st["corrections"] == []
    st = last(chat.say("Elle reprend le dossier de Paul"), "statement").problem_statement
    assert st is not None and st["corrections"] == ["Elle reprend le dossier de Paul"]


@pytest.mark.parametrize(
    ("said", "whom"),
    [
        ("Her name is Ana Lopez, she starts on the 14th", "Ana Lopez"),
        ("il s'appelle Jean de La Fontaine, il arrive demain", "Jean de La Fontaine"),
        ("It is for the audit, her name is on the list", None),
    ],
)
def test_a_named_person_in_a_request_reply_is_who_it_is_for(said: str, whom: str | None) -> None:
    reply = read_reply(["request_by_when", "request_why"], said)
    assert reply.slots.get("request_for_whom") == whom


def test_a_plain_question_the_kb_cannot_answer_goes_over_as_a_question(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    reply = chat.say("not urgent: how do I create a distribution list in Outlook?")
    assert "question" not in [a.type for a in reply]
    st = last(reply, "statement").problem_statement
    assert st is not None
    assert st["contact_type"] == "question"
    assert st["priority"] == "P5"
    assert "distribution list" in st["question"]


def test_a_question_without_a_deadline_is_asked_only_by_when_it_is_needed(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    first = chat.say("how do I add a new supplier in Oracle?")
    assert asked(first) == ["impact"]
    question = last(first, "question").text
    assert "by when do you need this" in question
    assert "workaround" not in question  # the incident wording does not fit a how-to
    reply = chat.say("I have to raise a PO for the caterer tomorrow")
    assert not asked(reply)
    st = last(reply, "statement").problem_statement
    assert st is not None
    assert st["contact_type"] == "question"
    assert (st["urgency"], st["priority"]) == ("medium", "P4")
    assert "caterer" in st["business_need"] + st["impact_said"]
    assert "raise a PO for the caterer" in render_statement(st)


def test_a_question_with_a_way_around_it_meanwhile_is_medium(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say("comment on scanne vers son mail sur le nouveau copieur Canon ?")
    reply = chat.say("Pas de date, en attendant je prends les pages en photo avec mon téléphone.")
    st = last(reply, "statement").problem_statement
    assert st is not None
    assert (st["urgency"], st["priority"]) == ("medium", "P4")
    assert "photo" in render_statement(st)


def test_a_question_is_not_repeated_as_its_own_business_need(kb: Database) -> None:
    reply = Chat(engine_for(kb)).say("how do I book a parking spot for a visitor next tuesday?")
    st = last(reply, "statement").problem_statement
    assert st is not None
    assert st["business_need"] == "" and st["priority"] == "P5"
    assert "Business need" not in render_statement(st)


@pytest.mark.parametrize(
    ("opening", "urgency", "priority"),
    [
        ("how do I recall an email in Outlook? the client opens it in an hour", "high", "P3"),
        ("Comment on fait un sondage dans Teams ? Je l'anime dans 1h", "high", "P3"),
        ("where is the board template? the deck is due tomorrow", "medium", "P4"),
        # tonight or first thing tomorrow leaves no working day to answer in
        ("comment on met le message d'absence ? je pars en congé ce soir", "high", "P3"),
        (
            "Comment exporter mes contacts de mon ancien téléphone ? On me le reprend demain matin.",
            "high",
            "P3",
        ),
        ("comment poser mes congés dans le SIRH ? je pars la semaine prochaine", "low", "P5"),
        # a meeting at a clock time is today, within hours
        (
            "comment exporter un rapport Salesforce en Excel ? j'en ai besoin pour la réunion "
            "de 14h",
            "high",
            "P3",
        ),
        (
            "how do I export a Salesforce report to Excel? I need it for the 2pm meeting",
            "high",
            "P3",
        ),
    ],
)
def test_a_question_that_says_when_it_is_needed_goes_over_at_once(
    kb: Database, opening: str, urgency: str, priority: str
) -> None:
    """A how-to stops nothing that used to work: urgent within hours, tonight or first thing
    tomorrow, not for some time tomorrow."""
    reply = Chat(engine_for(kb)).say(opening)
    assert not asked(reply)
    st = last(reply, "statement").problem_statement
    assert st is not None
    assert (st["contact_type"], st["urgency"], st["priority"]) == ("question", urgency, priority)


@pytest.mark.parametrize(
    ("opening", "reply", "shown", "absent"),
    [
        (
            "Hi, how do I share my Outlook calendar with my assistant?",
            "as soon as possible, she has to handle my meetings from Monday",
            "Business need: as soon as possible; she has to handle my meetings from Monday",
            "What depends on it: as soon as possible",
        ),
        (
            "Salut, comment je fais pour partager mon agenda Outlook avec mon assistante ?",
            "le plus vite possible, elle doit gérer mes rendez-vous à partir de lundi",
            "Besoin métier : le plus vite possible ; elle doit gérer mes rendez-vous",
            "Ce qui en dépend : le plus vite possible",
        ),
    ],
)
def test_as_soon_as_possible_says_when_a_question_is_needed_not_what_depends_on_it(
    kb: Database, opening: str, reply: str, shown: str, absent: str
) -> None:
    """A newcomer's conversation: "le plus vite possible, elle doit gérer mes rendez-vous" to
    "by when, and what depends on it?" read the haste as what depends on it, the urgency
    medium."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    st = last(chat.say(reply), "statement").problem_statement
    assert st is not None
    text = render_statement(st).replace("\u00a0", " ")
    assert shown in text and absent not in text
    assert st["urgency"] == "high"


# -- priority an analyst would give --------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "facts", "expected"),
    [
        (
            "URGENT the whole sales team cannot log in to Salesforce since 9am",
            {"impact": "We can't reach any customer record, no workaround"},
            {"P1", "P2"},
        ),
        (
            "Pas urgent, mais mon casque ne marche plus depuis hier",
            {"extent_count": "Juste moi", "impact": "Je prends mes appels sur le téléphone"},
            {"P5"},
        ),
        (
            "Payroll export fails since this morning for the three of us in payroll",
            {"impact": "Payroll must go out tomorrow and there is no workaround"},
            {"P1"},
        ),
    ],
)
def test_priorities_follow_extent_criticality_and_urgency(
    kb: Database, opening: str, facts: dict[str, str], expected: set[str]
) -> None:
    chat = Chat(engine_for(kb))
    chat.say(opening)
    st = last(answer_all(chat, facts), "statement").problem_statement
    assert st is not None
    assert st["priority"] in expected, st["priority_reason"]
    assert st["priority_reason"]


def test_no_workaround_raises_urgency_and_is_not_a_workaround(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say("Outlook crashes when I open an attachment since yesterday, only me")
    seen = answer_all(chat, {"impact": "I can't send the client proposals, no workaround"})
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["workaround"] == ""
    assert st["no_workaround"] is True
    assert st["urgency"] == "high"
    text = render_statement(st)
    assert "Workaround: none" in text and "Workaround: workaround" not in text


def test_the_three_of_us_are_not_only_me(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say("the three of us in payroll can't open Payflow since this morning")
    st = last(answer_all(chat, {"impact": "we can't pay anyone"}), "statement").problem_statement
    assert st is not None
    assert "three of us" in st["spec"]["extent"]["count"]
    assert st["impact"] in ("medium", "high")


# -- answers fill what was asked --------------------------------------------------------------


def test_the_reply_fills_the_asked_slot_even_when_rules_find_something() -> None:
    reply = read_reply(["what_is_not"], "My colleagues' badges work on the same reader, always")
    assert reply.slots["what_is_not"] == "My colleagues' badges work on the same reader, always"
    assert "extent_count" not in reply.slots and "when_pattern" not in reply.slots


def test_a_change_cut_out_of_an_answer_takes_its_preposition_along() -> None:
    reply = read_reply(
        ["when_first", "extent_count"],
        "started monday after the windows update I think. just me and Paul from finance",
    )
    assert reply.slots["when_first"] == "started monday I think"
    assert reply.slots["changes"] == "the windows update"
    assert read_reply(["when_first"], "depuis lundi, après la mise à jour").slots == {
        "when_first": "depuis lundi",
        "changes": "après la mise à jour",
    }


def test_two_questions_answered_in_two_sentences_fill_both(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    reply = chat.say("The HR printer shows 'Paper jam' on every job")
    pair = last(reply, "question").slots
    assert pair == ("when_first", "extent_count")
    chat.say("Since the toner change on Tuesday. Nobody in HR can print, about 12 people.")
    slots = row(kb).slots
    assert slots["when_first"] == "Since the toner change on Tuesday"
    assert slots["extent_count"] == "Nobody in HR can print, about 12 people"


@pytest.mark.parametrize("said", ["non", "No.", "nope", "oui !", "Non rien", "no, nothing"])
def test_a_bare_yes_or_no_names_no_place_and_no_start(said: str) -> None:
    """ "Where are you when it happens? Does it work elsewhere?" answered "non" leaves the
    place unknown: the statement never reads "Where: non"."""
    for asked_now in (["where"], ["when_first", "extent_count"]):
        reply = read_reply(asked_now, said)
        assert reply.slots == {}
        assert reply.unknown == asked_now
    assert read_reply(["changes"], said).slots["changes"] in said  # a yes/no question


def test_an_unknown_answer_is_not_asked_again(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say("The HR printer shows 'Paper jam' on every job")
    seen = answer_all(chat, {}, unknown="no idea, sorry")
    assert asked(seen).count("when_first") == 1
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert "when_first" in st["missing_slots"]
    assert "when it started" in render_statement(st)


def test_a_quick_reply_answers_its_question_and_the_other_stays_open(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    reply = chat.say("The printer on floor 3 jams on every job")
    pair = last(reply, "question").slots
    assert "extent_count" in pair and len(pair) == 2
    other = next(s for s in pair if s != "extent_count")
    again = chat.press("My team")
    assert row(kb).slots["extent_count"] == "My team"
    assert last(again, "question").slots == (other,)


# -- correcting the statement ------------------------------------------------------------------


def _to_statement(chat: Chat) -> dict[str, object]:
    chat.say("VPN disconnects every 5 minutes from home since Monday, only me")
    seen = answer_all(chat, {"impact": "I lose my calls, I use my phone hotspot meanwhile"})
    st = last(seen, "statement").problem_statement
    assert st is not None
    return st


def test_correcting_one_field_never_rereads_the_others(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    before = _to_statement(chat)
    reply = chat.correct(
        title=str(before["title"]),
        object=str(before["object"]),
        where="from home, on a phone hotspot",
    )
    after = last(reply, "statement").problem_statement
    assert after is not None
    assert after["object"] == before["object"]
    assert after["title"] == before["title"]
    assert after["spec"]["where"]["is"] == "from home, on a phone hotspot"
    assert row(kb).state == State.CONFIRMING


def test_a_corrected_field_is_shown_once(kb: Database) -> None:
    """A newcomer's conversation: after "Correct it" > "Who is affected", the statement also
    said "Also said by the requester: Who is affected: the whole store…", twice the same."""
    chat = Chat(engine_for(kb))
    _to_statement(chat)
    reply = chat.correct(extent_count="the whole store, 3 cashiers")
    after = last(reply, "statement").problem_statement
    assert after is not None and not after["corrections"]
    assert render_statement(after).count("the whole store, 3 cashiers") == 2  # row and priority


@pytest.mark.parametrize(
    ("field", "value", "error"), [("object", "", "empty"), ("title", "x" * 400, "150")]
)
def test_a_bad_correction_is_refused_field_by_field(
    kb: Database, field: str, value: str, error: str
) -> None:
    chat = Chat(engine_for(kb))
    before = _to_statement(chat)
    outcome = chat.engine.respond(
        __import__("bot.inbound", fromlist=["Inbound"]).Inbound(
            user="U1", conversation="C1:1", fields={field: value}, dedupe_key="fix-1"
        )
    )
    assert error in outcome.field_errors[field]
    assert row(kb).statement == before


def test_correcting_in_words_goes_field_by_field(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    _to_statement(chat)
    fields = chat.press("Correct")
    assert "where" in [c.id.split(":")[-1] for c in last(fields, "question").choices]
    chat.pick("field:where")
    reply = chat.say("at the Paris office, not from home")
    st = last(reply, "statement").problem_statement
    assert st is not None
    assert st["spec"]["where"]["is"] == "at the Paris office, not from home"
    assert st["object"] == "VPN"


# -- after a no: no guessing -------------------------------------------------------------------


def test_after_no_an_unrelated_runner_up_is_not_offered(kb: Database) -> None:
    rules = {"payroll": {"payroll-export-framed": 0.80, "unlock-account-admin": 0.55}}
    chat = Chat(engine_for(kb, rules))
    first = chat.say("the payroll export is very slow")
    assert last(first, "answer").article_id == "payroll-export-framed"
    after = chat.pick("no")
    assert "answer" not in [a.type for a in after]
    assert last(after, "question").slots


def test_after_no_articles_far_below_the_rejected_one_are_not_offered(kb: Database) -> None:
    """ "my vpn keeps dropping on the office wifi": the office Wi-Fi article (1.10) did not
    help, and "VPN slow at home" (0.72), "cannot connect from home" and "connect to the office
    Wi-Fi" were offered next, far below it (from a newcomer's run on the real model)."""
    rules = {
        "vpn": {
            "vpn-disconnects-wifi": 1.10,
            "anyconnect-old": 0.72,
            "outlook-error-0x800ccc0e": 0.61,
            "payroll-export-framed": 0.58,
            "printer-jam-draft": 0.39,
        }
    }
    chat = Chat(engine_for(kb, rules))
    assert last(chat.say("my vpn keeps dropping"), "answer").article_id == "vpn-disconnects-wifi"
    after = chat.pick("no")
    assert [a.type for a in after if a.type in ("answer", "disambiguate")] == []
    assert last(after, "question").slots


def test_after_no_a_close_runner_up_is_offered(kb: Database) -> None:
    rules = {
        "vpn": {"vpn-disconnects-wifi": 0.80, "anyconnect-old": 0.78, "printer-jam-draft": 0.3}
    }
    chat = Chat(engine_for(kb, rules))
    chat.say("my vpn keeps dropping")
    assert row(kb).state == State.DISAMBIGUATING
    chat.pick("article:vpn-disconnects-wifi")
    after = chat.pick("no")
    assert last(after, "answer").article_id == "anyconnect-old"


def test_after_no_several_runner_ups_are_offered_as_a_list_not_as_one(kb: Database) -> None:
    rules = {
        "vpn": {
            "vpn-disconnects-wifi": 0.92,
            "anyconnect-old": 0.78,
            "outlook-error-0x800ccc0e": 0.77,
            "printer-jam-draft": 0.3,
        }
    }
    chat = Chat(engine_for(kb, rules))
    assert last(chat.say("my vpn keeps dropping"), "answer").article_id == "vpn-disconnects-wifi"
    after = chat.pick("no")
    said = " ".join(a.text for a in after)
    assert row(kb).state == State.DISAMBIGUATING
    assert "Maybe this one instead" not in said and "Sorry about that." in said


def test_the_statement_names_what_was_tried_by_title_never_by_id(kb: Database) -> None:
    rules = {"payroll": {"payroll-export-framed": 0.80}}
    chat = Chat(engine_for(kb, rules))
    chat.say("the payroll export is very slow")
    chat.pick("no")
    seen = answer_all(chat, {}, unknown="no idea")
    statement = last(seen, "statement")
    assert statement.problem_statement is not None
    title = statement.problem_statement["kb_trail"][0]["titles"]["payroll-export-framed"]
    assert f"“{title}” did not help" in statement.text
    assert "payroll-export-framed" not in statement.text


def test_words_typed_while_choices_wait_reach_the_agent(kb: Database) -> None:
    rules = {"outlook": {"outlook-error-0x800ccc0e": 0.55, "vpn-disconnects-wifi": 0.52}}
    chat = Chat(engine_for(kb, rules))
    first = chat.say("Comment on crée une liste de diffusion dans Outlook pour mon équipe ?")
    assert "disambiguate" in [a.type for a in first]
    after = chat.say("Pas pressé, c'est pour la newsletter interne du mois prochain")
    st = last(after, "statement").problem_statement
    assert st is not None
    assert st["priority"] in ("P4", "P5")  # "pas pressé" was read
    assert "newsletter interne du mois prochain" in render_statement(st)
    assert "Précisé par le demandeur" in render_statement(st, "fr")


def test_free_text_while_an_answer_waits_never_reoffers_it(kb: Database) -> None:
    rules = {"vpn": {"vpn-disconnects-wifi": 0.85}}
    chat = Chat(engine_for(kb, rules))
    chat.say("my vpn keeps dropping")
    reply = chat.say("it happens on the vpn from the hotel too")
    assert all(a.article_id != "vpn-disconnects-wifi" for a in reply)


# -- French everywhere -------------------------------------------------------------------------


def test_a_french_statement_is_french_with_french_typography(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say("Le VPN se déconnecte toutes les 10 minutes en télétravail depuis lundi")
    seen = answer_all(
        chat,
        {
            "extent_count": "Toute mon équipe; on est 6",
            "impact": "Nos appels coupent, pas de contournement",
        },
        unknown="aucune idée",
    )
    statement = last(seen, "statement")
    for english in ("Impact high", "urgency", "Needs more data", "did not help", "first:"):
        assert english not in statement.text
    assert not SNAKE.search(statement.text)
    assert "\u00a0:" in statement.text and " :" not in statement.text.replace("\u00a0:", "")
    assert not re.search(r"[^\u00a0];", statement.text), statement.text
    chat.press("Envoyer")
    handoff = last(chat.last, "handoff")
    assert "heure" in handoff.text or "minutes" in handoff.text
    assert "business" not in handoff.text


# -- verdicts are never lost -------------------------------------------------------------------


def test_a_sentence_while_waiting_for_the_verdict_is_kept(kb: Database) -> None:
    from bot.desk import Desk

    engine = engine_for(kb)
    chat = Chat(engine)
    _to_statement(chat)
    chat.press("Send")
    ref = row(kb).ticket_ref
    assert ref
    desk = Desk(kb)
    desk.claim(ref, "UAGENT", "Agent One")
    desk.resolve(ref, "UAGENT", "Agent One", "Reinstalled the VPN client")
    assert row(kb).state == State.CONFIRMING_FIX
    reply = chat.say("I will try tomorrow morning from home")
    assert row(kb).state == State.CONFIRMING_FIX  # not a new conversation
    assert any(c.id == "fixed:yes" for a in reply for c in a.choices)
    chat.say("still broken this morning")
    assert row(kb).state == State.HANDED_OFF


# -- no row lock across a search ---------------------------------------------------------------


class LockProbe(FakeSearch):
    """A searcher that, while it searches, tries to change the conversation from outside."""

    def __init__(self, db: Database, rules: dict[str, dict[str, float]]) -> None:
        super().__init__(rules)
        self.db = db
        self.free: list[bool] = []

    def search(self, text: str, viewer: Viewer = Viewer.EMPLOYEE) -> SearchResult:
        with self.db.engine.connect() as connection:
            if self.db.is_sqlite:
                connection.exec_driver_sql("PRAGMA busy_timeout = 200")
            else:
                connection.exec_driver_sql("SET lock_timeout = '200ms'")
            try:
                connection.execute(
                    update(ConversationRow)
                    .where(ConversationRow.key == "C1:1")
                    .values(channel=ConversationRow.channel)
                )
                connection.commit()
                self.free.append(True)
            except OperationalError:
                self.free.append(False)
        return super().search(text, viewer)


def test_the_conversation_is_not_locked_while_the_model_searches(kb: Database) -> None:
    probe = LockProbe(kb, {"vpn": {"vpn-disconnects-wifi": 0.55}})
    chat = Chat(Engine(kb, probe))
    chat.say("The printer on floor 3 jams on every job")
    chat.say("Since this morning. The whole floor, about 30 people.")
    assert len(probe.free) >= 2 and all(probe.free)


def test_new_facts_typed_after_an_answer_never_bring_it_back_later(kb: Database) -> None:
    rules = {
        "laptop": {"vpn-disconnects-wifi": 0.85},
        "camille": {"printer-jam-draft": 0.55, "anyconnect-old": 0.54},
    }
    chat = Chat(engine_for(kb, rules))
    assert last(chat.say("I need a laptop for a new hire"), "answer").article_id
    second = chat.say("It is for Camille in HR, she starts Monday")
    assert "disambiguate" not in [a.type for a in second]  # near misses are not offered
    third = chat.say("She has interviews all week, and the laptop is urgent")
    shown = [a.article_id for a in (*second, *third) if a.type == "answer"]
    assert "vpn-disconnects-wifi" not in shown


def test_an_opening_too_short_to_tell_takes_the_language_of_the_reply(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say("Outlook :(")
    seen = answer_all(
        chat,
        {
            "actual": "Il affiche une erreur quand je l'ouvre, je ne peux pas lire mes mails",
            "when_first": "depuis ce matin",
            "extent_count": "que moi",
            "impact": "je ne peux pas répondre aux clients, pas de solution de rechange",
        },
    )
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["language"] == "fr"
    text = render_statement(st)
    assert "Workaround" not in text and "Priority" not in text


class _CloseButNotFitting(FakeSearch):
    """The fake search's scores, but the search decides none (as the real one does when the
    best article does not stand out from the rest)."""

    def search(self, text: str, viewer: Viewer = Viewer.EMPLOYEE) -> SearchResult:
        found = super().search(text, viewer)
        return SearchResult(query=text, decision=Decision.NONE, hits=found.hits, offered=0)


@pytest.mark.parametrize(("decided", "team"), [(False, ""), (True, "identity-team")])
def test_a_request_goes_to_the_team_of_an_article_the_search_found_close(
    kb: Database, decided: bool, team: str
) -> None:
    rules = {"badge": {"unlock-account-admin": 0.56, "mot-de-passe-oublie": 0.52}}
    search = FakeSearch(rules) if decided else _CloseButNotFitting(rules)
    chat = Chat(Engine(kb, search))
    chat.say("bonjour, il faut des badges et des comptes WMS pour 4 caristes qui arrivent lundi")
    if decided:  # two articles offered, neither is it: the closest one's team still owns it
        chat.pick("none")
    seen = answer_all(chat, {"request_why": "Renfort pour le pic de fin d'année."})
    st = last(seen, "statement").problem_statement
    assert st is not None and st["contact_type"] == "request"
    assert st["owning_team"] == team


@pytest.mark.parametrize("typed", ["envoyer", "Envoyez", "send it", "c'est bon"])
def test_typing_send_in_either_language_sends_the_statement(db: Database, typed: str) -> None:
    chat = Chat(engine_for(db))
    chat.say("l'imprimante du 2e étage ne marche plus depuis ce matin, on est 5 à ne plus imprimer")
    seen = answer_all(chat, {}, unknown="aucune idée")
    assert last(seen, "statement")
    chat.say(typed)
    assert row(db).state != State.CONFIRMING  # sent, not read as a correction


def test_no_idea_while_the_statement_waits_changes_nothing_and_opens_no_correction(
    kb: Database,
) -> None:
    chat = Chat(engine_for(kb))
    before = _to_statement(chat)
    reply = chat.say("No idea")
    shown = last(reply, "statement").problem_statement
    assert shown is not None and shown["corrections"] == before["corrections"] == []
    assert row(kb).state == State.CONFIRMING
    # a plain "no" still means the statement is wrong
    assert "field:where" in [c.id for c in last(chat.say("no"), "question").choices]


def test_a_french_request_goes_au_centre_de_services(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say(
        "Bonjour, il nous faudrait 3 licences Adobe Acrobat Pro pour l'équipe juridique, on doit "
        "signer les contrats du rachat avant le 15"
    )
    done = chat.press("Envoyer")
    told = " ".join(a.text for a in done)
    assert "Transmis au centre de services" in told and "à le" not in told


def test_an_urgent_opening_reads_its_fault_and_a_remark_fills_empty_fields(kb: Database) -> None:
    """A newcomer's store outage: the statement was titled "URGENT!!", with "the card
    terminals" as what happens, and the workaround and impact typed next became a note."""
    chat = Chat(engine_for(kb))
    shown = chat.say(
        "URGENT!! the card terminals at the Bristol store all went offline 10 min ago, customers "
        "queuing, we've rebooted the router already"
    )
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["title"] == "Card terminals – went offline (10 min ago)"
    assert st["spec"]["where"]["is"] == "at the Bristol store"
    assert st["actual"] == "went offline" and st["spec"]["when"]["first"] == "10 min ago"
    assert st["tried"] == "we've rebooted the router already"
    reply = chat.say("Taking cash only for now, we lose card sales every minute")
    st = last(reply, "statement").problem_statement
    assert st is not None
    assert st["workaround"] == "Taking cash only for now"
    assert "lose card sales" in st["impact_said"]
    assert st["corrections"] == []


@pytest.mark.parametrize(
    ("opening", "language"),
    [
        (
            "I clicked on a link in an email that looked like DocuSign and typed my password, "
            "what should I do?",
            "en",
        ),
        (
            "j'ai cliqué sur un lien dans un mail bizarre et j'ai mis mon mot de passe, je fais "
            "quoi ?",
            "fr",
        ),
    ],
)
def test_credentials_given_to_a_lure_are_handed_over_at_once_as_an_urgent_incident(
    kb: Database, opening: str, language: str
) -> None:
    """A newcomer's phishing click was handed over as a how-to question, P3, after "by when
    do you need this?": the security team must act before the password is used."""
    chat = Chat(engine_for(kb))
    st = last(chat.say(opening), "statement").problem_statement
    assert st is not None
    assert st["contact_type"] == "incident" and st["language"] == language
    assert st["priority"] == "P2" and st["urgency"] == "high"
    reason = st["priority_reason"]
    assert ("someone else's hands" in reason) if language == "en" else ("d'autres mains" in reason)
    assert "mot de passe" in reason or "password" in reason


@pytest.mark.parametrize(
    "opening",
    [
        "how do I report a phishing email? got a weird one from 'DHL'",
        "J'ai reçu un mail bizarre soi-disant de la direction qui me demande de payer une facture "
        "urgente. Je fais quoi ? Je n'ai rien cliqué.",
        "weird, I typed my password and it says wrong password",
    ],
)
def test_a_lure_nobody_acted_on_exposes_nothing(opening: str) -> None:
    assert security_exposure(opening) is None


# -- the impact question asks only what is still unknown ---------------------------------------


@pytest.mark.parametrize(
    ("opening", "team", "due", "stops", "asks", "never"),
    [
        (
            "The label printer in dispatch has stopped printing since 2pm, we can't ship any "
            "parcels",
            "Only our team, the 6 of us in dispatch",
            "DHL collects at 5pm and there's no other printer for these labels",
            "we can't ship any parcels",
            "Is there a deadline? Do you have a workaround?",
            "What can't you do",
        ),
        (
            "L'imprimante d'étiquettes du quai ne marche plus depuis 14h, on ne peut plus "
            "expédier les colis",
            "Toute l'équipe du quai, 6 personnes",
            "Le transporteur passe à 17h et on n'a pas d'autre imprimante",
            "on ne peut plus expédier les colis",
            "Y a-t-il une échéance ? Avez-vous un contournement ?",
            "empêche",
        ),
    ],
)
def test_what_it_stops_said_first_leaves_only_the_deadline_and_workaround_to_ask(
    kb: Database, opening: str, team: str, due: str, stops: str, asks: str, never: str
) -> None:
    """A newcomer said what the fault stops in their first message; the impact question used
    to be skipped, so the carrier's 5pm pickup and the lack of a workaround never reached the
    agent (or it asked again what the fault stops)."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    question = last(chat.say(team), "question")
    assert question.slots == ("impact",)
    assert question.text.replace("\xa0", " ") == asks and never not in question.text
    seen = chat.say(due)
    for _ in range(4):
        if seen[-1].type == "statement":
            break
        seen = chat.say("no idea" if opening.startswith("The") else "aucune idée")
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert stops in st["impact_said"]
    assert "5pm" in st["business_need"] or "17h" in st["business_need"]
    assert st["no_workaround"] and st["priority"] == "P2"


def test_an_answer_about_the_deadline_does_not_replace_what_it_stops(kb: Database) -> None:
    """'We lose quotes every hour' said first stays once the impact question's answer adds
    that there is no workaround (the answer used to replace it and the priority fell to P3)."""
    chat = Chat(engine_for(kb))
    chat.say(
        "The HubSpot forms on the website stopped sending leads since Thursday, we're losing "
        "quote requests every hour and the whole business is affected"
    )
    seen = answer_all(
        chat,
        {"impact": "No new leads for 4 days, no workaround, we don't even know who contacted us"},
    )
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert "losing quote requests" in st["impact_said"]
    assert "who contacted us" in st["impact_said"]
    assert st["priority"] == "P1"


def test_a_newcomers_teams_drops_keep_the_message_the_workaround_and_the_place(
    kb: Database,
) -> None:
    """A newcomer's conversation: the workaround read "demo at 3", the error message typed
    to the where question became the place, and the place typed next was lost."""
    chat = Chat(engine_for(kb))
    chat.say("hey, teams keeps kicking me out of calls every 10 minutes or so, started after lunch")
    chat.say("just me I think, Sarah next to me is fine")
    assert last(chat.say("I've got a client demo at 3 and I'm using my phone for now"), "question")
    shown = chat.say('it says "You\'ve been disconnected" and then rejoins')
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["workaround"] == "I'm using my phone for now"
    assert "You've been disconnected" in st["actual"] and not st["spec"]["where"]["is"]
    assert st["title"] == "Teams – keeps kicking me out of calls (started after lunch)"
    st = last(chat.say("I'm on the office wifi, 4th floor"), "statement").problem_statement
    assert st is not None
    assert st["spec"]["where"]["is"] == "the office wifi, 4th floor"


def test_an_error_message_typed_to_another_question_is_what_happens_in_french(
    kb: Database,
) -> None:
    chat = Chat(engine_for(kb))
    chat.say("Salut, mon Outlook se ferme tout seul depuis ce matin")
    chat.say("juste moi")
    assert asked(chat.say("pas d'échéance, j'utilise le webmail")) == ["where"]
    shown = chat.say("ça affiche « Outlook a cessé de fonctionner » puis ça se ferme")
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert "cessé de fonctionner" in st["actual"] and not st["spec"]["where"]["is"]
    assert st["workaround"] == "j'utilise le webmail"


def test_a_quoted_button_or_queue_name_is_not_an_error_message() -> None:
    assert read_reply(["changes"], "On a ajouté une file 'SAV Premium' hier soir").slots == {
        "changes": "On a ajouté une file 'SAV Premium' hier soir"
    }
    reply = read_reply(["where"], 'it says "You\'ve been disconnected" and then rejoins')
    assert reply.slots == {"actual": 'it says "You\'ve been disconnected" and then rejoins'}


def test_a_newcomers_request_names_who_it_is_for_without_when_they_arrive(kb: Database) -> None:
    """ "Pour : une nouvelle stagiaire qui arrive", "Pour le : arrive lundi", and her name typed
    next only as a note: the agent had to piece together who the laptop was for."""
    chat = Chat(engine_for(kb))
    shown = chat.say(
        "Bonjour, on a une nouvelle stagiaire qui arrive lundi, il lui faudrait un PC portable "
        "et un accès à Teams"
    )
    assert asked(shown) == ["request_for_whom"]  # her name: the laptop is made out to it
    shown = chat.say("Elle s'appelle Inès Moreau, elle rejoint l'équipe marketing")
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["request"]["for_whom"] == (
        "Inès Moreau, elle rejoint l'équipe marketing (une nouvelle stagiaire)"
    )
    assert "lundi" in st["request"]["by_when"]
    assert "Échéance" in render_statement(st, "fr")


@pytest.mark.parametrize(
    ("said", "ok"),
    [
        ("Yes, the update KB5034441 installed yesterday evening", "KB5034441"),
        ("Oui, et la mise à jour KB5034441 s'est installée hier soir", "KB5034441"),
    ],
)
def test_a_yes_that_adds_a_fact_sends_the_statement_with_it(
    kb: Database, said: str, ok: str
) -> None:
    """ "Yes, the update KB… installed yesterday evening" sent the ticket and dropped the fact."""
    chat = Chat(engine_for(kb))
    chat.say("URGENT my laptop won't boot since the Windows update, blue screen every time")
    assert chat.last[-1].type == "statement"
    handed = chat.say(said)
    assert last(handed, "handoff").ticket_id
    with kb.session() as session:
        ticket = session.scalars(select(TicketRow)).one()
        assert ok in " ".join(ticket.statement["corrections"]) and ok in ticket.summary


def test_no_real_workaround_is_no_workaround_and_waiting_is_not_one() -> None:
    for text in ("No real workaround, I just wait", "pas de vrai contournement, j'attends"):
        reply = read_reply(["impact"], text)
        assert "workaround" not in reply.slots and reply.slots["no_workaround"]


def test_who_a_request_is_for_said_to_the_when_and_why_questions_is_who_it_is_for(
    kb: Database,
) -> None:
    """ "For me, Tom Becker in Finance" became "Needed by", and "Sometime next week is fine"
    typed next was only a note."""
    chat = Chat(engine_for(kb))
    chat.say("Hi, I need admin rights on my laptop to install Python for a data project")
    assert asked(chat.last) == ["request_by_when", "request_why"]
    st = last(chat.say("For me, Tom Becker in Finance"), "statement").problem_statement
    assert st is not None
    assert st["request"]["for_whom"] == "me, Tom Becker in Finance"
    assert not st["request"].get("by_when")
    st = last(chat.say("Sometime next week is fine"), "statement").problem_statement
    assert st is not None
    assert st["request"]["by_when"] == "Sometime next week is fine"


@pytest.mark.parametrize(
    ("text", "whom", "by_when"),
    [
        ("C'est pour moi, Tom Becker, à la compta", "moi, Tom Becker, à la compta", None),
        ("pour ma collègue Léa, elle arrive lundi", "ma collègue Léa", "elle arrive lundi"),
    ],
)
def test_who_it_is_for_comes_first_and_the_rest_answers_the_questions(
    text: str, whom: str, by_when: str | None
) -> None:
    reply = read_reply(["request_by_when", "request_why"], text)
    assert reply.slots["request_for_whom"] == whom
    assert reply.slots.get("request_by_when") == by_when


def test_a_french_how_to_is_asked_what_depends_on_it_and_is_not_its_own_workaround(
    kb: Database,
) -> None:
    """ "Contournement : comment je fais pour récupérer un fichier supprimé… ?" (the question
    read as a way round, so nothing was asked) and "Concerne : fais pour récupérer…"."""
    chat = Chat(engine_for(kb))
    shown = chat.say(
        "comment je fais pour récupérer un fichier supprimé sur le SharePoint de l'équipe ?"
    )
    assert asked(shown) == ["impact"]
    shown = chat.say("c'est urgent, j'ai écrasé le budget 2027 et la réunion est à 14h")
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert not st["workaround"]
    assert st["object"] == "récupérer un fichier supprimé sur le SharePoint de l'équipe"
    assert "14h" in st["business_need"]


def test_a_no_that_adds_a_fact_is_a_note_not_a_correction(kb: Database) -> None:
    """ "non, jamais eu ce souci avant" typed while the statement waited opened the field
    picker; and "je peux travailler sur l'écran du portable" was what it stops."""
    chat = Chat(engine_for(kb))
    chat.say("Bonjour, mon écran externe clignote depuis que j'ai changé de bureau")
    chat.say("seulement moi")
    chat.say("c'est pénible mais je peux travailler sur l'écran du portable, rien d'urgent")
    st = last(chat.say("au siège, 4e étage, bureau 412"), "statement").problem_statement
    assert st is not None
    assert st["workaround"] == "je peux travailler sur l'écran du portable"
    shown = chat.say("non, jamais eu ce souci avant")
    st = last(shown, "statement").problem_statement
    assert st is not None and st["corrections"] == ["non, jamais eu ce souci avant"]
    assert [c.id for c in last(chat.say("non, le lieu est faux"), "question").choices]


def test_a_sales_team_slowdown_keeps_its_head_count_need_and_a_no_that_is_a_fact(
    kb: Database,
) -> None:
    """ "What it stops: about 15 of us", "Where: we need those reports", and "no, nothing
    changed as far as I know" while the statement waited opened the correction menu."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Hello, Salesforce is really slow for the whole sales team since this morning, reports "
        "take forever to load"
    )
    chat.say("about 15 of us")
    shown = chat.say(
        "we have the quarterly review with the CEO tomorrow at 9 and we need those reports, "
        "no workaround"
    )
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["spec"]["extent"]["count"] == "the whole sales team; about 15 of us"
    assert "15" not in st["impact_said"] and "reports" not in st["spec"]["where"]["is"]
    assert st["no_workaround"] and "quarterly review" in st["business_need"]
    st = last(chat.say("no, nothing changed as far as I know"), "statement").problem_statement
    assert st is not None and "nothing changed" in " ".join(st["corrections"])


def test_what_no_question_took_reaches_the_agent() -> None:
    reply = read_reply(
        ["where", "what_is_not"],
        "we have the quarterly review with the CEO tomorrow at 9 and we need those reports, "
        "no workaround",
    )
    assert "where" not in reply.slots and reply.unread == ["we need those reports"]


@pytest.mark.parametrize(
    ("opening", "team", "asks"),
    [
        (
            "Outlook keeps asking for my password since this morning, webmail works fine",
            "just me",
            "What can't you do because of this? Is there a deadline?",
        ),
        (
            "Outlook me redemande mon mot de passe en boucle depuis ce matin, le webmail marche",
            "juste moi",
            "Qu'est-ce que cela vous empêche de faire ? Y a-t-il une échéance ?",
        ),
    ],
)
def test_what_works_said_first_is_not_asked_again_as_a_workaround(
    kb: Database, opening: str, team: str, asks: str
) -> None:
    chat = Chat(engine_for(kb))
    assert asked(chat.say(opening)) == ["extent_count"]
    question = last(chat.say(team), "question")
    assert question.slots == ("impact",)
    assert question.text.replace("\xa0", " ") == asks


def test_contractors_named_and_their_reason_reach_who_and_why(kb: Database) -> None:
    """ "For: 3 new Jira", the contractors' names filed as why, and the reason typed next
    left as a note under "Still unknown: what it is for"."""
    chat = Chat(engine_for(kb))
    chat.say("We need 3 new Jira licences for the contractors joining the mobile team on the 15th")
    assert asked(chat.last) == ["request_why"]
    st = last(
        chat.say("They're from Accenture: Raj Patel, Ana Silva and Tom Wu"), "statement"
    ).problem_statement
    assert st is not None
    assert st["request"]["for_whom"].startswith("the contractors")
    assert "Raj Patel" in st["request"]["for_whom"] and not st["request"].get("why")
    reason = "They'll be working on the checkout redesign, it has to ship by end of January"
    st = last(chat.say(reason), "statement").problem_statement
    assert st is not None and st["request"]["why"] == reason


def test_a_french_screen_request_reads_why_who_and_by_when_as_said(kb: Database) -> None:
    """ "Contournement : Je fais beaucoup de tableaux Excel" (the reason), "Pour : pour moi",
    and "Pourquoi : dans les 2 semaines ça ira"."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Bonjour, est-ce que je peux avoir un deuxième écran ? Je fais beaucoup de tableaux Excel"
    )
    st = last(chat.say("pour moi, au service achats"), "statement").problem_statement
    assert st is not None
    assert st["request"]["why"] == "Je fais beaucoup de tableaux Excel" and not st["workaround"]
    assert st["request"]["for_whom"] == "moi, au service achats"
    st = last(chat.say("pas pressé, dans les 2 semaines ça ira"), "statement").problem_statement
    assert st is not None and "2 semaines" in st["request"]["by_when"]


def test_a_question_is_titled_by_what_it_asks_not_by_hi(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say("hi! where can I find the holiday calendar for 2027?")
    st = last(chat.say("no rush, just planning my leave"), "statement").problem_statement
    assert st is not None and st["title"] == "Where can I find the holiday calendar for 2027?"


def test_a_date_said_to_the_why_question_is_by_when() -> None:
    reply = read_reply(["request_why"], "pas pressé, dans les 2 semaines ça ira")
    assert reply.slots == {
        "request_by_when": "dans les 2 semaines ça ira",
        "not_urgent": "pas pressé",
    }


def test_new_hires_who_arrive_are_no_reason_and_their_names_join_who_it_is_for(
    kb: Database,
) -> None:
    """ "Pourquoi : les nouvelles juristes qui arrivent" filled the reason (so it was never
    asked), and the three names typed next stayed a note beside "Pour : les nouvelles juristes"."""
    chat = Chat(engine_for(kb))
    shown = chat.say(
        "Bonjour, je dois commander 3 licences Adobe Acrobat Pro pour les nouvelles juristes "
        "qui arrivent le 15 janvier"
    )
    assert asked(shown) == ["request_why"]
    shown = chat.say("elles doivent signer et annoter des contrats dès leur arrivée")
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["request"]["why"] == "elles doivent signer et annoter des contrats dès leur arrivée"
    shown = chat.say("pour Claire Dupont, Inès Martin et Paul Girard, service juridique")
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["request"]["for_whom"] == (
        "les nouvelles juristes, Claire Dupont, Inès Martin et Paul Girard"
    )
    assert "service juridique" in " ".join(st["corrections"])


@pytest.mark.parametrize(
    ("said", "whom"),
    [
        ("Raj Patel and Ana Silva, both in Finance", "Raj Patel and Ana Silva"),
        ("pour Paul Girard", "Paul Girard"),
        ("Thanks Paul", None),
        ("Microsoft Teams and Google Drive please", None),
    ],
)
def test_people_named_in_a_remark_are_read_as_names_and_products_are_not(
    said: str, whom: str | None
) -> None:
    assert named_people(said) == whom


def test_a_head_count_said_to_another_question_is_who_is_affected() -> None:
    """ "night shift is 12 people, day shift seems fine" to "does anything similar work?" was
    all read as what works."""
    reply = read_reply(["what_is_not"], "night shift is 12 people, day shift seems fine")
    assert reply.slots == {
        "extent_count": "night shift is 12 people",
        "what_is_not": "day shift seems fine",
    }
    kept = read_reply(["what_is_not"], "12 people on the day shift are fine")
    assert kept.slots == {"what_is_not": "12 people on the day shift are fine"}
    # to a request's "for whom?", a head count is who it is for
    whom = read_reply(["request_for_whom"], "mostly our team of 15")
    assert whom.slots == {"request_for_whom": "mostly our team of 15"}


def test_whenever_it_happens_is_not_whenever_you_can() -> None:
    assert "not_urgent" not in extract_slots("Deskbird crashes whenever I want to book a desk")
    assert extract_slots("whenever you can, no rush").get("not_urgent")


@pytest.mark.parametrize(
    ("scores", "shown_next"),
    [
        # the details still point to the article shown: no new guess, questions instead
        ({"vpn-disconnects-wifi": 0.9, "anyconnect-old": 0.7}, None),
        # the details point elsewhere: the article they point to is offered
        ({"vpn-disconnects-wifi": 0.62, "anyconnect-old": 0.8}, "anyconnect-old"),
    ],
)
def test_details_added_under_an_answer_offer_a_new_article_only_if_they_point_to_it(
    kb: Database, scores: dict[str, float], shown_next: str | None
) -> None:
    """ "all 4 zebra printers in dispatch, the office printers are ok", typed under the
    print-queue article, was answered with the office-printer article: first among the
    articles not shown yet, far behind the one shown."""
    rules = {
        "vpn": {"vpn-disconnects-wifi": 0.9},
        "anyconnect": scores,
    }
    chat = Chat(engine_for(kb, rules))
    first = chat.say("my VPN keeps dropping on the office wifi")
    assert last(first, "answer").article_id == "vpn-disconnects-wifi"
    reply = chat.say("it's the AnyConnect client on my laptop, my phone is fine")
    if shown_next is None:
        # no new guess: the article shown is still the answer, so its verdict is asked once
        assert "answer" not in [a.type for a in reply]
        assert "still looks like the answer" in reply[-1].text
        more = chat.say("it drops every hour, I reconnect by hand")
        assert "answer" not in [a.type for a in more]
        assert asked(more)
    else:
        assert last(reply, "answer").article_id == shown_next


def test_the_warehouse_label_printers_reach_the_agent_as_said(kb: Database) -> None:
    """A newcomer's conversation: "no workaround, handwritten labels aren't accepted by the
    carrier" read "Workaround: handwritten labels aren't accepted…"; it is none, and why."""
    chat = Chat(engine_for(kb))
    first = chat.say(
        "hey, since the network maintenance last night none of the label printers in the "
        "warehouse print anything, jobs just vanish from the queue"
    )
    assert "impact" in asked(first)
    shown = answer_all(
        chat,
        {
            "impact": "we can't ship, trucks leave at 4pm and we have about 200 orders "
            "waiting. no workaround, handwritten labels aren't accepted by the carrier",
            "what_is_not": "the office printers are ok",
            "expected": "they should print the shipping labels",
        },
    )
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["workaround"] == "" and st["no_workaround"]
    rendered = render_statement(st, "en")
    assert "Workaround: none (handwritten labels aren't accepted by the carrier)" in rendered
    assert st["priority"] == "P1"


def test_other_things_said_to_be_fine_are_what_works_not_a_workaround() -> None:
    """ "the office printers are ok" said to the impact question was taken for a way round."""
    reply = read_reply(["impact"], "all 4 zebra printers in dispatch, the office printers are ok")
    assert reply.slots["what_is_not"] == "the office printers are ok"
    assert "workaround" not in reply.slots
    # the one thing used instead stays the workaround
    kept = read_reply(["impact"], "I can't send invoices, the webmail is fine so I use that")
    assert "webmail" in kept.slots["workaround"] and "what_is_not" not in kept.slots


@pytest.mark.parametrize(
    ("asked_now", "said", "expected"),
    [
        # what works and a place, said to another question, go to their own fields
        (
            ["impact"],
            "c'est l'accueil du siège à Nantes, les autres postes sonnent normalement",
            {
                "where": "l'accueil du siège à Nantes",
                "what_is_not": "les autres postes sonnent normalement",
            },
        ),
        (
            ["extent_count"],
            "juste moi, les autres postes sonnent normalement",
            {"extent_count": "juste moi", "what_is_not": "les autres postes sonnent normalement"},
        ),
        # what it stops and the way round, said to "does anything similar work?"
        (
            ["what_is_not"],
            "on rate tous les appels clients, je les rappelle depuis mon portable perso en attendant",
            {
                "impact": "on rate tous les appels clients",
                "workaround": "je les rappelle depuis mon portable perso en attendant",
            },
        ),
        # a colleague who connects fine is what works, not who is affected
        (
            ["when_first", "extent_count"],
            "Ce matin à 9h. Je suis seule apparemment, ma collègue en télétravail se connecte "
            "sans souci",
            {
                "when_first": "Ce matin à 9h",
                "extent_count": "Je suis seule apparemment",
                "what_is_not": "ma collègue en télétravail se connecte sans souci",
            },
        ),
    ],
)
def test_answers_given_to_another_question_reach_their_own_field(
    asked_now: list[str], said: str, expected: dict[str, str]
) -> None:
    """A newcomer's French conversation about the reception's desk phone: the place and what
    works, said to the impact question, were read as the impact and the workaround; the
    missed calls and the callback from a mobile, said to "what works?", were what works."""
    assert read_reply(asked_now, said).slots == expected


def test_a_till_that_declines_cards_and_a_file_overwritten_by_mistake_read_as_said() -> None:
    """A newcomer's conversations: "keeps declining every card" was not read as what happens
    (the IS row held "the card terminal at till 2"), "tills 1 and 3 work fine" became "tills
    1", "écrasé par erreur" titled a question "erreur sur le SharePoint", and "je l'ai écrasé
    ce matin" said to the impact question was its workaround."""
    till = opening_slots(
        "URGENT - the card terminal at till 2 in the Lyon store keeps declining every card "
        "since 10am, cash only now",
        "incident",
    )
    assert till["actual"] == "keeps declining every card"
    assert till["workaround"] == "cash only now"
    assert extract_slots("just till 2, tills 1 and 3 work fine")["what_is_not"] == (
        "tills 1 and 3 work fine"
    )
    asked_how = opening_slots(
        "Bonjour, comment je fais pour récupérer un fichier Excel que j'ai écrasé par erreur "
        "sur le SharePoint ?",
        "question",
    )
    assert "actual" not in asked_how
    reply = read_reply(
        ["impact"], "c'est le fichier budget 2027 de l'équipe, je l'ai écrasé ce matin"
    )
    assert reply.slots == {"impact": "c'est le fichier budget 2027 de l'équipe"}
    assert reply.unread == ["je l'ai écrasé ce matin"]


def test_a_french_vpn_conversation_answered_out_of_turn_reaches_its_fields(kb: Database) -> None:
    """A newcomer's French conversation where the employee says what matters, not what was
    asked: the place became the impact, colleagues without the problem the workaround, "on
    est 5" what should happen, "même après avoir oublié le réseau" when it began."""
    chat = Chat(engine_for(kb))
    chat.say("mon VPN se déconnecte toutes les 5 minutes quand je suis sur le wifi du bureau")
    for said in (
        "ça coupe toujours, même après avoir oublié le réseau",
        "je suis au 4e étage, bâtiment B, les collègues du 2e n'ont pas le souci",
        "on est 5 dans l'open space à l'avoir",
        "je peux pas tenir mes visios clients, je passe en 4G sur mon téléphone en attendant",
    ):
        shown = chat.say(said)
    st = last(shown, "statement").problem_statement
    assert st is not None
    spec = st["spec"]
    # colleagues on another floor: where it does not happen
    assert spec["where"]["is_not"] == "les collègues du 2e n'ont pas le souci"
    assert spec["where"]["is"] == "sur le wifi du bureau; 4e étage, bâtiment B"
    assert spec["extent"]["count"] == "on est 5 dans l'open space à l'avoir"
    assert not spec["when"]["first"]  # "ça coupe toujours" says no time
    assert st["tried"] == "même après avoir oublié le réseau"
    assert st["impact_said"] == "je peux pas tenir mes visios clients"
    assert st["workaround"] == "je passe en 4G sur mon téléphone en attendant"
    assert st["priority"] == "P3"


@pytest.mark.parametrize(
    ("asked_now", "said", "expected"),
    [
        (["when_first"], "idk, started today", {"when_first": "started today"}),
        (
            ["expected", "where"],
            "nope just me, teammates are fine",
            {"extent_count": "just me", "what_is_not": "teammates are fine"},
        ),
        (
            ["what_is_not", "changes"],
            "yes i reinstalled it already, same thing",
            {"tried": "i reinstalled it already"},
        ),
    ],
)
def test_slack_style_answers_are_read_for_what_they_say(
    asked_now: list[str], said: str, expected: dict[str, str]
) -> None:
    """A newcomer's Zoom conversation: "idk, started today" was "no idea" (and the start
    listed as still unknown), "nope just me, teammates are fine" was what should happen, and
    "same thing" after a reinstall was what works."""
    assert read_reply(asked_now, said).slots == expected


def test_an_emoji_ends_what_was_said_before_it() -> None:
    """ "zoom keeps crashing when i share my screen 😩 client call in 20 min": the business
    need was the whole message, mention included, and the step ran into the client call."""
    slots = opening_slots(
        "<@U0BOT> zoom keeps crashing when i share my screen 😩 client call in 20 min",
        "incident",
    )
    assert slots["deadline"] == "client call in 20 min"
    assert slots["actual"] == "keeps crashing when i share my screen"
    assert slots["where_on_object"] == "when i share my screen"


def test_someone_standing_in_gets_access_for_themselves_with_a_date_not_no_deadline(
    kb: Database,
) -> None:
    """A newcomer's French request: "Je remplace Julie Morel … à partir du 4 janvier" asked
    "for whom?", took "moi, Karim Benali" for a note, and gave "aucune échéance donnée"."""
    chat = Chat(engine_for(kb))
    shown = chat.say(
        "Bonjour, serait-il possible d'avoir un accès en lecture au dossier Contrats sur le "
        "serveur commun ? Je remplace Julie Morel pendant son congé maternité à partir du 4 "
        "janvier"
    )
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["request"]["for_whom"] == "moi"
    assert "congé maternité" in st["request"]["why"]
    assert "4 janvier" in st["priority_reason"] and "aucune échéance" not in st["priority_reason"]
    shown = chat.say("moi, Karim Benali, service achats")
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["request"]["for_whom"] == "moi, Karim Benali"
    assert "service achats" in " ".join(st["corrections"])


def test_just_curious_is_no_rush_and_no_impact() -> None:
    reply = read_reply(["impact"], "not urgent, just curious")
    assert reply.slots == {"not_urgent": "not urgent"}
    assert extract_slots("just curious, no idea if it's allowed").get("not_urgent")


def test_the_projector_conversation_asks_nothing_said_and_takes_a_typed_field_name(
    kb: Database,
) -> None:
    """A newcomer's conversation: "other laptops work" in the first message was asked again
    ("Does a similar app … work fine?"), "it should display my screen" said to that question
    became what works, and typing "Where" to pick the field to correct became a note."""
    chat = Chat(engine_for(kb))
    first = chat.say(
        "the projector in meeting room Everest shows no signal with my laptop since this "
        "morning, other laptops work"
    )
    seen = answer_all(
        chat,
        {
            "extent_count": "just me",
            "impact": "I have a board presentation at 2pm, no workaround",
            "expected": "it should display my screen when I plug HDMI",
        },
    )
    assert "what_is_not" not in [*asked(first), *asked(seen)]
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["spec"]["what"]["is_not"] == "other laptops work"
    chat.pick("edit")
    prompt = chat.say("Where")
    assert "meeting room Everest" in prompt[-1].text
    shown = chat.say("6th floor, room Everest")
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert st["spec"]["where"]["is"] == "6th floor, room Everest"


def test_what_should_happen_said_to_another_question_is_what_is_expected() -> None:
    reply = read_reply(["what_is_not"], "it should display my screen when I plug HDMI")
    assert reply.slots == {"expected": "it should display my screen when I plug HDMI"}
    reply = read_reply(["where"], "normalement ça s'affiche tout seul")
    assert reply.slots == {"expected": "normalement ça s'affiche tout seul"}


def test_a_french_store_slowdown_after_a_greeting_reads_its_fault_and_what_works(
    kb: Database,
) -> None:
    """A newcomer's conversation: after "Bonjour à tous, alors voilà :" the fault read "à
    tous", the other stores without the problem were asked about again, and "des clients
    partent sans acheter" said to that question became what works."""
    chat = Chat(engine_for(kb))
    first = chat.say(
        "Bonjour à tous, alors voilà : depuis lundi notre logiciel de caisse (Lightspeed) met "
        "30 secondes à valider chaque paiement par carte au magasin de Lille, les clients "
        "râlent et la file s'allonge le samedi. Les autres magasins n'ont pas l'air d'avoir le "
        "problème. On a redémarré le routeur et les TPE, rien n'y fait."
    )
    seen = answer_all(
        chat,
        {
            "extent_count": "3 caisses sur 3",
            "impact": "on perd des ventes, des clients partent sans acheter",
            "expected": "le paiement passe en 2 ou 3 secondes",
        },
        unknown="aucune idée",
    )
    assert "what_is_not" not in [*asked(first), *asked(seen)]
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["actual"] == "met 30 secondes à valider chaque paiement par carte"
    assert st["spec"]["what"]["is_not"] == (
        "Les autres magasins n'ont pas l'air d'avoir le problème"
    )
    assert st["title"].startswith("Logiciel de caisse (Lightspeed) – met 30 secondes")
    reply = read_reply(["what_is_not"], "on perd des ventes, des clients partent sans acheter")
    assert reply.slots == {"impact": "on perd des ventes, des clients partent sans acheter"}


@pytest.mark.parametrize(
    ("said", "reply_has"),
    [
        ("hello", "What can I help you with?"),
        ("<@U0BOT> hi", "What can I help you with?"),
        ("help", "What can I help you with?"),
        ("Bonjour !", "Que puis-je faire pour vous"),
        ("thanks!", "You're welcome"),
        ("👍", "You're welcome"),
        # from the help-desk traffic: thanks that also say it worked got a list of articles
        ("ok super, ça marche, merci beaucoup 🙏", "Avec plaisir"),
        ("thx that worked 👍", "You're welcome"),
        ("merci pour ton aide hier 👍", "Avec plaisir"),
    ],
)
def test_a_greeting_or_thanks_alone_gets_a_word_back_not_questions(
    kb: Database, said: str, reply_has: str
) -> None:
    """ "hello" was appraised ("Which exact application… is affected?") and "merci !" after a
    solved answer opened a new problem with the same questions."""
    chat = Chat(engine_for(kb))
    reply = chat.say(said)
    assert [a.type for a in reply] == ["message"]
    assert reply_has in reply[0].text.replace("\u00a0", " ")
    assert row(kb).state == State.NEW
    started = chat.say("my VPN keeps dropping on the office wifi")
    assert asked(started)  # the real message is appraised as usual


def test_thanks_after_a_solved_answer_does_not_reopen_the_conversation(kb: Database) -> None:
    chat = Chat(engine_for(kb, {"mot de passe": {"mot-de-passe-oublie": 0.9}}))
    shown = chat.say("j'ai oublié mon mot de passe")
    assert last(shown, "answer").article_id == "mot-de-passe-oublie"
    chat.pick("yes")
    assert row(kb).state == State.RESOLVED
    reply = chat.say("merci !")
    assert [a.type for a in reply] == ["message"]
    assert "Avec plaisir" in reply[0].text
    assert row(kb).state == State.RESOLVED


@pytest.mark.parametrize(
    "said",
    [
        "oui merci, et pour Outlook qui affiche l'erreur 0x800ccc0e, je fais comment ?",
        "yes thanks! also, how do I fix Outlook error 0x800ccc0e?",
    ],
)
def test_a_yes_that_asks_something_else_closes_the_answer_and_begins_the_next(
    kb: Database, said: str
) -> None:
    """A newcomer's "oui merci, et pour les dossiers partagés, je fais comment ?" under "Did
    this solve it?" was taken for a bare yes: the second question was never looked at."""
    rules = {
        "mot de passe": {"mot-de-passe-oublie": 0.9},
        "0x800ccc0e": {"outlook-error-0x800ccc0e": 0.9},
    }
    chat = Chat(engine_for(kb, rules))
    assert last(chat.say("j'ai oublié mon mot de passe"), "answer").article_id == (
        "mot-de-passe-oublie"
    )
    reply = chat.say(said)
    assert reply[0].type == "message" and "vous a aidé" in reply[0].text  # the yes is kept
    assert last(reply, "answer").article_id == "outlook-error-0x800ccc0e"
    assert row(kb).state == State.AWAITING_FEEDBACK


def test_an_error_message_said_with_the_impact_answer_is_what_happens() -> None:
    """Said out of turn, after what it stops: "It pops up 'gateway not responding'…" was read
    as part of the impact."""
    reply = read_reply(
        ["impact"],
        "Every drop kills my Teams calls. It pops up 'GlobalProtect disconnected: gateway not "
        "responding' and reconnects after a minute or so.",
    )
    assert "gateway not responding" in reply.slots["actual"]
    assert "gateway" not in reply.slots.get("impact", "")


def test_the_statement_benchmark_can_have_the_employee_volunteer_a_fact() -> None:
    """`benchmarks.statements --volunteer`: each answer also says one fact not asked for."""
    from benchmarks import statements

    row = {
        "facts": {"object": "Outlook", "expected": "It should open", "actual": "it crashes"},
        "gold": {"fields": {"object": ["outlook"], "expected": ["should open"]}},
        "language": "en",
    }
    said = statements.fold("outlook is broken")
    assert statements._volunteered(row, ("actual",), said) == "It should open"
    assert statements._volunteered(row, ("expected",), said) == "it crashes"


def test_the_second_floor_printer_reads_its_head_count_and_what_works(kb: Database) -> None:
    """From `./scripts/run` on a fresh clone: "on est une dizaine au 2e à l'utiliser, celle du
    3e marche" was "une personne" (P3 where ten people and a 5 pm deadline make it P2), the
    3rd floor printer that works was part of who is affected, and "merci" became a note."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Bonjour à tous, depuis ce matin l'imprimante du 2e étage affiche « Erreur 49.4C02 » et "
        "plus rien ne sort"
    )
    seen = answer_all(
        chat,
        {
            "extent_count": "on est une dizaine au 2e à l'utiliser, celle du 3e marche",
            "impact": "on imprime au 3e en attendant mais on a les contrats à envoyer avant 17h",
        },
        unknown="aucune idée",
    )
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["spec"]["extent"]["count"] == "on est une dizaine au 2e à l'utiliser"
    assert st["spec"]["what"]["is_not"] == "celle du 3e marche"
    assert st["impact"] == "medium"
    shown = chat.say("merci")
    st = last(shown, "statement").problem_statement
    assert st is not None and st["corrections"] == []


def test_a_colleague_with_the_same_dock_who_is_fine_is_what_works() -> None:
    reply = read_reply(["impact"], "just me, my colleague has the same dock and it's fine")
    assert reply.slots == {
        "extent_count": "just me",
        "what_is_not": "my colleague has the same dock and it's fine",
    }


def test_facts_said_with_a_no_to_the_article_are_kept_and_not_asked_again(kb: Database) -> None:
    """ "no, I don't know if others have it. it started monday after my move. I need the scans
    for contracts that are due thursday" to "Did this solve it?": everything after the "no"
    was dropped, who is affected was asked again, and the statement said the deadline was
    unknown."""
    chat = Chat(engine_for(kb, {"vpn": {"vpn-disconnects-wifi": 0.9}}))
    chat.say("my vpn keeps dropping at home since the update")
    after_no = chat.say(
        "no, I don't know if others have it. It started monday after the update. I need it "
        "for the contracts that are due thursday"
    )
    assert "extent_count" not in asked(after_no)
    seen = answer_all(chat, {"impact": "I can't reach the file server"})
    statement = last(seen, "statement").problem_statement
    assert statement is not None
    shown = render_statement(statement)
    assert "thursday" in shown
    assert "monday" in shown.casefold()


@pytest.mark.parametrize(
    "text",
    [
        "ok I tried that but it still fails",
        "yes I did all the steps, still the same error",
        "oui j'ai fait les étapes mais ça ne marche toujours pas",
        "thanks but it doesn't work",
    ],
)
def test_a_yes_that_says_it_still_fails_is_a_no(kb: Database, text: str) -> None:
    """ "ok I tried that but it still fails" closed the conversation as solved."""
    chat = Chat(engine_for(kb, {"vpn": {"vpn-disconnects-wifi": 0.9}}))
    chat.say("my vpn keeps dropping at home")
    reply = chat.say(text)
    assert row(kb).state != State.RESOLVED
    assert asked(reply) or any(a.type == "answer" for a in reply)


def test_details_that_the_shown_article_still_answers_ask_its_verdict_again(
    kb: Database,
) -> None:
    """ "Elle doit pouvoir accepter les réunions à ma place" under the calendar-delegate
    article got "Je n'ai pas encore d'article qui réponde à cette question", though the
    article shown was still the one that fits (from a newcomer's run on the real model)."""
    chat = Chat(engine_for(kb, {"vpn": {"vpn-disconnects-wifi": 0.9}}))
    chat.say("my vpn keeps dropping on the office wifi")
    reply = chat.say("it happens every hour or so, I have to reconnect by hand")
    assert [a.type for a in reply] == ["message"]
    assert reply[0].article_id is None  # the article itself is not shown again
    assert "still looks like the answer" in reply[0].text
    assert {c.label for c in reply[0].choices} >= {"Yes, solved", "No, not solved"}
    assert row(kb).state == State.AWAITING_FEEDBACK
    chat.press("Yes, solved")
    assert row(kb).state == State.RESOLVED


def test_a_question_whose_deadline_was_said_is_not_asked_by_when(kb: Database) -> None:
    """ "je pars le 20, donc avant le 19 idéalement", then "pour quand en avez-vous besoin ?"."""
    chat = Chat(engine_for(kb))
    chat.say("Bonjour, comment on partage un agenda Outlook avec une collègue ?")
    assert row(kb).state == State.APPRAISING
    reply = chat.say("je pars le 20, il me le faut avant le 19 idéalement")
    assert last(reply, "statement").problem_statement is not None


def test_a_newcomers_scanner_conversation_reads_as_the_agent_needs_it(kb: Database) -> None:
    """From a newcomer's run: "on the" was left in what happens, and a colleague whose scans
    arrive was the workaround (and lowered urgency)."""
    chat = Chat(engine_for(kb))
    chat.say("hi, the scanner on the 3rd floor sends my scans to some old email address, not mine")
    facts = {
        "when_first": "yesterday, after they replaced the machine",
        "extent_count": "only me I think",
        "impact": "only me I think, Lea next to me gets hers fine. I need to send signed "
        "contracts to a client by 5pm today",
    }
    seen = answer_all(chat, facts)
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["actual"] == "sends my scans to some old email address"
    assert st["title"].startswith("Scanner – sends my scans")
    assert st["workaround"] == "" and "workaround" not in st["priority_reason"]
    assert st["urgency"] == "high"  # the 5pm deadline, no way round
    assert "Lea next to me gets hers fine" in st["spec"]["what"]["is_not"]


def test_an_outage_without_a_way_round_is_urgent_and_says_why(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say(
        "nobody in the Nantes warehouse can log into the WMS since 7am, handhelds just say "
        '"authentication server unavailable"'
    )
    facts = {
        "impact": "trucks are waiting, we can't pick any orders. no workaround, everything is "
        "scanned",
        "extent_count": "about 30 people, the whole morning shift",
    }
    st = last(answer_all(chat, facts), "statement").problem_statement
    assert st is not None
    assert (st["priority"], st["urgency"]) == ("P1", "high")
    text = render_statement(st, "en")
    assert "Workaround: none (everything is scanned)" in text
    assert "Who is affected: nobody in the Nantes warehouse" in text


def test_what_should_happen_typed_at_the_statement_fills_expected(kb: Database) -> None:
    """From a newcomer's run: "it should just stay signed in", typed once the statement came,
    was only a note though "What should normally happen?" had been asked."""
    chat = Chat(engine_for(kb))
    chat.say("my outlook keeps asking for my password every 10 min since this morning")
    answer_all(chat, {"extent_count": "just me", "impact": "I can still use outlook on the web"})
    st = last(chat.say("it should just stay signed in"), "statement").problem_statement
    assert st is not None
    assert st["expected"] == "it should just stay signed in" and st["corrections"] == []


def test_a_car_park_badge_reads_what_fails_its_day_and_the_way_round(kb: Database) -> None:
    """From a newcomer's run: "car park" was read as the French "car" (because), so what
    happens lost "the car park barrier"; "since monday morning" said later was dropped for
    "this week"; "…and wait 10 min" was what it stops instead of part of the way round."""
    chat = Chat(engine_for(kb))
    chat.say(
        "hey, my badge stopped opening the car park barrier this week, the main door still "
        "works with it"
    )
    facts = {
        "extent_count": "just me as far as I know",
        "impact": "I have to ring the guard every morning and wait 10 min, so I'm late for "
        "my 8:30 standup",
        "where": "since monday morning, I park at the Lyon site, level -1 entrance",
    }
    st = last(answer_all(chat, facts), "statement").problem_statement
    assert st is not None
    assert st["actual"] == "stopped opening the car park barrier"
    assert "since monday morning" in st["spec"]["when"]["first"]
    assert st["workaround"] == "I have to ring the guard every morning and wait 10 min"
    assert "wait 10 min" not in st["impact_said"] + st["business_need"]


@pytest.mark.parametrize(
    ("said", "because"),
    [
        ("il me faut un nouvel écran car le mien clignote", "car le mien clignote"),
        ("I need a parking pass for the car park by monday", None),
    ],
)
def test_the_french_car_is_a_reason_and_the_english_car_is_not(
    said: str, because: str | None
) -> None:
    assert extract_slots(said).get("request_why") == because


def test_a_screen_it_spins_on_is_what_happens_not_a_way_round() -> None:
    said = (
        "We can't run the month-end calls from the app. It spins on 'We're setting things up "
        "for you' and then says 'We couldn't connect. Error caa70004'."
    )
    found = read_reply(["impact"], said).slots
    assert "workaround" not in found
    assert "It spins on 'We're setting things up for you'" in found["actual"]
    assert "Error caa70004" in found["actual"]


def test_a_french_printer_named_by_its_maker_reads_as_the_agent_needs_it(kb: Database) -> None:
    """From a newcomer's run: "la Ricoh du 2e" was not seen as the printer (so which device
    was asked), "depuis ce matin" led what happens and the queue was lost, "mais c'est loin"
    became what it stops, "celle du 1er" made the way round a deadline, and a power cut said
    to another question became what should happen."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Bonjour, depuis ce matin impossible d'imprimer sur la Ricoh du 2e, ça reste en "
        "attente dans la file"
    )
    facts = {
        "extent_count": "toute la compta, on est 6",
        "impact": "on doit envoyer les relances clients aujourd'hui avant 16h, pour l'instant "
        "on imprime sur celle du 1er mais c'est loin",
        "expected": "non rien de spécial, ah si, il y a eu une coupure de courant hier soir",
        "where": "non rien de spécial, ah si, il y a eu une coupure de courant hier soir",
        "what_is_not": "non rien de spécial, ah si, il y a eu une coupure de courant hier soir",
    }
    seen = answer_all(chat, facts)
    assert "object" not in asked(seen)
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["object"] == "Ricoh"
    # the floor is where it happens (a printer named by its make, like "l'imprimante du 2e")
    assert st["actual"] == "impossible d'imprimer sur la Ricoh, ça reste en attente dans la file"
    assert st["spec"]["where"]["is"] == "2e"
    assert st["workaround"] == "pour l'instant on imprime sur celle du 1er mais c'est loin"
    assert "celle du 1er" not in st["business_need"] and "loin" not in st["impact_said"]
    assert st["changes"] == ["il y a eu une coupure de courant hier soir"]
    assert st["expected"] == ""


def test_what_a_way_round_lacks_stays_with_it_and_why_it_matters_does_not() -> None:
    slow = read_reply(["impact"], "we use the browser but it takes ages").slots
    assert slow["workaround"] == "we use the browser but it takes ages"
    market = read_reply(["impact"], "On tient mais c'est le jour du marché, il y a du monde")
    assert "marché" not in market.slots.get("workaround", "")


def test_the_ask_said_again_after_its_date_is_a_note_not_the_date() -> None:
    known = {"request_what": "une nouvelle file d'attente dans le SVI avec un message d'accueil"}
    reply = read_reply(
        ["request_by_when"],
        "En place et testé pour le 7 janvier. Une file Soldes dans le SVI Genesys avec un "
        "message d'accueil dédié et un débordement après 3 minutes.",
        known,
    )
    assert reply.slots["request_by_when"] == "En place et testé pour le 7 janvier"
    assert reply.unread == [
        "Une file Soldes dans le SVI Genesys avec un message d'accueil dédié et un débordement "
        "après 3 minutes."
    ]


def test_a_purpose_said_before_the_ask_is_why_without_the_ask() -> None:
    slots = opening_slots(
        "Bonjour, pour la campagne des soldes d'hiver on aurait besoin d'une nouvelle file "
        "d'attente dans le SVI",
        "request",
    )
    assert slots["request_why"] == "la campagne des soldes d'hiver"


def test_the_same_access_as_a_colleague_is_a_note_beside_why(kb: Database) -> None:
    """From a newcomer's run: "same permissions as her would be great" was part of why."""
    chat = Chat(engine_for(kb))
    chat.say(
        "hi, could someone give our new designer Tom Becker access to the Figma team "
        "workspace? he starts on Monday"
    )
    seen = chat.say(
        "he'll be working on the app redesign with Sara, same permissions as her would be great"
    )
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["request"]["why"] == "he'll be working on the app redesign with Sara"
    assert st["corrections"] == ["same permissions as her would be great"]


def test_when_a_file_was_overwritten_is_no_deadline_and_the_question_drops_its_greeting(
    kb: Database,
) -> None:
    """From a newcomer's run: "je l'ai écrasé ce matin vers 10h" was the deadline (urgency
    high, "échéance vers 10h") and the question asked kept its "salut,"."""
    chat = Chat(engine_for(kb))
    chat.say(
        "salut, comment je fais pour récupérer un fichier excel que j'ai écrasé par erreur sur "
        "le drive partagé ?"
    )
    seen = chat.say("c'est le fichier du planning des astreintes, je l'ai écrasé ce matin vers 10h")
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["urgency"] == "low" and "10h" not in st["business_need"]
    assert st["corrections"] == ["je l'ai écrasé ce matin vers 10h"]
    assert st["question"].startswith("Comment je fais pour récupérer un fichier excel")


@pytest.mark.parametrize(
    ("said", "due"),
    [
        ("I overwrote it this morning at 10am", None),
        ("we have a meeting at 3pm", "we have a meeting at 3pm"),
        ("I promised it to the client at 3pm", "I promised it to the client at 3pm"),
        # when a change came, said to "what changed recently?": no due date
        ("We got the new Office 365 build on Monday I think.", None),
        ("On a eu la nouvelle version lundi dernier", None),
        ("we got a deadline on friday", "we got a deadline on friday"),
    ],
)
def test_a_time_something_was_done_this_morning_is_no_deadline(said: str, due: str | None) -> None:
    assert extract_slots(said).get("deadline") == due


def test_a_slow_shared_drive_keeps_how_slow_and_the_head_count_said_later(kb: Database) -> None:
    """From a newcomer's run: "opening a 2MB excel takes like 3 minutes" was only in the
    verbatim, and "the whole floor ~25 people" gave "~25 people" to nobody."""
    chat = Chat(engine_for(kb))
    chat.say(
        "@relais the shared drive is super slow for everyone in the London office since lunch, "
        "opening a 2MB excel takes like 3 minutes"
    )
    chat.say(
        "it's getting worse, at first it was just a few of us now it's the whole floor ~25 people"
    )
    st = row(kb).slots
    assert st["actual"] == "super slow, opening a 2MB excel takes like 3 minutes"
    assert st["extent_count"].endswith("the whole floor ~25 people")
    assert st["extent_trend"].endswith("getting worse")


@pytest.mark.parametrize("asked_now", [["impact"], ["what_is_not", "changes"], ["where"]])
def test_a_growing_head_count_said_to_another_question_is_who_and_the_trend(
    asked_now: list[str],
) -> None:
    said = (
        "it's getting worse, at first it was just a few of us now it's the whole floor ~25 people"
    )
    found = read_reply(asked_now, said).slots
    assert found["extent_trend"].endswith("getting worse")
    assert found["extent_count"].endswith("the whole floor ~25 people")
    assert not {"impact", "what_is_not", "where"} & set(found)


@pytest.mark.parametrize(
    ("said", "why", "note"),
    [
        (
            "même profil que Marc Petit svp, c'est pour qu'elle puisse suivre ses clients dès "
            "son arrivée",
            "c'est pour qu'elle puisse suivre ses clients dès son arrivée",
            "même profil que Marc Petit svp",
        ),
        (
            "he'll be working on the app redesign with Sara, same permissions as her would be great",
            "he'll be working on the app redesign with Sara",
            "same permissions as her would be great",
        ),
    ],
)
def test_the_access_to_copy_said_with_why_is_a_note_in_either_order(
    said: str, why: str, note: str
) -> None:
    reply = read_reply(["request_why"], said, {"request_what": "un compte Salesforce"})
    assert reply.slots == {"request_why": why}
    assert reply.unread == [note]


def test_re_enrolling_is_already_tried_and_a_but_splits_what_it_stops_from_what_works() -> None:
    """From a newcomer's run after an Okta article did not help: "I already re-enrolled it
    twice" was only a note, and "I can't approve logins … but the code works so not blocking"
    was what works, cut at "so"."""
    tried = read_reply(
        ["when_first", "extent_count"],
        "I already re-enrolled it twice, notifications are allowed in settings, still nothing. "
        "I can still use the 6-digit code from the app",
    ).slots
    assert tried["tried"] == "I already re-enrolled it twice"
    assert tried["workaround"] == "I can still use the 6-digit code from the app"
    split = read_reply(
        ["what_is_not", "changes"],
        "I can't approve logins from my laptop quickly but the code works so not blocking",
    ).slots
    assert split == {
        "impact": "I can't approve logins from my laptop quickly",
        "what_is_not": "the code works",
        "not_urgent": "not blocking",
    }


def test_a_quoted_calendar_name_is_not_what_happens_and_what_still_works_is_read(
    kb: Database,
) -> None:
    """From a newcomer's run: 'calendar "Marketing Events" disappeared from Outlook' gave
    'What happens: "Marketing Events"', and "the others still see it", "on the web it's
    there" were only notes, so what works was asked again."""
    chat = Chat(engine_for(kb))
    seen = chat.say(
        'Hello! Our team\'s shared calendar "Marketing Events" disappeared from Outlook for 3 '
        "of us this morning, the others still see it"
    )
    seen += chat.say("we are on Outlook desktop, on the web it's there")
    assert "what_is_not" not in asked(seen)
    slots = row(kb).slots
    assert slots["actual"] == "disappeared from Outlook"
    assert slots["what_is_not"].startswith("the others still see it")
    assert extract_slots('Outlook says "Cannot open your default e-mail folders"')["actual"] == (
        '"Cannot open your default e-mail folders"'
    )


def test_urgent_tills_keep_their_place_and_sending_everyone_to_another_is_the_way_round(
    kb: Database,
) -> None:
    """From a newcomer's run: "Où : 2 et 3 au magasin de Rennes" lost "caisse", and "on envoie
    tout le monde là-bas" (to the till that works) was who is affected."""
    chat = Chat(engine_for(kb))
    chat.say(
        "URGENT: impossible d'encaisser en caisse 2 et 3 au magasin de Rennes, le TPE affiche "
        '"transaction refusée" pour toutes les cartes depuis 14h'
    )
    seen = chat.say(
        "les clients font la queue, on perd des ventes. La caisse 1 marche encore, on envoie "
        "tout le monde là-bas"
    )
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["spec"]["where"]["is"] == "caisse 2 et 3 au magasin de Rennes"
    assert st["workaround"] == "on envoie tout le monde là-bas"
    assert "tout le monde" not in st["spec"]["extent"]["count"]
    assert st["spec"]["what"]["is_not"] == "La caisse 1 marche encore"


def test_another_way_round_after_or_joins_the_first() -> None:
    found = read_reply(
        ["impact"],
        "On envoie tout le monde au 2e comptoir, ça fait la queue, ou on fait des feuilles de "
        "soins papier.",
    ).slots
    assert found["workaround"] == (
        "On envoie tout le monde au 2e comptoir; ou on fait des feuilles de soins papier"
    )
    assert found["impact"] == "ça fait la queue"


def test_how_much_it_hurts_is_no_way_round() -> None:
    """From a newcomer's run: "the laptop screen alone is painful" was the workaround."""
    found = read_reply(
        ["impact"], "no rush, I work from home 3 days a week and the laptop screen alone is painful"
    ).slots
    assert "workaround" not in found
    assert found["impact"] == "the laptop screen alone is painful"


def test_a_greeting_is_not_part_of_what_fails_and_sharing_from_the_browser_is_what_works(
    kb: Database,
) -> None:
    """From a newcomer's run: "Affected: yo teams (screen)", and "i can join from the browser
    and share from there, works fine" said to "where are you?" became the place."""
    slots = opening_slots(
        "yo teams keeps crashing when i share my screen in meetings, since the update "
        "yesterday. super annoying, i have a client demo at 3",
        "incident",
    )
    assert slots["object"] == "teams"
    for said in (
        "i can join from the browser and share from there, works fine",
        "je peux partager depuis le navigateur, ça marche bien",
    ):
        assert read_reply(["where"], said).slots == {"what_is_not": said}


@pytest.mark.parametrize(
    ("said", "who"),
    [
        (
            "je suis seule à la compta aujourd'hui, les autres sont en congés",
            "je suis seule à la compta aujourd'hui",
        ),
        ("I'm the only one in accounts today", "I'm the only one in accounts today"),
        ("je suis seule à pouvoir valider les virements", None),
    ],
)
def test_being_the_only_one_says_who_is_affected(said: str, who: str | None) -> None:
    """From a newcomer's run: "je suis seule à la compta aujourd'hui" was followed by "Êtes-vous
    seul(e) concerné(e) ?"."""
    assert extract_slots(said).get("extent_count") == who


def test_urgent_inside_what_it_stops_stays_in_it() -> None:
    found = read_reply(["impact"], "I can't report urgent CTs, one is a query stroke.").slots
    assert found["impact"] == "I can't report urgent CTs"


def test_a_software_request_is_titled_by_what_it_asks_and_its_reason_keeps_its_object(
    kb: Database,
) -> None:
    """From a newcomer's run: "Request: Adobe – can't do", "Why: …; the free reader can't do"."""
    chat = Chat(engine_for(kb))
    chat.say(
        "can I get Adobe Acrobat Pro installed? I need to edit and sign PDFs for contracts, the "
        "free reader can't do it"
    )
    seen = chat.say("asap if possible, I've got 3 contracts to send back by Thursday")
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["title"] == "Adobe Acrobat Pro installed"
    assert st["request"]["why"].endswith("the free reader can't do it")


def test_details_under_a_list_do_not_promote_the_article_ranked_behind_it(kb: Database) -> None:
    """From a newcomer's run: "pas pressé, c'est pour mes mails clients", typed under a list of
    three Outlook articles for an email signature question, answered with scan to email: third
    in the new search, behind two articles of the list, clear only once they were set aside."""
    rules = {
        "signature": {
            "acces-boite-partagee": 0.7,
            "calendrier-delegation": 0.68,
            "outlook-synchro-bloquee": 0.66,
        },
        "mails": {"acces-boite-partagee": 0.75, "outlook-synchro-bloquee": 0.74, "scan": 0.72},
    }
    chat = Chat(engine_for(kb, rules))
    first = chat.say("comment je fais pour ajouter une signature dans Outlook ?")
    assert first[-1].type == "disambiguate"
    reply = chat.say("pas pressé, c'est pour mes mails clients")
    assert "answer" not in [a.type for a in reply]


@pytest.mark.parametrize(
    ("said", "happens"),
    [
        (
            "<!channel> <@U123ABC> the intranet is down for everyone, 502 bad gateway since 10:15",
            "is down; 502 bad gateway",
        ),
        (
            "le portail RH affiche 503 service unavailable depuis ce matin",
            "affiche 503 service unavailable",
        ),
    ],
)
def test_an_http_error_shown_is_part_of_what_happens(said: str, happens: str) -> None:
    """From a newcomer's run: "What happens: is down", the 502 it showed left out."""
    assert opening_slots(said, "incident")["actual"] == happens


def test_what_was_updated_is_not_what_fails_and_the_work_one_does_is_no_way_round(
    kb: Database,
) -> None:
    """From a newcomer's run: "Concerne : jour Windows" for a second screen staying black
    since the Windows update, and "je bosse sur des plans" was the workaround."""
    slots = opening_slots(
        "Salut, depuis la mise à jour Windows d'hier mon deuxième écran reste noir quand je "
        "branche le portable sur le dock",
        "incident",
    )
    assert slots["object"] == "deuxième écran"
    assert slots["changes"] == "depuis la mise à jour Windows d'hier"
    assert extract_slots("since the Teams update my headset is not detected")["object"] == (
        "headset"
    )
    plans = read_reply(
        ["impact"],
        "je bosse sur des plans, avec un seul écran c'est galère mais je peux travailler",
    ).slots
    assert "workaround" not in plans
    webmail = read_reply(["impact"], "Je travaille sur le webmail, c'est moins pratique.").slots
    assert webmail["workaround"] == "Je travaille sur le webmail"


@pytest.mark.parametrize(
    "said",
    ["je dois attendre qu'un collègue m'ouvre", "I have to wait for a colleague to let me in"],
)
def test_having_to_wait_for_someone_is_a_way_round_not_that_it_can_wait(said: str) -> None:
    """From a newcomer's run: "je dois attendre qu'un collègue m'ouvre" (a badge refused) was
    read as "it can wait": P5."""
    found = read_reply(["impact"], said).slots
    assert "not_urgent" not in found
    assert found["workaround"] == said


def test_two_problems_in_one_message_ask_which_blocks_most_and_keep_the_answer(
    kb: Database,
) -> None:
    """From a newcomer's run: "2 soucis : mon badge … et en plus l'imprimante …" never got the
    question (the detection counted as its answer), and "l'imprimante ça peut attendre" would
    have made the badge ticket "can wait"."""
    chat = Chat(engine_for(kb))
    first = chat.say(
        "bonjour, 2 soucis : mon badge ne marche plus à la porte du 4e et en plus l'imprimante "
        'du 4e me dit "toner bas" depuis une semaine'
    )
    assert asked(first) == ["concerns"]
    said = "c'est surtout le badge qui m'embête, l'imprimante ça peut attendre"
    seen = chat.say(said)
    seen += answer_all(
        chat, {"extent_count": "que moi", "impact": "je dois attendre qu'un collègue m'ouvre"}
    )
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["corrections"][0] == said
    assert st["urgency"] != "low" and "not_urgent" not in row(kb).slots


@pytest.mark.parametrize(
    "opening",
    [
        "OneDrive ne synchronise plus, et de plus en plus de fichiers restent en attente",
        "il nous faudrait 2 licences Salesforce en plus pour les nouveaux commerciaux",
    ],
)
def test_more_and_more_or_two_more_is_not_a_second_problem(opening: str) -> None:
    assert "concerns" not in extract_slots(opening)


def test_a_piece_cut_at_its_comma_drops_its_and() -> None:
    """From a newcomer's run on a fresh clone: "Ce qui fonctionne : et les autres imprimantes
    marchent"."""
    found = read_reply(["where"], "rien n'a changé, et les autres imprimantes marchent").slots
    assert found == {
        "changes": "rien n'a changé",
        "what_is_not": "les autres imprimantes marchent",
    }


@pytest.mark.parametrize(
    ("said", "place"),
    [
        (
            "at least 4 of us near the kitchen, the people on the other side of the floor "
            "seem fine",
            "the people on the other side of the floor seem fine",
        ),
        (
            "on est 4 près de la cuisine, les gens de l'autre côté de l'étage n'ont pas de souci",
            "les gens de l'autre côté de l'étage n'ont pas de souci",
        ),
    ],
)
def test_people_elsewhere_being_fine_is_where_it_does_not_happen(said: str, place: str) -> None:
    """From a newcomer's run: "Who is affected: at least 4 of us near the kitchen, the people
    on the other side of the floor seem fine"."""
    found = read_reply(["extent_count"], said).slots
    assert found["where_is_not"] == place
    assert place not in found["extent_count"]


@pytest.mark.parametrize(
    ("said", "way", "stops"),
    [
        (
            "we keep losing calls on teams, i'm plugging in a cable for now but the others "
            "don't have one",
            "i'm plugging in a cable for now but the others don't have one",
            "we keep losing calls on teams",
        ),
        (
            "on perd les appels teams, je me branche en filaire mais les autres n'ont pas de câble",
            "je me branche en filaire mais les autres n'ont pas de câble",
            "on perd les appels teams",
        ),
    ],
)
def test_a_way_round_others_cannot_use_stays_one_way_round(said: str, way: str, stops: str) -> None:
    """From a newcomer's run: "What it stops: we keep losing calls on teams, the others don't
    have one"."""
    found = read_reply(["impact"], said).slots
    assert found["workaround"] == way
    assert found["impact"] == stops


@pytest.mark.parametrize("said", ["wired works fine yes", "oui le filaire marche bien oui"])
def test_a_trailing_yes_is_not_part_of_what_works(said: str) -> None:
    found = read_reply(["what_is_not"], said).slots
    assert not re.search(r"\b(?:yes|oui)$", found["what_is_not"])


@pytest.mark.parametrize(
    ("opening", "message"),
    [
        (
            "Bonjour, je n'arrive plus à me connecter à Concur pour mes notes de frais, ça me "
            "dit identifiant ou mot de passe incorrect alors que c'est le même que Windows",
            "ça me dit identifiant ou mot de passe incorrect",
        ),
        (
            "I can't log in to Concur, it says wrong username or password even though it's the "
            "same as Windows",
            "it says wrong username or password",
        ),
        ("cannot open the shared drive, I get access denied", "I get access denied"),
    ],
)
def test_a_message_said_without_quotes_is_part_of_what_happens(opening: str, message: str) -> None:
    """From a newcomer's run: "ça me dit identifiant ou mot de passe incorrect" was only in the
    verbatim; the agent read "n'arrive plus à me connecter à Concur"."""
    actual = opening_slots(opening, "incident")["actual"]
    assert message in actual
    assert read_reply(["impact"], f"I can't submit expenses, {message}").slots["actual"] == (
        message
    )


@pytest.mark.parametrize(
    "opening",
    [
        "hi! could someone give me edit access to the Finance Q1 forecast sheet in google "
        "drive? Mark from FP&A owns it but he's on leave",
        "salut, tu peux me donner les droits d'édition sur le fichier budget 2027 ? c'est "
        "Julie qui le gère mais elle est en congé",
    ],
)
def test_an_owner_on_leave_is_not_why_a_request_is_needed(opening: str) -> None:
    """From a newcomer's run: "Why: Mark from FP&A owns"."""
    assert "request_why" not in opening_slots(opening, "request")


@pytest.mark.parametrize(
    ("said", "when", "why"),
    [
        (
            "by thursday EOD, I need to update the numbers before the board pack goes out friday",
            "by thursday EOD",
            "I need to update the numbers before the board pack goes out friday",
        ),
        (
            "pour jeudi soir, je dois mettre à jour les chiffres avant le comité de vendredi",
            "pour jeudi soir",
            "je dois mettre à jour les chiffres avant le comité de vendredi",
        ),
    ],
)
def test_what_a_date_is_for_is_why_not_part_of_the_date(said: str, when: str, why: str) -> None:
    """From a newcomer's run: "Needed by: by thursday EOD, I need before the board pack goes
    out friday" ("to update the numbers" cut out as a reason)."""
    found = read_reply(["request_by_when"], said, {"request_what": "edit access"}).slots
    assert found["request_by_when"] == when
    assert found["request_why"] == why
    # asked both at once, the purpose answers "what is it for?" (not a note beside it)
    both = read_reply(["request_by_when", "request_why"], said, {"request_what": "edit access"})
    assert both.slots["request_why"] == why and not both.unread
    assert both.answered == ["request_by_when", "request_why"]


@pytest.mark.parametrize(
    ("opening", "works"),
    [
        (
            "l'appli Teams sur mon téléphone ne reçoit plus les notifs depuis la mise à jour iOS, "
            "sur le PC tout va bien",
            "sur le PC tout va bien",
        ),
        (
            "Teams on my phone stopped showing notifications since the iOS update, on my laptop "
            "everything works",
            "on my laptop everything works",
        ),
    ],
)
def test_all_being_well_on_the_computer_is_what_works(opening: str, works: str) -> None:
    """From a newcomer's run: "sur le PC tout va bien" was only in the verbatim."""
    assert opening_slots(opening, "incident")["what_is_not"] == works


@pytest.mark.parametrize(
    ("said", "who"),
    [
        ("aucune idée, je crois que c'est que moi. c'est un iPhone 13", "que moi"),
        ("no idea, I think it's just me. it's an iPhone 13", "just me"),
    ],
)
def test_an_idk_then_a_hedged_head_count_answers_who_is_affected(said: str, who: str) -> None:
    """From a newcomer's run: "aucune idée, je crois que c'est que moi" left "Encore inconnu :
    combien de personnes sont concernées"."""
    found = read_reply(["extent_count"], said)
    assert who in found.slots["extent_count"] and found.unknown == []


def test_a_how_to_the_article_did_not_answer_is_not_turned_into_a_fault(kb: Database) -> None:
    """From a newcomer's run: "how do I set up an out of office reply" got the article, then
    "no, I need it to also forward urgent mails to my colleague Sam while I'm away" was asked
    "What happens instead? Paste the exact error message"."""
    rules = {"password": {"mot-de-passe-oublie": 0.95}}
    chat = Chat(engine_for(kb, rules))
    chat.say("how do I change my password?")
    reply = chat.say("no, I need it to also work for my colleague Sam's account while he's away")
    assert not set(asked(reply)) & ERROR_QUESTION
    assert row(kb).contact_type == "request"
    plain = Chat(engine_for(kb, rules), key="C1:2", user="U2")
    plain.say("how do I change my password?")
    reply = plain.say("no")
    assert asked(reply) == ["impact"]  # what depends on the answer, as for any question
    reply = plain.say("no rush")
    st = last(reply, "statement").problem_statement
    assert st is not None and st["contact_type"] == "question"


def test_out_of_office_urgent_mails_and_it_to_do_are_read_as_meant() -> None:
    """From a newcomer's run (an out-of-office how-to turned request): "Where: office",
    "urgency: said “urgent”" for "so urgent client emails don't sit unanswered", and
    "Request: It to also forward urgent mails"."""
    assert "where" not in extract_slots("how do I set up an out of office reply in outlook?")
    assert extract_slots("the printer in the office is jammed")["where"] == "in the office"
    assert "urgency" not in extract_slots("so urgent client emails don't sit unanswered")
    assert extract_slots("urgent please fix")["urgency"] == "urgent"
    said = "I need it to also forward urgent mails to my colleague Sam while I'm away"
    assert extract_slots(said)["request_what"].startswith("forward urgent mails")
    assert opening_slots(said, "request")["request_what"].startswith("forward urgent mails")


def test_a_request_offered_a_list_goes_to_the_team_most_of_the_list_belongs_to(
    kb: Database,
) -> None:
    """From a newcomer's run: a 27" screen for a new designer went to finance-apps, the team of
    the Expensify article that led a list of three (the other two: endpoint-team)."""
    rules = {
        "badge": {
            "outlook-error-0x800ccc0e": 0.58,
            "unlock-account-admin": 0.57,
            "mot-de-passe-oublie": 0.56,
        }
    }
    chat = Chat(Engine(kb, FakeSearch(rules)))
    chat.say("bonjour, il faut des badges et des comptes WMS pour 4 caristes qui arrivent lundi")
    chat.pick("none")
    seen = answer_all(chat, {"request_why": "Renfort pour le pic de fin d'année."})
    st = last(seen, "statement").problem_statement
    assert st is not None and st["owning_team"] == "identity-team"


@pytest.mark.parametrize(
    ("opening", "actual"),
    [
        (
            "Hey, the payroll export to the bank has failed twice today with 'SFTP connection "
            "refused', salaries need to go out tomorrow morning",
            "failed twice with 'SFTP connection refused'",
        ),
        (
            "l'export de paie vers la banque a échoué deux fois ce matin avec « connexion SFTP "
            "refusée », les salaires doivent partir demain",
            "a échoué deux fois avec « connexion SFTP refusée »",
        ),
    ],
)
def test_the_message_after_when_it_happened_stays_in_what_happens(
    opening: str, actual: str
) -> None:
    """From a newcomer's run: "What happens (IS): has failed twice" ("today" cut the quoted
    message off)."""
    assert opening_slots(opening, "incident")["actual"] == actual


@pytest.mark.parametrize("said", ["pas pressé du tout", "not urgent at all"])
def test_not_in_a_hurry_at_all_is_no_impact(said: str) -> None:
    """From a newcomer's run: "Ce que cela empêche : du tout"."""
    assert read_reply(["impact"], said).slots == {"not_urgent": said}


def test_a_drive_letter_and_a_hyphenated_word_stay_whole() -> None:
    """From a newcomer's run: "the S: drive vanished…" gave "Where (IS): S", and "can't open
    the month-end files and close is friday" gave "What it stops: can't open the month" and
    "Business need: -end files and close is friday"."""
    slots = opening_slots(
        "the S: drive vanished from my laptop after last night's update, whole finance team "
        "(12 of us) can't open the month-end files and close is friday",
        "incident",
    )
    assert slots["object"] == "S: drive" and "where" not in slots
    assert slots["impact"].startswith("can't open the month-end")
    assert slots["deadline"] == "close is friday"
    french = opening_slots("le lecteur S: a disparu de mon PC depuis ce matin", "incident")
    assert french["actual"] == "le lecteur S: a disparu de mon PC"


@pytest.mark.parametrize("typed", ["hmm", "euh…"])
def test_a_sound_typed_under_the_statement_is_not_a_note_for_support(
    db: Database, typed: str
) -> None:
    """From a newcomer's run: "Also said by the requester: hmm"."""
    chat = Chat(engine_for(db))
    chat.say("l'imprimante du 2e étage ne marche plus depuis ce matin, on est 5 à ne plus imprimer")
    answer_all(chat, {}, unknown="aucune idée")
    seen = chat.say(typed)
    st = last(seen, "statement").problem_statement
    assert st is not None and typed not in st["corrections"]
    assert row(db).state == State.CONFIRMING


def test_the_room_next_door_working_is_where_it_does_not_happen() -> None:
    """From a newcomer's run (a meeting-room projector): "la salle Annapurna à côté marche
    bien" became who is affected, and what works was asked again."""
    found = read_reply(
        ["when_first", "extent_count"],
        "depuis ce matin, avant hier ça marchait. la salle Annapurna à côté marche bien",
    )
    assert found.slots["where_is_not"] == "la salle Annapurna à côté marche bien"
    assert "extent_count" not in found.slots
    assert extract_slots("the room next door works fine")["where_is_not"]
    assert "where" not in extract_slots("la salle ne marche pas")
    assert extract_slots("la salle n'a plus de son")["actual"] == "n'a plus de son"


@pytest.mark.parametrize(
    ("said", "who"),
    [
        (
            "Tous ceux qui réservent la salle, mais ce n'est pas bloquant.",
            "Tous ceux qui réservent la salle",
        ),
        ("the whole team, but it's not urgent", "the whole team"),
    ],
)
def test_a_verdict_cut_from_an_answer_takes_its_subject_along(said: str, who: str) -> None:
    """From the statement benchmark: "Qui est concerné : Tous ceux qui réservent la salle, mais
    ce n'est"."""
    assert read_reply(["extent_count"], said).slots["extent_count"] == who


def test_shows_nothing_is_what_happens_not_the_device() -> None:
    """From a newcomer's run: "Ce qui se passe : le vidéoprojecteur" for "le vidéoprojecteur
    de la salle Everest n'affiche rien quand on branche un PC en HDMI"."""
    slots = opening_slots(
        "bonjour, le vidéoprojecteur de la salle Everest n'affiche rien quand on branche un PC "
        "en HDMI, on a une réunion client à 14h",
        "incident",
    )
    assert slots["actual"].startswith("n'affiche rien")
    printer = opening_slots("l'imprimante du 2e ne sort plus rien depuis ce matin", "incident")
    assert printer["actual"] == "ne sort plus rien"


@pytest.mark.parametrize(
    "said",
    ["tous ceux qui réservent la salle sont concernés", "everyone who books the room is affected"],
)
def test_everyone_who_uses_it_being_affected_is_who_is_affected(said: str) -> None:
    """From a newcomer's run: "Fréquence : tous ceux qui réservent la salle sont concernés" and
    "Encore inconnu : combien de personnes sont concernées"."""
    found = read_reply(["changes", "when_pattern"], f"rien à ma connaissance. {said}").slots
    assert found["extent_count"] == said and "when_pattern" not in found


@pytest.mark.parametrize(
    ("opening", "actual"),
    [
        (
            "bonjour, l'imprimante du 2e étage affiche « bourrage papier » alors qu'il n'y a rien "
            "dedans, depuis ce matin",
            "affiche « bourrage papier » alors qu'il n'y a rien dedans",
        ),
        (
            "the printer says paper jam even though the tray is empty",
            "says paper jam even though the tray is empty",
        ),
    ],
)
def test_what_makes_the_fault_strange_stays_with_it(opening: str, actual: str) -> None:
    """From the newcomer check on a fresh clone: "alors qu'il n'y a rien dedans" was only in
    the verbatim."""
    assert opening_slots(opening, "incident")["actual"] == actual


@pytest.mark.parametrize(
    ("said", "works"),
    [
        (
            "it's the iOS mail app, outlook on my laptop is fine",
            "outlook on my laptop is fine",
        ),
        ("the desktop app is fine", "the desktop app is fine"),
        ("teams and outlook are ok, just the vpn", "teams and outlook are ok"),
    ],
)
def test_the_same_thing_being_fine_elsewhere_is_what_works(said: str, works: str) -> None:
    """From a newcomer's run (work mail on an iPhone): "outlook on my laptop is fine" reached
    the agent only as "Also said by the requester"."""
    assert extract_slots(said)["what_is_not"] == works


@pytest.mark.parametrize(
    "said",
    [
        "that is fine",
        "my manager says it is fine",
        "I'm fine",
        "luckily the animals are ok",
        "Just me, the rest of the marketing team are fine.",
    ],
)
def test_an_agreement_is_not_what_works(said: str) -> None:
    assert "what_is_not" not in extract_slots(said)


@pytest.mark.parametrize(
    "said",
    [
        "just me i think. i need it for a client trip tomorrow",
        "only me, we need it working for the audit on friday",
    ],
)
def test_needing_it_for_something_tomorrow_is_a_deadline(said: str) -> None:
    """From a newcomer's run: "i need it for a client trip tomorrow", said with who is
    affected, was dropped from the incident's statement."""
    found = read_reply(["extent_count"], said).slots
    assert found["extent_count"].lower().startswith(("just me", "only me"))
    assert found["deadline"].endswith(("tomorrow", "friday"))


def test_colleagues_who_can_log_in_are_what_works_not_who_is_affected(kb: Database) -> None:
    """From a newcomer's run (SAP in French): "Mes collègues de la compta y arrivent" became
    "Qui est concerné : Mes collègues de la compta", "après le mot de passe" a recent change,
    and "pas de solution de contournement" "aucun (de contournement)"."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Salut, depuis hier je n'arrive plus à me connecter à SAP, ça tourne dans le vide après "
        "le mot de passe. Mes collègues de la compta y arrivent"
    )
    seen = answer_all(
        chat,
        {"impact": "je ne peux pas saisir les factures, pas de solution de contournement"},
        unknown="aucune idée",
    )
    st = last(seen, "statement").problem_statement
    assert st is not None
    text = render_statement(st).replace("\u00a0", " ")
    assert "N'EST PAS) : Mes collègues de la compta y arrivent" in text
    assert "Qui est concerné : Mes collègues" not in text
    assert "Changements récents : le mot de passe" not in text
    assert "Contournement : aucun\n" in text
    # one person (a critical service and a deadline): not a P1, and who is affected is known
    assert st["priority"] == "P2" and "combien de personnes" not in text


@pytest.mark.parametrize(
    ("said", "fine"),
    [
        ("my colleagues don't have the problem", "my colleagues don't have the problem"),
        ("my colleagues can log in fine", "my colleagues can log in fine"),
        ("mes collègues y arrivent sans problème", "mes collègues y arrivent sans problème"),
    ],
)
def test_colleagues_being_fine_is_not_who_is_affected(said: str, fine: str) -> None:
    found = extract_slots(said)
    assert found["what_is_not"] == fine and "extent_count" not in found
    assert extract_slots("my colleagues can't log in either")["extent_count"] == "my colleagues"
    assert "what_is_not" not in extract_slots("mes collègues n'y arrivent pas non plus")


@pytest.mark.parametrize(
    ("said", "actual"),
    [
        ("ça tourne dans le vide", "tourne dans le vide"),
        ("it just spins forever", "just spins forever"),
    ],
)
def test_a_spinning_screen_is_what_happens(said: str, actual: str) -> None:
    assert extract_slots(said)["actual"] == actual


@pytest.mark.parametrize(
    "said",
    [
        "Colleagues in Paris are fine.",
        "my colleagues in the Lyon office are fine",
        "les collègues de Paris n'ont pas le souci",
    ],
)
def test_colleagues_somewhere_else_being_fine_is_where_it_does_not_happen(said: str) -> None:
    found = extract_slots(said)
    assert found["where_is_not"] == said.rstrip(".")
    assert "what_is_not" not in found and "extent_count" not in found


def test_colleagues_on_another_device_being_fine_is_what_works() -> None:
    found = extract_slots("Les collègues sur iPhone n'ont pas le problème")
    assert found["what_is_not"] == "Les collègues sur iPhone n'ont pas le problème"
    assert "where_is_not" not in found


def test_only_colleagues_being_fine_makes_it_one_person() -> None:
    from handoff.priority import assess
    from handoff.statement import filled

    alone = {"object": "SAP", "actual": "je n'arrive plus à me connecter"}
    fine = {**alone, "what_is_not": "Mes collègues de la compta y arrivent"}
    things = {**alone, "what_is_not": "the other scanners are ok"}
    assert filled("extent_count", fine) and not filled("extent_count", things)
    assert assess("incident", fine).impact_reason.code == "one_user"
    assert assess("incident", things).impact_reason.code != "one_user"


@pytest.mark.parametrize(
    ("opening", "what", "whom", "why"),
    [
        (
            "hey can someone give Priya Nair (new in legal, starts jan 5) access to the contracts "
            "sharepoint site and a licence for DocuSign? her manager is Tom Reyes",
            "access to the contracts sharepoint site and a licence for DocuSign",
            "Priya Nair (new in legal, starts jan 5)",
            "new in legal",
        ),
        (
            "pouvez-vous donner à Léa Martin (nouvelle au service RH, arrive lundi) l'accès au "
            "dossier Paie ?",
            "l'accès au dossier Paie",
            "Léa Martin (nouvelle au service RH, arrive lundi)",
            "nouvelle au service RH",
        ),
    ],
)
def test_access_given_to_someone_named_is_what_is_asked_for_them(
    opening: str, what: str, whom: str, why: str
) -> None:
    """From a newcomer's run: "Requested: give Priya Nair", "For: Priya Nair (new in legal",
    "Why: her manager is Tom Reyes"."""
    slots = opening_slots(opening, "request")
    assert slots["request_what"] == what
    assert slots["request_for_whom"] == whom
    assert slots["request_why"] == why
    assert "Priya" not in slots.get("object", "") and "give" not in slots.get("object", "")


@pytest.mark.parametrize(
    ("opening", "impact"),
    [
        (
            "Bonjour, le badge de notre nouvelle alternante ne fonctionne pas sur les portes du "
            "3e, elle ne peut pas accéder à son bureau sans qu'on lui ouvre. Elle s'appelle Inès "
            "Durand",
            "elle ne peut pas accéder à son bureau sans qu'on lui ouvre",
        ),
        (
            "the badge of our new intern doesn't work on the 3rd floor doors, she can't get into "
            "her office unless someone opens",
            "she can't get into her office unless someone opens",
        ),
    ],
)
def test_what_it_keeps_someone_else_from_is_what_it_stops(opening: str, impact: str) -> None:
    """From a newcomer's run: "elle ne peut pas accéder à son bureau" was only in the verbatim,
    and "Ce que cela empêche" read "c'est pénible"."""
    slots = opening_slots(opening, "incident")
    assert slots["impact"] == impact
    assert "impact" not in opening_slots("elle ne peut pas se connecter à SAP", "incident")


@pytest.mark.parametrize(
    ("opening", "due"),
    [
        (
            "wifi in the Berlin office keeps dropping every 10 min or so since this morning, whole "
            "sales floor affected, we have customer demos all afternoon",
            "we have customer demos all afternoon",
        ),
        (
            "le wifi du bureau de Lyon coupe toutes les 10 min depuis ce matin, tout le plateau "
            "commercial est touché, on a des démos clients tout l'après-midi",
            "on a des démos clients tout l'après-midi",
        ),
    ],
)
def test_meetings_ahead_today_are_a_deadline(kb: Database, opening: str, due: str) -> None:
    """From a newcomer's run: "we have customer demos all afternoon" was followed by "Is
    there a deadline?"."""
    assert opening_slots(opening, "incident")["deadline"] == due
    chat = Chat(engine_for(kb))
    first = chat.say(opening)
    assert "deadline" not in " ".join(a.text for a in first).lower()
    assert "échéance" not in " ".join(a.text for a in first).lower()
    st = last(answer_all(chat, {}), "statement").problem_statement
    assert st is not None and st["urgency"] == "high"  # the demos are today


@pytest.mark.parametrize(
    "said",
    [
        "y a une astuce pour taper les guillemets « » dans Word ? je corrige des manuscrits "
        "toute la journée",
        "how do I pin a chat in Teams? I'm in calls all day",
    ],
)
def test_working_all_day_is_no_deadline(said: str) -> None:
    from handoff.priority import assess

    reason = assess("question", {}, verbatim=said).urgency_reason
    assert not reason.code.startswith("deadline"), reason


def test_no_idea_for_the_second_question_is_unknown_not_a_note() -> None:
    """From a newcomer's run: "au bureau, 2e étage. je sais pas" left "Précisé par le
    demandeur : … / je sais pas" on the statement."""
    reply = read_reply(["where", "what_is_not"], "au bureau, 2e étage. je sais pas")
    assert reply.slots == {"where": "au bureau, 2e étage"}
    assert reply.unknown == ["what_is_not"] and not reply.unread


def test_an_article_picked_then_judged_is_listed_once(kb: Database) -> None:
    """From a newcomer's run: "Déjà essayé : « X » choisi ; « X » n'a pas aidé"."""
    rules = {"imprimante": {"anyconnect-old": 0.62, "vpn-disconnects-wifi": 0.6}}
    chat = Chat(engine_for(kb, rules))
    chat.say("l'imprimante du 2e ne sort plus rien depuis ce matin")
    assert row(kb).state == State.DISAMBIGUATING
    chat.pick("article:anyconnect-old")
    chat.pick("no")
    if row(kb).state == State.AWAITING_FEEDBACK:
        chat.pick("no")  # the runner-up, judged too
    st = last(answer_all(chat, {}, unknown="aucune idée"), "statement").problem_statement
    assert st is not None
    text = render_statement(st).replace("\u00a0", " ")
    tried = next(line for line in text.splitlines() if line.startswith("Déjà essayé"))
    assert "choisi" not in tried and tried.count("AnyConnect") == 1


@pytest.mark.parametrize(
    ("opening", "me", "why"),
    [
        (
            "Bonjour, serait-il possible d'avoir Adobe Acrobat Pro sur mon poste ? je dois "
            "modifier des PDF de contrats pour le service juridique, mon manager est d'accord",
            "moi",
            "je dois modifier des PDF de contrats pour le service juridique",
        ),
        (
            "Could I get Adobe Acrobat Pro on my laptop? I need to edit contract PDFs for the "
            "legal team, my manager approved",
            "me",
            "I need to edit contract PDFs for the legal team",
        ),
    ],
)
def test_software_for_my_own_laptop_is_for_me_and_the_team_is_why(
    opening: str, me: str, why: str
) -> None:
    """From a newcomer's run: "Pour : le service juridique", "Impact : une personne (le
    service juridique)", and in English "For: to edit contract PDFs for the legal team"."""
    slots = opening_slots(opening, "request")
    assert slots["request_for_whom"] == me
    assert slots["request_why"].startswith(why)
    assert "extent_count" not in slots
    assert "possible" not in slots.get("object", "")


@pytest.mark.parametrize(
    ("opening", "actual", "impact"),
    [
        (
            "teams calls keep freezing for the whole support team (12 ppl) since monday, "
            "customers complain they can't hear us",
            "keep freezing",
            "customers complain they can't hear us",
        ),
        (
            "les appels Teams figent pour toute l'équipe support depuis lundi, les clients se "
            "plaignent de ne pas nous entendre",
            "figent",
            "les clients se plaignent de ne pas nous entendre",
        ),
    ],
)
def test_what_customers_notice_is_what_it_stops(opening: str, actual: str, impact: str) -> None:
    """From a newcomer's run: "What it stops: can't hear us" (the customers cut away)."""
    slots = opening_slots(opening, "incident")
    assert slots["actual"].startswith(actual)
    assert slots["impact"] == impact


@pytest.mark.parametrize(
    ("said", "who"),
    [
        (
            "Hi! The shared mailbox invoices@ stopped receiving emails from suppliers since "
            "Friday. Nadia and Karl in AP also don't see anything new. Month end is Wednesday",
            "Nadia and Karl in AP also don't see anything new",
        ),
        ("Paul et Sophie de la compta ont le même souci", "Paul et Sophie de la compta ont"),
    ],
)
def test_colleagues_named_as_having_it_too_are_who_is_affected(
    kb: Database, said: str, who: str
) -> None:
    """From a newcomer's run: "Nadia and Karl in AP also don't see anything new", then "Is it
    only you, or colleagues too?"."""
    chat = Chat(engine_for(kb))
    first = chat.say(said)
    assert "extent_count" not in asked(first)
    assert row(kb).slots["extent_count"].startswith(who)
    assert "extent_count" not in extract_slots("I asked Paul and Sophie too")


@pytest.mark.parametrize(
    ("opening", "actual"),
    [
        (
            "Salut, depuis hier je n'arrive plus à me connecter à SAP, ça tourne dans le vide "
            "après le mot de passe. Mes collègues de la compta y arrivent",
            "n'arrive plus à me connecter à SAP; tourne dans le vide après le mot de passe",
        ),
        (
            "I can't log in to Workday, it just keeps spinning after the password",
            "can't log in to Workday; keeps spinning after the password",
        ),
    ],
)
def test_how_a_failure_shows_stays_with_it(opening: str, actual: str) -> None:
    """From a newcomer's run: "ça tourne dans le vide après le mot de passe" was only in the
    verbatim (its "mot de passe" was once read as a recent change)."""
    slots = opening_slots(opening, "incident")
    assert slots["actual"].endswith(actual)
    assert "changes" not in slots


def test_a_question_statement_says_what_depends_on_it(kb: Database) -> None:
    """From a newcomer's run: the answer to "by when do you need this, and what depends on
    it?" was labelled "What it stops" under a how-to question."""
    chat = Chat(engine_for(kb))
    chat.say("how do I set up my email signature in outlook with the new company logo?")
    seen = chat.say(
        "no rush, whenever. marketing sent the new logo and asked everyone to update by end of "
        "month"
    )
    st = last(seen, "statement").problem_statement
    assert st is not None
    text = render_statement(st)
    assert "What depends on it: marketing sent the new logo" in text
    assert "What it stops" not in text


@pytest.mark.parametrize(
    ("impact_answer", "asks_what_works"),
    [
        (
            "we cant send quotes to customers. end of quarter is friday. webmail works for now",
            False,
        ),
        (
            "on ne peut plus envoyer de devis. clôture vendredi. le webmail marche en attendant",
            False,
        ),
        ("we cant send quotes to customers. end of quarter is friday. nothing works", True),
    ],
)
def test_a_workaround_that_names_what_works_is_not_asked_again_as_what_works(
    kb: Database, impact_answer: str, asks_what_works: bool
) -> None:
    """From a newcomer's run: "webmail works for now" to the impact question, then "Does a
    similar app, feature or device work fine for you?"."""
    chat = Chat(engine_for(kb))
    chat.say(
        "outlook keeps asking for my password since the windows update this morning, ive "
        "restarted twice already. whole sales team has it"
    )
    seen = chat.say(impact_answer)
    questions = asked(seen)
    while seen[-1].type == "question":
        seen = chat.say("no idea")
        questions += asked(seen)
    assert ("what_is_not" in questions) == asks_what_works


@pytest.mark.parametrize(
    ("opening", "shown"),
    [
        (
            "Bonjour, mon badge ne marche plus pour entrer au parking depuis lundi, les autres "
            "portes du bâtiment ça passe. C'est embêtant je dois me garer dans la rue",
            (
                "Ce qui se passe (EST) : ne marche plus pour entrer\n",
                "Où (EST) : au parking\n",
                "Contournement : C'est embêtant je dois me garer dans la rue",
                "Depuis : depuis lundi",
            ),
        ),
        (
            "my badge stopped working at the car park gate this week, the other doors are fine. "
            "annoying, i have to park on the street",
            ("Workaround: i have to park on the street",),
        ),
    ],
)
def test_what_a_badge_fails_to_open_and_where_they_park_meanwhile_reach_the_agent(
    kb: Database, opening: str, shown: tuple[str, ...]
) -> None:
    """From a newcomer's run: "pour entrer au parking" was read as why (which an incident
    never shows) and "je dois me garer dans la rue" was lost."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    text = _statement_text(chat)
    for line in shown:
        assert line in text


def _statement_text(chat: Chat) -> str:
    """Every question answered "no idea", then the statement as the employee reads it."""
    st = last(answer_all(chat, {}), "statement").problem_statement
    assert st is not None
    return render_statement(st).replace("\u00a0", " ")


def _shows_rows(chat: Chat, rows: list[str], absent: Sequence[str] = ()) -> None:
    """The statement (every question answered "no idea") shows each of these rows, and none
    of the `absent` ones."""
    text = _statement_text(chat)
    for row_text in rows:
        assert row_text in text
    for row_text in absent:
        assert row_text not in text


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("nope", "Recent changes: none that they know of"),
        ("non, rien à ma connaissance", "Changements récents : aucun à sa connaissance"),
        ("nope, not that i know of", "Recent changes: none that they know of"),
        ("nope, just the new dock", "Recent changes: nope, just the new dock"),
    ],
)
def test_a_bare_no_to_what_changed_reads_as_no_change_known(said: str, shown: str) -> None:
    """From a newcomer's run: "Recent changes: nope"."""
    lang = "fr" if said.startswith("non") else "en"
    st = {"contact_type": "incident", "language": lang, "changes": [said]}
    assert shown in render_statement(st).replace("\u00a0", " ")


@pytest.mark.parametrize(
    "which",
    ["le partage d'écran c'est le plus urgent", "the screen sharing is the most urgent one"],
)
def test_naming_the_most_urgent_of_two_problems_does_not_cut_the_questions_short(
    kb: Database, which: str
) -> None:
    """From a newcomer's run: "le partage d'écran c'est le plus urgent", said to "one problem
    or several? which blocks you most?", sent the statement at once with who is affected
    unknown."""
    chat = Chat(engine_for(kb))
    first = chat.say(
        "Bonjour, depuis la mise à jour de vendredi Teams plante dès que je partage mon écran en "
        "réunion client, et en plus mon casque n'est plus reconnu. J'ai 3 rdv clients cet "
        "après-midi"
    )
    assert asked(first) == ["concerns"]
    assert "extent_count" in asked(chat.say(which))


def test_what_a_question_is_for_is_what_depends_on_it_not_what_works(kb: Database) -> None:
    """From a newcomer's run: "just want music while i work" (to "by when do you need this,
    and what depends on it?") was read as what works, and lost from the statement."""
    chat = Chat(engine_for(kb))
    chat.say("quick q - am i allowed to install spotify on my work laptop?")
    seen = chat.say("no rush really, just want music while i work")
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert "What depends on it: just want music while i work" in render_statement(st)
    assert st["urgency"] == "low"
    assert extract_slots("the web version works") == {"what_is_not": "the web version works"}


SLACK_LIST = """hey team :wave: getting this when i open salesforce:
```
ERROR 503 Service Unavailable
```
- started ~10 min ago
- whole EMEA sales floor
- we have QBR calls with clients at 2pm"""


def test_a_message_typed_as_a_slack_list_keeps_each_line_a_fact(kb: Database) -> None:
    """From a newcomer's run: the lines of a Slack message ran into one, so the deadline was
    "at 2pm" alone, the code fence was part of the step, ":wave:" was what happens and
    "open salesforce" what fails."""
    chat = Chat(engine_for(kb))
    chat.say(SLACK_LIST)
    seen = answer_all(chat, {})
    st = last(seen, "statement").problem_statement
    assert st is not None
    text = render_statement(st)
    assert "Business need: we have QBR calls with clients at 2pm" in text
    assert "At which step: when i open salesforce\n" in text
    assert "Affected: salesforce\n" in text
    assert "wave" not in text.split("In their words")[0]
    assert "```" not in text
    assert st["priority"] == "P1"


@pytest.mark.parametrize(
    ("said", "state"),
    [
        # a yes that goes on to say what still fails is a no
        ("ok but i cant find the export report in the menu", State.APPRAISING),
        ("ok mais je trouve pas le rapport d'export", State.APPRAISING),
        ("ça marche pas", State.APPRAISING),
        # what was done, and that it still fails, with no yes or no first
        ("j'ai fait les étapes 1 à 3 mais toujours rien", State.APPRAISING),
        ("i did steps 1-3 but it still doesnt work", State.APPRAISING),
        # a fact about the setup is no verdict
        ("its a Jabra headset but not bluetooth", State.AWAITING_FEEDBACK),
        # not tried yet: the verdict is still awaited
        ("ok je vais essayer", State.AWAITING_FEEDBACK),
        ("thanks, will try that", State.AWAITING_FEEDBACK),
        # a yes is a yes
        ("ok super ça marche, merci", State.RESOLVED),
        ("yes thanks", State.RESOLVED),
    ],
)
def test_what_is_said_under_an_article_is_read_as_the_employee_meant_it(
    kb: Database, said: str, state: State
) -> None:
    """From a newcomer's run: "ok but i cant find the laptop request in the catalogue", under
    the laptop article, got "Glad it's sorted"."""
    rules = {"payroll": {"payroll-export-framed": 0.80}}
    chat = Chat(engine_for(kb, rules))
    assert last(chat.say("the payroll export is very slow"), "answer")
    replies = chat.say(said)
    assert row(kb).state == state, [a.text for a in replies]
    if "essayer" in said or "will try" in said:
        assert replies[-1].text.startswith(("Sure, take your time", "Bien sûr"))


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            "ok but i cant find the export report in the menu",
            "did not help: i cant find the export report in the menu",
        ),
        (
            "non, je trouve pas le rapport dans le menu",
            "n'a pas aidé : je trouve pas le rapport dans le menu",
        ),
    ],
)
def test_why_an_article_did_not_help_stays_with_its_verdict(
    kb: Database, said: str, shown: str
) -> None:
    """From a newcomer's run: "ok but i cant find the laptop request in the catalogue" was both
    "What it stops" and a note."""
    rules = {"payroll": {"payroll-export-framed": 0.80}, "paie": {"payroll-export-framed": 0.80}}
    chat = Chat(engine_for(kb, rules))
    opening = (
        "the payroll export is very slow"
        if said.startswith("ok")
        else "l'export de paie est très lent"
    )
    chat.say(opening)
    chat.say(said)
    seen = answer_all(chat, {})
    st = last(seen, "statement").problem_statement
    assert st is not None
    text = render_statement(st).replace("\u00a0", " ")
    assert shown in text
    assert text.count("trouve pas le rapport" if "trouve" in said else "cant find the export") == 1


@pytest.mark.parametrize(
    ("opening", "shown"),
    [
        (
            "i need a new monitor, mine flickers all day. my manager jen approved it already",
            "Approval: my manager jen approved it already",
        ),
        (
            "il me faudrait un 2e écran pour la compta (validé par mon n+1)",
            "Accord : validé par mon n+1",
        ),
    ],
)
def test_a_request_says_who_approved_it(kb: Database, opening: str, shown: str) -> None:
    """From a newcomer's run: "my manager jen approved it already" was only in the verbatim,
    and the agent fulfilling the request had to find it there."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    seen = answer_all(chat, {"request_by_when": "next week", "request_why": "for month end"})
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert shown in render_statement(st).replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("opening", "answer", "shown"),
    [
        (
            "au secours rien ne marche depuis ce matin",
            "mon pc, impossible d'ouvrir quoi que ce soit, écran bleu au démarrage. que moi je crois",
            (
                "Concerne : mon pc\n",
                "Ce qui se passe (EST) : impossible d'ouvrir quoi que ce soit, écran bleu au "
                "démarrage",
            ),
        ),
        (
            "help, nothing works",
            "outlook, it crashes when i open it. just me",
            ("Affected: outlook\n", "What happens (IS): it crashes when i open it"),
        ),
    ],
)
def test_naming_the_thing_and_how_it_fails_in_one_answer_fills_both(
    kb: Database, opening: str, answer: str, shown: tuple[str, ...]
) -> None:
    """From a newcomer's run: "mon pc, impossible d'ouvrir quoi que ce soit, écran bleu au
    démarrage" (to "which application or device exactly?") was all of "Concerne", and what
    happens stayed "au secours rien ne marche"."""
    chat = Chat(engine_for(kb))
    assert "object" in asked(chat.say(opening))
    chat.say(answer)
    text = _statement_text(chat)
    for line in shown:
        assert line in text


def test_a_clock_that_is_right_is_what_works_and_what_follows_so_is_kept(kb: Database) -> None:
    """From a newcomer's run: "My laptop clock is right" was lost (and what works was asked),
    and "so i keep joining at the wrong time" after the deadline was dropped."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Hi! My Outlook calendar shows all my meetings one hour late since I came back from NY "
        "yesterday. My laptop clock is right."
    )
    seen = chat.say("just me. i have client calls all day so i keep joining at the wrong time")
    assert "what_is_not" not in asked(seen)
    text = _statement_text(chat)
    assert "What works (IS NOT): My laptop clock is right" in text
    assert "i keep joining at the wrong time" in text.split("In their words")[0]
    assert "what_is_not" not in extract_slots("my manager is right about that")


@pytest.mark.parametrize(
    "opening",
    [
        "is jira down for everyone?? getting 502 bad gateway since like 10 min",
        "is it just me or is teams down?",
        "est-ce que le wifi marche chez tout le monde ? moi il coupe",
    ],
)
def test_asking_whether_others_have_it_is_not_saying_who_does(kb: Database, opening: str) -> None:
    """From a newcomer's run: "is jira down for everyone??" was "Who is affected: for
    everyone" (a P1); who is affected is asked instead."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert row(kb).slots.get("extent_count") is None
    seen = answer_all(chat, {"when_first": "since 9am", "extent_count": "only me"})
    st = last(seen, "statement").problem_statement
    assert st is not None and st["spec"]["extent"]["count"] == "only me"
    assert "extent_count" in opening_slots("jira is down for everyone", "incident")


@pytest.mark.parametrize(
    ("opening", "answer", "who", "unknown"),
    [
        (
            "my outlook keeps crashing when i open attachments since this morning",
            "no idea. just me so far.",
            "Who is affected: just me so far",
            "how many people are affected",
        ),
        (
            "outlook plante dès que j'ouvre une pièce jointe depuis ce matin",
            "aucune idée. que moi pour l'instant.",
            "Qui est concerné : que moi pour l'instant",
            "combien de personnes",
        ),
    ],
)
def test_who_is_affected_after_no_idea_is_kept_and_for_now_is_no_workaround(
    kb: Database, opening: str, answer: str, who: str, unknown: str
) -> None:
    """From a newcomer's run: "no idea. just me so far." to "only you, or colleagues too?"
    left who is affected unknown; "que moi pour l'instant" became a workaround."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert asked(chat.last) == ["extent_count"]
    chat.say(answer)
    text = _statement_text(chat).replace("\u00a0", " ")
    assert who in text
    assert unknown not in text.split("In their words")[0].split("Dans ses mots")[0]
    assert "Workaround" not in text and "Contournement" not in text
    assert "workaround" not in extract_slots("personne d'autre pour l'instant")
    assert extract_slots("for now I use my phone")["workaround"] == "for now I use my phone"


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (
            "my expense report has been stuck waiting for approval for 2 weeks, my manager says "
            "she approved it",
            ["Since: for 2 weeks", "What happens (IS): stuck waiting for approval"],
        ),
        (
            "ça fait 2 semaines que ma note de frais est bloquée",
            ["Depuis : ça fait 2 semaines", "Ce qui se passe (EST) : est bloquée"],
        ),
        ("vpn drops for about a week now", ["Since: for about a week now"]),
    ],
)
def test_how_long_it_has_lasted_is_since_when(kb: Database, opening: str, rows: list[str]) -> None:
    """From a newcomer's run: "has been stuck … for 2 weeks" was read as a date it is needed
    by, and "when did you first notice it?" was asked; "ça fait 2 semaines que…" was lost."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert "when_first" not in asked(chat.last)
    _shows_rows(chat, rows)
    assert "request_by_when" not in extract_slots("i need a loaner laptop for 2 weeks")
    assert "when_first" not in extract_slots("I was off for 2 weeks and now my account is locked")
    licence = "a MATLAB licence for a visiting PhD student, with us for 3 months from the 14th"
    assert extract_slots(licence)["request_by_when"] == "from the 14th"


@pytest.mark.parametrize(
    "opening",
    [
        "my expense report has been stuck waiting for approval for 2 weeks",
        "ma note de frais est bloquée en validation depuis lundi",
        "my payslip for march shows 0.00 everywhere",
    ],
)
def test_where_they_are_is_not_asked_about_a_document_stuck_in_a_process(
    kb: Database, opening: str
) -> None:
    """From a newcomer's run: "Where are you when it happens (office, site, home, VPN)?" was
    asked about an expense report waiting for approval."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    facts = {
        "when_first": "since monday",
        "extent_count": "just me",
        "impact": "I can't do my work, no workaround, due friday",
    }
    seen = answer_all(chat, facts)
    assert "where" not in asked(seen)
    # what works is another of its kind, not "a similar app, feature or device"
    works = [a.text for a in seen if a.type == "question" and "what_is_not" in a.slots]
    assert all("similar app" not in w and "similaire" not in w for w in works)
    assert all("another report" in w or "une autre demande" in w for w in works)
    assert works or "payslip" in opening
    printer = Chat(engine_for(kb), key="C1:2")
    printer.say("the printer keeps jamming since monday")
    assert "where" in asked(answer_all(printer, facts))


def test_two_things_that_work_with_one_verb_are_what_works() -> None:
    """From the benchmark: to "what should happen? what works?", "Février et janvier
    s'affichent normalement" was what should happen ("normalement"), and the expected payslip
    became what works."""
    reply = read_reply(
        ["expected", "what_is_not"],
        "Le bulletin avec mon salaire habituel. Février et janvier s'affichent normalement, et "
        "le virement est arrivé.",
    )
    assert reply.slots["expected"] == "Le bulletin avec mon salaire habituel"
    assert reply.slots["what_is_not"].startswith("Février et janvier s'affichent normalement")
    assert extract_slots("teams and outlook work fine")["what_is_not"] == (
        "teams and outlook work fine"
    )


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("yes my other report from october went through fine", "my other report from october"),
        ("oui, le webmail marche", "le webmail marche"),
    ],
)
def test_the_yes_that_answers_a_question_stays_out_of_the_statement(said: str, kept: str) -> None:
    """From a newcomer's run: "What works (IS NOT): yes my other report from october went
    through fine"."""
    reply = read_reply(["what_is_not"], said)
    assert reply.slots["what_is_not"].startswith(kept)
    assert read_reply(["changes"], "yes").slots == {"changes": "yes"}
    assert (
        read_reply(["what_is_not"], "si je redémarre, ça marche")
        .slots["what_is_not"]
        .startswith("si je")
    )


def test_a_printer_named_by_its_make_after_an_update(kb: Database) -> None:
    """From a newcomer's run: "depuis la mise à jour de ce matin impossible d'imprimer en
    recto-verso sur la Ricoh du 2e" was "Concerne : imprimer (Ricoh)", the change ran into the
    fault, where was asked, and "what should happen?" too."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Bonjour, depuis la mise à jour de ce matin impossible d'imprimer en recto-verso sur la "
        "Ricoh du 2e, ça sort en simple face. On a le CA à 14h et je dois imprimer 40 dossiers"
    )
    assert not {"expected", "where", "object"} & set(asked(chat.last))
    seen = answer_all(
        chat,
        {"extent_count": "non que moi, les collègues du 1er impriment en recto-verso sans souci"},
    )
    text = render_statement(last(seen, "statement").problem_statement or {}).replace("\u00a0", " ")
    for shown in (
        "Concerne : Ricoh\n",
        "Ce qui se passe (EST) : impossible d'imprimer en recto-verso sur la Ricoh, ça sort en "
        "simple face\n",
        "Où (EST) : 2e\n",
        "Changements récents : depuis la mise à jour de ce matin\n",
        "Qui est concerné : que moi\n",
        "Ce qui fonctionne (N'EST PAS) : les collègues du 1er impriment en recto-verso sans souci",
    ):
        assert shown in text
    english = opening_slots("i can't print double sided to the ricoh on floor 2", "incident")
    assert english["actual"] == "can't print double sided to the ricoh"
    assert "impact" not in english


def test_why_the_article_failed_and_an_approval_said_late_reach_their_rows(kb: Database) -> None:
    """From a newcomer's run: under the shared-drive article, "no i don't get an access denied
    page, the drive just isn't in my list" was only a note, and "priya approved it already in
    email", said to the waiting statement, another."""
    chat = Chat(engine_for(kb, {"drive": {"vpn-disconnects-wifi": 0.8}}))
    chat.say(
        "hey can i get access to the finance shared drive? i'm moving to the FP&A team next "
        "monday, my manager is priya shah"
    )
    assert last(chat.last, "answer").article_id == "vpn-disconnects-wifi"
    chat.say("no i don't get an access denied page, the drive just isn't in my list")
    answer_all(chat, {})
    chat.say("priya approved it already in email")
    text = render_statement(last(chat.last, "statement").problem_statement or {})
    assert "did not help: i don't get an access denied page, the drive just isn't in my list" in (
        text.replace("\n", " ")
    )
    assert "Approval: priya approved it already in email" in text
    assert "Also said" not in text


@pytest.mark.parametrize(
    ("said", "approval"),
    [
        ("j'ai l'accord de ma cheffe", "j'ai l'accord de ma cheffe"),
        ("ok, i have my manager's approval btw", "i have my manager's approval btw"),
        # the manager of the person it is for
        (
            "il sera commercial terrain. Son manager Sophie Leroy est d'accord",
            "Son manager Sophie Leroy est d'accord",
        ),
        ("she'll be on the road a lot. her manager Tom signed off", "her manager Tom signed off"),
    ],
)
def test_an_approval_given_as_an_answer_is_the_approval(
    kb: Database, said: str, approval: str
) -> None:
    chat = Chat(engine_for(kb))
    chat.say("can you give me edit rights on the Q4 budget sheet in sharepoint?")
    st = last(answer_all(chat, {"request_why": said}), "statement").problem_statement
    assert st is not None and st["request"]["approval"] == approval


@pytest.mark.parametrize(
    ("opening", "about"),
    [
        (
            "est-ce qu'on peut faire du télétravail le vendredi ? je n'ai rien trouvé sur "
            "l'intranet",
            "Sujet : faire du télétravail le vendredi\n",
        ),
        ("can we work from home on fridays?", "About: work from home on fridays\n"),
    ],
)
def test_a_weekday_that_comes_back_each_week_is_what_a_question_is_about(
    kb: Database, opening: str, about: str
) -> None:
    """From a newcomer's run: "le vendredi" in "est-ce qu'on peut faire du télétravail le
    vendredi ?" was read as when the answer is needed, so what depends on it was never asked,
    and the statement said "Concerne : est-ce qu'on peut faire du télétravail le vendredi"."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert asked(chat.last) == ["impact"]
    chat.say("pas urgent, c'est pour organiser mon planning du mois prochain")
    text = render_statement(last(chat.last, "statement").problem_statement or {})
    text = text.replace("\u00a0", " ")
    assert about in text
    assert "c'est pour organiser mon planning du mois prochain" in text.split("Dans ses mots")[0]
    other = Chat(engine_for(kb), key="C1:2")
    other.say("how do I book a parking spot for friday?")
    assert "impact" not in asked(other.last)  # when it is needed was said


@pytest.mark.parametrize(
    ("opening", "stops"),
    [
        (
            "teams calls keep dropping after ~5 min for the whole support floor (about 20 "
            "agents), customers are on hold, started after lunch",
            "What it stops: customers are on hold",
        ),
        (
            "le standard coupe les appels depuis 10h, les clients attendent en ligne",
            "Ce que cela empêche : les clients attendent en ligne",
        ),
    ],
)
def test_customers_kept_waiting_is_what_the_fault_stops(
    kb: Database, opening: str, stops: str
) -> None:
    """From a newcomer's run: "customers are on hold" was not read, and "What can't you do
    because of this?" was asked."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    question = last(chat.last, "question")
    assert "What can't you do" not in question.text and "empêche" not in question.text
    assert stops in _statement_text(chat)


@pytest.mark.parametrize(
    ("opening", "answer", "shown", "not_shown"),
    [
        (
            "two things: my headset isn't detected in teams since this morning, and outlook "
            "keeps asking for my password",
            "the headset, i have calls all afternoon",
            [
                "What happens (IS): my headset isn't detected in teams\n",
                "Since: since this morning\n",
                "Business need: i have calls all afternoon\n",
                "outlook keeps asking for my password",
            ],
            "What happens (IS): keeps asking for my password",
        ),
        (
            "two things: my headset isn't detected in teams since this morning, and outlook "
            "keeps asking for my password",
            "not the headset, the outlook one",
            ["What happens (IS): keeps asking for my password\n"],
            "Since: since this morning",
        ),
        (
            "mon badge ne marche plus et aussi l'imprimante du 2e est bloquée",
            "c'est surtout le badge, l'imprimante ça peut attendre",
            ["Ce qui se passe (EST) : ne marche plus\n", "l'imprimante du 2e est bloquée"],
            "Où (EST) : 2e",
        ),
    ],
)
def test_the_problem_put_first_is_read_from_its_own_part_of_the_opening(
    kb: Database, opening: str, answer: str, shown: list[str], not_shown: str
) -> None:
    """From a newcomer's run: to "one issue or several? which blocks you most?", "the headset"
    left the statement saying "Headset (teams) – keeps asking for my password" (the other
    problem's failure); the French one put the printer's floor as where the badge fails."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert asked(chat.last) == ["concerns"]
    chat.say(answer)
    text = _statement_text(chat)
    for row_text in shown:
        assert row_text in text
    assert not_shown not in text


@pytest.mark.parametrize(
    ("opening", "name", "question", "shown"),
    [
        (
            "Bonjour, on a un nouvel alternant qui arrive lundi 5, il lui faut un PC, un compte "
            "et l'accès à Teams. Il sera au service marketing avec moi.",
            "Hugo Lefèvre",
            "Quel est son nom complet",
            "Pour : Hugo Lefèvre (un nouvel alternant)",
        ),
        (
            "Need a laptop and an email account for a new hire starting Monday, to get her set up",
            "Priya Nair, data engineering",
            "What is their full name",
            "For: Priya Nair, data engineering (a new hire)",
        ),
    ],
)
def test_an_account_for_a_newcomer_not_named_yet_asks_their_name(
    kb: Database, opening: str, name: str, question: str, shown: str
) -> None:
    """From a newcomer's run: "un nouvel alternant" was who the PC and the account were for,
    and nobody asked the name they are made out to."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    asking = last(chat.last, "question")
    assert asking.slots[0] == "request_for_whom" and question in asking.text
    seen = answer_all(chat, {"request_for_whom": name, "request_why": "onboarding"})
    text = render_statement(last(seen, "statement").problem_statement or {})
    assert shown in text.replace("\u00a0", " ")
    named = Chat(engine_for(kb), key="C1:2")
    named.say("Need a laptop for our new intern Sam Lee starting Monday, for onboarding")
    assert "request_for_whom" not in asked(named.last)


def test_the_file_that_fails_in_an_app_is_named_with_its_words(kb: Database) -> None:
    """From a newcomer's run: "Excel freezes whenever I open the Q3 forecast file from
    SharePoint" was "Affected: Excel (file) (Q3)"."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Excel freezes whenever I open the Q3 forecast file from SharePoint, other files open "
        "fine, it's due to the CFO tomorrow 9am"
    )
    assert "Affected: Excel (Q3 forecast file, SharePoint)\n" in _statement_text(chat)
    assert extract_slots("Excel crashes when i open big files")["object"] == "Excel (big files)"
    # a new one is a change, not what fails
    assert extract_slots("Teams crash au lancement sur mon nouveau PC")["object"] == "Teams (PC)"


def test_the_vpn_that_works_another_way_is_what_works(kb: Database) -> None:
    """From a newcomer's run: "impossible de me connecter au VPN" still got "what should
    happen?", and "en 4G avec le partage de connexion ça passe" became "what should happen:
    en 4G avec"."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Salut, impossible de me connecter au VPN depuis chez moi, ça tourne puis erreur "
        "'gateway not responding'. J'ai une démo client à 11h"
    )
    seen = answer_all(
        chat,
        {
            "when_first": "depuis ce matin",
            "extent_count": "les collègues en télétravail aussi je crois, au moins 3",
            "what_is_not": "en 4G avec le partage de connexion ça passe",
        },
    )
    assert "expected" not in asked(seen)
    st = last(seen, "statement").problem_statement
    assert st is not None
    assert st["spec"]["what"]["is_not"] == "en 4G avec le partage de connexion ça passe"
    assert st["expected"] == ""


def test_colleagues_who_still_have_it_are_what_works_not_who_is_affected(kb: Database) -> None:
    """From a newcomer's run: "le lecteur réseau S: a disparu …, mes collègues l'ont toujours"
    was "Qui est concerné : mes collègues" and "Fréquence : toujours", a P2."""
    chat = Chat(engine_for(kb))
    chat.say(
        "Bonjour, le lecteur réseau S: a disparu de mon explorateur depuis ce matin, mes "
        "collègues l'ont toujours. J'ai besoin des fichiers de paie pour la clôture de ce soir"
    )
    text = _statement_text(chat)
    assert "Ce qui fonctionne (N'EST PAS) : mes collègues l'ont toujours\n" in text
    assert "Qui est concerné" not in text and "Fréquence" not in text
    assert "Priorité : P3" in text
    assert "what_is_not" not in extract_slots("mes collègues ne l'ont toujours pas")
    assert extract_slots("ça plante toujours")["when_pattern"] == "toujours"


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (
            "can someone reset the MFA for my colleague Tom Becker? he got a new phone and is "
            "locked out, he's in sales",
            [
                "Requested: reset the MFA\n",
                "For: my colleague Tom Becker\n",
                "Why: he got a new phone and is locked out\n",
                "Priority: P3 (impact low, urgency high)",
            ],
        ),
        (
            "pouvez-vous réinitialiser le MFA de ma collègue Julie Morel ? elle a changé de "
            "téléphone hier et ne peut plus se connecter",
            [
                "Demandé : réinitialiser le MFA\n",
                "Pour : ma collègue Julie Morel\n",
                "Pourquoi : elle a changé de téléphone hier et ne peut plus se connecter\n",
                "Priorité : P3 (impact faible, urgence élevée)",
            ],
        ),
    ],
)
def test_a_way_back_in_for_a_locked_out_colleague(
    kb: Database, opening: str, rows: list[str]
) -> None:
    """From a newcomer's run: "he got a new phone and is locked out" was not why ("Why: he's
    in sales"), "le MFA de ma collègue" was for "moi", and a locked-out colleague was a P5."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, rows)


def test_after_a_no_two_problems_ask_which_first_and_searches_read_only_that_one(
    kb: Database,
) -> None:
    """From a newcomer's run: the headset article did not help a two-problem message, the
    questions never asked which problem came first, and the searches kept reading the Outlook
    password prompt, until "this article now fits: Outlook not syncing new emails"."""
    search = FakeSearch(
        {"headset": {"vpn-disconnects-wifi": 0.9}, "password": {"outlook-error-0x800ccc0e": 0.65}}
    )
    chat = Chat(Engine(kb, search))
    chat.say(
        "two things: my headset isn't detected in teams since this morning, and outlook keeps "
        "asking for my password"
    )
    assert last(chat.last, "answer").article_id == "vpn-disconnects-wifi"
    chat.pick("no")
    assert asked(chat.last) == ["concerns"]
    chat.say("the headset, i have client calls all afternoon")
    assert "expected" not in asked(chat.last)  # "isn't detected" says what should happen
    searched = len(search.queries)
    answer_all(chat, {"extent_count": "just me", "where": "at home"})
    later = search.queries[searched - 1 :]
    assert later and all("password" not in q for q in later)


def test_still_nothing_under_an_article_is_why_it_did_not_help_not_how_often(
    kb: Database,
) -> None:
    """From a newcomer's run: "non, toujours rien reçu, même dans les spams" under the
    scan-to-email article was a note, and "toujours" became "Fréquence : toujours"."""
    chat = Chat(engine_for(kb, {"scanner": {"vpn-disconnects-wifi": 0.8}}))
    chat.say(
        "Bonjour, depuis ce matin je n'arrive plus à scanner vers mon mail sur la Canon du RDC, "
        "le scan part mais je ne reçois rien"
    )
    assert last(chat.last, "answer").article_id == "vpn-disconnects-wifi"
    chat.say("non, toujours rien reçu, même dans les spams")
    text = _statement_text(chat).replace("\n", " ")
    assert "n'a pas aidé : toujours rien reçu, même dans les spams" in text
    assert "Fréquence" not in text
    assert extract_slots("ça plante toujours")["when_pattern"] == "toujours"


def test_a_how_to_answer_that_misses_a_tab_stays_a_question(kb: Database) -> None:
    """From a newcomer's run: "non pas vraiment, je n'ai pas l'onglet archive" under the payslip
    answer turned the question into a fault ("Que se passe-t-il à la place ?")."""
    chat = Chat(engine_for(kb, {"fiche de paie": {"mot-de-passe-oublie": 0.8}}))
    chat.say("comment je retrouve ma fiche de paie de 2023 ?")
    assert last(chat.last, "answer").article_id == "mot-de-passe-oublie"
    chat.say("non pas vraiment, je n'ai pas l'onglet archive")
    assert row(kb).contact_type == "question"
    assert not {"actual", "when_first"} & set(asked(chat.last))
    text = _statement_text(chat).replace("\n", " ")
    assert "n'a pas aidé : pas vraiment, je n'ai pas l'onglet archive" in text


@pytest.mark.parametrize(
    ("opening", "said", "why"),
    [
        (
            "Bonjour, j'ai oublié mon mot de passe Windows et je suis bloquée",
            "je ne peux pas, je suis bloquée sur l'écran Windows, je n'ai pas accès à Okta sans "
            "ouvrir ma session",
            "n'a pas aidé : je ne peux pas, je suis bloquée sur l'écran Windows",
        ),
        (
            "I forgot my Windows password and I'm locked out",
            "I can't, I'm stuck on the Windows login screen and can't reach Okta",
            "did not help: I can't, I'm stuck on the Windows login screen",
        ),
    ],
)
def test_i_cannot_do_the_steps_is_a_no(kb: Database, opening: str, said: str, why: str) -> None:
    """A newcomer's conversation: "je ne peux pas, je suis bloquée sur l'écran Windows…" under
    the password article left it "choisi", and "Ce que cela empêche : je ne peux pas"."""
    rules = {"password": {"mot-de-passe-oublie": 0.8}, "mot de passe": {"mot-de-passe-oublie": 0.8}}
    chat = Chat(engine_for(kb, rules))
    chat.say(opening)
    assert last(chat.last, "answer").article_id == "mot-de-passe-oublie"
    chat.say(said)
    text = _statement_text(chat).replace("\n", " ")
    assert why in text
    assert "empêche : je ne peux pas" not in text and "What it stops: I can't" not in text


@pytest.mark.parametrize(
    ("opening", "said", "why"),
    [
        (
            "how do I share my calendar with my new assistant so she can accept meetings for me?",
            "I don't see the Delegate option, only Can view and Can edit. I'm on the Mac version",
            "did not help: I don't see the Delegate option",
        ),
        (
            "comment je partage mon agenda avec ma nouvelle assistante ?",
            "Je ne vois pas le bouton Partager dans le menu, je suis sur Mac",
            "n'a pas aidé : Je ne vois pas le bouton Partager dans le menu",
        ),
    ],
)
def test_a_step_that_is_not_there_is_a_no_without_saying_no(
    kb: Database, opening: str, said: str, why: str
) -> None:
    """A newcomer's conversation: "I don't see the Delegate option…" under the calendar
    article got "The article above still looks like the answer: did it solve it?"."""
    chat = Chat(
        engine_for(
            kb, {"calendar": {"vpn-disconnects-wifi": 0.8}, "agenda": {"vpn-disconnects-wifi": 0.8}}
        )
    )
    chat.say(opening)
    assert last(chat.last, "answer").article_id == "vpn-disconnects-wifi"
    chat.say(said)
    assert all("still looks like the answer" not in a.text for a in chat.last)
    assert all("semble toujours" not in a.text for a in chat.last)
    text = _statement_text(chat).replace("\n", " ")
    assert why in text
    assert "Mac" in text


@pytest.mark.parametrize(
    ("opening", "said", "why"),
    [
        (
            "my vpn keeps dropping on the guest wifi",
            "I don't see GlobalProtect in the Company Portal, I'm on a Mac",
            "did not help: I don't see GlobalProtect in the Company Portal",
        ),
        (
            "mon vpn se coupe sans arrêt sur le wifi invité",
            "Je ne trouve pas CORP-WIFI dans la liste des réseaux",
            "n'a pas aidé : Je ne trouve pas CORP-WIFI dans la liste des réseaux",
        ),
    ],
)
def test_a_step_of_the_article_shown_that_is_not_there_is_a_no(
    kb: Database, opening: str, said: str, why: str
) -> None:
    """A newcomer's conversation: "I don't see Sharing and permissions when I right-click"
    under the delegate article got "The article above still looks like the answer"."""
    chat = Chat(engine_for(kb, {"vpn": {"vpn-disconnects-wifi": 0.8}}))
    chat.say(opening)
    assert last(chat.last, "answer").article_id == "vpn-disconnects-wifi"
    chat.say(said)
    assert all("still looks like the answer" not in a.text for a in chat.last)
    assert all("semble toujours" not in a.text for a in chat.last)
    assert why in _statement_text(chat).replace("\n", " ").replace("\u00a0", " ")


def test_a_word_not_in_the_steps_said_missing_is_more_detail(kb: Database) -> None:
    chat = Chat(engine_for(kb, {"vpn": {"vpn-disconnects-wifi": 0.8}}))
    chat.say("my vpn keeps dropping on the guest wifi")
    chat.say("I don't see why it would drop, it started after the move to the new building")
    assert any("still looks like the answer" in a.text for a in chat.last)


@pytest.mark.parametrize(
    ("opening", "rows", "absent"),
    [
        (
            "I can't open the shared drive. From home it works but not at the office",
            ["Where (IS): at the office\n", "Where not (IS NOT): From home it works\n"],
            ["Where (IS): From home", "not at the office\n"],
        ),
        (
            "I can't open the shared drive, it works fine at home but not in the office",
            ["Where (IS): in the office\n", "Where not (IS NOT): it works fine at home\n"],
            ["Where (IS): at home"],
        ),
        (
            "Je n'arrive pas à ouvrir le lecteur partagé. De chez moi ça marche mais pas au bureau",
            ["Où (EST) : au bureau\n", "Où pas (N'EST PAS) : De chez moi ça marche\n"],
            ["Où (EST) : De chez moi"],
        ),
        (
            "le lecteur partagé ne s'ouvre pas, ça marche en télétravail mais pas au bureau",
            ["Où (EST) : au bureau\n", "Où pas (N'EST PAS) : ça marche en télétravail\n"],
            ["Où (EST) : en télétravail"],
        ),
    ],
)
def test_where_it_works_but_not_where_it_fails_are_told_apart(
    kb: Database, opening: str, rows: list[str], absent: list[str]
) -> None:
    """From a newcomer's run: "From home it works but not at the office" gave "Where (IS): From
    home" and "Where not (IS NOT): not at the office", the two places the wrong way round."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, rows, absent)


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (
            "hey, our delivery drivers can't log into the route planner app on their handhelds "
            "since this morning, about 15 of them, they can't start their rounds",
            [
                "Affected: route planner app\n",
                "Who is affected: about 15 of them\n",
                "What it stops: they can't start their rounds\n",
                "Priority: P2 (impact medium, urgency high)",
            ],
        ),
        (
            "nos livreurs ne peuvent plus se connecter à l'appli de tournée sur leurs terminaux "
            "depuis ce matin, ils ne peuvent pas commencer leur tournée",
            [
                "Concerne : appli de tournée\n",
                "Qui est concerné : nos livreurs\n",
                "Ce que cela empêche : ils ne peuvent pas commencer leur tournée\n",
                "Priorité : P2 (impact moyen, urgence élevée)",
            ],
        ),
        (
            "Bonjour, nos infirmières n'arrivent plus à se connecter au logiciel de planning "
            "depuis ce matin",
            [
                "Concerne : logiciel de planning\n",
                "Ce qui se passe (EST) : n'arrivent plus à se connecter au logiciel de planning\n",
                "Qui est concerné : nos infirmières\n",
            ],
        ),
    ],
)
def test_people_who_cannot_use_a_tool_are_who_and_the_tool_is_what_fails(
    kb: Database, opening: str, rows: list[str]
) -> None:
    """From a newcomer's run: "our delivery drivers can't log into the route planner app …,
    they can't start their rounds" gave "Affected: delivery drivers", asked what it stops, and
    was a P3; "nos infirmières n'arrivent plus…" had no deviation at all."""
    chat = Chat(engine_for(kb))
    first = " ".join(a.text for a in chat.say(opening))
    if any(r.startswith(("What it stops", "Ce que cela empêche")) for r in rows):
        assert "What can't you do" not in first and "vous empêche" not in first
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("opening", "answer", "question", "rows"),
    [
        (
            "our delivery drivers can't log into the route planner app since this morning",
            "about 15",
            "About how many of them are affected?",
            ["Who is affected: our delivery drivers, about 15\n", "impact medium"],
        ),
        (
            "Bonsoir, les étudiants de L2 n'arrivent plus à déposer leurs rapports sur Moodle, "
            "erreur 413, rendu ce soir minuit",
            "une quarantaine",
            "Combien sont concernés, environ ?",
            [
                "Qui est concerné : les étudiants de L2, une quarantaine\n",
                "Ce qui se passe (EST) : n'arrivent plus à déposer leurs rapports sur Moodle ; "
                "erreur 413\n",
                "impact élevé",
            ],
        ),
    ],
)
def test_people_named_by_their_job_are_counted_before_the_handoff(
    kb: Database, opening: str, answer: str, question: str, rows: list[str]
) -> None:
    """ "our delivery drivers" says who, not how many, and how many sets the impact: it is
    asked in those words, and the count joins who they are."""
    chat = Chat(engine_for(kb))
    seen = chat.say(opening)
    while question not in " ".join(a.text for a in seen).replace("\u00a0", " "):
        assert seen[-1].type == "question", "how many was never asked"
        seen = chat.say("no idea")
    chat.say(answer)
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("opening", "answer", "rows"),
    [
        (
            "our warehouse pickers can't log into the scanner app",
            "about 15 since 9am",
            ["Since: since 9am\n", "Who is affected: our warehouse pickers, about 15\n"],
        ),
        (
            "our warehouse pickers can't log into the scanner app",
            "since 9am, about 15",
            ["Since: since 9am\n", "Who is affected: our warehouse pickers, about 15\n"],
        ),
        (
            "nos préparateurs n'arrivent plus à se connecter à l'appli de scan",
            "une quinzaine depuis ce matin",
            [
                "Depuis : depuis ce matin\n",
                "Qui est concerné : nos préparateurs, une quinzaine\n",
            ],
        ),
    ],
)
def test_a_count_and_a_time_in_one_answer_go_to_their_own_fields(
    kb: Database, opening: str, answer: str, rows: list[str]
) -> None:
    """ "about 15 since 9am" to "since when? how many?" was all "Since: about 15 since 9am",
    and how many was never known."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert {"when_first", "extent_count"} <= set(asked(chat.last))
    chat.say(answer)
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("opening", "approval"),
    [
        (
            "hi! could I get access to the Finance Q4 Power BI dashboard? my manager Sarah Lee "
            "already approved, I need it for the board pack on Thursday",
            "Approval: my manager Sarah Lee already approved\n",
        ),
        (
            "je voudrais un accès au tableau de bord Power BI des ventes, mon manager a validé, "
            "j'en ai besoin pour le comité de jeudi",
            "Accord : mon manager a validé\n",
        ),
    ],
)
def test_an_approval_ends_where_the_next_clause_begins(
    kb: Database, opening: str, approval: str
) -> None:
    """From a newcomer's run: "Approval: my manager Sarah Lee already approved, I need it for
    the board pack on Thursday" (why it is needed, said twice)."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, [approval])


@pytest.mark.parametrize(
    ("answer", "works"),
    [
        ("only me, the other printer at dispatch is fine", "the other printer at dispatch"),
        ("only me, the printer next to it is fine", "the printer next to it"),
    ],
)
def test_another_printer_that_works_elsewhere_is_what_works_not_who_or_where(
    kb: Database, answer: str, works: str
) -> None:
    """From newcomers' runs: "only me, the other printer at dispatch is fine" to "who is
    affected?" was all "Who is affected", and "at dispatch" where the fault is; "the printer
    next to it is fine" stayed in who is affected ("it" read as the fine thing)."""
    chat = Chat(engine_for(kb))
    chat.say("the label printer keeps printing blank labels since the new roll went in")
    while "extent_count" not in asked(chat.last):
        assert chat.last[-1].type == "question"
        chat.say("no idea")
    chat.say(answer)
    _shows_rows(chat, ["Who is affected: only me\n", f"What works (IS NOT): {works} is fine\n"])
    assert "Where (IS): at dispatch" not in _statement_text(chat)


@pytest.mark.parametrize(
    ("opening", "absent"),
    [
        (
            "Bonjour, depuis la mise à jour de vendredi, Excel plante dès que j'ouvre un fichier "
            "avec des macros. Je dois envoyer le reporting au siège avant 17h",
            "Où (EST) : au siège",
        ),
        (
            "Excel crashes when I open macro files and I need to send the report to HQ by 5pm",
            "Where (IS): HQ",
        ),
    ],
)
def test_where_a_report_is_sent_is_not_where_the_fault_is(
    kb: Database, opening: str, absent: str
) -> None:
    """From a newcomer's run: "Je dois envoyer le reporting au siège avant 17h" gave "Où (EST) :
    au siège"."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert absent not in _statement_text(chat)
    got = extract_slots("I get an error at the Leeds office when I print")
    assert got["where"] == "at the Leeds office"  # where it fails, nothing sent there


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (
            "need a second monitor for my desk, mine died this morning, I'm on the 4th floor "
            "desk 12",
            [
                "Why: mine died this morning\n",
                "Where: 4th floor desk 12\n",
                "Priority: P4 (impact low, urgency medium)",
                "urgency: replaces something broken",
            ],
        ),
        (
            "il me faudrait un nouveau casque, le mien a lâché ce matin",
            [
                "Pourquoi : le mien a lâché ce matin\n",
                "Priorité : P4 (impact faible, urgence moyenne)",
            ],
        ),
    ],
)
def test_a_replacement_for_something_broken_says_why_and_is_no_deadline(
    kb: Database, opening: str, rows: list[str]
) -> None:
    """From a newcomer's run: "need a second monitor for my desk, mine died this morning" gave
    "Why: my desk" and "urgency: deadline this morning" (when it broke), and "the 4th floor"
    became a date once the morning was set aside."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (
            "wifi in the Lyon office keeps dropping every 10 min or so, whole sales floor "
            "affected, we have client calls all afternoon",
            ["What happens (IS): keeps dropping\n", "How often: every 10 min or so\n"],
        ),
        (
            "le wifi du bureau de Lyon décroche toutes les 10 min environ, tout le plateau "
            "commercial est touché",
            ["Ce qui se passe (EST) : décroche\n", "Fréquence : toutes les 10 min environ\n"],
        ),
        (
            "salut, Teams me déconnecte de toutes mes réunions depuis hier après-midi, au bout "
            "de 5 minutes environ. Sur le téléphone ça tient",
            [
                "Ce qui se passe (EST) : Teams me déconnecte de toutes mes réunions\n",
                "Fréquence : au bout de 5 minutes environ\n",
            ],
        ),
    ],
)
def test_how_often_said_in_short_units_is_how_often_not_part_of_what_happens(
    kb: Database, opening: str, rows: list[str]
) -> None:
    """From a newcomer's run: "keeps dropping every 10 min or so" gave "What happens (IS): keeps
    dropping or" ("min" was not read as minutes)."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (
            "Bonjour, pouvez-vous donner accès à la boîte partagée compta@ à ma collègue Inès "
            "Garnier ? Elle remplace Paul pendant son congé à partir de lundi",
            [
                "Demandé : donner accès à la boîte partagée compta@\n",
                "Pour : ma collègue Inès Garnier\n",
            ],
        ),
        (
            "can you give my colleague Ines Garnier access to the accounts@ shared mailbox? she "
            "covers for Paul from Monday",
            [
                "Requested: give access to the accounts@ shared mailbox\n",
                "For: my colleague Ines Garnier\n",
            ],
        ),
    ],
)
def test_a_colleague_named_in_a_request_is_who_it_is_for_with_the_whole_name(
    kb: Database, opening: str, rows: list[str]
) -> None:
    """From a newcomer's run: "Pour : ma collègue Inès" (no surname) and "Demandé : donner
    accès à la boîte partagée compta@ à ma collègue Inès Garnier"."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("said", "rows", "absent"),
    [
        (
            [
                "Bonjour, je n'ai plus de son dans mon casque pendant les réunions Teams depuis "
                "la mise à jour de Windows d'hier",
                "Juste moi, mes collègues entendent bien",
                "je ne peux pas suivre le point client de 14h",
                "non pas de contournement",
                "au bureau, et le casque marche sur mon téléphone",
            ],
            [
                "Ce qui fonctionne (N'EST PAS) : le casque marche sur mon téléphone\n",
                "Où (EST) : au bureau\n",
                "Ce que cela empêche : je ne peux pas suivre le point client de 14h\n",
                "Contournement : aucun\n",
            ],
            ["Où (EST) : pas de contournement", "Besoin métier", ": et le casque"],
        ),
        (
            [
                "I have no sound in my headset in Teams meetings since yesterday's Windows update",
                "just me",
                "I can't join the 2pm client call",
                "at the office, and the headset works on my phone",
                "nope, no workaround",
            ],
            [
                "What works (IS NOT): the headset works on my phone\n",
                "Where (IS): at the office\n",
                "What it stops: I can't join the 2pm client call\n",
                "Workaround: none\n",
            ],
            ["Where (IS): no workaround", "Business need", ": and the headset"],
        ),
    ],
)
def test_a_headset_without_sound_reaches_the_agent_field_by_field(
    kb: Database, said: list[str], rows: list[str], absent: list[str]
) -> None:
    """A newcomer's conversation: "et le casque marche sur mon téléphone" kept its "et" (and
    in English was not read as what works at all), "non pas de contournement" to "where?" was
    "Where: pas de contournement", and the 2pm call was shown twice, as what it stops and as
    the business need."""
    chat = Chat(engine_for(kb))
    for text in said:
        chat.say(text)
    _shows_rows(chat, rows)
    text = _statement_text(chat)
    for wrong in absent:
        assert wrong not in text


@pytest.mark.parametrize(
    ("said", "intro"),
    [
        (
            [
                "my VPN keeps dropping on the office wifi",
                "just me, my colleagues are fine",
                "I can't join the 2pm client call",
            ],
            "Thanks, that helps. A few questions so support can take it from here:",
        ),
        (
            [
                "mon VPN coupe sans arrêt sur le wifi du bureau",
                "Juste moi, mes collègues n'ont pas le souci",
                "je ne peux pas suivre le point client de 14h",
            ],
            "Merci pour ces précisions. Quelques questions pour que le support prenne le relais :",
        ),
    ],
)
def test_details_under_an_answer_that_fit_nothing_do_not_say_no_article_was_found(
    kb: Database, said: list[str], intro: str
) -> None:
    """A newcomer's conversation: details typed under an article, when nothing new fits,
    were met with "I couldn't find an article that clearly fits", right under the article
    (the first detail asks the verdict again; the second means it did not do)."""
    chat = Chat(engine_for(kb, {"vpn": {"vpn-disconnects-wifi": 0.9}}))
    assert last(chat.say(said[0]), "answer").article_id == "vpn-disconnects-wifi"
    chat.say(said[1])
    reply = " ".join(a.text for a in chat.say(said[2])).replace("\u00a0", " ")
    assert intro in reply
    assert "couldn't find" not in reply and "pas trouvé" not in reply


@pytest.mark.parametrize(
    ("said", "rows"),
    [
        (
            [
                "the projector in meeting room Everest shows no signal when I plug my laptop in "
                "via HDMI",
                "started this morning, a colleague had the same with his laptop",
                "my presentation to the board at 11 can't go ahead",
                "the TV screen in room Kilimanjaro works fine with my laptop",
            ],
            [
                "Since: started this morning\n",
                "Who is affected: a colleague had the same with his laptop\n",
                "What it stops: my presentation to the board at 11 can't go ahead\n",
                "impact medium, urgency high",
            ],
        ),
        (
            [
                "le vidéoprojecteur de la salle Everest n'affiche rien quand je branche mon "
                "portable en HDMI",
                "depuis ce matin, un collègue a eu la même chose avec son portable",
                "ma présentation au comité de 11h ne peut pas avoir lieu",
                "l'écran TV de la salle Kilimandjaro marche bien avec mon portable",
            ],
            [
                "Depuis : depuis ce matin\n",
                "Qui est concerné : un collègue a eu la même chose avec son portable\n",
                "Ce que cela empêche : ma présentation au comité de 11h ne peut pas avoir lieu\n",
                "impact moyen, urgence élevée",
            ],
        ),
    ],
)
def test_a_colleague_with_the_same_fault_and_a_meeting_that_cannot_go_ahead(
    kb: Database, said: list[str], rows: list[str]
) -> None:
    """A newcomer's conversation: "started this morning, a colleague had the same with his
    laptop" was all "Since" (and how many was still unknown), and "my presentation to the
    board at 11 can't go ahead" was the business need, not what it stops; in French the 11h
    meeting gave no urgency at all (P4)."""
    chat = Chat(engine_for(kb))
    for text in said:
        chat.say(text)
    _shows_rows(chat, rows)
    assert "how many" not in _statement_text(chat) and "combien" not in _statement_text(chat)


@pytest.mark.parametrize(
    ("deadline", "urgency"),
    [
        ("Would be good to have it back before the 2pm close meeting.", "medium"),
        ("We need it back before the 2pm close meeting.", "high"),
    ],
)
def test_a_wished_time_with_a_way_round_is_not_a_hard_deadline(
    kb: Database, deadline: str, urgency: str
) -> None:
    """ "Would be good to have it back before the 2pm meeting", while Teams in the browser
    does meanwhile, is a wish: urgency medium; said as a need, high."""
    chat = Chat(engine_for(kb))
    chat.say("teams down")
    shown = answer_all(
        chat,
        {
            "when_first": "Since about 8:30 this morning.",
            "extent_count": "Pretty much the whole finance floor, around 40 of us.",
            "impact": "We can't run the month-end calls from the app, we're using Teams in the "
            f"browser for now but it's clunky. {deadline}",
        },
    )
    st = last(shown, "statement").problem_statement
    assert st is not None and st["urgency"] == urgency


def test_another_way_that_works_but_falls_short_said_at_review_is_what_works(
    kb: Database,
) -> None:
    """A newcomer's conversation: "the web version works but it's really slow", typed while
    the statement waited, was only a note, and "What works" stayed empty."""
    chat = Chat(engine_for(kb))
    chat.say(
        "nobody in HR can open the Workday app since this morning's update, payroll has to be "
        "submitted by 5pm"
    )
    chat.say("it just spins then says 'Session expired'")
    assert chat.last[-1].type == "statement"
    chat.say("the web version works but it's really slow")
    _shows_rows(chat, ["What works (IS NOT): the web version works\n"])


def test_a_way_round_and_how_it_falls_short_in_french_is_one_workaround(kb: Database) -> None:
    """ "la version web marche mais elle est très lente" to "what does it stop? deadline? way
    round?" gave "Besoin métier : elle est très lente"."""
    chat = Chat(engine_for(kb))
    chat.say("Personne aux RH ne peut ouvrir l'appli Workday depuis la mise à jour de ce matin")
    while "impact" not in asked(chat.last):
        assert chat.last[-1].type == "question"
        chat.say("aucune idée")
    chat.say("on ne peut pas saisir la paie. la version web marche mais elle est très lente")
    _shows_rows(chat, ["Contournement : la version web marche mais elle est très lente\n"])
    assert "Besoin métier : elle est très lente" not in _statement_text(chat)


@pytest.mark.parametrize(
    ("opening", "follow_up"),
    [
        ("how do I fix Outlook error 0x800ccc0e?", "and on my phone?"),
        ("comment corriger l'erreur Outlook 0x800ccc0e ?", "et pour le faire sur mon téléphone ?"),
    ],
)
def test_a_follow_up_after_an_answer_that_helped_is_read_with_the_question_before_it(
    kb: Database, opening: str, follow_up: str
) -> None:
    """A newcomer's conversation: "et pour le mettre aussi sur Teams ?", right after the
    out-of-office article had helped, was searched alone and answered with Teams audio. A
    follow-up is searched with the question it leans on, the article already read is not
    shown again, and the agent reads both questions."""
    search = FakeSearch(
        {"0x800ccc0e": {"outlook-error-0x800ccc0e": 0.9}, "phone": {"vpn-disconnects-wifi": 0.7}}
    )
    chat = Chat(Engine(kb, search))
    assert last(chat.say(opening), "answer").article_id == "outlook-error-0x800ccc0e"
    chat.pick(next(c.id for a in chat.last for c in a.choices))  # yes, it helped
    assert row(kb).state == State.RESOLVED
    reply = chat.say(follow_up)
    assert search.queries[-1] == f"{opening} {follow_up}"
    assert "answer" not in [a.type for a in reply]  # not the phone's VPN, not the same again
    while chat.last[-1].type == "question":
        chat.say("no idea")
    st = last(chat.last, "statement").problem_statement
    assert st is not None and follow_up in st["requester_verbatim"]
    about = next(r.value for r in view(st).rows if r.key == "object")
    assert "0x800ccc0e" in about and follow_up.rstrip(" ?") in about


def test_a_new_subject_after_an_answer_that_helped_is_searched_alone(kb: Database) -> None:
    """ "et sinon, …", or a message that does not lean on the one before, starts afresh."""
    search = FakeSearch({"0x800ccc0e": {"outlook-error-0x800ccc0e": 0.9}})
    chat = Chat(Engine(kb, search))
    chat.say("Outlook says error 0x800ccc0e when I send mail")
    chat.press("Yes")
    chat.say("et sinon, le wifi du 3e étage ne marche pas")
    assert search.queries[-1] == "et sinon, le wifi du 3e étage ne marche pas"


@pytest.mark.parametrize(
    ("opening", "happens"),
    [
        (
            "<!channel> my laptop won't boot, black screen with a blinking cursor since this "
            "morning",
            "What happens (IS): won't boot, black screen with a blinking cursor\n",
        ),
        (
            "mon PC ne démarre plus, écran noir avec un curseur qui clignote depuis ce matin",
            "Ce qui se passe (EST) : ne démarre plus, écran noir avec un curseur qui clignote\n",
        ),
        (
            "hello, the printer on floor 3 is jammed again, paper stuck in tray 2",
            "What happens (IS): is jammed again, paper stuck in tray 2\n",
        ),
        (
            "l'imprimante du 3e est encore bloquée, une feuille coincée dans le bac 2",
            "Ce qui se passe (EST) : est encore bloquée, une feuille coincée dans le bac 2\n",
        ),
    ],
)
def test_what_the_failure_looks_like_stays_with_it(
    kb: Database, opening: str, happens: str
) -> None:
    """A newcomer's conversation: "won't boot, black screen with a blinking cursor" reached
    the agent as "won't boot, black screen" (the detail an agent diagnoses from was cut)."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, [happens])


@pytest.mark.parametrize(
    ("opening", "kind", "rows", "absent"),
    [
        (
            "Salut, je voudrais savoir si c'est normal que mon badge ne m'ouvre plus la porte du "
            "local serveur ? j'avais l'accès avant",
            "incident",
            ["Ce qui se passe (EST) : ne m'ouvre plus la porte du local serveur\n"],
            ["normal que"],
        ),
        (
            "is it normal that Outlook crashes every time I open a PDF attachment?",
            "incident",
            ["What happens (IS): crashes\n"],
            ["normal that"],
        ),
        (
            "C'est normal que l'appli de pointage mette 2 minutes à charger ? Hier c'était "
            "instantané",
            "incident",
            ["Ce qui se passe (EST) : mette 2 minutes à charger\n"],
            ["Où (EST) : l'"],
        ),
        (
            "hey is it normal that I can see other departments' folders on the shared drive? "
            "don't want to be nosey but feels like I shouldn't",
            "question",
            [],
            [],
        ),
    ],
)
def test_a_fault_asked_as_is_it_normal_is_a_fault(
    kb: Database, opening: str, kind: str, rows: list[str], absent: list[str]
) -> None:
    """A newcomer's conversation: "je voudrais savoir si c'est normal que mon badge ne m'ouvre
    plus la porte du local serveur ?" went over as a question (what depends on it, P5), with
    the whole sentence as its subject; "C'est normal que l'appli…" read "Où : l'"."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert row(kb).contact_type == kind
    if rows:
        _shows_rows(chat, rows)
    text = _statement_text(chat)
    for wrong in absent:
        assert wrong not in text.split("Dans ses mots")[0].split("In their words")[0]


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (
            "please forward my desk phone 020 7946 0958 to my mobile 07700 900123 while I'm "
            "travelling next week",
            [
                "Requested: forward my desk phone 020 7946 0958 to my mobile 07700 900123\n",
                "Why: while I'm travelling\n",
                "Needed by: next week\n",
                "Impact: one person (me)",
            ],
        ),
        (
            "pouvez-vous renvoyer ma ligne fixe vers mon portable pendant mon déplacement la "
            "semaine prochaine ?",
            [
                "Demandé : renvoyer ma ligne fixe vers mon portable\n",
                "Pourquoi : pendant mon déplacement\n",
                "Échéance : la semaine prochaine\n",
            ],
        ),
    ],
)
def test_a_call_forward_while_away_is_asked_for_and_its_reason_is_the_absence(
    kb: Database, opening: str, rows: list[str]
) -> None:
    """A newcomer's conversation: "please forward my desk phone … to my mobile while I'm
    travelling next week" read "Requested: desk", asked what it is for (said: while
    travelling), and took the answer "from Monday to Friday" as the reason; its impact was
    "one booking or item" (a desk)."""
    chat = Chat(engine_for(kb))
    reply = chat.say(opening)
    assert "request_why" not in asked(reply)
    _shows_rows(chat, rows)


def test_a_reason_said_without_its_subject_is_not_asked_again(kb: Database) -> None:
    """A newcomer's conversation: "can I get Visio installed? need it for a network diagram
    due Friday" was asked "What is it for?" (chat drops the "I")."""
    chat = Chat(engine_for(kb))
    reply = chat.say("hi, can I get Visio installed? need it for a network diagram due Friday")
    assert "request_why" not in asked(reply)
    while chat.last[-1].type == "question":
        chat.say("it's for me, Tom Becker in infrastructure")
    _shows_rows(chat, ["Why: need it for a network diagram\n"])  # not "…diagram due"


@pytest.mark.parametrize(
    ("opening", "why"),
    [
        (
            "je peux avoir Visio ? j'en ai besoin pour un schéma réseau à rendre vendredi",
            "Pourquoi : j'en ai besoin pour un schéma réseau\n",
        ),
        ("can I get a laptop? the report is due Friday", "Why: the report is due\n"),
    ],
)
def test_a_reason_does_not_keep_the_due_of_its_cut_date(
    kb: Database, opening: str, why: str
) -> None:
    """ "un schéma réseau à rendre (vendredi)": the date is when; "the report is due" keeps
    its verb."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, [why])


@pytest.mark.parametrize(
    ("said", "rows"),
    [
        (
            [
                "le wifi de la salle Jupiter coupe de temps en temps pendant les visios, depuis "
                "la semaine dernière",
                "on est 3 ou 4 à l'avoir remarqué",
                "on perd le client en plein milieu de la démo, c'est gênant",
                "en filaire ça marche, dans les autres salles aussi",
            ],
            [
                "Ce qui fonctionne (N'EST PAS) : en filaire ça marche\n",
                "Où pas (N'EST PAS) : dans les autres salles aussi\n",
            ],
        ),
        (
            [
                "the wifi in meeting room Jupiter keeps dropping during video calls since last "
                "week",
                "3 or 4 of us noticed it",
                "we lose the client in the middle of the demo",
                "wired works, and in the other rooms too",
            ],
            [
                "What works (IS NOT): wired works\n",
                "Where not (IS NOT): in the other rooms too\n",
            ],
        ),
    ],
)
def test_the_other_rooms_where_it_works_too_are_where_it_is_not(
    kb: Database, said: list[str], rows: list[str]
) -> None:
    """A newcomer's conversation: "en filaire ça marche, dans les autres salles aussi" was
    all what works; the other rooms are where the fault is not."""
    chat = Chat(engine_for(kb))
    for text in said:
        chat.say(text)
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("opening", "rows", "absent"),
    [
        (
            "Can I get access to the Finance shared drive? My manager approved it, I joined the "
            "finance team this week",
            ["For: me\n", "Why: I joined the finance team"],
            ["Needed by: this week", "the finance team, me"],
        ),
        (
            "Bonjour, je peux avoir accès au dossier partagé Contrôle de gestion ? Je viens de "
            "rejoindre l'équipe contrôle de gestion cette semaine",
            [
                "Pour : moi\n",
                "Pourquoi : Je viens de rejoindre l'équipe contrôle de gestion cette semaine\n",
            ],
            ["Échéance : cette semaine"],
        ),
    ],
)
def test_the_team_a_requester_just_joined_is_why_not_who_or_by_when(
    kb: Database, opening: str, rows: list[str], absent: list[str]
) -> None:
    """A newcomer's conversation: "I joined the finance team this week" made the drive access
    for "the finance team, me", needed by "this week"; it is the reason, for the requester."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, rows, absent)


@pytest.mark.parametrize(
    ("said", "rows"),
    [
        (
            [
                "Can I get access to the Finance shared drive? My manager approved it, I joined "
                "the finance team this week",
                "by Friday if possible, I need the budget files for month-end close",
            ],
            ["Needed by: by Friday if possible\n", "I need the budget files for month-end close"],
        ),
        (
            [
                "Bonjour, je peux avoir accès au dossier partagé Contrôle de gestion ?",
                "d'ici vendredi si possible, j'ai besoin des fichiers budget pour la clôture",
            ],
            [
                "Échéance : d'ici vendredi si possible\n",
                "Pourquoi : j'ai besoin des fichiers budget pour la clôture\n",
            ],
        ),
    ],
)
def test_what_a_request_is_needed_for_said_after_its_date_is_not_the_date(
    kb: Database, said: list[str], rows: list[str]
) -> None:
    """A newcomer's conversation: "by Friday if possible, I need the budget files for
    month-end close" was all "Needed by", and urgency read month-end instead of Friday."""
    chat = Chat(engine_for(kb))
    for text in said:
        chat.say(text)
    text = _statement_text(chat)
    for row_text in rows:
        assert row_text in text
    assert "Needed by: by Friday if possible, I need" not in text


@pytest.mark.parametrize(
    "said",
    [
        "I have to send the forecast to my director by 5pm, no workaround",
        "je dois envoyer le forecast à mon directeur avant 17h, pas de contournement",
    ],
)
def test_a_deadline_said_before_no_workaround_is_no_workaround(said: str) -> None:
    """A newcomer's conversation: "I have to send the forecast to my director by 5pm, no
    workaround" gave "Workaround: I have to send the forecast…" and lost the "no workaround"."""
    reply = read_reply(["impact"], said)
    assert "workaround" not in reply.slots
    assert reply.slots["no_workaround"]
    assert "5pm" in reply.slots["deadline"] or "17h" in reply.slots["deadline"]


@pytest.mark.parametrize(
    ("said", "who", "fault"),
    [
        ("just me I think, it just closes, no error", "just me I think", "it just closes"),
        ("just me I think. It just closes, no error.", "just me I think", "It just closes"),
        (
            "que moi je crois, ça se ferme direct sans message d'erreur",
            "que moi je crois",
            "ça se ferme direct",
        ),
    ],
)
def test_how_it_fails_said_after_who_is_affected_is_what_happens(
    said: str, who: str, fault: str
) -> None:
    """A newcomer's conversation: "just me I think, it just closes, no error" to "only you?"
    was all who is affected ("Impact: one person (just me I think, it just closes…)")."""
    reply = read_reply(["extent_count"], said)
    assert reply.slots["extent_count"] == who
    assert fault in reply.slots["actual"]


def test_who_is_affected_keeps_what_says_when_or_what_works() -> None:
    reply = read_reply(["extent_count"], "just me, it works on my phone though")
    assert "actual" not in reply.slots


def test_how_it_fails_said_later_is_added_to_what_happens(kb: Database) -> None:
    chat = Chat(engine_for(kb))
    chat.say("Excel crashes every time I open a file from SharePoint since yesterday's update")
    chat.say("just me I think, it just closes, no error")
    _shows_rows(
        chat, ["What happens (IS): crashes; it just closes, no error\n", "just me I think\n"]
    )


@pytest.mark.parametrize(
    ("said", "why", "when"),
    [
        (
            "for drawing the network diagrams for the new office, ideally next week",
            "drawing the network diagrams for the new office",
            "ideally next week",
        ),
        (
            "ideally next week, to draw the network diagrams for the new office",
            "to draw the network diagrams for the new office",
            "ideally next week",
        ),
        (
            "pour dessiner les schémas réseau du nouveau bureau, idéalement la semaine prochaine",
            "dessiner les schémas réseau du nouveau bureau",
            "idéalement la semaine prochaine",
        ),
    ],
)
def test_a_purpose_and_a_date_in_one_answer_are_why_and_by_when(
    said: str, why: str, when: str
) -> None:
    """A newcomer's conversation: "for drawing the network diagrams for the new office,
    ideally next week" was all "Needed by", and why was listed as missing."""
    reply = read_reply(["request_by_when", "request_why"], said)
    assert why in reply.slots["request_why"]
    assert reply.slots["request_by_when"] == when


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (
            "need a new mouse pls, mine's scroll wheel is broken",
            ["Requested: a new mouse\n", "For: me\n", "Why: mine's scroll wheel is broken\n"],
        ),
        ("new charger needed, mine died", ["Requested: new charger\n", "For: me\n"]),
        (
            "besoin d'une nouvelle souris svp, la mienne est cassée",
            ["Demandé : une nouvelle souris\n", "Pour : moi\n", "Pourquoi : la mienne est cassée"],
        ),
    ],
)
def test_a_replacement_for_the_requester_s_own_is_for_them(
    kb: Database, opening: str, rows: list[str]
) -> None:
    """A newcomer's conversation: "need a new mouse pls, mine's scroll wheel is broken" was
    asked "Who is it for?" (and asked for "a new mouse pls"); "new charger needed, mine died"
    had nothing requested at all."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    first = asked(chat.last)
    assert "request_for_whom" not in first
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("said", "rows", "absent"),
    [
        (
            [
                "Hi! Could I get admin rights on my laptop? I need to install Python packages "
                "for a data project",
                "by end of next week, my manager Sarah Lee approved it",
            ],
            ["Needed by: by end of next week\n", "Approval: my manager Sarah Lee approved it\n"],
            ["Needed by: by end of next week, my manager"],
        ),
        (
            [
                "Bonjour, je voudrais les droits admin sur mon PC, je dois installer des "
                "librairies Python pour un projet data",
                "d'ici la fin de la semaine prochaine, mon manager a validé",
            ],
            ["Échéance : d'ici la fin de la semaine prochaine\n", "mon manager a validé"],
            ["Échéance : d'ici la fin de la semaine prochaine, mon manager"],
        ),
    ],
)
def test_an_approval_said_with_the_date_is_not_part_of_the_date(
    kb: Database, said: list[str], rows: list[str], absent: list[str]
) -> None:
    """A newcomer's conversation: "by end of next week, my manager Sarah Lee approved it"
    gave "Needed by: by end of next week, my manager Sarah Lee approved it" beside its own
    "Approval" row."""
    chat = Chat(engine_for(kb))
    for text in said:
        chat.say(text)
    _shows_rows(chat, rows, absent)


@pytest.mark.parametrize(
    ("opening", "rows", "absent"),
    [
        (
            "I need a second screen to work from home",
            ["Why: to work from home\n", "For: me\n"],
            ["ho\n", "Where: from home"],
        ),
        (
            "Bonjour, il me faudrait un deuxième écran pour travailler de chez moi",
            ["Pourquoi : travailler de chez moi\n", "Pour : moi\n"],
            ["Où : de chez moi"],
        ),
        (
            "Hi! Could I get admin rights on my laptop? I need to install Python packages for a "
            "data project",
            ["Why: I need to install Python packages for a data project\n"],
            [],
        ),
        (
            "Bonjour, je voudrais Visio sur mon PC, je dois dessiner les plans du nouveau site",
            ["Pourquoi : je dois dessiner les plans du nouveau site\n"],
            [],
        ),
        (
            "il me faudrait un casque pour les réunions Teams",
            ["Pourquoi : les réunions Teams\n", "Pour : moi\n"],
            ["Pour : les réunions"],
        ),
    ],
)
def test_the_requester_s_own_words_in_the_reason_stay_in_it(
    kb: Database, opening: str, rows: list[str], absent: list[str]
) -> None:
    """A newcomer's conversation: "a second screen to work from home" gave "Why: to work
    from ho" (the "me" of "home" cut away as who it is for); "pour travailler de chez moi" was
    no reason at all, and "un casque pour les réunions Teams" was for "les réunions Teams".
    The place inside the reason is not a "Where" row as if something failed there."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    _shows_rows(chat, rows, absent)


def test_a_place_inside_the_reason_is_not_who_the_request_is_for(kb: Database) -> None:
    """ "Visio on my laptop for drawing the network diagrams for the new office" was for "the
    new office"; it is the requester's laptop, and the office belongs to why."""
    chat = Chat(engine_for(kb))
    chat.say(
        "I need Visio installed on my laptop for drawing the network diagrams for the new office"
    )
    _shows_rows(chat, ["For: me\n", "Why: drawing the network diagrams for the new office\n"])


@pytest.mark.parametrize(
    ("said", "slot", "value"),
    [
        (
            "only me, the others on my row have the old docks and they're fine",
            "extent_count",
            "only me, the others on my row have the old docks and they're fine",
        ),
        (
            "que moi, les autres de ma rangée ont les anciennes docks et chez eux ça marche",
            "extent_count",
            "que moi, les autres de ma rangée ont les anciennes docks et chez eux ça marche",
        ),
        (
            "the others on my row have the old docks and they're fine",
            "what_is_not",
            "the others on my row have the old docks and they're fine",
        ),
    ],
)
def test_the_others_who_are_fine_are_said_whole_with_their_difference(
    said: str, slot: str, value: str
) -> None:
    """A newcomer's conversation: "only me, the others on my row have the old docks and
    they're fine", said to "what does it stop?", gave "What it stops: the others on my row
    have the old docks, they're fine". It is who is (and is not) affected, or what works,
    with the difference that is the clue to the new dock."""
    reply = read_reply(["impact"], said)
    assert reply.slots[slot] == value
    assert "impact" not in reply.slots and "workaround" not in reply.slots


def test_others_with_the_same_problem_are_not_what_works() -> None:
    reply = read_reply(
        ["extent_count"], "the others on my row have the same problem, nothing works"
    )
    assert "what_is_not" not in reply.slots


@pytest.mark.parametrize(
    ("said", "slot", "value"),
    [
        (
            "que moi je pense, mon collègue arrive à se connecter de chez lui",
            "what_is_not",
            "mon collègue arrive à se connecter de chez lui",
        ),
        (
            "just me, my colleague can log in from home",
            "what_is_not",
            "my colleague can log in from home",
        ),
        (
            "mon collègue n'arrive pas à se connecter non plus",
            "extent_count",
            "mon collègue n'arrive pas à se connecter non plus",
        ),
        ("my colleague can't connect either", "extent_count", "my colleague can't connect either"),
    ],
)
def test_a_colleague_who_can_connect_works_and_one_who_cannot_is_affected_too(
    said: str, slot: str, value: str
) -> None:
    """A newcomer's conversation: "mon collègue arrive à se connecter de chez lui", said to
    "what does it stop? a workaround?", became the workaround; a colleague who cannot connect
    either was what it stops."""
    reply = read_reply(["impact"], said)
    assert reply.slots[slot] == value
    assert "workaround" not in reply.slots and "impact" not in reply.slots


@pytest.mark.parametrize(
    ("said", "workaround", "impact"),
    [
        (
            "je bosse sur le petit écran du portable, c'est pénible mais ça va",
            "je bosse sur le petit écran du portable",
            "c'est pénible, ça va",
        ),
        (
            "I'm working on the small laptop screen, it's a pain but ok",
            "I'm working on the small laptop screen",
            "it's a pain, ok",
        ),
    ],
)
def test_working_on_the_small_laptop_screen_is_the_way_round(
    said: str, workaround: str, impact: str
) -> None:
    """A newcomer's conversation: "je bosse sur le petit écran du portable, c'est pénible
    mais ça va" was all what it stops ("je bosse sur…" read as the work they do); in English
    "it's a pain; ok" was the business need."""
    reply = read_reply(["impact"], said)
    assert reply.slots["workaround"] == workaround
    assert reply.slots["impact"] == impact
    assert "deadline" not in reply.slots


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            [
                "Bonjour, pouvez-vous créer un compte pour notre nouvel alternant, Hugo Lefèvre ? "
                "Il commence le 5 janvier au service achats",
                "il aura besoin de SAP et d'Outlook, c'est son manager Paul qui valide",
            ],
            "SAP et d'Outlook",
        ),
        (
            [
                "Hi, can you create an account for our new apprentice, Hugo Lefevre? He starts "
                "on January 5th in procurement",
                "he'll need SAP and Outlook for purchase orders",
            ],
            "SAP and Outlook",
        ),
    ],
)
def test_what_a_request_needs_said_to_another_question_is_never_cut_out(
    kb: Database, said: list[str], shown: str
) -> None:
    """A newcomer's conversation: "il aura besoin de SAP et d'Outlook" reached the agent as
    "il aura besoin de et d'Outlook": SAP went to what is asked, which was already known, and
    was lost."""
    chat = Chat(engine_for(kb))
    for text in said:
        chat.say(text)
    assert shown in _statement_text(chat)


@pytest.mark.parametrize(
    ("opening", "said", "intro"),
    [
        (
            "Teams me déconnecte toutes les heures depuis hier",
            "non",
            "Je n'ai pas trouvé d'article qui corresponde clairement",
        ),
        (
            "Teams keeps signing me out every hour since yesterday",
            "none of these",
            "I couldn't find an article that clearly fits",
        ),
        ("Teams keeps signing me out every hour since yesterday", "nope", "I couldn't find"),
    ],
)
def test_a_no_typed_under_a_list_is_none_of_these(
    kb: Database, opening: str, said: str, intro: str
) -> None:
    """A newcomer's conversation: "non" typed under a list of three articles was taken as
    details ("Merci pour ces précisions"), and no one learnt that none of them fitted."""
    rules = {
        "teams": {
            "teams-meeting-audio": 0.58,
            "laptop-slow": 0.57,
            "vpn-disconnects-wifi": 0.56,
        }
    }
    chat = Chat(Engine(kb, FakeSearch(rules)))
    shown = chat.say(opening)
    assert last(shown, "disambiguate")
    shown = chat.say(said)
    assert intro in " ".join(a.text for a in shown).replace("\u00a0", " ")
    assert set(row(kb).rejected) == {"teams-meeting-audio", "laptop-slow", "vpn-disconnects-wifi"}


@pytest.mark.parametrize(
    ("said", "slots"),
    [
        (
            "my colleague's laptop works with it fine",
            {"what_is_not": "my colleague's laptop works with it fine"},
        ),
        (
            "le portable de mon collègue marche avec",
            {"what_is_not": "le portable de mon collègue marche avec"},
        ),
        (
            "it should show my screen, my colleague's laptop works with it fine",
            {
                "expected": "it should show my screen",
                "what_is_not": "my colleague's laptop works with it fine",
            },
        ),
        ("it should just work", {"expected": "it should just work"}),
    ],
)
def test_what_works_said_to_what_should_happen_and_what_works_is_what_works(
    said: str, slots: dict[str, str]
) -> None:
    """A newcomer's conversation: "my colleague's laptop works with it fine", to "What should
    normally happen? Does a similar device work?", was what should happen."""
    reply = read_reply(["expected", "what_is_not"], said)
    assert {k: v for k, v in reply.slots.items() if k in ("expected", "what_is_not")} == slots


def test_no_other_way_said_after_a_deadline_is_no_workaround_not_what_should_happen() -> None:
    """A newcomer's conversation: "je dois envoyer ma note avant vendredi…, j'ai pas d'autre
    moyen", to "what should happen? what works?", gave "Attendu : j'ai pas d'autre moyen"."""
    reply = read_reply(
        ["expected", "what_is_not"],
        "je dois envoyer ma note avant vendredi sinon elle passe le mois prochain, j'ai pas "
        "d'autre moyen",
    )
    assert "expected" not in reply.slots
    assert reply.slots["no_workaround"] == "j'ai pas d'autre moyen"
    assert "vendredi" in reply.slots["deadline"]


@pytest.mark.parametrize(
    "said",
    [
        "Depuis jeudi dernier. Moi en tout cas, je n'ai pas demandé aux autres juristes.",
        "Since last Thursday. Me at least, I haven't asked the other lawyers.",
    ],
)
def test_not_having_asked_the_others_is_no_claim_that_there_is_no_workaround(said: str) -> None:
    """ "je n'ai pas demandé aux autres juristes" read as "no workaround" would raise the
    urgency of a fault that has one ("si je renvoie une 2e fois ça marche")."""
    reply = read_reply(["when_first", "extent_count"], said)
    assert "no_workaround" not in reply.slots
    assert "autres" in reply.slots["extent_count"] or "other" in reply.slots["extent_count"]


@pytest.mark.parametrize(
    ("said", "place"),
    [
        ("we plan holidays with it, I have to validate leave requests by Friday", None),
        ("on s'en sert pour planifier les congés", None),
        ("we use it in the Lyon office", "we use it in the Lyon office"),
    ],
)
def test_what_a_thing_is_used_for_is_no_place(said: str, place: str | None) -> None:
    """A newcomer's conversation: "we plan holidays with it", said to "Where are you when it
    happens?", was the place. It is kept as a note."""
    reply = read_reply(["where", "what_is_not"], said)
    assert reply.slots.get("where") == place
    if place is None:
        assert said.split(",")[0] in reply.unread


@pytest.mark.parametrize(
    ("said", "works"),
    [
        ("outlook on the web still shows it", "outlook on the web still shows it"),
        ("sur outlook web il apparaît toujours", "sur outlook web il apparaît toujours"),
        ("it still shows the error", None),
        ("le calendrier ne s'affiche toujours pas", None),
    ],
)
def test_where_it_still_shows_is_what_works(said: str, works: str | None) -> None:
    """A newcomer's conversation: "outlook on the web still shows it", typed while the
    statement waited, was only a note; what still shows the calendar is what works."""
    assert read_reply([], said).slots.get("what_is_not") == works


def test_what_works_said_bare_is_what_works() -> None:
    """ "Entering hours and saving a draft works", between a time and another thing that
    works, was only a note."""
    reply = read_reply(
        ["when_first", "what_is_not"],
        "Yesterday evening when I first tried. Entering hours and saving a draft works. Absence "
        "requests work too.",
    )
    assert "saving a draft works" in reply.slots["what_is_not"]
    assert "Absence requests work too" in reply.slots["what_is_not"]


def test_a_sentence_that_only_names_a_thing_is_a_note_never_lost() -> None:
    """ "Open and edit the contract drafts like before", said after what works, left only
    "contract" behind (as the object): the agent never read it."""
    reply = read_reply(
        ["when_first", "what_is_not"],
        "Since yesterday afternoon. The rest of the Legal site opens fine, and OneDrive works. "
        "Open and edit the contract drafts like before.",
    )
    assert "Open and edit the contract drafts like before." in reply.unread


def test_since_a_part_was_replaced_is_a_change_said_whole() -> None:
    """A newcomer's conversation: "prints blank labels since the new roll was loaded" read
    "Since: since the new roll was", and no change."""
    slots = opening_slots(
        "the label printer in the warehouse prints blank labels since the new roll was loaded",
        "incident",
    )
    assert slots["changes"] == "since the new roll was loaded"
    assert "when_first" not in slots


def test_why_a_way_round_falls_short_stays_with_it() -> None:
    """A newcomer's conversation: "we write the labels by hand for now but the carrier pickup
    is at 4pm and they won't take handwritten ones": the last clause was lost."""
    reply = read_reply(
        ["impact"],
        "we write the labels by hand for now but the carrier pickup is at 4pm and they won't "
        "take handwritten ones",
    )
    assert "they won't take handwritten ones" in reply.slots["workaround"]
    assert reply.slots["deadline"] == "the carrier pickup is at 4pm"


@pytest.mark.parametrize(
    ("said", "stops", "due"),
    [
        (
            "I can't reach the client by phone or check mails outside the hotel, I'm presenting "
            "tomorrow at 10",
            "I can't reach the client by phone or check mails outside the hotel",
            "I'm presenting tomorrow at 10",
        ),
        ("j'ai une démo client demain à 10h", None, "j'ai une démo client demain à 10h"),
    ],
)
def test_a_date_said_to_what_changed_is_the_deadline_not_a_change(
    said: str, stops: str | None, due: str
) -> None:
    """A newcomer's conversation abroad: "I'm presenting tomorrow at 10", said to "Has
    anything changed?", was the change; and "outside the hotel" lost "the hotel"."""
    reply = read_reply(["changes", "when_pattern"], said)
    assert "changes" not in reply.slots
    assert reply.slots["deadline"] == due
    assert reply.slots.get("impact") == stops


def test_a_nearer_deadline_said_later_is_kept_and_sets_the_urgency(kb: Database) -> None:
    """A newcomer's conversation: "until Thursday" in the opening, then "I'm presenting
    tomorrow at 10": the second date was dropped (the deadline was known) and the urgency
    read Thursday."""
    chat = Chat(engine_for(kb))
    chat.say(
        "hello, my phone's mobile data stopped working abroad, I'm in Madrid for a client visit "
        "until Thursday"
    )
    chat.say("since I landed this morning, wifi works")
    chat.say(
        "I can't reach the client by phone or check mails outside the hotel, I'm presenting "
        "tomorrow at 10"
    )
    text = _statement_text(chat)
    assert "I'm presenting tomorrow at 10" in text
    assert "urgency high" in text


def test_a_requests_urgency_reads_the_date_it_is_needed_by_first(kb: Database) -> None:
    """A newcomer's run on the real model: "Needed by: by Friday", yet "urgency: needed
    month-end", read from the reason said with it."""
    rules = {"finance": {"vpn-disconnects-wifi": 0.8}}
    chat = Chat(engine_for(kb, rules))
    chat.say(
        "Can I get access to the Finance shared drive? My manager approved it, I joined the "
        "finance team this week"
    )
    chat.say("by Friday if possible, I need the budget files for month-end close")
    shown = chat.say("send")
    st = last(shown, "statement").problem_statement
    assert st is not None
    assert "Friday" in st["request"]["by_when"]
    assert "needed Friday" in st["priority_reason"]


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            [
                "vpn keeps dropping every 10 min or so, I'm working from a hotel this week",
                "updated GlobalProtect to 6.2 and turned off power saving, still drops. the "
                "hotel wifi has a login page if that matters",
            ],
            "did not help: updated GlobalProtect to 6.2 and turned off power saving, still drops",
        ),
        (
            [
                "le vpn coupe toutes les 10 minutes, je suis à l'hôtel cette semaine",
                "j'ai mis à jour GlobalProtect, ça coupe toujours depuis lundi",
            ],
            "n'a pas aidé : j'ai mis à jour GlobalProtect, ça coupe toujours depuis lundi",
        ),
    ],
)
def test_the_steps_done_and_the_fault_still_there_say_why_the_article_failed(
    kb: Database, said: list[str], shown: str
) -> None:
    """A newcomer's conversation: "updated GlobalProtect to 6.2 …, still drops" under the VPN
    article was a no, but what was done reached the agent only as a loose note."""
    chat = Chat(engine_for(kb, {"vpn": {"vpn-disconnects-wifi": 0.8}}))
    for text in said:
        chat.say(text)
    text = _statement_text(chat)
    assert shown in text
    assert "Also said" not in text and "Précisé par" not in text
    if "lundi" in said[-1]:
        assert "Depuis : depuis lundi" in text  # the fact beside it still has its row


@pytest.mark.parametrize(
    ("asked", "said", "works", "where"),
    [
        (
            ["what_is_not"],
            "on my phone's hotspot the vpn stays up fine, it's only on the hotel wifi",
            "on my phone's hotspot the vpn stays up fine",
            "it's only on the hotel wifi",
        ),
        (
            ["what_is_not"],
            "en partage de connexion le VPN tient, c'est que sur le wifi de l'hôtel",
            "en partage de connexion le VPN tient",
            "c'est que sur le wifi de l'hôtel",
        ),
    ],
)
def test_what_works_another_way_is_what_works_and_only_there_is_where(
    asked: list[str], said: str, works: str, where: str
) -> None:
    """A newcomer's conversation: to "does a similar app or device work?", the hotspot that
    works was taken as a workaround and "it's only on the hotel wifi" became what works."""
    slots = read_reply(asked, said).slots
    assert slots["what_is_not"] == works
    assert slots["where"] == where
    assert "workaround" not in slots


@pytest.mark.parametrize(
    ("said", "way"),
    [
        (
            "every drop kicks me out of SAP. I can tether to my phone but data is limited",
            "I can tether to my phone but data is limited",
        ),
        (
            "chaque coupure me sort de SAP. je peux passer en partage de connexion mais mon "
            "forfait est limité",
            "je peux passer en partage de connexion mais mon forfait est limité",
        ),
    ],
)
def test_what_a_way_round_costs_stays_with_it(said: str, way: str) -> None:
    """A newcomer's conversation: "… but data is limited" became the business need."""
    slots = read_reply(["impact"], said).slots
    assert slots["workaround"] == way
    assert "deadline" not in slots


@pytest.mark.parametrize(
    ("said", "none"),
    [
        (
            "We can't pay suppliers, the payment run is Friday. No workaround, we can't key 120 "
            "invoices by hand.",
            "No workaround, we can't key 120 invoices by hand",
        ),
        (
            "on ne peut plus facturer. Pas de contournement, on ne peut pas tout saisir à la main",
            "Pas de contournement, on ne peut pas tout saisir à la main",
        ),
    ],
)
def test_a_way_round_that_cannot_be_taken_is_why_there_is_none(said: str, none: str) -> None:
    """The statement read "Workaround: we can't key 120 invoices by hand" beside "no
    workaround"; in French the "pas de contournement" was lost and urgency fell."""
    slots = read_reply(["impact"], said).slots
    assert slots["no_workaround"] == none
    assert "workaround" not in slots


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            [
                "Bonjour, Outlook ne reçoit plus aucun mail depuis ce matin, par contre sur mon "
                "téléphone je les vois bien",
                "bon j'ai fait la réparation du compte, ça n'a rien changé. Sur le web les mails "
                "sont là",
            ],
            [
                "Concerne : Outlook\n",
                "Ce qui fonctionne (N'EST PAS) : sur mon téléphone je les vois bien",
                "n'a pas aidé : bon j'ai fait la réparation du compte, ça n'a rien changé",
            ],
        ),
        (
            [
                "Outlook is not getting any emails since this morning, on my phone I can see "
                "them fine",
                "I repaired the account, it made no difference",
            ],
            [
                "Affected: Outlook\n",
                "What happens (IS): is not getting any emails",
                "What works (IS NOT): on my phone I can see them fine",
                "did not help: I repaired the account, it made no difference",
            ],
        ),
    ],
)
def test_nothing_changed_after_the_steps_is_the_article_s_no(
    kb: Database, said: list[str], shown: list[str]
) -> None:
    """A newcomer's conversation: "ça n'a rien changé" under the Outlook article was read as
    more detail (the article never marked as not helping); the phone where the mail shows was
    read as part of what fails ("Outlook (aucun mail)") and not as what works."""
    chat = Chat(engine_for(kb, {"outlook": {"outlook-error-0x800ccc0e": 0.8}}))
    for text in said:
        chat.say(text)
    _shows_rows(chat, shown)


@pytest.mark.parametrize(
    ("opening", "reason"),
    [
        (
            "can someone install Power BI Desktop on my laptop? need it for the sales dashboard "
            "I'm building this month",
            "urgency: needed this month: there is time to answer",
        ),
        (
            "pouvez-vous installer Visio sur mon poste ? j'en ai besoin dans le courant du mois",
            "urgence : attendu dans le courant du mois : il y a le temps de répondre",
        ),
    ],
)
def test_a_request_needed_this_month_says_so_in_its_priority(
    kb: Database, opening: str, reason: str
) -> None:
    """A newcomer's conversation: "Needed by: this month" beside "urgency: no deadline
    given"."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    st = last(answer_all(chat, {}), "statement").problem_statement
    assert st is not None
    assert (st["urgency"], st["priority"]) == ("low", "P5")
    assert reason in render_statement(st).replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            [
                "Salut, il me faudrait les droits d'écriture sur le SharePoint Marketing, c'est "
                "pour hier 😅 on lance la campagne demain matin",
                "j'ai déjà cliqué sur demander l'accès hier, personne n'a répondu, le propriétaire "
                "est en congé",
            ],
            [
                "Pourquoi : on lance la campagne\n",
                "urgence : a dit « c'est pour hier »",
                "n'a pas aidé : j'ai déjà cliqué sur demander l'accès hier, personne n'a répondu",
            ],
        ),
        (
            [
                "I need write access to the Marketing SharePoint, we launch the campaign tomorrow "
                "morning",
                "I already clicked request access yesterday, nobody responded",
            ],
            ["did not help: I already clicked request access yesterday, nobody responded"],
        ),
    ],
)
def test_steps_already_done_without_an_answer_are_the_article_s_no(
    kb: Database, said: list[str], shown: list[str]
) -> None:
    """A newcomer's conversation: "j'ai déjà cliqué sur demander l'accès hier, personne n'a
    répondu" under the access article got "the article above still looks like the answer";
    "c'est pour hier" was the reason and a start."""
    chat = Chat(engine_for(kb, {"sharepoint": {"anyconnect-old": 0.8}}))
    for text in said:
        chat.say(text)
    _shows_rows(chat, shown, absent=["Depuis", "Since"])


@pytest.mark.parametrize(
    "opening",
    [
        "Teams: les gens ne m'entendent plus en réunion depuis la mise à jour de ce matin, "
        "alors que mon casque marche bien sur Zoom",
        "Teams: people can't hear me in meetings since this morning's update, my headset works "
        "fine on Zoom",
    ],
)
def test_a_fault_that_says_it_no_longer_works_is_not_asked_what_should_happen(
    kb: Database, opening: str
) -> None:
    """A newcomer's conversation: "les gens ne m'entendent plus" was asked "Que devrait-il se
    passer normalement ?"."""
    chat = Chat(engine_for(kb, {"teams": {"anyconnect-old": 0.8}}))
    chat.say(opening)
    seen = chat.pick(next(c.id for a in chat.last for c in a.choices if c.id.startswith("no")))
    seen += chat.say("que moi. j'ai une réunion client à 15h")
    seen += answer_all(chat, {})
    assert "expected" not in asked(seen)


@pytest.mark.parametrize(
    ("opening", "said", "rows", "absent"),
    [
        (
            "l'appli RH plante quand je valide ma demande de congés, j'ai un message 'Erreur 500'",
            "depuis ce matin, une collègue a essayé et ça marche pour elle",
            [
                "Depuis : depuis ce matin\n",
                "Ce qui fonctionne (N'EST PAS) : une collègue a essayé et ça marche pour elle",
            ],
            ["combien de personnes"],
        ),
        (
            "the HR app crashes when I submit my leave request, it shows 'Error 500'",
            "since this morning, a colleague tried and it works for her",
            [
                "Since: since this morning\n",
                "What works (IS NOT): a colleague tried and it works for her",
            ],
            ["how many people"],
        ),
    ],
)
def test_a_colleague_for_whom_it_works_is_what_works_not_when(
    kb: Database, opening: str, said: str, rows: list[str], absent: list[str]
) -> None:
    """A newcomer's conversation: "depuis ce matin, une collègue a essayé et ça marche pour
    elle" was all "Depuis", and how many are affected was listed as unknown."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    chat.say(said)
    _shows_rows(chat, rows, absent=absent)


@pytest.mark.parametrize(
    "reply",
    [
        "everyone on the floor uses it, so maybe 30 people. the printer on 4th floor prints "
        "fine so we walk down",
        "une trentaine de personnes, l'imprimante du 4e étage imprime bien donc on descend",
    ],
)
def test_what_works_is_not_searched_as_the_fault(kb: Database, reply: str) -> None:
    """From a newcomer's run: a printer that streaks every page grey, then "the printer on
    4th floor prints fine", got "this article now fits: Print jobs stuck … nothing prints":
    the search had read what works as the fault."""
    search = FakeSearch(
        {"prints fine": {"printer-jam-draft": 0.8}, "imprime bien": {"printer-jam-draft": 0.8}}
    )
    chat = Chat(Engine(kb, search))
    chat.say(
        "since this morning the shared printer on the 5th floor prints every page with a grey "
        "stripe down the middle, we have contracts to send to clients today"
    )
    assert "answer" not in [a.type for a in chat.last]
    chat.say(reply)
    assert "answer" not in [a.type for a in chat.last]
    assert asked(chat.last)


@pytest.mark.parametrize(
    ("opening", "reply"),
    [
        (
            "my outlook keeps asking for my password every few minutes since this morning",
            "just me, my colleagues are fine. I'm on my laptop at home on the VPN",
        ),
        (
            "Outlook me redemande mon mot de passe toutes les 5 minutes depuis ce matin",
            "que moi, les collègues n'ont pas le souci. Je suis chez moi sur le VPN",
        ),
    ],
)
def test_a_place_said_in_passing_is_not_searched_as_the_fault(
    kb: Database, opening: str, reply: str
) -> None:
    """From a newcomer's run: an Outlook password prompt, then "I'm on my laptop at home on
    the VPN" said beside who is affected, got "this article now fits: VPN disconnects every
    few minutes"."""
    search = FakeSearch({"vpn": {"vpn-disconnects-wifi": 0.8}})
    chat = Chat(Engine(kb, search))
    chat.say(opening)
    assert asked(chat.last) and "extent_count" in asked(chat.last)
    chat.say(reply)
    assert "answer" not in [a.type for a in chat.last]


def test_a_place_answered_to_where_is_still_searched() -> None:
    """The answer to "where?" can say how it fails there: it stays in the next search."""
    said = "at the office, and the printer says paper jam in tray 2"
    assert reply_query(["where"], said, {}) == said
    assert "VPN" not in reply_query(
        ["extent_count"], "just me, my colleagues are fine. I'm on my laptop at home on the VPN", {}
    )


@pytest.mark.parametrize(
    ("opening", "works", "shown"),
    [
        (
            "L'imprimante du 3e n'imprime plus en couleur depuis lundi, tout sort en noir et "
            "blanc. On a une présentation client jeudi",
            "tout l'étage, une quinzaine de personnes. L'imprimante du 2e imprime en couleur "
            "sans problème",
            "Ce qui se passe (EST) : n'imprime plus en couleur",
        ),
        (
            "The 3rd floor printer doesn't print in color anymore since monday, everything "
            "comes out black and white",
            "the whole floor, about 15 people. The 2nd floor printer prints in color just fine",
            "What happens (IS): doesn't print in color anymore",
        ),
    ],
)
def test_what_fails_keeps_the_terms_it_shares_with_what_works(
    kb: Database, opening: str, works: str, shown: str
) -> None:
    """From a newcomer's run: a printer that no longer prints in colour, the other floor's
    printing in colour fine, was sent as "Ce qui se passe : n'imprime plus"."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert "extent_count" in asked(chat.last)
    chat.say(works)
    _shows_rows(chat, [shown])


def test_what_works_said_in_its_own_words_is_not_searched_as_the_fault(kb: Database) -> None:
    """From the mid-appraisal benchmark: to "do others go through fine?", "creating a new
    empty report works" made the approval article fit a report that fails with an error."""
    chat = Chat(Engine(kb, FakeSearch({"empty report": {"payroll-export-framed": 0.8}})))
    chat.say(
        "Concur gives me 'Error 500 - Internal Server Error' every time I hit Submit on my "
        "expense report. Month-end cut-off is next Thursday."
    )
    chat.say("Yesterday, when I finished entering the receipts. Just me as far as I know.")
    assert asked(chat.last) == ["what_is_not"]
    chat.say("I submitted another report last month fine, and creating a new empty report works.")
    assert "answer" not in [a.type for a in chat.last]


def test_when_and_how_many_do_not_make_an_article_fit(kb: Database) -> None:
    """From a newcomer's run: a reply of only when and how many ("Since we set up here on
    Thursday. The 5 of us…") changed the words searched, and an article that did not fit the
    problem crossed the line on them; the problem is the same, so the search is too."""
    search = FakeSearch({"thursday": {"vpn-disconnects-wifi": 0.8}})
    chat = Chat(Engine(kb, search))
    chat.say("wifi in the office trailer keeps dropping 🙄")
    assert asked(chat.last)[:2] == ["when_first", "extent_count"]
    chat.say("Since we set up here on Thursday. The 5 of us who work in the trailer.")
    assert "answer" not in [a.type for a in chat.last]
    assert asked(chat.last)


@pytest.mark.parametrize(
    ("opening", "shown"),
    [
        (
            "hi, since this morning the shared printer on the 5th floor prints every page with "
            "a grey stripe down the middle, we have contracts to send to clients today",
            [
                "What happens (IS): prints every page with a grey stripe down the middle",
                "we have contracts to send to clients today",
            ],
        ),
        (
            "depuis ce matin l'imprimante partagée du 5e imprime toutes les pages avec une bande "
            "grise au milieu, on a des contrats à envoyer aux clients aujourd'hui",
            [
                "imprime toutes les pages avec une bande grise au milieu",
                "on a des contrats à envoyer aux clients aujourd'hui",
            ],
        ),
    ],
)
def test_a_printer_s_spoilt_pages_are_what_happens_and_work_due_today_is_the_deadline(
    kb: Database, opening: str, shown: list[str]
) -> None:
    """From a newcomer's run: "prints every page with a grey stripe…, we have contracts to
    send to clients today" gave "What happens: the shared printer", "no deadline given", and
    "What should normally happen?" was asked."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    seen = answer_all(chat, {})
    assert "expected" not in asked(seen)
    st = last(seen, "statement").problem_statement
    assert st is not None
    text = render_statement(st).replace("\u00a0", " ")
    for row_text in shown:
        assert row_text in text
    assert "no deadline" not in text and "pas d'échéance" not in text


@pytest.mark.parametrize(
    ("opening", "reply", "rows"),
    [
        (
            "the shared printer on the 5th floor prints every page with a grey stripe, we have "
            "contracts to send to clients today",
            "everyone on the floor uses it, so maybe 30 people. the printer on 4th floor prints "
            "fine so we walk down",
            ["Workaround: we walk down"],
        ),
        (
            "l'imprimante partagée du 5e imprime toutes les pages avec une bande grise, on a des "
            "contrats à envoyer aux clients aujourd'hui",
            "tout l'étage, une trentaine de personnes. l'imprimante du 4e imprime bien donc on "
            "descend",
            ["Contournement : on descend"],
        ),
    ],
)
def test_walking_to_the_printer_that_works_is_a_way_round(
    kb: Database, opening: str, reply: str, rows: list[str]
) -> None:
    """From a newcomer's run: "the printer on 4th floor prints fine so we walk down" was only
    what works: the agent read no way round (the deadline today keeps it urgent, as the
    benchmark's analysts grade a deadline that day even with a way round)."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    chat.say(reply)
    _shows_rows(chat, rows)


@pytest.mark.parametrize(
    ("opening", "said", "shown"),
    [
        (
            "je n'arrive plus à me connecter au VPN depuis chez moi, ça me met 'échec de "
            "l'authentification'",
            "j'ai tout fait, même redémarré, toujours 'échec de l'authentification'",
            "n'a pas aidé : j'ai tout fait, même redémarré",
        ),
        (
            "I can't connect to the VPN from home, it says 'authentication failed'",
            "I did all the steps, even restarted, still 'authentication failed'",
            "did not help: I did all the steps, even restarted",
        ),
    ],
)
def test_every_step_done_and_the_same_error_is_the_article_s_no(
    kb: Database, opening: str, said: str, shown: str
) -> None:
    """From a newcomer's run: "j'ai tout fait, même redémarré, toujours 'échec de
    l'authentification'" under the VPN article was taken as more detail; the article was
    never marked as not helping, and the next one was offered in its place."""
    chat = Chat(engine_for(kb, {"vpn": {"vpn-disconnects-wifi": 0.8}}))
    chat.say(opening)
    assert last(chat.last, "answer").article_id == "vpn-disconnects-wifi"
    chat.say(said)
    _shows_rows(chat, [shown])


@pytest.mark.parametrize(
    ("opening", "reply", "shown"),
    [
        (
            "I stopped getting Okta Verify notifications since I switched to a new iPhone, so "
            "I can't log into Workday",
            "I don't have the old one anymore, I returned it. can you reset my factors please?",
            ["Type: request", "Requested: reset my factors", "Needed by: today"],
        ),
        (
            "je ne reçois plus les notifications Okta Verify depuis que j'ai changé d'iPhone, "
            "du coup je ne peux pas me connecter à Workday",
            "je n'ai plus l'ancien, je l'ai rendu à la boutique. pouvez-vous réinitialiser mes "
            "facteurs svp ?",
            ["Type : demande", "Demandé : réinitialiser mes facteurs", "Échéance : aujourd'hui"],
        ),
    ],
)
def test_asking_support_to_act_under_an_article_is_a_request(
    kb: Database, opening: str, reply: str, shown: list[str]
) -> None:
    """From a newcomer's run: under the article whose last step is "ask the service desk to
    reset your factors", "I don't have the old one, can you reset my factors?" was taken for
    more detail and the employee was asked where they are and whether it works elsewhere."""
    chat = Chat(engine_for(kb, {"okta": {"mot-de-passe-oublie": 0.8}}))
    chat.say(opening)
    assert last(chat.last, "answer").article_id == "mot-de-passe-oublie"
    chat.say(reply)
    assert asked(chat.last) == ["request_by_when"]
    assert row(kb).rejected == ["mot-de-passe-oublie"]
    chat.say("today" if "can you" in reply else "aujourd'hui")
    text = last(chat.last, "statement").text.replace("\u00a0", " ")
    for line in shown:
        assert line in text
    assert reply.split(".")[0] in text  # why the article did not settle it, for its owners


@pytest.mark.parametrize(
    "said",
    [
        "can you look at it?",
        "I need it fixed by friday",
        "can you send a technician?",
        "pouvez-vous regarder mon poste ?",
    ],
)
def test_asking_support_for_the_fix_under_an_article_names_no_request(
    kb: Database, said: str
) -> None:
    chat = Chat(engine_for(kb, {"okta": {"mot-de-passe-oublie": 0.8}}))
    chat.say("I stopped getting Okta Verify notifications since I switched to a new iPhone")
    chat.say(said)
    assert row(kb).contact_type == "incident"


@pytest.mark.parametrize(
    ("opening", "reply", "shown"),
    [
        (
            "Screen sharing in Zoom shows a black screen to everyone since yesterday's update, "
            "audio and video are fine",
            "just me I think, my colleagues can share fine",
            "What works (IS NOT): audio and video are fine; my colleagues can share fine",
        ),
        (
            "Mon imprimante n'imprime plus depuis hier, le scanner marche bien",
            "que moi, les autres postes impriment normalement",
            "Ce qui fonctionne (N'EST PAS) : le scanner marche bien ; les autres postes impriment "
            "normalement",
        ),
    ],
)
def test_a_second_thing_that_works_is_kept_beside_the_first(
    kb: Database, opening: str, reply: str, shown: str
) -> None:
    """From a newcomer's run: "my colleagues can share fine", said to "only you?", was lost
    because the first message had already said what works."""
    chat = Chat(engine_for(kb))
    chat.say(opening)
    assert "extent_count" in asked(chat.last)
    chat.say(reply)
    assert shown in _statement_text(chat).replace("\n", " ")
