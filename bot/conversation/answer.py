"""Self-service: search, answer with one article or offer two or three, and hear the verdict.

Every answer is a measured decision: when nothing fits, the conversation appraises instead of
guessing, and after a "no" another article is offered only if it would pass the decision on
its own (knowledge.decision with the rejected articles removed).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy.orm import Session

from bot.actions import Action, Choice
from bot.conversation import appraise, choices, handoff, request
from bot.conversation.choices import Kind, Pick
from bot.conversation.states import State
from bot.conversation.turn import Turn
from bot.conversation.words import CANT_DO, courtesy
from bot.db.base import utcnow
from bot.i18n import t
from handoff import concerns, extraction
from handoff.answers import named_people, read_reply, says_unknown_extent
from handoff.opening import opening_slots
from handoff.statement import FOLLOW_UP
from knowledge import feedback, repository
from knowledge.article import Viewer
from knowledge.decision import Decision, decide
from knowledge.search import Hit, SearchResult
from knowledge.text import fold


def with_context(previous: str, text: str) -> str:
    """A follow-up to the question just settled in this thread, read with that question: "et
    pour le mettre aussi sur Teams ?" alone was answered with Teams audio, after the
    out-of-office article."""
    if previous.strip() and FOLLOW_UP.match(text):
        return f"{previous.strip()} {text.strip()}"
    return text


def begin(turn: Turn, text: str) -> list[Action]:
    """The first message of a conversation: capture it verbatim, then search early."""
    convo = turn.convo
    read: list[str] = []  # articles this thread already showed, for a follow-up
    if convo.state == State.RESOLVED and courtesy(text) is None:
        previous = basis(convo.verbatim or "", dict(convo.slots or {}), list(convo.asked or []))
        followed = with_context(previous, text)
        if followed != text:
            read, text = list(convo.offered or []), followed
    found = extraction.extract(text)
    kind = courtesy(text)
    if kind is not None:
        # "hello", "merci !" after an answer: a word back, no search, no questions, and the
        # conversation stays as it was (a resolved one is not reopened)
        # (thanks keep the language of the conversation they close, if there was one)
        ongoing = kind == "thanks" and convo.verbatim and convo.language
        turn.lang = convo.language if ongoing else found.language
        return [turn.say(f"courtesy.{kind}")]
    convo.language = turn.lang = found.language
    convo.state = State.NEW
    convo.verbatim = text
    # Without a clear sign of a question or a request, it is treated as a fault (KT default).
    convo.contact_type = found.contact_type.value if found.contact_type else "incident"
    convo.slots, convo.asked, convo.pending, convo.unknown, convo.turns = (
        opening_slots(text, convo.contact_type),
        [],
        [],
        [],
        0,
    )
    convo.kb_trail, convo.offered, convo.rejected, convo.corrections = [], [], [], []
    convo.statement, convo.ticket_ref, convo.editing = None, None, None
    if found.wants_human or found.urgent:
        convo.contact_type = convo.contact_type or "incident"
        return handoff.statement(turn)
    from bot.conversation import known  # a known issue answers before any search

    told = known.on_question(turn, text)
    if told is not None:
        return told
    return search_and_decide(turn, text, found, read)


def search_and_decide(
    turn: Turn,
    text: str,
    found: extraction.Extraction | None = None,
    read: Collection[str] = (),
) -> list[Action]:
    """Search the first message: answer, offer several, or (nothing fits) appraise."""
    result = search(turn, text, read)
    if result.decision is Decision.ANSWER:
        return show(turn, result.choices[0])
    if result.decision is Decision.DISAMBIGUATE:
        return offer_several(turn, [h.article_id for h in result.choices])
    return after_nothing_fits(turn, found or extraction.extract(text))


def after_nothing_fits(
    turn: Turn, found: extraction.Extraction, intro: str = "appraise.intro"
) -> list[Action]:
    """No article fits the first message: a question goes to support as a question, a
    request gathers its details, anything else is appraised (led by `intro`)."""
    convo = turn.convo
    if convo.contact_type == "question":
        return [turn.say("question.no_match"), *appraise.ask_next(turn, None)]
    if convo.contact_type == "request":
        return request.begin(turn)
    multiple = bool(found.slots.get("concerns"))
    return appraise.begin(turn, intro, multiple=multiple)


def follow_up_query(verbatim: str, said: str) -> str:
    """What to search once the conversation has begun: everything said, the newest last."""
    return " ".join([verbatim, said]).strip()[-1500:]


# What a reply says that is not what the fault looks like: what works, the way round, when,
# how many, what it stops, by when. Searched, "the printer on the 4th floor prints fine" made
# "Print jobs stuck… nothing prints" fit a streaking printer, and a count or a time moved a
# score across the line on words that say nothing of the problem.
_NOT_THE_FAULT = (
    "what_is_not",
    "where_is_not",
    "workaround",
    "no_workaround",
    "when_first",
    "when_pattern",
    "extent_count",
    "extent_trend",
    "impact",
    "urgency",
    "deadline",
    "not_urgent",
    "where",  # said to another question (see what_describes)
)


def what_describes(reply: str, slots: dict[str, str], asked: Collection[str] = ()) -> str:
    """The part of a reply that says what the problem is, for the next search: the reply less
    what it said of anything else (`slots`, read from it; a value the reading joined from
    several clauses is taken out clause by clause).

    A reply read whole into the question `asked`, with nothing in it that says so, is kept:
    "my external monitor stays black when plugged into the docking station" to "when did it
    start?" is the problem, said at last. To "what works?", a reply with no fault in it is
    what works ("creating a new empty report works"), said in words no pattern knows.
    """
    kept = reply
    evident = extraction.extract_slots(reply)
    for slot in _NOT_THE_FAULT:
        value = slots.get(slot, "")
        works = slot in asked and slot in _WHAT_WORKS and "actual" not in evident
        if not value or (slot not in evident and _is_whole(value, reply) and not works):
            continue
        if slot == "where" and slot in asked:
            # the answer to "where?" may say how it fails there too; a place said in passing
            # ("I'm on my laptop at home on the VPN") only moved a VPN article in
            continue
        pieces = {value, *re.split(r"[;,] ", value)}
        for piece in sorted((p.strip() for p in pieces), key=len, reverse=True):
            if piece:
                kept = re.sub(rf"(?<!\w){re.escape(piece)}(?!\w)", " ", kept)
    words = {w.casefold() for w in re.findall(r"\w+", kept)}
    return " ".join(kept.split()) if words - _LINKS else ""


# The questions whose answer, when it names no fault, is no description of the problem.
_WHAT_WORKS = frozenset({"what_is_not", "where_is_not", "workaround"})


def _is_whole(value: str, reply: str) -> bool:
    return len(re.findall(r"\w+", value)) >= 0.9 * len(re.findall(r"\w+", reply))


# What is left between two clauses taken out (", but ."): no words of a problem.
_LINKS = frozenset(
    [
        "and",
        "but",
        "so",
        "or",
        "which",
        "that",
        "then",
        "et",
        "mais",
        "donc",
        "ou",
        "puis",
        "qui",
        "que",
        "alors",
    ]
)


def reply_query(pending: Sequence[str], reply: str, known: dict[str, str]) -> str:
    """What of a reply to the `pending` questions the next search reads (see what_describes)."""
    return what_describes(reply, read_reply(pending, reply, known).slots, pending)


def basis(verbatim: str, slots: dict[str, str], asked: list[str]) -> str:
    """The first message as later searches read it: once the employee said which of its
    problems comes first, only that problem's part ("the headset" leaves the Outlook password
    prompt out, so no Outlook article "now fits" the headset)."""
    if "concerns" not in asked or not slots.get("concerns"):
        return verbatim
    picked = concerns.chosen(verbatim, slots["concerns"])
    return picked[0] if picked else verbatim


def search_follow_up(turn: Turn, said: str) -> SearchResult:
    """Search what the conversation has said so far, the newest last."""
    convo = turn.convo
    return search(turn, follow_up_query(basis(convo.verbatim, convo.slots, convo.asked), said))


def search(turn: Turn, text: str, read: Collection[str] = ()) -> SearchResult:
    """Search as the employee sees the knowledge base, and keep the search in the trail.

    A search the engine ran before locking the conversation (Turn.prefetched) is used as is,
    so the row lock is not held while the model encodes. Articles already `read` in this
    thread are not offered again: the decision is re-run without them.
    """
    result = turn.prefetched.pop(text, None) or turn.ctx.search.search(text, Viewer.EMPLOYEE)
    gone = turn.ctx.search.copies(read) if read else set()
    if gone & {h.article_id for h in result.choices}:
        ranked = [(h.article_id, h.score, h.lexical) for h in result.hits]
        decision, ids = decide_without(turn, ranked, read)
        hits = [h for h in result.hits if h.article_id not in gone]
        result = dataclasses.replace(result, decision=decision, hits=hits, offered=len(ids))
    turn.convo.kb_trail = [
        *turn.convo.kb_trail,
        {
            "query": result.query[:300],
            "decision": result.decision.value,
            "results": [
                {"id": h.article_id, "score": round(h.score, 4), "lexical": round(h.lexical, 4)}
                for h in result.hits
            ],
            "shown": [h.article_id for h in result.choices],
            # read earlier in this thread: not offered again in this conversation either
            **({"read": list(read)} if read else {}),
            "titles": {h.article_id: h.title for h in result.choices},
            "feedback": None,
        },
    ]
    return result


def show(turn: Turn, hit: Hit, lead: str | None = None) -> list[Action]:
    """One article: its resolution and "Did this solve it?"."""
    actions = [turn.say(lead)] if lead else []
    return [*actions, _answer(turn, hit.article_id, hit.score)]


def _answer(turn: Turn, article_id: str, score: float) -> Action:
    convo = turn.convo
    row = repository.require(turn.session, article_id)
    content = repository.content_of(row)
    convo.state, convo.offered = State.AWAITING_FEEDBACK, [article_id]
    _mark_shown(convo.kb_trail, article_id, convo, content.title)
    offered = _verdict_choices(turn)
    intro = t("answer.intro", turn.lang, title=content.title)
    text = f"{intro}\n\n{content.resolution}\n\n{t(_for_kind(turn, 'answer.ask'), turn.lang)}"
    return Action(
        "answer",
        text,
        choices=offered,
        article_id=article_id,
        data={
            "title": content.title,
            "resolution": content.resolution,
            "score": round(score, 4),
            "confidence": content.confidence.value,
            "lang": turn.lang,
        },
    )


def _for_kind(turn: Turn, key: str) -> str:
    """A question's answer is asked about as an answer ("Does this answer your question?"),
    a problem's as a fix ("Did this solve it?")."""
    return f"{key}.question" if turn.convo.contact_type == "question" else key


def _verdict_choices(turn: Turn) -> tuple[Choice, ...]:
    return turn.offer(
        choices.YES.offer(t(_for_kind(turn, "choice.yes"), turn.lang)),
        choices.NO.offer(t(_for_kind(turn, "choice.no"), turn.lang)),
        choices.HUMAN.offer(t("choice.human", turn.lang)),
    )


def offer_several(turn: Turn, article_ids: list[str]) -> list[Action]:
    """Two or three articles fit about equally: ask which, naming what sets each apart."""
    convo = turn.convo
    convo.state, convo.offered = State.DISAMBIGUATING, list(article_ids)
    labels = _distinguishing_labels(turn.session, article_ids)
    offered = turn.offer(
        *(choices.article(a).offer(label) for a, label in zip(article_ids, labels, strict=True)),
        choices.NONE.offer(t("choice.none_of_these", turn.lang)),
    )
    return [Action("disambiguate", t("disambiguate", turn.lang), choices=offered)]


# -- the verdict ---------------------------------------------------------------------------


def helped(turn: Turn, _: Pick) -> list[Action]:
    """Yes: the article is reused, the phrasing confirmed, the conversation is over."""
    convo = turn.convo
    article_id = convo.offered[0]
    repository.record_reuse(
        turn.session,
        article_id,
        phrase=convo.verbatim,
        by=convo.user,
        ticket_ref=f"conversation:{convo.id}",
    )
    feedback.record_helped(turn.session, article_id, convo.key, utcnow())
    note(convo, article_id, "helped")
    convo.state = State.RESOLVED
    turn.offer()
    return [turn.say("resolved")]


# "ok but i can't find the laptop request in the catalogue": why the article's steps did not
# help, which belongs with its verdict, not among the facts of the problem
_STEPS_FAILED = re.compile(
    r"\b(?:(?:can'?t|cannot|couldn'?t|don'?t|do not) (?:find|see|locate|get to|open|access)|"
    r"(?:ne )?(?:trouve|vois) (?:pas|rien|nulle part)|n'existe pas|doesn'?t exist|"
    r"(?:is|isn'?t|are|aren'?t) not there|isn'?t there|aren'?t there|not in (?:the|my)|"
    r"(?:isn'?t|aren'?t) in (?:the|my)|pas dans (?:le|la|les|mon|ma|mes)|"
    # "i don't get an access denied page", "je n'ai pas de bouton"
    r"(?:don'?t|do not|didn'?t|did not) (?:get|see|have) (?:an?|the|any)\b|"
    r"n'ai (?:pas|jamais) (?:de|d'|l'|le|la|les|eu)\b|"
    r"there'?s no|there is no|il n'y a pas de|y a pas de|(?:step|etape|étape) \d|"
    # "toujours rien reçu, même dans les spams": the steps were followed, nothing came
    r"toujours rien|still nothing|nothing (?:came|arrived)|rien (?:re[çc]u|n'arrive)|"
    r"(?:même|meme) dans les (?:spams?|indésirables|indesirables)|even in (?:the |my )?(?:spam|junk))",
    re.I,
)


# What an article's steps point at: "I don't see the Delegate option", "pas de bouton Partager".
_SCREEN_THING = re.compile(
    r"\b(?:option|options|button|menu|setting|settings|tab|link|page|form|field|icon|toggle|"
    r"checkbox|entry|section|bouton|onglet|lien|parametre|parametres|formulaire|champ|icone|"
    r"rubrique|case|(?:step|etape) \d)\b"
)


def steps_missing(turn: Turn, text: str) -> bool:
    """Whether the text says a thing the article's steps point at is not there: a no, said
    without "no" ("I don't see the Delegate option, only Can view", "I don't see Sharing and
    permissions when I right-click": words of the steps shown)."""
    folded = fold(text)
    failed = _STEPS_FAILED.search(folded)
    if failed is None:
        return False
    if _SCREEN_THING.search(folded):
        return True
    if not turn.convo.offered:
        return False
    steps = fold(
        repository.content_of(repository.require(turn.session, turn.convo.offered[0])).resolution
    )
    # the thing said missing: the words right after, up to where the clause turns
    thing = re.split(
        r"[,.;:!?]|\b(?:when|where|because|since|after|quand|car|depuis|apres)\b",
        folded[failed.end() :],
    )[0]
    missing = re.findall(r"[\w'-]{4,}", thing)[:3]
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", steps) for word in missing)


# What a why-not also says that has a row of its own ("…, still drops since monday"): the
# deviation and the thing at fault are the first message's, and "toujours" there means still.
_FACTS_BESIDE_WHY_NOT = (
    "when_first",
    "extent_count",
    "where",
    "deadline",
    "urgency",
    "impact",
    "changes",
    "what_is_not",
)


def said_no(turn: Turn, rest: str, steps_done: bool = False) -> list[Action]:
    """A no in words; what follows it is kept ("no, it started monday"), and a how-to question
    whose follow-up asks for something ("no, I need it to also forward my mail to Sam") or
    reports a fault becomes that. Why the article's steps failed ("i can't find the form"), or
    the steps done and the fault still there (`steps_done`: "updated GlobalProtect, still
    drops"), stays with the article's verdict."""
    failed = _STEPS_FAILED.search(rest) or CANT_DO.match(rest)
    if (failed or steps_done) and turn.convo.offered:
        _why_not(turn.convo, turn.convo.offered[0], rest)
        if not failed:
            said = extraction.extract(rest).slots
            beside = {k: v for k, v in said.items() if k in _FACTS_BESIDE_WHY_NOT}
            turn.convo.slots = extraction.merge(turn.convo.slots, beside)
    elif len(re.findall(r"\w+", rest)) >= 3:
        found = keep_said(turn, rest)
        if turn.convo.contact_type == "question" and found.contact_type in (
            extraction.ContactType.REQUEST,
            extraction.ContactType.INCIDENT,
        ):
            turn.convo.contact_type = found.contact_type.value
    return did_not_help(turn, Pick(Kind.NO))


def support_asked_to_act(text: str) -> dict[str, str]:
    """What a reply under an article asks support to do, as a request's slots ("then can you
    reset my factors please?", "pouvez-vous réinitialiser mes facteurs ?"); {} when it names
    no action ("can you look at it?")."""
    folded = fold(text)
    if not _ADDRESSED_ASK.search(folded):
        return {}  # "I need it fixed by friday" asks nothing of support but the fix
    if extraction.extract(text).contact_type is not extraction.ContactType.REQUEST:
        return {}
    slots = opening_slots(text, "request")
    what = fold(slots.get("request_what", ""))
    if not what or _A_FIX.search(what):
        return {}  # "can you send a technician?": the fault, still to be appraised
    return {k: v for k, v in slots.items() if k.startswith("request_")}


# An ask put to support: "can you…", "please…", "pouvez-vous…", "merci de…".
_ADDRESSED_ASK = re.compile(
    r"\b(?:(?:can|could|would) you|please|pls|plz|(?:pouvez|pourriez)-vous|vous (?:pouvez|"
    r"pourriez)|peux-tu|pourrais-tu|tu (?:peux|pourrais)|merci de|svp|s'il vous plait)\b"
)
# What only asks for the fault to be dealt with: a fix, a look, someone.
_A_FIX = re.compile(
    r"\b(?:fix\w*|repair\w*|look\w*|check\w*|investigat\w*|technician|someone|somebody|"
    r"anyone|help|repar\w*|regard\w*|verifi\w*|technicien|quelqu'un|aide\w*|depann\w*)\b"
)


def asked_to_act(turn: Turn, text: str, slots: dict[str, str]) -> list[Action]:
    """Under an article, the employee asks support to do something ("I don't have the old
    phone anymore, can you reset my factors?"): the article did not settle it, and what is
    asked for is a request, gathered as one (never "where are you when it happens?")."""
    convo = turn.convo
    if convo.offered:
        _why_not(convo, convo.offered[0], text)
    convo.slots = extraction.merge(convo.slots, slots)
    convo.contact_type = "request"
    return did_not_help(turn, Pick(Kind.NO))


def did_not_help(turn: Turn, _: Pick) -> list[Action]:
    """No: evidence for the article's owners; another article only if it fits on its own."""
    convo = turn.convo
    article_id = convo.offered[0]
    _flag_rejection(turn, article_id)
    note(convo, article_id, "did not help")
    convo.rejected = [*convo.rejected, article_id]
    actions = _runner_up(turn)
    if actions:
        return actions
    if convo.contact_type == "request":
        return request.begin(turn, "appraise.after_no")
    if convo.contact_type != "question":
        convo.contact_type = "incident"
    # a how-to question the article did not answer goes over as a question (asked only what
    # depends on the answer), not as a fault with "what happens instead?"; a first message
    # with two problems first asks which one comes first
    several = bool(convo.slots.get("concerns")) and "concerns" not in convo.asked
    return appraise.begin(turn, "appraise.after_no", multiple=several)


def picked(turn: Turn, pick: Pick) -> list[Action]:
    """One of the offered articles: show it."""
    hit = next((h for h in last_hits(turn.convo) if h["id"] == pick.value), None)
    if hit is None:
        return turn.stale()
    note(turn.convo, pick.value, "picked")
    return [_answer(turn, pick.value, float(hit.get("score", 0.0)))]


def none_fit(turn: Turn, _: Pick) -> list[Action]:
    """None of the offered articles: appraise (or gather the request's details)."""
    convo = turn.convo
    convo.rejected = [*convo.rejected, *convo.offered]
    note(convo, ",".join(convo.offered), "none of these")
    if convo.contact_type == "question":
        return [turn.say("question.no_match"), *appraise.ask_next(turn, None)]
    if convo.contact_type == "request":
        return request.begin(turn)
    convo.contact_type = "incident"
    return appraise.begin(turn, "appraise.intro")


def more_detail(turn: Turn, text: str) -> list[Action]:
    """Free text while an article or a choice awaits a verdict: new facts, not a "no".

    The facts are kept, and the search runs again on everything said; an article already
    offered is not offered again, and when nothing new fits the conversation appraises.
    """
    convo = turn.convo
    if convo.rejected:
        feedback.mark_followed_steps(turn.session, convo.key, text)
    found = keep_said(turn, text)
    if convo.contact_type is None and found.contact_type is not None:
        convo.contact_type = found.contact_type.value
    if found.wants_human or found.urgent:
        return handoff.statement(turn)
    excluded = already_shown(turn)
    result = search_follow_up(turn, text)
    if still_fits(turn, result):
        # "Elle doit pouvoir accepter les réunions à ma place" under the delegate article:
        # what was added is what the article does, so its verdict is still the question
        return [still_awaiting(turn)]
    fit = new_fit(turn, result, excluded)
    if fit is not None:
        # Mid-conversation only a clear fit is offered; a new set of near misses would be a
        # guess, so the conversation goes on with what it now knows.
        return show(turn, fit, "found_mid_appraisal")
    convo.rejected = [*convo.rejected, *(a for a in convo.offered if a not in convo.rejected)]
    # an article was just offered, so "I couldn't find an article" would contradict it
    return after_nothing_fits(turn, found, "appraise.after_details")


def keep_said(turn: Turn, text: str) -> extraction.Extraction:
    """The facts of a message said while an answer or a choice waits: they are kept (added,
    never replacing), and what the patterns did not take reaches the agent as a note."""
    convo = turn.convo
    found = extraction.extract(text)
    convo.slots = extraction.merge(convo.slots, found.slots)
    name = named_people(text) if convo.contact_type == "request" else None
    if name:  # "Elle s'appelle Léa Martin" while the articles wait: who the request is for
        appraise.learn(turn, {"request_for_whom": name})
    approval = request.approval_in(turn, text)
    if approval:
        appraise.learn(turn, approval)
    reason = request.reason_in(turn, text)
    if reason:
        appraise.learn(turn, reason)
        found = dataclasses.replace(found, slots={**found.slots, **reason})
    if says_unknown_extent(text) and "extent_count" not in convo.unknown:
        convo.unknown = [*convo.unknown, "extent_count"]  # "I don't know if others have it"
    if says_more_than(text, handoff.shown_slots(convo.contact_type or "incident", found.slots)):
        # "Pas pressé, c'est pour la newsletter du mois prochain": the patterns keep "pas
        # pressé"; the agent also reads the rest, in the employee's words.
        convo.corrections = [*convo.corrections, text]
    return found


def still_fits(turn: Turn, result: SearchResult) -> bool:
    """Whether the article awaiting its verdict is still the one answer to everything said
    (it would be shown again, so its verdict is still the question)."""
    convo = turn.convo
    if State(convo.state) is not State.AWAITING_FEEDBACK or not convo.offered:
        return False
    if any(entry.get("reasked") for entry in convo.kb_trail):
        return False  # asked once already and ignored: the details mean it did not do
    copies = turn.ctx.search.copies(convo.offered[:1])
    return result.decision is Decision.ANSWER and result.choices[0].article_id in copies


def still_awaiting(turn: Turn, message: str = "answer.still_fits") -> Action:
    """ "Noted. The article above still looks like the answer: did it solve it?" (or, to "I'll
    try that", "Sure: tell me here whether it solved it.")"""
    convo = turn.convo
    convo.kb_trail = [*convo.kb_trail[:-1], {**convo.kb_trail[-1], "reasked": True}]
    return Action("message", t(message, turn.lang), choices=_verdict_choices(turn))


def new_fit(turn: Turn, result: SearchResult, seen: set[str]) -> Hit | None:
    """An article not shown yet that clearly fits what has now been said: it must pass the
    answer rule among the unseen ones, no article already shown may still lead it by the
    answer margin, and no two shown may still rank above it. "all 4 zebra printers in
    dispatch, the office printers are ok" kept the shown print-queue article far ahead; the
    office-printer article behind it, first among the unseen, was a guess."""
    thresholds = turn.ctx.search.thresholds
    fresh = [h for h in result.hits if h.article_id not in seen]
    decision, _ = decide([h.score for h in fresh], thresholds)
    if decision is not Decision.ANSWER:
        return None
    ahead = [h.score for h in result.hits if h.article_id in seen]
    if ahead and max(ahead) - fresh[0].score >= thresholds.answer_margin:
        return None
    if sum(s >= fresh[0].score for s in ahead) >= 2:
        # "…dans Outlook ? merci pas pressé, c'est pour mes mails clients": two articles of
        # the list already shown still rank above the new one (scan to email, third), which
        # only looks clear once they are set aside
        return None
    before = [
        float(h["score"])
        for entry in turn.convo.kb_trail[:-1]
        for h in entry.get("results") or []
        if h.get("id") == fresh[0].article_id
    ]
    if before and fresh[0].score - max(before) < thresholds.answer_margin / 2:
        # "is jira down?? 502 bad gateway", then "office. confluence works": the Jira access
        # article, already judged no fit on the first message, crossed the line on words that
        # say nothing of access; what was said since must be what makes it fit
        return None
    return fresh[0]


def says_more_than(text: str, slots: dict[str, str]) -> bool:
    """Whether a message holds words of substance beyond the snippets the patterns took."""
    rest = text
    for snippet in sorted(slots.values(), key=len, reverse=True):
        rest = rest.replace(snippet, " ") if snippet else rest
    return len(re.findall(r"\w{3,}", rest)) >= 3


# A ranked hit as the decision reads it: article id, score, saturated lexical score (None
# for searches stored before it was kept).
Ranked = tuple[str, float, float | None]


def decide_without(
    turn: Turn, hits: Sequence[Ranked], excluded: Collection[str]
) -> tuple[Decision, list[str]]:
    """The decision re-run without some articles (rejected, or already read in this thread):
    each choice must stand out on its own, and be close to the best excluded one. An article
    far below the one left out matched the same words worse: "VPN drops on the office Wi-Fi"
    (1.10) rejected, "VPN slow at home" (0.72) is no new lead."""
    gone = turn.ctx.search.copies(excluded)
    kept = [h for h in hits if h[0] not in gone]
    scores = [score for _, score, _ in kept]
    lexical = [lx for _, _, lx in kept]
    thresholds = turn.ctx.search.thresholds
    decision, count = decide(
        scores,
        thresholds,
        each_stands_out=True,
        lexical=None if None in lexical else [float(lx or 0.0) for lx in lexical],
    )
    missed = [score for article, score, _ in hits if article in gone]
    window = max(thresholds.disambiguate_window, thresholds.answer_margin)
    close = sum(1 for s in scores[: max(count, 1)] if not missed or max(missed) - s <= window)
    too_far = close < 2 if decision is Decision.DISAMBIGUATE else not close
    if decision is Decision.NONE or too_far:
        return Decision.NONE, []
    return decision, [article for article, _, _ in kept[: min(count, close)]]


def _runner_up(turn: Turn) -> list[Action]:
    """After a rejection: the decision re-run without the rejected articles (no guessing)."""
    hits = last_hits(turn.convo)
    ranked = [(str(h["id"]), float(h["score"]), h.get("lexical")) for h in hits]
    decision, ids = decide_without(turn, ranked, turn.convo.rejected)
    if decision is Decision.ANSWER:
        score = next(score for article, score, _ in ranked if article == ids[0])
        return [turn.say("next_candidate"), _answer(turn, ids[0], score)]
    if decision is Decision.DISAMBIGUATE:
        ids = [article for article in ids if repository.get(turn.session, article)]
        if len(ids) >= 2:  # the list says "a few articles could fit" itself
            return [turn.say("next_candidates"), *offer_several(turn, ids)]
    return []


def _flag_rejection(turn: Turn, article_id: str) -> None:
    """'No, that didn't help' is evidence for the article's owners ("flag it or fix it")."""
    convo, rules = turn.convo, turn.ctx.authoring
    alert = feedback.record_rejection(
        turn.session,
        article_id,
        by=convo.user,
        reason=f"{feedback.REJECTION_REASON}{convo.verbatim[:300]}",
        conversation_key=convo.key,
        now=utcnow(),
        threshold=rules.reject_threshold,
        window_days=rules.reject_window_days,
    )
    if alert is not None:
        text = t(
            "authors.rejected",
            rules.language,
            article_id=alert.article_id,
            title=alert.title,
            count=alert.count,
            days=alert.window_days,
        )
        data = {"team": alert.team, "article_id": alert.article_id, "count": alert.count}
        turn.for_authors.append(Action("author_alert", text, data=data))


# -- the trail -----------------------------------------------------------------------------


def already_shown(turn: Turn) -> set[str]:
    """Every article this conversation has shown or had rejected, and their translations:
    never offered again."""
    convo = turn.convo
    shown = {
        a for entry in convo.kb_trail for a in [*(entry.get("shown") or []), *entry.get("read", [])]
    }
    return turn.ctx.search.copies({*shown, *convo.rejected, *convo.offered})


def last_hits(convo: Any) -> list[dict[str, Any]]:
    for entry in reversed(convo.kb_trail):
        if entry.get("results"):
            return list(entry["results"])
    return []


def _why_not(convo: Any, article_id: str, why: str) -> None:
    """Why the employee says an article did not help, on the search that showed it."""
    trail = [dict(e) for e in convo.kb_trail]
    for entry in reversed(trail):
        if article_id in entry.get("shown", []):
            entry["why_not"] = {**(entry.get("why_not") or {}), article_id: why}
            break
    convo.kb_trail = trail


def note(convo: Any, article_id: str, verdict: str) -> None:
    """Note what the employee said of an article on the search that showed it."""
    trail = [dict(e) for e in convo.kb_trail]
    first_id = article_id.split(",")[0]
    for entry in reversed(trail):
        if first_id in entry.get("shown", []) or not entry.get("shown"):
            said = f"{article_id}: {verdict}"
            entry["feedback"] = f"{entry['feedback']}; {said}" if entry.get("feedback") else said
            break
    convo.kb_trail = trail


def _mark_shown(trail: list[dict[str, Any]], article_id: str, convo: Any, title: str) -> None:
    if not trail:
        return
    copy = [dict(e) for e in trail]
    if article_id not in copy[-1].get("shown", []):
        copy[-1]["shown"] = [*copy[-1].get("shown", []), article_id]
    copy[-1]["titles"] = {**(copy[-1].get("titles") or {}), article_id: title}
    convo.kb_trail = copy


def _distinguishing_labels(session: Session, article_ids: list[str]) -> list[str]:
    """Each title plus what sets it apart: an environment line (else a symptom) that the
    other candidates do not share."""
    contents = {}
    for article_id in article_ids:
        row = repository.get(session, article_id)
        if row is not None:
            contents[article_id] = repository.content_of(row)
    labels = []
    for article_id in article_ids:
        content = contents.get(article_id)
        if content is None:
            labels.append(article_id)
            continue
        others = [c for a, c in contents.items() if a != article_id]
        shared = {line.casefold() for c in others for line in (*c.environment, *c.issue)}
        distinct = [
            line for line in (*content.environment, *content.issue) if line.casefold() not in shared
        ]
        label = f"{content.title} ({distinct[0]})" if distinct else content.title
        labels.append(label[:200])
    return labels
