"""The bundled sample knowledge base: valid, varied, round-trips, and answers what it covers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.db import Database
from bot.paths import CONFIG_DIR
from knowledge.article import Viewer
from knowledge.decision import Decision
from knowledge.markdown import parse_article
from knowledge.search import KnowledgeSearch
from knowledge.text import topic_words
from knowledge.transfer import export_articles, import_path
from knowledge.translations import twins_of

SAMPLE = CONFIG_DIR / "articles"


def test_the_sample_is_large_bilingual_and_mixes_every_state() -> None:
    articles = [parse_article(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("*.md")]
    assert len(articles) >= 30
    languages = Counter(a.language for a in articles)
    assert languages["fr"] >= len(articles) * 0.28
    states = {(a.confidence.value, a.audience.value) for a in articles}
    assert {
        ("validated", "employees"),
        ("validated", "internal"),
        ("not_validated", "employees"),
        ("wip", "internal"),
        ("archived", "employees"),
    } <= states
    topics = " ".join(" ".join(a.tags) for a in articles)
    for topic in (
        "password",
        "mfa",
        "vpn",
        "wifi",
        "outlook",
        "printer",
        "laptop",
        "access",
        "payroll",
        "expenses",
        "paie",
        "frais",
    ):
        assert topic in topics, topic


def test_the_sample_imports_cleanly_and_round_trips(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        report = import_path(session, SAMPLE, max_bytes=200_000, by="t")
        assert report.ok and report.counts["created"] == len(list(SAMPLE.glob("*.md")))
        export_articles(session, tmp_path)
    for path in SAMPLE.glob("*.md"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_sample_answers_what_it_covers_and_nothing_else(
    sample_search: KnowledgeSearch,
) -> None:
    search = sample_search
    expected = {
        "my vpn keeps dropping every few minutes": "vpn-disconnects-wifi",
        "the payroll export is taking forever and payroll must run tomorrow": "payroll-export-slow",
        "l'export de paie est très lent": "export-paie-lent",
        "j'ai oublié mon mot de passe": "mot-de-passe-oublie",
        "my laptop asks for a bitlocker recovery key": "bitlocker-recovery-key",
        "how do i claim mileage": "mileage-claim",
        "je ne reçois pas la notification MFA": "mfa-notification-absente",
        # One topic, two copies: the asker gets theirs, and a topic is never listed twice.
        "Outlook ne reçoit plus aucun nouveau mail depuis ce matin": "outlook-synchro-bloquee",
        "Outlook stopped receiving new email this morning": "outlook-not-syncing",
        "impossible de me connecter au VPN depuis chez moi": "vpn-connexion-impossible",
        "I can't connect to the VPN from home": "vpn-cannot-connect",
    }
    files = [parse_article(p.read_text(encoding="utf-8")) for p in SAMPLE.glob("*.md")]
    twins = twins_of((a.id, a.id, a.translations) for a in files)
    for query, article_id in expected.items():
        result = search.search(query)
        assert result.decision is Decision.ANSWER, (query, result.hits[:3])
        assert result.choices[0].article_id == article_id
        shown = [h.article_id for h in result.hits]
        assert len({frozenset(twins[h]) for h in shown}) == len(shown), shown
    for unrelated in (
        "what is the capital of Australia",
        "recommend a good pasta recipe",
        # the slow laptop, an expense receipt and the docking station scored close on the
        # embedding alone, and none shares a word with it: no list
        "Est-ce qu'il y a une navette depuis la gare ?",
        "la HP du 3ème étage mange le papier à chaque fois, y a un truc ?",
        # the Teams audio article says it is not for a crash when sharing the screen
        "yo teams keeps crashing when i share my screen in meetings, since the update yesterday",
        "Teams plante dès que je partage mon écran en réunion",
    ):
        assert search.search(unrelated).decision is Decision.NONE, unrelated
    # The not-validated Outlook article is for agents only.
    employee = {h.article_id for h in search.search("Outlook error 0x800CCC0E").hits}
    agent = search.search("Outlook error 0x800CCC0E", Viewer.AGENT)
    assert "outlook-error-0x800ccc0e" not in employee
    assert agent.hits[0].article_id == "outlook-error-0x800ccc0e"


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_emoji_and_mentions_do_not_change_what_is_found(sample_search: KnowledgeSearch) -> None:
    """From a newcomer's run: ":pray:" after a how-to question turned "nothing fits" into a
    list of two unrelated Outlook articles (sync, out of office)."""
    asked = "how do I set up my email signature in outlook with the new company logo?"
    plain = sample_search.search(asked)
    assert plain.decision is Decision.NONE
    for dressed in (
        f"{asked} :pray:",
        f"<@U0RELAIS> {asked} 🙏",
        f"<!here> {asked} :sweat_smile: :+1:",
    ):
        got = sample_search.search(dressed)
        assert got.decision is plain.decision, dressed
        assert [h.article_id for h in got.hits] == [h.article_id for h in plain.hits]


@pytest.mark.parametrize(
    ("said", "searched"),
    [
        ("vpn down :sob: :+1:", "vpn down"),
        ("see <https://intranet.example/x|the portal> please", "see the portal please"),
        ("error :0x800ccc0e: at 10:30:45", "error :0x800ccc0e: at 10:30:45"),
        ("30°C in the server room 🔥", "30°C in the server room"),
        ("🙏", "🙏"),
    ],
)
def test_a_search_reads_the_words_not_the_emoji(said: str, searched: str) -> None:
    assert topic_words(said) == searched


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_new_phone_is_not_answered_as_a_lost_one(sample_search: KnowledgeSearch) -> None:
    """From a newcomer's run: "j'ai changé de téléphone … j'ai plus les notifs okta" was
    answered with the lost or stolen phone article."""
    got = sample_search.search(
        "j'ai changé de téléphone ce weekend et maintenant j'ai plus les notifs okta pour me "
        "connecter"
    )
    assert got.decision is not Decision.ANSWER or got.hits[0].article_id != "mfa-telephone-perdu"
    assert got.choices and got.choices[0].article_id == "mfa-nouveau-telephone"


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_remote_work_policy_question_is_not_answered_with_the_slow_vpn(
    sample_search: KnowledgeSearch,
) -> None:
    """From a newcomer's run: "est-ce qu'on peut faire du télétravail le vendredi ?" was
    answered with the slow VPN article (it shares "télétravail" and nothing else)."""
    for said in (
        "est-ce qu'on peut faire du télétravail le vendredi ? je n'ai rien trouvé sur l'intranet",
        "can we work from home on fridays? couldn't find it on the intranet",
    ):
        got = sample_search.search(said)
        assert got.decision is not Decision.ANSWER, said
    slow = sample_search.search("en télétravail, avec le VPN, tout rame depuis ce matin")
    assert slow.choices and slow.choices[0].article_id == "vpn-lent"


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_vpn_that_will_not_connect_has_no_slow_vpn_runner_up(
    sample_search: KnowledgeSearch,
) -> None:
    """From a newcomer's run: after "no" to the can't-connect article, the slow VPN article
    was offered "instead" for "impossible de me connecter au VPN … gateway not responding"."""
    got = sample_search.search(
        "Salut, impossible de me connecter au VPN depuis chez moi, ça tourne puis erreur "
        "'gateway not responding'. J'ai une démo client à 11h"
    )
    assert got.decision is Decision.ANSWER
    assert got.choices[0].article_id == "vpn-connexion-impossible"
    assert "vpn-lent" not in [h.article_id for h in got.hits[:2]]


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_card_payments_at_a_kiosk_are_not_offered_the_payroll_articles(
    sample_search: KnowledgeSearch,
) -> None:
    """From a newcomer's run: "la borne de commande du drive ne prend plus les paiements par
    carte" was offered the slow payroll export and the missing payslip ("paiements" and "paie"
    share a stem)."""
    for said in (
        "Bonjour, la borne de commande du drive ne prend plus les paiements par carte depuis "
        "midi, les clients repartent sans payer",
        "the self-checkout kiosk stopped taking card payments at noon",
    ):
        got = sample_search.search(said)
        offered = [c.article_id for c in got.choices]
        assert not {"export-paie-lent", "fiche-de-paie-introuvable"} & set(offered), said
        assert not {"payroll-export-slow", "payslip-access"} & set(offered), said
    payslip = sample_search.search("je ne trouve pas ma fiche de paie de novembre")
    assert payslip.decision is Decision.ANSWER
    assert payslip.choices[0].article_id == "fiche-de-paie-introuvable"


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("near_misses", "own_case", "article"),
    [
        # "outlook won't open, it says 'cannot start microsoft outlook…'" was answered with
        # the not-syncing article
        (
            (
                "outlook won't open, it says 'cannot start microsoft outlook. cannot open the set "
                "of folders'",
                "outlook ne s'ouvre plus, message impossible d'ouvrir le jeu de dossiers",
            ),
            "outlook stopped updating my inbox",
            "outlook-not-syncing",
        ),
        # "the label printer at goods-in keeps printing blank labels" was answered with the
        # stuck print queue, where nothing prints at all
        (
            (
                "the label printer at goods-in keeps printing blank labels",
                "l'imprimante d'étiquettes sort des étiquettes blanches depuis le nouveau rouleau",
            ),
            "my print jobs are stuck in the queue and nothing prints",
            "printer-jobs-stuck",
        ),
        # "Je n'arrive pas à ouvrir le lecteur partagé. De chez moi ça marche mais pas au
        # bureau" was offered mileage claims first (home, office), then the calendar and the
        # slow laptop
        (
            (
                "Je n'arrive pas à ouvrir le lecteur partagé. De chez moi ça marche mais pas au "
                "bureau",
            ),
            "comment déclarer mes kilomètres pour aller chez un client avec ma voiture",
            "indemnites-kilometriques",
        ),
        # "Outlook keeps asking for my password every few minutes" was offered the expired
        # password, the locked account and the VPN that drops every few minutes
        (
            (
                "Outlook keeps asking for my password every few minutes",
                "Outlook me redemande mon mot de passe toutes les 5 minutes",
            ),
            "my password expired",
            "password-expired",
        ),
        # the desktop Outlook sync steps were the answer to a phone that lost its mail after
        # a password change
        (
            (
                "my outlook won't sync on my iphone since I changed my password this morning",
                "mon outlook ne se synchronise plus sur mon iphone depuis que j'ai changé mon "
                "mot de passe",
            ),
            "Outlook is not receiving new emails",
            "outlook-not-syncing",
        ),
        # "Teams me déconnecte toutes les heures" was offered the slow laptop, Teams audio and
        # the VPN that drops on office Wi-Fi
        (
            (
                "bonjour, Teams me déconnecte toutes les heures depuis hier, je dois me "
                "reconnecter à chaque fois",
                "Teams keeps signing me out every hour since yesterday, I have to log in again "
                "each time",
            ),
            "mon PC rame énormément depuis ce matin",
            "ordinateur-lent",
        ),
    ],
)
def test_a_near_miss_from_a_newcomer_is_not_answered_and_the_article_s_own_case_is(
    sample_search: KnowledgeSearch, near_misses: tuple[str, ...], own_case: str, article: str
) -> None:
    """From newcomers' runs: close questions an article does not resolve (its "Not for"
    lines) get neither an answer nor a list, and the question it does resolve still gets it."""
    for said in near_misses:
        assert sample_search.search(said).decision is Decision.NONE, said
    got = sample_search.search(own_case)
    assert got.decision is Decision.ANSWER
    assert got.choices[0].article_id == article
