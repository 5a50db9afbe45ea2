"""Text normalisation shared by search and the handoff readers: cleaning queries, language
guess, lexical tokens, accent folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")
_WORD_RE = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")

EN_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "do",
        "does",
        "doing",
        "for",
        "from",
        "has",
        "have",
        "having",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "please",
        "so",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "too",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "hi",
        "hello",
        "thanks",
        "thank",
        "get",
        "got",
        "just",
        "any",
        "some",
    ]
)
FR_STOP = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "comment",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "est",
        "et",
        "il",
        "ils",
        "je",
        "j",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "mes",
        "mon",
        "ne",
        "nous",
        "on",
        "ou",
        "où",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "suis",
        "ai",
        "a",
        "été",
        "être",
        "avoir",
        "fait",
        "faire",
        "bonjour",
        "merci",
        "svp",
        "stp",
        "quoi",
        "quand",
        "est-ce",
        "l",
        "d",
        "n",
        "s",
        "c",
        "m",
        "t",
    ]
)
_FR_MARKERS = frozenset(
    [
        "je",
        "j",
        "ne",
        "pas",
        "mon",
        "ma",
        "mes",
        "est",
        "les",
        "des",
        "une",
        "dans",
        "pour",
        "avec",
        "sur",
        "comment",
        "pourquoi",
        "vous",
        "nous",
        "depuis",
        "impossible",
        "fonctionne",
        "marche",
        "plus",
        "bonjour",
        "merci",
        # short reports ("SAP plante", "teams rame") carry no function word
        "le",
        "la",
        "du",
        "au",
        "aux",
        "et",
        "qui",
        "que",
        "il",
        "elle",
        "ce",
        "cette",
        "ca",
        "sont",
        "suis",
        "ai",
        "plante",
        "rame",
        "panne",
        "besoin",
        "salut",
        "coucou",
        "svp",
        "stp",
        "aide",
    ]
)
_EN_MARKERS = frozenset(
    [
        "i",
        "my",
        "the",
        "is",
        "not",
        "does",
        "doesn't",
        "can't",
        "cannot",
        "how",
        "why",
        "with",
        "since",
        "since",
        "work",
        "working",
        "hello",
        "thanks",
        "please",
        "what",
        "a",
        "an",
        "to",
        "of",
        "and",
        "it",
        "it's",
        "isn't",
        "won't",
        "keeps",
        "need",
        "help",
        "broken",
    ]
)


class QueryError(ValueError):
    """A query that cannot be searched (empty, binary...); the message is for the user."""


# A Slack list item's marker ("- ", "• ", "1. ") and a code fence line ("```", "```sql").
_BULLET = re.compile(r"^(?:[-*•◦▪–]|\d{1,2}[.)])\s+")
_FENCE = re.compile(r"^`{3,}\w*\s*|\s*`{3,}$")


def flatten_lines(text: str) -> str:
    """A message typed on several lines, as one: each line that does not end a sentence is
    ended with a full stop, so "- started 10 min ago⏎- whole floor" reads as two facts, not
    one; list markers and code fences go, what they held stays."""
    lines = [_FENCE.sub("", _BULLET.sub("", line.strip())).strip() for line in text.splitlines()]
    kept = [line for line in lines if line]
    if len(kept) < 2:
        return " ".join(kept) if kept else text
    return " ".join(
        line if i == len(kept) - 1 or line[-1] in ".!?:;," else f"{line}."
        for i, line in enumerate(kept)
    )


def clean_query(text: str, max_chars: int) -> tuple[str, bool]:
    """Normalise a query: reject empty or binary text, strip control characters, truncate.

    Returns the cleaned text and whether it was truncated.
    """
    if "\x00" in text:
        raise QueryError("the query contains binary data (NUL bytes)")
    text = unicodedata.normalize("NFC", text)
    printable = sum(1 for ch in text if ch.isprintable() or ch.isspace())
    if text and printable / len(text) < 0.7:
        raise QueryError("the query is mostly unprintable characters")
    text = " ".join(flatten_lines(_CONTROL_RE.sub(" ", text)).split())
    if not text:
        raise QueryError("the query is empty")
    if not any(ch.isalnum() for ch in text):
        raise QueryError("the query has no words to search for")
    truncated = len(text) > max_chars
    return (text[:max_chars].rstrip(), truncated)


# Chat markup that says nothing about the topic: emoji shortcodes (":pray:"), mentions and
# broadcasts ("<@U123>", "<!channel>"); a link keeps its label ("<https://x|the portal>").
SHORTCODE = re.compile(r"(?<![\w:]):(?:[a-z][a-z0-9_+'-]{1,40}|[+-]1):(?![\w:])", re.I)
_CHAT_TOKEN = re.compile(r"<[@!#][^>|\s]*(?:\|([^>]*))?>")
_LINK = re.compile(r"<(?:https?|mailto):[^>|\s]*\|([^>]+)>")


def topic_words(query: str) -> str:
    """What a search should read of a cleaned query: without emoji (":pray:", "🙏") or chat
    tokens, which move the embedding without saying what the question is about. A query that
    is nothing else stays as it was."""
    text = _LINK.sub(r"\1", query)
    text = _CHAT_TOKEN.sub(lambda m: m.group(1) or " ", text)
    text = SHORTCODE.sub(" ", text)
    text = "".join(
        " " if unicodedata.category(ch) == "So" and ch not in _SYMBOLS_IN_WORDS else ch
        for ch in text
    )
    text = " ".join(text.split())
    return text if any(ch.isalnum() for ch in text) else query


def fold(text: str) -> str:
    """Lowercase and strip accents (é -> e) so French matches with or without them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_lower(text: str) -> str:
    """Lowercase without accents, the curly apostrophe read as a straight one, so "échéance"
    and "echeance", "l’écran" and "l'ecran" read alike: what the handoff rules compare and the
    learned readers were fitted on. Unlike `fold`: str.lower ("ß" stays), and the apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# Symbols that are part of what is said ("30°C"), not a break in it like an emoji.
_SYMBOLS_IN_WORDS = frozenset("°©®")


def same_length_fold(text: str) -> str:
    """`fold_lower` character by character, the same length as the input (a character that
    folds to several keeps the first: "…" is "."; one that folds to none is a space; an emoji
    is a full stop), so offsets found in the folded text map back to the original."""
    out = []
    for ch in text:
        if unicodedata.category(ch) == "So" and ch not in _SYMBOLS_IN_WORDS:
            out.append(".")  # an emoji ends what was said before it, as a full stop does
            continue
        base = unicodedata.normalize("NFKD", ch)
        kept = "".join(c for c in base if not unicodedata.combining(c)).lower()
        out.append(kept[:1] if len(kept) >= 1 else " ")
    return "".join(out).replace("\u2019", "'")


def without_aside(text: str) -> str:
    """The text without its closing parenthetical aside: "Workday (password)" is "Workday"."""
    return re.sub(r"\s*\(.*\)$", "", text)


def dangling_end(words: str, separators: str = r"[\s,;:-]") -> re.Pattern[str]:
    """The little words (`words`, alternatives) left hanging at the end of a value once a
    phrase is cut out of it ("…, for the"), with the separators before them."""
    return re.compile(rf"(?:{separators}+(?:{words}))+\s*$", re.I)


def guess_language(text: str) -> str:
    """'fr' or 'en' from marker words and accents; English when unsure."""
    return language_evidence(text)[0]


def language_evidence(text: str) -> tuple[str, int]:
    """The likelier language and by how many markers it wins (0: no sign either way)."""
    words = re.findall(r"[\w'-]+", text.casefold())
    fr = sum(w in _FR_MARKERS for w in words) + 2 * sum(ch in "éèêàçùôîœ" for ch in text.lower())
    en = sum(w in _EN_MARKERS for w in words)
    return ("fr" if fr > en else "en"), abs(fr - en)


_STOP = frozenset(fold(word) for word in EN_STOP | FR_STOP)


@lru_cache(maxsize=2)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french" if language == "fr" else "english")


def tokens(text: str, language: str) -> list[str]:
    """Lexical tokens: folded words (error codes kept whole), stop words dropped, stemmed."""
    words = [w for w in _WORD_RE.findall(fold(text)) if w not in _STOP]
    stemmer = _stemmer(language)
    return [w if any(c.isdigit() for c in w) else stemmer.stemWord(w) for w in words]
