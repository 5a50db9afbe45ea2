"""Every label a person reads in the metrics report, the charts and the weekly digest (EN, FR).

This is the report section of the one message catalogue: bot/i18n.py registers these entries
as `report.<key>` and typesets their French; `label()` reads them back through `t()`.
"""

from __future__ import annotations

LANGUAGES = ("en", "fr")

LABELS: dict[str, dict[str, str]] = {
    # titles and sections
    "title": {"en": "Support metrics", "fr": "Indicateurs du support"},
    "period": {"en": "{since} to {until}", "fr": "du {since} au {until}"},
    "team": {"en": "team {team}", "fr": "équipe {team}"},
    "section.self_service": {"en": "Self-service", "fr": "Libre-service"},
    "section.service": {"en": "Service", "fr": "Service"},
    "section.kcs": {"en": "Knowledge (KCS)", "fr": "Connaissance (KCS)"},
    "section.voice": {"en": "Voice of the customer", "fr": "Voix du client"},
    "section.trends": {"en": "Trends", "fr": "Tendances"},
    "section.watermelon": {
        "en": "Watermelon check: what the timers miss",
        "fr": "Test de la pastèque : ce que les chronos ne voient pas",
    },
    "generated": {"en": "generated", "fr": "généré le"},
    "small_note": {
        "en": "* small sample (fewer than {n}): read with care",
        "fr": "* petit échantillon (moins de {n}) : à lire avec prudence",
    },
    "empty": {
        "en": "No conversations or tickets from {since} to {until}: nothing to report.",
        "fr": "Aucune conversation ni aucun ticket du {since} au {until} : rien à signaler.",
    },
    "empty_db": {
        "en": "The database has no conversations yet: nothing to report (try `relais demo seed`).",
        "fr": "La base ne contient encore aucune conversation : rien à signaler "
        "(essayez `relais demo seed`).",
    },
    "none": {"en": "none", "fr": "aucun"},
    "no_value": {"en": "n/a", "fr": "n/d"},
    # self-service
    "contacts": {"en": "Contacts", "fr": "Contacts"},
    "self_service_success": {
        "en": "Self-service success (confirmed)",
        "fr": "Réussite en libre-service (confirmée)",
    },
    "deflection": {
        "en": "Deflection (confirmed, no re-contact in 7 days)",
        "fr": "Évitement (confirmé, sans nouveau contact sous 7 jours)",
    },
    "recontacted_within_7_days": {
        "en": "Confirmed, then back within 7 days",
        "fr": "Confirmé, puis revenu sous 7 jours",
    },
    "deflection_window_open": {
        "en": "of which still inside their 7 days",
        "fr": "dont encore dans leurs 7 jours",
    },
    "abandoned": {"en": "Abandoned (never deflection)", "fr": "Abandons (jamais un évitement)"},
    "abandoned_after_answer": {"en": "after an answer", "fr": "après une réponse"},
    "abandoned_before_answer": {"en": "before any answer", "fr": "avant toute réponse"},
    "absorbed_by_known_issues": {
        "en": "Answered at once as a known issue",
        "fr": "Répondus d'emblée comme problème connu",
    },
    "handed_off": {"en": "Handed off to an agent", "fr": "Transmis à un agent"},
    "tried_self_service_first": {
        "en": "85/85: tried self-service first",
        "fr": "85/85 : ont d'abord essayé le libre-service",
    },
    "succeeded_when_tried": {
        "en": "85/85: of those, succeeded",
        "fr": "85/85 : parmi eux, réussite",
    },
    "answered_per_article": {
        "en": "Questions answered per article",
        "fr": "Questions résolues par article",
    },
    # service
    "tickets": {"en": "Tickets", "fr": "Tickets"},
    "first_contact_resolution": {
        "en": "First-contact resolution (all contacts)",
        "fr": "Résolution au premier contact (tous contacts)",
    },
    "first_contact_resolution_by_agents": {
        "en": "First-contact resolution (agents)",
        "fr": "Résolution au premier contact (agents)",
    },
    "time_to_first_response": {
        "en": "Time to first human response",
        "fr": "Délai de première réponse humaine",
    },
    "time_to_resolve": {"en": "Time to resolve", "fr": "Délai de résolution"},
    "business_time": {
        "en": "business time for {priorities}",
        "fr": "temps ouvré pour {priorities}",
    },
    "median_p90": {
        "en": "median {median}, p90 {p90} (n={n})",
        "fr": "médiane {median}, p90 {p90} (n={n})",
    },
    "sla_breach": {"en": "SLA breach rate", "fr": "Taux de dépassement des SLA"},
    "sla_by_priority": {"en": "SLA breaches by priority", "fr": "Dépassements de SLA par priorité"},
    "backlog": {"en": "Backlog (open at the end)", "fr": "Stock (ouverts à la fin)"},
    "backlog_age": {"en": "age", "fr": "âge"},
    "reopen_rate": {"en": "Reopen rate", "fr": "Taux de réouverture"},
    "repeat_incidents": {
        "en": "Repeat incidents (same requester, similar problem, 30 days)",
        "fr": "Incidents répétés (même demandeur, problème similaire, 30 jours)",
    },
    "handed_back": {"en": "Handed back to the bot", "fr": "Rendus au bot"},
    # KCS
    "leading": {"en": "Leading (activities)", "fr": "Avancés (activités)"},
    "lagging": {"en": "Lagging (results)", "fr": "Retardés (résultats)"},
    "link_rate": {"en": "Link rate", "fr": "Taux de liaison"},
    "reuse": {"en": "Reuse (article existed)", "fr": "Réutilisation (article existant)"},
    "create": {"en": "Create (new article)", "fr": "Création (nouvel article)"},
    "known": {"en": "Known problems", "fr": "Problèmes connus"},
    "new": {"en": "New problems", "fr": "Nouveaux problèmes"},
    "closed_unlinked": {
        "en": "Resolved without an article",
        "fr": "Résolus sans article",
    },
    "top_reused": {"en": "Most reused articles", "fr": "Articles les plus réutilisés"},
    "most_rejected": {"en": "Most rejected articles", "fr": "Articles les plus rejetés"},
    "content_standard": {
        "en": "Content standard score",
        "fr": "Score de la norme de contenu",
    },
    "participation": {
        "en": "Participation (linked, created or flagged)",
        "fr": "Participation (lié, créé ou signalé)",
    },
    "participation_detail": {
        "en": "linked {linked}, created {created}, flagged {flagged}",
        "fr": "liés {linked}, créés {created}, signalés {flagged}",
    },
    "flags_resolved": {"en": "Flags resolved", "fr": "Signalements traités"},
    # voice of the customer
    "csat": {"en": "CSAT (4-5 of 1-5)", "fr": "CSAT (4-5 sur 1-5)"},
    "response_rate": {"en": "Survey response rate", "fr": "Taux de réponse à l'enquête"},
    "distribution": {"en": "Ratings", "fr": "Notes"},
    "comments": {"en": "Comments", "fr": "Commentaires"},
    "met_sla_rated_low": {
        "en": "Met every SLA target, rated 2 or less",
        "fr": "Tous les SLA tenus, noté 2 ou moins",
    },
    "breached_rated_high": {
        "en": "Breached an SLA, rated 4 or more",
        "fr": "SLA dépassé, noté 4 ou plus",
    },
    "thread": {"en": "thread", "fr": "fil"},
    # charts
    "chart.contacts": {"en": "Contacts", "fr": "Contacts"},
    "chart.self_service": {"en": "Self-service success", "fr": "Réussite en libre-service"},
    "chart.mttr": {"en": "Time to resolve, median (h)", "fr": "Délai de résolution, médiane (h)"},
    "chart.csat": {"en": "CSAT", "fr": "CSAT"},
    "chart.trends": {"en": "Trends by {by}", "fr": "Tendances par {by}"},
    "chart.sla": {"en": "SLA breach rate by priority", "fr": "Dépassement des SLA par priorité"},
    "chart.csat_distribution": {"en": "CSAT ratings", "fr": "Notes CSAT"},
    "chart.radar": {
        "en": "Leading and lagging indicators",
        "fr": "Indicateurs avancés et retardés",
    },
    "chart.no_data": {"en": "no data", "fr": "pas de données"},
    "by.day": {"en": "day", "fr": "jour"},
    "by.week": {"en": "week", "fr": "semaine"},
    "by.month": {"en": "month", "fr": "mois"},
    "radar.tried": {"en": "Self-service tried", "fr": "Libre-service essayé"},
    "radar.link_rate": {"en": "Link rate", "fr": "Taux de liaison"},
    "radar.reuse": {"en": "Reuse", "fr": "Réutilisation"},
    "radar.flags": {"en": "Flags resolved", "fr": "Signalements traités"},
    "radar.participation": {"en": "Participation", "fr": "Participation"},
    "radar.self_service": {"en": "Self-service success", "fr": "Réussite libre-service"},
    "radar.fcr": {"en": "First-contact resolution", "fr": "Résolution 1er contact"},
    "radar.sla_met": {"en": "SLA met", "fr": "SLA tenus"},
    "radar.csat": {"en": "CSAT", "fr": "CSAT"},
    # digest
    "digest.title": {"en": "Support this week", "fr": "Le support cette semaine"},
    "digest.change": {
        "en": "{now} ({change} vs last week)",
        "fr": "{now} ({change} vs semaine passée)",
    },
    "digest.gaps": {"en": "Top knowledge gaps", "fr": "Principaux manques de connaissance"},
    "digest.no_gaps": {"en": "No knowledge gaps this week.", "fr": "Aucun manque cette semaine."},
    "digest.watermelon": {"en": "Watermelon tickets", "fr": "Tickets pastèque"},
    "digest.no_watermelon": {
        "en": "No watermelon tickets: ratings and timers agree.",
        "fr": "Aucun ticket pastèque : notes et chronos concordent.",
    },
    "digest.chart": {"en": "Weekly trends", "fr": "Tendances hebdomadaires"},
    "home.lead": {"en": "Support this week", "fr": "Le support cette semaine"},
}


def label(key: str, lang: str = "en", **values: object) -> str:
    """The label in `lang` (English when there is no translation), with `values` filled in."""
    from bot.i18n import t  # the catalogue registers this section when it loads

    return t(f"report.{key}", lang, **values)


__all__ = ["LABELS", "LANGUAGES", "label"]
