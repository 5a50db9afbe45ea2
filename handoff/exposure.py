"""A security exposure said in a message: credentials given to a lure, or an account taken over.

"I clicked a link in an email that looked like DocuSign and typed my password, what should I
do?" asks what to do, but something has happened that the security team must act on at once
(reset the password, revoke sessions, look for forwarding rules): an incident, urgent whatever
the extent said, never a how-to question to be answered when someone has time. "How do I
report a phishing email?" and "je n'ai rien cliqué" expose nothing.

Patterns run on folded text (lower case, accents removed).
"""

from __future__ import annotations

import re

from knowledge.text import same_length_fold

# Something that was not what it claimed to be.
# ("weird, I typed my password and it says wrong password": odd only of a message itself)
_MESSAGE = r"(?:e-?mails?|mails?|messages?|links?|liens?|sites?|pages?|sms|texts?|calls?|appels?)"
_LURE = (
    r"(?:phishing|phising|phishy|hameconnage|suspicious|suspect|dodgy|fake|scam|"
    r"fraud\w*|arnaque|frauduleu\w*|faux|fausse|pretend\w*|looked like|looking "
    r"like|looks like|soi-disant|se faisant passer|usurp\w*|spoof\w*|malicious|malveillant\w*|"
    rf"(?:weird|strange|odd) (?:\w+ )?{_MESSAGE}|{_MESSAGE} (?:\w+ )?(?:bizarre|louche|etrange))"
)
# Someone who acted on it, said as done (not "if I click", "si un jour on clique", "I didn't").
_ACTED = (
    r"(?:\bje (?:l'|les |lui |leur )ai (?:donne|tape|saisi|mis|envoye|communique|transmis)e?s?\b|"
    r"(?<!\bif )(?<!\bsi )(?<!\bwhat )"
    r"\b(?:i|we|my (?:colleague|manager|boss|assistant|teammate)|she|he|j'ai|on a|nous avons|"
    r"(?:mon|ma) (?:collegue|manager|cheffe?|assistante?) a|il a|elle a)"
    r"(?: (?:already|accidentally|stupidly|just|then|deja|malheureusement|betement|par erreur|"
    r"ensuite|aussi))?"
    r" (?:clicked|opened|typed|entered|gave|put|downloaded|ran|installed|replied|approved|"
    r"accepted|filled|logged in|signed in|scanned|clique|ouvert|tape|saisi|entre|mis|donne|"
    r"telecharge|installe|repondu|valide|accepte|rempli|scanne)\b)"
)
# What was given away or let in.
_GIVEN = (
    r"(?:password|passcode|credentials|login|mfa|2fa|code|pin|card|bank details|attachment|"
    r"link|qr|mot de passe|identifiants|code|piece jointe|lien|carte|coordonnees bancaires)"
)
_SECURITY_EXPOSURE = re.compile(
    # a lure, then acting on it: "an email that looked like DocuSign … I typed my password"
    rf"\b{_LURE}\b[^?!]{{0,160}}?{_ACTED}[^.?!]{{0,80}}?\b{_GIVEN}\b"
    # "a strange text asking for my MFA code, and I gave it"
    rf"|\b{_LURE}\b[^?!]{{0,160}}?\b{_GIVEN}\b[^.?!]{{0,40}}?{_ACTED}"
    # or acting first: "I clicked the link in that phishing email"
    rf"|{_ACTED}[^.?!]{{0,80}}?\b{_GIVEN}\b[^.?!]{{0,80}}?\b{_LURE}\b"
    # "I got phished", "je me suis fait avoir par un mail de phishing"
    r"|\b(?:i|we) (?:got|have been|'ve been|was|were) (?:phished|scammed|hacked)\b"
    r"|\b(?:je me suis|on s'est|il s'est|elle s'est) fait (?:avoir|pieger|hameconner|pirater)\b"
    # an account taken over
    r"|\b(?:my|our|his|her) (?:\w+ )?(?:account|mailbox|email|e-mail|outlook|laptop|computer|pc|"
    r"phone) (?:has been|was|got|is|'s been|may have been|might have been) (?:hacked|"
    r"compromised|breached|taken over)\b"
    r"|\b(?:mon|ma|notre|son|sa) (?:compte|boite mail|boite|messagerie|adresse mail|ordi|"
    r"ordinateur|pc|telephone)(?: \w+)? (?:a ete|est|s'est fait|aurait ete) (?:pirate|hacke|"
    r"compromis)e?s?\b"
    r"|\bsomeone (?:is|has been|was) (?:sending|using|logging into|signing into) (?:\w+ )?"
    r"(?:emails? )?(?:from|with|into|in) (?:my|our) (?:account|email|mailbox|e-mail)\b"
    r"|\bquelqu'un (?:envoie|utilise|a envoye|a utilise|se connecte a) (?:des mails )?"
    r"(?:depuis |avec |a )?mon (?:compte|adresse|adresse mail|mail|boite mail)\b"
)


def security_exposure(text: str) -> str | None:
    """The words of `text` that say a security exposure happened, or None."""
    found = _SECURITY_EXPOSURE.search(same_length_fold(text))
    if not found:
        return None
    # to the end of its clause: "… that looked like DocuSign and typed my password"
    end = re.compile(r"[,;.!?]|$").search(text, found.end())
    return text[found.start() : end.start() if end else len(text)].strip()
