"""Free text that means a choice: "yes", "non", "send it", "corriger", a rating digit."""

from __future__ import annotations

import re
import unicodedata

from handoff.extraction import MENTION

YES = re.compile(
    r"^\s*(?:yes|yep|yeah|y|ok|okay|it works|works now|solved|fixed|sorted|perfect|great|"
    r"thanks?|thank you|oui|ouais|ça marche|ca marche|c'est bon|résolu|resolu|réglé|regle|"
    r"parfait|merci)\b",
    re.I,
)
NO = re.compile(
    r"^\s*(?:no|nope|n|not really|not fixed|still|didn'?t help|doesn'?t work|does not work|"
    r"non|toujours|pas vraiment|ça ne marche pas|ca ne marche pas|pas résolu|pas resolu|"
    r"pas réglé|pas regle)\b",
    re.I,
)
# "je ne peux pas, je suis bloquée sur l'écran Windows": the steps cannot be done, a no.
# Bare, or with a pronoun for the steps: "I can't join the 2pm call" is a fact, not a verdict.
CANT_DO = re.compile(
    r"^\s*(?:(?:je ne peux pas|je peux pas|i can'?t|i cannot|i couldn'?t|impossible)"
    r"(?:\s*(?:[,.;:!]|$)|\s+(?:do|access|reach|open|follow) (?:it|that|this|them)\b|"
    r"\s+(?:le|les) faire\b|\s+y acc[ée]der\b)|"
    r"je n'y arrive pas|j'y arrive pas|je n'y suis pas arrivée?)",
    re.I,
)
# "none of these", "non", "aucun" typed under a list of articles: none fits.
NONE_OF_THESE = re.compile(
    r"^\s*(?:none(?: of (?:these|them|those|the above))?|neither|not these|no|nope|nah|non|"
    r"aucun(?:e)?(?: de (?:ceux|celles)(?:[- ]l[àa])?)?|rien de tout (?:ça|ca)|"
    r"ni l'un ni l'autre)\W*$",
    re.I,
)
NOT_FIXED = re.compile(
    r"\b(?:still (?:not|broken|fails|failing|the same|happening|getting|doesn'?t|does not|"
    r"won'?t|can'?t|cannot|crash\w*|drops?|dropping)|not (?:fixed|solved|working)|"
    r"doesn'?t work|does not work|same (?:problem|error|issue)|happened again|"
    r"toujours (?:pas|rien|le même|le meme|en panne|bloqué|bloque)|ne (?:marche|fonctionne) (?:toujours )?"
    r"(?:pas|plus)|pas (?:réglé|regle|résolu|resolu)|encore (?:en panne|bloqué|bloque)|"
    # "ça marche pas", as it is said
    r"(?:ça|ca|il|elle|rien|ça ne|ca ne) (?:marche|fonctionne|passe)(?: toujours| encore)? "
    r"(?:pas|plus)|rien ne (?:marche|fonctionne|passe)|nothing works|"
    # "ça coupe toujours", "ça plante encore", "toujours pareil": the fault is still there
    r"(?:ça|ca|il|elle|le vpn|teams|outlook) (?:coupe|plante|bloque|freeze|rame|saute|d[ée]croche|"
    r"bugu?e|crashe)(?: toujours| encore)|toujours pareil|(?:ça|ca) recommence|"
    # "ça n'a rien changé", "made no difference": the steps were done, nothing moved
    r"(?:ça|ca|cela) (?:n'a rien|ne change rien|n'y change rien)|rien n'a changé|rien n'a change|"
    r"aucun (?:effet|changement)|sans effet|(?:it |that )?(?:made|makes) no difference|"
    r"(?:didn'?t|did not|doesn'?t|does not) (?:change|fix) (?:anything|a thing)|no change|"
    # "j'ai déjà cliqué sur demander l'accès hier, personne n'a répondu": done before, no use
    r"(?:j'ai|on a|nous avons) d[ée]j[àa] (?:fait|essay[ée]|cliqu[ée]|suivi|tent[ée]|demand[ée])|"
    r"(?:i|we) (?:already|had already) (?:did|tried|clicked|followed|requested|asked)|"
    r"(?:i'?ve|we'?ve|i have|we have) already (?:done|tried|clicked|followed|requested|asked)|"
    # "j'ai tout fait, même redémarré, toujours 'échec…'", "I did all the steps, still…"
    r"(?:j'ai|on a|nous avons) (?:d[ée]j[àa] )?tout (?:fait|essay[ée]|suivi|tent[ée])|"
    r"(?:i|we) (?:did|tried|followed) (?:everything|all (?:the |of the |those |these )?steps)|"
    r"(?:i'?ve|we'?ve|i have|we have) (?:done|tried|followed) (?:everything|all (?:the )?steps)|"
    r"personne n'a (?:r[ée]pondu|valid[ée]|approuv[ée])|(?:no one|nobody) (?:has )?(?:answered|"
    r"responded|replied|approved)|(?:toujours )?pas de r[ée]ponse|no (?:response|reply|answer) "
    r"(?:yet|so far))\b",
    re.I,
)
# The words that turn a yes into "yes, but…".
_CONTRAST_WORDS = r"(?:but|mais|except|sauf que|par contre|however|cependant)"
# "ok but i can't find the form": what follows the "but" is what still fails
CONTRAST = re.compile(rf"^{_CONTRAST_WORDS}\W+", re.I)
# "ok but i can't find the form", "ok mais je trouve pas le formulaire": a yes that goes on to
# say what still fails
YES_BUT = re.compile(
    rf"\b{_CONTRAST_WORDS}\b[^.!?]*?\b(?:can'?t|cannot|"
    r"couldn'?t|unable|not|no|don'?t|doesn'?t|didn'?t|won'?t|isn'?t|nothing|pas|plus|rien|"
    r"n'arrive|impossible)\b",
    re.I,
)
# "ok je vais essayer", "thanks, will try that": the steps are not tried yet
WILL_TRY = re.compile(
    r"^\W*(?:(?:ok|okay|thanks?|thank you|thx|merci|d'accord|super|cool|great)\W+)*"
    r"(?:i'?ll|i will|will|let me|gonna|je vais|on va|je|j')\s*(?:try|test|check|look|give it a "
    r"(?:go|try)|essayer|tester|essaie|essaye|teste|regarder|regarde|voir)\b",
    re.I,
)
# After the yes, courtesy and the words that turn to something else: "oui merci, et pour les
# dossiers partagés ?", "yes thanks! also, how do I…".
_ON_TO_ANOTHER = re.compile(
    r"^(?:\W|thanks?|thank you|thx|merci(?: beaucoup)?|super|parfait|great|perfect|cool|"
    r"nickel|top|and|et|also|aussi|sinon|by the way|btw|au fait|other than that|otherwise|"
    r"(?:une )?autre question|(?:one )?(?:more|other|another) (?:question|thing)|"
    r"petite question|(?:une )?derni[eè]re chose)+",
    re.I,
)
_ASKS = re.compile(
    r"\?|^(?:how|what|where|when|who|which|why|can|could|is there|do i|should i|comment|"
    r"o[uù]|quand|qui|quel(?:le)?s?|pourquoi|est-ce|je fais comment|on fait comment|"
    r"pour (?:les|le|la|l')|for (?:the|my))\b",
    re.I,
)


def another_question(rest: str) -> str | None:
    """What follows a yes, when it asks something else ("oui merci, et pour les dossiers
    partagés je fais comment ?"): that question, to begin again with."""
    asked = _ON_TO_ANOTHER.sub("", rest.strip()).strip()
    if len(re.findall(r"\w+", asked)) < 3 or not _ASKS.search(asked):
        return None
    return asked


FIXED = re.compile(
    r"\b(?:works (?:now|again|fine)|it'?s fixed|(?:is |all )?(?:fixed|solved|sorted)|"
    r"(?:ça|ca) (?:marche|fonctionne)(?: maintenant| à nouveau| a nouveau)?|c'est (?:réglé|regle|"
    r"bon|résolu|resolu)|(?:re)?fonctionne (?:maintenant|à nouveau|a nouveau))\b",
    re.I,
)
SEND = re.compile(
    r"^\s*(?:send(?: it)?|yes|yep|ok|okay|correct|that'?s right|looks good|go ahead|"
    r"envoie[rz]?|envoyer|envoyez|vas-y|allez-y|oui|c'est (?:bon|correct)|correct|parfait|d'accord)\b",
    re.I,
)
# "no" / "non" alone, or saying what is wrong ("no, the place is wrong"); not "no idea", nor
# "non, jamais eu ce souci avant" (a fact for support, kept as a note)
EDIT = re.compile(
    r"^\s*(?:edit|correct it|change|fix it|modifier|corriger|(?:non|no)(?=\s*[.!]*\s*$|"
    r"\s*[,.:;]\s*.*\b(?:wrong|incorrect|not right|not correct|mistake|faux|fausse|erron\w*|"
    r"pas (?:ça|ca|correct|bon|juste|exact)|inexact|(?:change|modify|fix|correct) (?:the|it|that|"
    r"this)|(?:a|à) (?:changer|modifier|corriger)|il faut (?:changer|modifier|corriger))\b))",
    re.I,
)
RATING = re.compile(r"^\s*([1-5])(?:\s*/\s*5)?\b")

# A message that is only courtesy, with nothing to search or appraise: a greeting, a call for
# help that says nothing yet, or thanks (an emoji alone is thanks too).
_ADDRESSED = rf"(?:{MENTION})"
GREETING = re.compile(
    rf"^\W*(?:{_ADDRESSED}\W*)*(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|morning|"
    r"bonjour|bonsoir|salut|coucou|hello there|hi there|hey there)"
    r"(?:\W+(?:there|all|everyone|team|tout le monde|à tous|a tous|relais|support))?"
    rf"(?:\W+{_ADDRESSED})*\W*$",
    re.I,
)
HELP = re.compile(
    rf"^\W*(?:{_ADDRESSED}\W*)*(?:(?:please |pls )?help(?: me)?(?: please| pls)?|aide|à l'aide|"
    r"au secours|sos|besoin d'aide|j'ai besoin d'aide|i need help|question|une question|"
    r"petite question|quick question)?[\s?!.]*$",
    re.I,
)
_THANKED = (
    r"(?:thanks?(?: a lot| so much| again| a million)?|thank you(?: so much| very much| again)?|"
    r"thx|ty|cheers|merci(?: beaucoup| bien| encore| bcp| mille fois)?|mille mercis)"
    r"(?: (?:pour (?:ton|votre|ta) aide|for (?:your|the|all the|all your) help)"
    r"(?: hier| yesterday| earlier| ce matin| this morning)?)?"
)
# "ok super, ça marche, merci beaucoup", "thx that worked": it worked, and thanks
_IT_WORKED = (
    r"(?:ok|okay|great|super|parfait|top|cool|nice|génial|genial|excellent|perfect|"
    r"(?:ça|ca|c'est bon,? ça|tout) (?:marche|fonctionne)|c'est bon|c'est réglé|"
    r"(?:that|it|this) (?:worked|works|did it|fixed it)|all good|sorted)"
)
THANKS = re.compile(
    rf"^\W*(?:{_IT_WORKED}\W+){{0,3}}"
    rf"(?:{_THANKED}(?:\W+{_IT_WORKED}){{0,2}}|"
    r"parfait|super|top|génial|genial|great|perfect|cool|nice)"
    r"(?:\W+(?:relais|a lot|beaucoup|!+))?\W*$",
    re.I,
)


# "hmm", "euh…", "?": a sound, not a remark on what is shown.
FILLER = re.compile(r"^\W*(?:h+m+|m+h+|u+h+|u+m+|e+u+h+|a+h+|o+h+|bah|ben|hein|bof|\?+)\W*$", re.I)


def courtesy(text: str) -> str | None:
    """ "hello", "help", "thanks" (or an emoji alone): what the message only says, if so."""
    if not text.strip():
        return None
    if GREETING.match(text):
        return "hello"
    emoji_only = not re.search(r"[\w?]", text) and any(
        unicodedata.category(c) == "So" for c in text
    )
    if THANKS.match(text) or emoji_only:
        return "thanks"
    if HELP.match(text):
        return "hello"
    return None


def means_fixed(text: str) -> bool | None:
    """True, False, or None when the sentence says neither (it is a comment)."""
    if NOT_FIXED.search(text) or NO.match(text) or (YES.match(text) and YES_BUT.search(text)):
        return False
    if FIXED.search(text) or YES.match(text):
        return True
    return None
