"""The learned slot tagger: what it reads from phrasings no extraction rule was written for."""

from __future__ import annotations

import pytest

from handoff import slot_tagger
from handoff.answers import read_reply
from handoff.opening import opening_slots
from handoff.statement import one_fact_one_field


def test_the_shipped_weights_are_fitted_on_the_bundled_examples() -> None:
    # Rebuild with `python -m benchmarks.slot_tagger --build --fit` after changing the examples.
    assert slot_tagger.shipped_digest() == slot_tagger.examples_digest()


@pytest.mark.parametrize(
    ("reply", "impact", "workaround", "deadline"),
    [
        (
            "Nobody can scan parcels in bay 4, we're keying the barcodes in by hand meanwhile, "
            "and the DHL pickup is at 5pm",
            "scan parcels",
            "keying the barcodes in by hand",
            "pickup is at 5pm",
        ),
        (
            "On ne peut plus encaisser par carte, on prend les chèques en attendant, et samedi "
            "c'est la braderie",
            "encaisser par carte",
            "chèques",
            "samedi c'est la braderie",
        ),
        (
            "Our interns can't open the timesheet tool. They email their hours to me for now. "
            "Payroll closes Thursday",
            "timesheet tool",
            "email their hours",
            "Payroll closes Thursday",
        ),
    ],
)
def test_an_impact_answer_is_split_into_consequence_workaround_and_deadline(
    reply: str, impact: str, workaround: str, deadline: str
) -> None:
    slots = read_reply(["impact"], reply).slots
    assert impact in slots["impact"]
    assert workaround in slots["workaround"]
    assert deadline in slots["deadline"]
    assert workaround not in slots["impact"] and deadline not in slots["impact"]


def test_the_tagger_never_replaces_what_the_rules_read() -> None:
    text = "the badge reader at the loading dock stopped working since this morning"
    known = {"when_first": "since yesterday"}
    learned = slot_tagger.learned_slots(text, known)
    assert "when_first" not in learned


def test_an_opening_states_who_a_request_is_for_in_words_no_rule_knows() -> None:
    spans = slot_tagger.shared().spans(
        "Hi, the three agency pickers starting on nights need WMS logins please", "opening"
    )
    assert any(s.slot == "request_for_whom" and "pickers" in s.text for s in spans)
    assert any(s.slot == "request_what" and "WMS logins" in s.text for s in spans)


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x01\x02", "🔥🔥🔥", "<!channel> " * 50, "word " * 20_000]
)
def test_odd_input_gives_spans_within_the_text_or_none(text: str) -> None:
    for span in slot_tagger.shared().spans(text):
        assert text[span.start : span.end] == span.text
        assert 0.0 <= span.confidence <= 1.0


def test_a_request_opening_keeps_its_rule_slots_and_gains_the_learned_ones() -> None:
    slots = opening_slots(
        "could you set up a laptop for our new intern Sarah Lopez? she starts monday", "request"
    )
    assert "laptop" in slots["request_what"]
    assert "Sarah Lopez" in slots["request_for_whom"] or "intern" in slots["request_for_whom"]
    assert "monday" in slots["request_by_when"]


def test_a_place_said_in_the_deviation_and_as_the_place_is_only_the_place() -> None:
    slots = one_fact_one_field(
        {"actual": "the scanners keep losing wifi in zone C", "where": "zone C of the warehouse"}
    )
    assert slots["actual"] == "the scanners keep losing wifi"


def test_a_shared_phrase_inside_a_sentence_stays_so_the_sentence_still_reads() -> None:
    actual = "the badge reader on the main door of ward 4B isn't reading our badges"
    assert one_fact_one_field({"actual": actual, "where": "ward 4B"})["actual"] == actual


def test_no_other_machine_is_no_workaround_and_an_and_splits_the_deadline_from_the_impact() -> None:
    slots = read_reply(
        ["impact"],
        "Je présente le plan au CODIR à 11h et ma présentation est sur le PC. "
        "Je n'ai pas d'autre ordi",
    ).slots
    assert "CODIR à 11h" in slots["deadline"]
    assert "présentation est sur le PC" in slots["impact"]
    assert "pas d'autre ordi" in slots["no_workaround"] and "workaround" not in slots


def test_a_calm_business_need_is_not_a_deadline() -> None:
    slots = read_reply(["impact"], "We use the webmail for now, no big deal").slots
    assert "webmail" in slots["workaround"]
    assert "deadline" not in slots and slots["not_urgent"] == "no big deal"


def test_the_tagger_settles_a_rule_phrase_it_reads_as_part_of_another_fact() -> None:
    slots = opening_slots(
        "hi, the label printer at the Leeds dispatch bay keeps jamming since this morning, "
        "we're printing on the office laser for now but the DHL collection is at 4pm",
        "incident",
    )
    assert slots["where"] == "at the Leeds dispatch bay"  # not "office", the laser's place
    # "for now" may stay: it says the laser is a stopgap
    assert slots["workaround"].startswith("we're printing on the office laser")
    assert "DHL" not in slots["workaround"]
    assert slots["object"] == "label printer"


def test_a_french_queue_is_not_a_file_and_a_place_does_not_end_on_a_quantifier() -> None:
    slots = opening_slots(
        "Bonjour, au magasin de Lille toutes les caisses refusent les paiements sans contact "
        "depuis 10h, on prend la carte avec code en attendant mais la file s'allonge",
        "incident",
    )
    assert slots.get("object") != "file"
    assert slots["where"] == "magasin de Lille"


@pytest.mark.parametrize(
    ("reply", "clause"),
    [
        (
            "Je lis mes mails sur mon iPhone mais je dois envoyer des conclusions avant 16h au "
            "tribunal, avec les pièces jointes.",
            "conclusions avant 16h au tribunal, avec les pièces jointes",
        ),
        (
            "I'm reading mail on my phone but I have to send the board pack by 3pm, including "
            "the signed minutes.",
            "board pack by 3pm, including the signed minutes",
        ),
    ],
)
def test_a_trailing_with_phrase_stays_with_its_clause(reply: str, clause: str) -> None:
    # "avec les pièces jointes" alone says nothing an agent can use as the impact
    slots = read_reply(["impact"], reply).slots
    assert clause in " ; ".join(slots.values())
    assert not any(value.startswith(("avec", "including")) for value in slots.values())
