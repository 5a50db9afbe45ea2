"""Words that name people by their job or role, in English and French (accents folded).

One list for the extent a message names ("the 40 pickers", "nos 12 infirmières") and for the
head count priority is judged on, so the two never disagree about who counts as people.
"""

from __future__ import annotations

_ENGLISH = (
    "people persons users colleagues coworkers co-workers employees staff workers associates "
    "agents reps representatives salespeople sellers advisers advisors consultants auditors "
    "accountants bookkeepers controllers analysts managers supervisors leads developers engineers "
    "designers testers researchers scientists technicians operators drivers pickers packers "
    "cashiers clerks tellers receptionists guards cleaners housekeepers cooks chefs waiters "
    "nurses doctors physicians radiologists pharmacists carers caregivers midwives surgeons "
    "teachers students trainees interns apprentices temps contractors freelancers volunteers "
    "lawyers paralegals recruiters buyers planners members customers clients patients "
    "callers seats heads teammates guests visitors participants attendees delegates officers "
    "handlers postdocs post-docs residents sdrs bdrs dispatchers coordinators lecturers "
    "professors tutors instructors surveyors inspectors mechanics electricians porters stewards "
    "wardens translators editors spectators passengers travellers travelers tenants holders"
)
_FRENCH = (
    "personnes gens utilisateurs utilisatrices collegues employes employees salaries salariees "
    "collaborateurs collaboratrices agents conseillers conseilleres teleconseillers commerciaux "
    "vendeurs vendeuses consultants auditeurs comptables controleurs analystes managers "
    "responsables chefs developpeurs ingenieurs graphistes techniciens operateurs chauffeurs "
    "livreurs caristes magasiniers preparateurs caissiers caissieres hotesses infirmiers "
    "infirmieres medecins soignants aides-soignants aides-soignantes pharmaciens sages-femmes "
    "enseignants formateurs etudiants stagiaires alternants apprentis interimaires saisonniers "
    "prestataires juristes avocats recruteurs acheteurs membres clients patients postes "
    "assistants assistantes pers invites visiteurs participants delegues conducteurs "
    "internes post-docs postdocs gestionnaires profs professeurs commissaires dispatcheurs "
    "regulateurs soudeurs mecaniciens electriciens gardiens surveillants moniteurs animateurs "
    "educateurs benevoles brancardiers secretaires greffiers traducteurs redacteurs spectateurs "
    "passagers voyageurs locataires usagers abonnes"
)
PEOPLE = "|".join(sorted(set(f"{_ENGLISH} {_FRENCH}".split()), key=len, reverse=True))

# The same jobs in the singular ("for any nurse", "aucun agent"), for "any / every / no <job>".
ONE_OF = "|".join(
    sorted(
        {w[:-1] for w in f"{_ENGLISH} {_FRENCH}".split() if w.endswith("s") and len(w) > 4},
        key=len,
        reverse=True,
    )
)

# Head counts said in words, approximate ones included ("une quarantaine", "hundreds"), and the
# number each stands for; one table for the extent read and the priority judged on it.
COUNT_WORDS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "douze": 12, "quinze": 15, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "une dizaine": 10, "une douzaine": 12, "une quinzaine": 15, "une vingtaine": 20,
    "une trentaine": 30, "une quarantaine": 40, "une cinquantaine": 50, "une soixantaine": 60,
    "une centaine": 100, "a dozen": 12, "dozens": 24, "a hundred": 100, "hundreds": 200,
    "thousands": 2000, "des dizaines": 20, "plusieurs dizaines": 20, "des centaines": 200,
    "plusieurs centaines": 200, "des milliers": 2000, "plusieurs milliers": 2000,
}  # fmt: skip
COUNT_WORD = "|".join(sorted(COUNT_WORDS, key=len, reverse=True))
# Only the approximate ones: "a dozen", "des centaines" (the plain numbers need a noun to count).
ABOUT_COUNT = "|".join(
    sorted((w for w in COUNT_WORDS if " " in w or w.endswith("s")), key=len, reverse=True)
)


# Colleagues for whom the thing is not gone: "mes collègues l'ont toujours", "my colleagues
# still have it" (what works, and who is affected is then the requester). Folded text.
STILL_HAVE_IT = (
    r"(?<!n')(?<!ne )(?:l'ont|les ont|le voient|la voient|les voient) (?:toujours|encore|bien)"
    r"(?! pas| plus)|still (?:have it|see it|have access)"
)
