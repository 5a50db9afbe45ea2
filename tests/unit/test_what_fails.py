"""What fails, as the statement's "Concerns" and its title: the thing the message opens with,
never the place, the people or a greeting."""

from __future__ import annotations

import pytest

from handoff.opening import opening_slots
from handoff.statement import make_title
from handoff.subject import first_subject, lead_subject


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        # a place or a desk named later is where it fails, not what fails
        (
            "Aircon in meeting room 4 has been blowing hot air all morning, people sweat at their "
            "desks",
            "Aircon",
        ),
        (
            "the coffee kiosk at the Leeds branch isn't taking payments, customers queuing at the "
            "desk",
            "coffee kiosk",
        ),
        ("Bonjour, dans la salle Jupiter le vidéoprojecteur ne s'allume plus", "vidéoprojecteur"),
        (
            "Salut, depuis ce matin les scanners ne remontent plus dans le dossier client",
            "scanners",
        ),
        # a time, a mention, an "URGENT" or a label before it
        ("Hi, since the weekend StockPilot won't load on the warehouse tablets", "StockPilot"),
        ("@support Dock 4 printer at the depot has stopped printing labels", "Dock 4 printer"),
        ("URGENT agence de Nantes : les TPE refusent toutes les cartes", "TPE"),
        (
            "Morning, since yesterday none of the meeting room screens in Building A show Teams",
            "meeting room screens",
        ),
        # the clause after "but" when the first one is about something else
        (
            "Not sure who handles this but the freezer temperature alarms have stopped",
            "freezer temperature alarms",
        ),
    ],
)
def test_what_fails_is_the_thing_the_message_opens_with(text: str, thing: str) -> None:
    assert opening_slots(text, "incident")["object"].split(" (")[0] == thing


@pytest.mark.parametrize(
    "sentence",
    [
        "Sorry to bother you again",
        "Rien d'urgent",
        "Treasury here",
        "Customers can't hear our agents",
        "Les infirmières n'arrivent plus à se connecter",
        "is the VPN down?",
        "cant print to the 3rd floor printer",
        "Saving files to the NAS fails",
        "half the floor has no network",
        "au magasin de Bordeaux les caisses plantent",
        "super minor thing",
    ],
)
def test_a_greeting_a_person_a_place_or_a_verb_is_not_what_fails(sentence: str) -> None:
    assert lead_subject(sentence) in (None, "caisses")


def test_a_place_that_leads_the_sentence_is_left_for_where() -> None:
    slots = opening_slots("Bonjour, dans la salle Everest le wifi marche pas", "incident")
    assert slots["object"] == "wifi"
    assert make_title(slots, "").startswith("Wifi")


def test_only_the_first_sentence_names_what_fails() -> None:
    parts = ["Good morning, Treasury here", "Kyriba rejects our supplier payment batch"]
    assert first_subject(parts) is None
    assert opening_slots(". ".join(parts), "incident")["object"].startswith("Kyriba")


def test_a_preposition_the_tagger_left_behind_is_not_part_of_the_object() -> None:
    slots = opening_slots(
        "hi, the Omnicell cabinet on ward 4B isn't taking our badges since the night shift",
        "incident",
    )
    assert slots["object"] == "Omnicell cabinet"


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        (
            "Bonjour, je n'arrive plus à imprimer sur l'imprimante du 2e étage depuis hier",
            "imprimante du 2e étage",
        ),
        ("cant print to the 3rd floor printer from my laptop anymore", "3rd floor printer"),
    ],
)
def test_the_printer_is_what_fails_not_printing(text: str, thing: str) -> None:
    """ "Concerne : imprimer" and "cant print" as the object, from a newcomer's conversation."""
    assert opening_slots(text, "incident")["object"] == thing


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "URGENT the whole Lyon office has no internet since 10am, nobody can work",
            "Whole Lyon office has no internet (since 10am)",
        ),
        (
            "Toute la compta ne peut plus se connecter à Cegid",
            "Toute la compta ne peut plus se connecter à Cegid",
        ),
        (
            "hey, iManage keeps failing when we save docs from word",
            "iManage keeps failing when we save docs from word",
        ),
    ],
)
def test_a_title_that_would_start_with_a_verb_keeps_its_subject(text: str, title: str) -> None:
    """ "Has no internet (since 10am)" told the agent nothing about where or who."""
    assert make_title(opening_slots(text, "incident"), text) == title


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("kiosk on C wing is dead again. the lads are kicking off about canteen orders", "kiosk"),
        (
            "super minor, my desktop wallpaper resets to the blue company one every time I restart",
            "desktop wallpaper",
        ),
        ("je n'arrive plus à ouvrir les états des lieux sur ma tablette", "tablette"),
        (
            "Hello, mes clients n'arrivent pas à signer sur Yousign, ils ont 'Ce lien a expiré'",
            "Yousign",
        ),
    ],
)
def test_kiosks_tablets_and_the_tool_it_happens_in_are_named(text: str, thing: str) -> None:
    """Each was asked "which application or device?" although the message had said it."""
    assert opening_slots(text, "incident")["object"] == thing


@pytest.mark.parametrize(
    "text", ["on est sur Lyon, le wifi marche pas", "le wifi ne marche pas dans Building C"]
)
def test_a_place_after_sur_or_dans_is_not_a_tool(text: str) -> None:
    assert opening_slots(text, "incident")["object"] == "wifi"


def test_a_mention_that_leads_the_message_is_no_part_of_the_statement() -> None:
    """ "What happens (IS): <!channel> the shared drive S" and the same title, for a message
    that opened with @channel (Slack sends it as a control sequence)."""
    text = (
        "<!channel> the shared drive S: is gone for everyone in marketing!! <@U123> can you check"
    )
    slots = opening_slots(text, "incident")
    assert slots["object"] == "shared drive S" and slots["actual"] == "is gone"
    assert "<" not in make_title(slots, text)
    slots = opening_slots("Allo, mon VPN débarque aux 15 minutes depuis jeudi passé", "incident")
    assert slots["actual"] == "mon VPN débarque aux 15 minutes"


def test_when_it_fails_is_not_a_way_round_it() -> None:
    """ "Contournement : branche mon portable" for a screen that shows nothing "quand je branche
    mon portable" (from a newcomer's run on the real model)."""
    slots = opening_slots(
        "Bonjour, l'écran de la salle Jupiter n'affiche plus rien quand je branche mon portable",
        "incident",
    )
    assert "workaround" not in slots
    assert slots["where_on_object"] == "quand je branche mon portable"
    assert slots["where"] == "salle Jupiter"


@pytest.mark.parametrize(
    ("text", "room"),
    [
        ("on a déplacé dans une autre salle en attendant", None),
        ("le vidéoprojecteur de la salle des profs ne marche plus", "salle des profs"),
    ],
)
def test_a_room_is_named_not_any_word_after_salle(text: str, room: str | None) -> None:
    from handoff.extraction import extract_slots

    assert extract_slots(text).get("where") == room


def test_a_fault_dated_by_an_event_keeps_its_time_its_change_and_its_negation() -> None:
    """ "since the network maintenance last night none of the label printers in the warehouse
    print anything" read as "Network – since night": the time cut at "last", "since night"
    taken for the deviation and the network for what fails."""
    slots = opening_slots(
        "hey, since the network maintenance last night none of the label printers in the "
        "warehouse print anything, jobs just vanish from the queue",
        "incident",
    )
    assert slots["object"] == "label printers"
    assert slots["when_first"] == "since the network maintenance last night"
    assert slots["changes"] == "the network maintenance"
    assert slots["actual"] == "none of the label printers print anything"


@pytest.mark.parametrize(
    ("text", "actual"),
    [
        # the place before the fault leaves the deviation, not the fault with it ("au")
        (
            "Bonjour, au magasin de Bordeaux on a des caisses qui se figent quand elles "
            "impriment le ticket",
            "se figent quand elles impriment le ticket",
        ),
        # "are all dead" is dead
        (
            "Hi, badge readers at the Leeds entrance are all dead, red light, nobody can get in",
            "are all dead, red light",
        ),
    ],
)
def test_the_deviation_is_never_a_bare_preposition_or_missed(text: str, actual: str) -> None:
    assert opening_slots(text, "incident")["actual"] == actual
