#!/usr/bin/env python3
"""Generate the incident and service-request batches of the Alpes Hébergement example.

How to rerun (from the project root, any Python 3.10+, standard library only)::

    python examples/tools/generate_records.py            # rewrite the GLPI export
    python examples/tools/generate_records.py --figures  # also print monthly figures per SLA

It writes ``examples/alpes-hebergement/exports/glpi-tickets.csv``, the company's GLPI CSV
export of its tickets from 1 May 2026 to 20 November 2026 (the day of the last export).
``itsmkit import glpi`` turns it into ``records/<yyyy-mm>/incidents.yaml`` and
``service-requests.yaml`` (see ``scripts/quickstart.sh``). The output is deterministic:
the random generator is seeded, so a rerun gives a byte-identical export.

Everything else in the example is written by hand and refers to some of these records:
the scripted incidents below (major incidents, SLA breaches, recurring problems) keep the
ids printed by ``--figures``, which the service reports, problems and actions quote. If
you change the seed, the volumes or the scripted incidents, rerun with ``--figures`` and
update the hand-written files (then run ``itsmkit validate examples/alpes-hebergement``).

Timestamps are local Paris time with their offset (+02:00 in summer, +01:00 after the
last Sunday of October). Incidents of priority P3 and P4 are opened during service hours;
only P1 and P2 (monitoring alerts, on-call) may be opened outside them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20261122
START = dt.date(2026, 5, 1)
END = dt.date(2026, 11, 20)  # last day with new tickets (the monthly export ran that evening)
NOW = dt.datetime(
    2026, 11, 20, 17, 30
)  # export time: nothing is resolved or closed after it (local)
ROOT = Path(__file__).resolve().parent.parent / "alpes-hebergement"

# French public holidays in the period (few tickets, no P3/P4 opened).
HOLIDAYS = {
    dt.date(2026, 5, 1),
    dt.date(2026, 5, 8),
    dt.date(2026, 5, 14),
    dt.date(2026, 5, 25),
    dt.date(2026, 7, 14),
    dt.date(2026, 8, 15),
    dt.date(2026, 11, 1),
    dt.date(2026, 11, 11),
}

MIN = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


# --- SLA targets (copied from agreements/slas/*.yaml) -------------------------------------
@dataclass(frozen=True)
class SlaTerms:
    """The targets of one SLA, copied from its YAML file."""

    sla: str
    customer: str
    services: tuple[str, ...]
    availability: float
    response: dict[str, dt.timedelta]
    resolution: dict[str, dt.timedelta]
    days: tuple[int, ...]  # weekday numbers of service hours (0 = Monday)
    start_hour: int
    end_hour: int
    share: float  # share of the ticket volume


def _t(**kw: float) -> dt.timedelta:
    return dt.timedelta(**kw)


TERMS = (
    SlaTerms(
        "SLA-VERCORS-2026",
        "CUST-VERCORS",
        ("SVC-MAIL", "SVC-SAUV", "SVC-VPS"),
        99.7,
        {"P1": _t(minutes=30), "P2": _t(hours=1), "P3": _t(hours=4), "P4": _t(days=1)},
        {"P1": _t(hours=4), "P2": _t(hours=8), "P3": _t(days=3), "P4": _t(days=10)},
        (0, 1, 2, 3, 4),
        8,
        18,
        0.36,
    ),
    SlaTerms(
        "SLA-GRESIVAUDAN-2026",
        "CUST-GRESIVAUDAN",
        ("SVC-VPS", "SVC-SAUV"),
        99.8,
        {"P1": _t(minutes=15), "P2": _t(minutes=30), "P3": _t(hours=2), "P4": _t(days=1)},
        {"P1": _t(hours=2), "P2": _t(hours=6), "P3": _t(days=2), "P4": _t(days=5)},
        (0, 1, 2, 3, 4, 5),
        7,
        20,
        0.34,
    ),
    SlaTerms(
        "SLA-CIMES-2026",
        "CUST-CIMES",
        ("SVC-WEB", "SVC-MAIL"),
        99.9,
        {"P1": _t(minutes=15), "P2": _t(minutes=30), "P3": _t(hours=4), "P4": _t(days=1)},
        {"P1": _t(hours=2), "P2": _t(hours=4), "P3": _t(days=2), "P4": _t(days=5)},
        (0, 1, 2, 3, 4, 5),
        8,
        20,
        0.30,
    ),
)
BY_CUSTOMER = {t.customer: t for t in TERMS}

# --- Texts ------------------------------------------------------------------------------------
# (summary, resolution, configuration items, security) per service; customer-specific CIs
# are added for the virtual servers.
INCIDENT_TEXTS: dict[str, list[tuple[str, str, tuple[str, ...], bool]]] = {
    "SVC-VPS": [
        (
            "Serveur virtuel lent, processeur saturé",
            "Processus d'indexation relancé hors des heures de bureau ; charge revenue à la "
            "normale.",
            (),
            False,
        ),
        (
            "Disque système du serveur presque plein",
            "Journaux applicatifs purgés et rotation configurée ; 35 % d'espace libéré.",
            (),
            False,
        ),
        (
            "Connexion bureau à distance refusée pour un utilisateur",
            "Compte déverrouillé après trois erreurs de mot de passe ; utilisateur informé.",
            (),
            True,
        ),
        (
            "Service applicatif arrêté après le redémarrage mensuel",
            "Service redémarré et passé en démarrage automatique différé.",
            (),
            False,
        ),
        (
            "Lecteur réseau partagé inaccessible depuis un poste",
            "Mappage du lecteur corrigé par stratégie de groupe.",
            (),
            False,
        ),
        (
            "Alerte de supervision : mémoire du serveur au-delà de 90 %",
            "Fuite mémoire du service d'impression identifiée ; service redémarré, correctif "
            "éditeur appliqué.",
            (),
            False,
        ),
        (
            "Certificat du serveur web interne expiré",
            "Certificat renouvelé et date d'expiration ajoutée à la supervision.",
            (),
            True,
        ),
        (
            "Impression impossible depuis l'application métier",
            "Pilote d'imprimante réinstallé sur le serveur.",
            (),
            False,
        ),
        (
            "Heure du serveur décalée de quatre minutes",
            "Synchronisation NTP rétablie sur le contrôleur de domaine.",
            (),
            False,
        ),
        (
            "Temps de réponse de l'application métier dégradé",
            "Requête bloquante de la base arrêtée ; statistiques de la base recalculées.",
            (),
            False,
        ),
        (
            "Tentatives de connexion répétées depuis une adresse étrangère",
            "Adresse bloquée sur le pare-feu ; aucun accès réussi constaté.",
            ("CI-FW-01",),
            True,
        ),
    ],
    "SVC-WEB": [
        (
            "Page produit en erreur 500 sur la boutique",
            "Module de déclinaisons désactivé puis corrigé en préproduction.",
            ("CI-SHOP-CIMES",),
            False,
        ),
        (
            "Lenteur du back-office de la boutique",
            "Cache Redis vidé et index de la base reconstruits.",
            ("CI-REDIS", "CI-DB-WEB"),
            False,
        ),
        (
            "Images produits non affichées",
            "Purge du réseau de diffusion de contenu effectuée.",
            ("CI-SHOP-CIMES",),
            False,
        ),
        (
            "Courriels de confirmation de commande non envoyés",
            "Paramètres SMTP de la boutique corrigés après changement de mot de passe.",
            ("CI-SHOP-CIMES",),
            False,
        ),
        (
            "Alerte de supervision : temps de réponse de la page d'accueil supérieur à 3 s",
            "Frontal web-02 sorti du pool puis redémarré ; temps de réponse revenu à 0,9 s.",
            ("CI-WEB-02", "CI-LB-01"),
            False,
        ),
        (
            "Erreur de certificat sur le sous-domaine de préproduction",
            "Certificat Let's Encrypt renouvelé manuellement, tâche de renouvellement corrigée.",
            ("CI-LB-01",),
            False,
        ),
        (
            "Recherche de la boutique sans résultat",
            "Index de recherche reconstruit.",
            ("CI-SHOP-CIMES",),
            False,
        ),
        (
            "Robot malveillant saturant le formulaire de connexion",
            "Règle de limitation ajoutée au pare-feu applicatif.",
            ("CI-LB-01",),
            True,
        ),
        (
            "Export comptable des commandes incomplet",
            "Tâche planifiée relancée après correction du fuseau horaire.",
            ("CI-SHOP-CIMES",),
            False,
        ),
    ],
    "SVC-MAIL": [
        (
            "Messages bloqués dans la file d'attente sortante",
            "File débloquée après redémarrage du relais ; messages distribués.",
            ("CI-ANTISPAM",),
            False,
        ),
        (
            "Synchronisation de l'agenda impossible sur un téléphone",
            "Profil de synchronisation recréé sur le téléphone.",
            ("CI-MX-01",),
            False,
        ),
        (
            "Courriel légitime classé comme indésirable",
            "Expéditeur ajouté à la liste d'autorisation de l'organisation.",
            ("CI-ANTISPAM",),
            False,
        ),
        (
            "Boîte aux lettres pleine, réception refusée",
            "Archivage des messages anciens et quota relevé dans les limites du SLA.",
            ("CI-MX-02",),
            False,
        ),
        (
            "Webmail inaccessible pour un utilisateur",
            "Cache du navigateur vidé et session réinitialisée.",
            ("CI-MX-01",),
            False,
        ),
        (
            "Message d'hameçonnage reçu par plusieurs utilisateurs",
            "Message supprimé des boîtes, règle de filtrage ajoutée, utilisateurs sensibilisés.",
            ("CI-ANTISPAM",),
            True,
        ),
        (
            "Second facteur d'authentification perdu",
            "Identité vérifiée par rappel, nouveau facteur enrôlé.",
            ("CI-MX-01",),
            True,
        ),
        (
            "Pièce jointe volumineuse rejetée",
            "Utilisateur orienté vers le partage de fichiers ; limite rappelée.",
            ("CI-MX-02",),
            False,
        ),
    ],
    "SVC-SAUV": [
        (
            "Sauvegarde nocturne d'un serveur en échec",
            "Sauvegarde relancée manuellement avec succès ; cause ponctuelle (verrou de fichier).",
            ("CI-PBS-01",),
            False,
        ),
        (
            "Réplication vers le stockage hors site en retard",
            "Tâche de synchronisation relancée ; retard résorbé dans la journée.",
            ("CI-S3-ALPDC",),
            False,
        ),
        (
            "Vérification d'intégrité d'une sauvegarde en erreur",
            "Bloc corrompu réécrit ; nouvelle vérification réussie.",
            ("CI-PBS-01",),
            False,
        ),
        (
            "Agent de sauvegarde arrêté sur un poste",
            "Agent réinstallé et sauvegarde complète lancée.",
            ("CI-PBS-01",),
            False,
        ),
        (
            "Alerte de supervision : datastore de sauvegarde rempli à 85 %",
            "Élagage exécuté selon la politique de rétention ; 18 % d'espace libéré.",
            ("CI-PBS-01",),
            False,
        ),
    ],
}
# Random P1 incidents stop the service for the whole customer: they get these texts
# (chosen without drawing from the random generator, so the other tickets stay the same).
P1_TEXTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "SVC-VPS": (
        "Serveur virtuel arrêté : application métier inaccessible pour tous les utilisateurs",
        "Machine virtuelle bloquée après la prise d'un instantané ; redémarrée, instantané "
        "orphelin supprimé.",
        ("CI-PVE-CLUSTER",),
    ),
    "SVC-WEB": (
        "Boutique inaccessible : base de données passée en lecture seule",
        "Espace des journaux binaires libéré et réplication relancée ; boutique rétablie.",
        ("CI-DB-WEB", "CI-SHOP-CIMES"),
    ),
    "SVC-MAIL": (
        "Messagerie inaccessible pour tous les utilisateurs",
        "Service de boîtes aux lettres redémarré après saturation de la mémoire ; messages en "
        "attente distribués.",
        ("CI-MX-01", "CI-MX-02"),
    ),
    "SVC-SAUV": (
        "Serveur de sauvegarde inaccessible, sauvegardes de la nuit non réalisées",
        "Serveur pbs-01 redémarré après un blocage du noyau ; sauvegardes de la nuit relancées "
        "avec succès.",
        ("CI-PBS-01",),
    ),
}
CUSTOMER_VMS = {
    "CUST-VERCORS": ("CI-VM-VERCORS-ACTES",),
    "CUST-GRESIVAUDAN": (
        "CI-VM-GRES-SGL",
        "CI-VM-GRES-DB",
        "CI-VM-GRES-HPRIM",
        "CI-VM-GRES-AD",
        "CI-VM-GRES-FS",
        "CI-VM-GRES-RDS",
    ),
    "CUST-CIMES": (),
}

REQUEST_TEXTS: dict[str, list[tuple[str, str, str]]] = {
    "SVC-MAIL": [
        (
            "access",
            "Création d'une boîte aux lettres pour un nouveau collaborateur",
            "Boîte créée, second facteur enrôlé, identifiants remis en main propre.",
        ),
        (
            "access",
            "Désactivation du compte d'un collaborateur parti",
            "Compte désactivé, messages transférés au responsable pendant 3 mois.",
        ),
        ("standard-change", "Ajout d'un alias de messagerie", "Alias créé et testé."),
        (
            "assistance",
            "Aide à la configuration de la messagerie sur un smartphone",
            "Configuration réalisée par téléphone avec l'utilisateur.",
        ),
        (
            "standard-change",
            "Création d'une liste de diffusion",
            "Liste créée avec ses membres et son modérateur.",
        ),
        (
            "information",
            "Question sur la taille maximale des pièces jointes",
            "Limite de 25 Mo rappelée, partage de fichiers proposé.",
        ),
        (
            "supply",
            "Fourniture de deux clés de sécurité matérielles",
            "Clés commandées, enrôlées et remises.",
        ),
        (
            "small-work",
            "Restauration d'un dossier de messages supprimé",
            "Dossier restauré depuis la sauvegarde de la veille.",
        ),
    ],
    "SVC-VPS": [
        (
            "small-work",
            "Ajout de 50 Go d'espace disque sur un serveur",
            "Disque virtuel étendu à chaud, partition agrandie.",
        ),
        (
            "access",
            "Ouverture d'un accès distant pour un prestataire",
            "Compte nominatif créé avec expiration au terme de la mission.",
        ),
        (
            "standard-change",
            "Installation d'une mise à jour de l'application métier",
            "Mise à jour installée après instantané du serveur ; test validé par le client.",
        ),
        ("information", "Demande du relevé des ressources consommées", "Relevé du mois transmis."),
        (
            "assistance",
            "Aide à la connexion au bureau à distance depuis un nouveau poste",
            "Client de connexion installé et testé avec l'utilisateur.",
        ),
        (
            "standard-change",
            "Ajout d'une règle de pare-feu pour un logiciel partenaire",
            "Règle ajoutée après validation du RSSI.",
        ),
        (
            "small-work",
            "Création d'un partage de fichiers pour un service",
            "Partage créé avec les droits demandés.",
        ),
        (
            "access",
            "Réinitialisation du mot de passe d'un compte de service",
            "Mot de passe changé et transmis par canal sécurisé.",
        ),
    ],
    "SVC-SAUV": [
        (
            "small-work",
            "Restauration d'un fichier supprimé par erreur",
            "Fichier restauré dans sa version de la veille.",
        ),
        (
            "information",
            "Demande de la preuve des sauvegardes du trimestre",
            "Rapport de sauvegarde du trimestre transmis.",
        ),
        (
            "standard-change",
            "Ajout d'un poste au périmètre de sauvegarde",
            "Agent installé, première sauvegarde complète réussie.",
        ),
        (
            "small-work",
            "Restauration d'une base de test à une date donnée",
            "Base restaurée sur un serveur de test isolé.",
        ),
    ],
    "SVC-WEB": [
        (
            "standard-change",
            "Mise à jour d'un module de la boutique en préproduction",
            "Module mis à jour en préproduction pour recette par le client.",
        ),
        (
            "standard-change",
            "Renouvellement du certificat d'un domaine secondaire",
            "Certificat émis et installé.",
        ),
        (
            "small-work",
            "Mise en place d'une redirection pour une page supprimée",
            "Redirection 301 ajoutée et testée.",
        ),
        (
            "access",
            "Création d'un accès FTP sécurisé pour l'agence de communication",
            "Accès SFTP créé, limité au dossier des médias.",
        ),
        (
            "information",
            "Question sur les statistiques de fréquentation",
            "Rapport de trafic du mois transmis.",
        ),
        (
            "small-work",
            "Copie de la production vers la préproduction",
            "Copie réalisée, données personnelles anonymisées.",
        ),
        (
            "assistance",
            "Aide à la configuration d'un transporteur dans le back-office",
            "Paramétrage fait avec la responsable e-commerce.",
        ),
    ],
}

# Who works at each escalation level: the service desk, then engineers per service, then
# the support and operations manager.
LEVEL1: tuple[str, ...] = ("P-JMERCIER", "P-KBENALI")
LEVEL2: dict[str, tuple[str, ...]] = {
    "SVC-VPS": ("P-TBERTRAND", "P-AGARNIER"),
    "SVC-WEB": ("P-LCHEVALIER",),
    "SVC-MAIL": ("P-NROUX",),
    "SVC-SAUV": ("P-TBERTRAND",),
}
LEVEL3 = "P-CMOREL"
HUGO_START = dt.date(2026, 9, 1)  # the work-study technician joins the service desk


# --- Helpers ----------------------------------------------------------------------------------
def in_hours(terms: SlaTerms, moment: dt.datetime) -> bool:
    """Whether ``moment`` falls within the SLA's service hours."""
    return (
        moment.weekday() in terms.days
        and moment.date() not in HOLIDAYS
        and terms.start_hour <= moment.hour < terms.end_hour
    )


def snap_back(terms: SlaTerms, moment: dt.datetime, floor: dt.datetime) -> dt.datetime:
    """Move ``moment`` back to the last service-hours minute, but not before ``floor``."""
    probe = moment
    while not in_hours(terms, probe) and probe > floor:
        probe -= 15 * MIN
    return probe if probe > floor else moment


@dataclass
class Ticket:
    """An incident or a service request being generated."""

    kind: str
    opened: dt.datetime
    customer: str
    service: str
    priority: str
    summary: str
    resolution: str
    channel: str
    ack: dt.datetime
    resolved: dt.datetime | None
    level: int
    assignee: str
    state: str = "degraded"
    major: bool = False
    security: bool = False
    problem: str | None = None
    cis: tuple[str, ...] = ()
    request_type: str | None = None
    description: str | None = None
    key: str | None = None  # name of a scripted ticket
    closed: dt.datetime | None = None
    status: str = "closed"
    ident: str = ""
    extra: dict[str, str] = field(default_factory=dict)


# --- Scripted incidents quoted by hand-written records ---------------------------------------
def scripted() -> list[Ticket]:
    """The incidents that hand-written records quote (breaches, recurring problems)."""
    d = dt.datetime
    return [
        # Recurring backup failures at the notaries' office (problem PRB-2026-002).
        *[
            Ticket(
                "incident",
                d(2026, m, day, 8, 10 + i),
                "CUST-VERCORS",
                "SVC-SAUV",
                "P3",
                "Sauvegarde nocturne du serveur d'actes en échec (verrou d'instantané)",
                "Sauvegarde relancée manuellement avec succès dans la matinée.",
                "supervision",
                d(2026, m, day, 8, 25 + i),
                d(2026, m, day, 11, 40),
                2,
                "P-TBERTRAND",
                state="nominal",
                problem="PRB-2026-002",
                cis=("CI-PBS-01", "CI-VM-VERCORS-ACTES"),
                key=f"backup-{m:02d}-{day:02d}",
            )
            for i, (m, day) in enumerate(((5, 12), (5, 26), (6, 9), (6, 23)))
        ],
        # Slow shop search (problem PRB-2026-001).
        *[
            Ticket(
                "incident",
                d(2026, 5, day, 10, 5),
                "CUST-CIMES",
                "SVC-WEB",
                "P3",
                "Recherche de la boutique très lente aux heures de pointe",
                "Index de recherche reconstruit ; solution de contournement en attendant la "
                "correction.",
                "portail",
                d(2026, 5, day, 10, 40),
                d(2026, 5, day, 15, 30),
                2,
                "P-LCHEVALIER",
                problem="PRB-2026-001",
                cis=("CI-SHOP-CIMES", "CI-DB-WEB"),
                key=f"search-05-{day:02d}",
            )
            for day in (6, 19, 28)
        ],
        # June: a P2 acknowledged late at the laboratory (service desk short-staffed).
        Ticket(
            "incident",
            d(2026, 6, 18, 9, 20),
            "CUST-GRESIVAUDAN",
            "SVC-VPS",
            "P2",
            "Échanges HPRIM bloqués : résultats non transmis aux prescripteurs",
            "Service d'échange redémarré et file de messages rejouée ; aucun résultat perdu.",
            "téléphone",
            d(2026, 6, 18, 10, 32),
            d(2026, 6, 18, 13, 5),
            2,
            "P-TBERTRAND",
            cis=("CI-VM-GRES-HPRIM",),
            key="hprim-late-ack",
            description=(
                "Appel reçu pendant la formation de l'équipe du centre de services ; "
                "prise en compte tardive."
            ),
        ),
        # Major incident during the summer sales (problem PRB-2026-004, SLA breach in July).
        Ticket(
            "incident",
            d(2026, 7, 8, 10, 42),
            "CUST-CIMES",
            "SVC-WEB",
            "P1",
            "Boutique inaccessible (erreurs 502) pendant les soldes d'été",
            "Nombre de processus PHP-FPM relevé, troisième frontal ajouté en urgence "
            "(CHG-2026-013) ; boutique rétablie.",
            "supervision",
            d(2026, 7, 8, 10, 49),
            d(2026, 7, 8, 13, 54),
            3,
            "P-CMOREL",
            state="unavailable",
            major=True,
            problem="PRB-2026-004",
            cis=("CI-LB-01", "CI-WEB-01", "CI-WEB-02", "CI-SHOP-CIMES"),
            key="soldes-major",
        ),
        # HPRIM service stops after monthly Windows updates (problem PRB-2026-003).
        *[
            Ticket(
                "incident",
                d(2026, 8, day, 7, 35),
                "CUST-GRESIVAUDAN",
                "SVC-VPS",
                "P2",
                "Service d'échange HPRIM arrêté après les mises à jour mensuelles",
                "Service redémarré manuellement ; dépendance de démarrage à corriger.",
                "téléphone",
                d(2026, 8, day, 7, 50),
                d(2026, 8, day, 8, 40),
                2,
                "P-TBERTRAND",
                problem="PRB-2026-003",
                cis=("CI-VM-GRES-HPRIM",),
                key=f"hprim-08-{day:02d}",
            )
            for day in (13, 20)
        ],
        # September: compromised mailbox, then the relay is blacklisted (problem PRB-2026-005).
        Ticket(
            "incident",
            d(2026, 9, 14, 22, 30),
            "CUST-CIMES",
            "SVC-MAIL",
            "P2",
            "Compte de messagerie compromis envoyant des messages indésirables",
            "Compte bloqué, mot de passe changé, second facteur réactivé ; envoi de masse stoppé.",
            "supervision",
            d(2026, 9, 14, 22, 41),
            d(2026, 9, 14, 23, 50),
            2,
            "P-NROUX",
            security=True,
            problem="PRB-2026-005",
            cis=("CI-MX-02", "CI-ANTISPAM"),
            key="mail-compromised",
        ),
        Ticket(
            "incident",
            d(2026, 9, 15, 9, 5),
            "CUST-VERCORS",
            "SVC-MAIL",
            "P2",
            "Messages sortants rejetés : relais inscrit sur une liste de blocage",
            "Demandes de retrait traitées par les listes de blocage ; envoi rétabli via un "
            "second relais.",
            "téléphone",
            d(2026, 9, 15, 9, 20),
            d(2026, 9, 15, 20, 10),
            3,
            "P-NROUX",
            security=True,
            problem="PRB-2026-005",
            cis=("CI-ANTISPAM",),
            key="mail-blacklist",
        ),
        # October: two disks fail on hv-02, the laboratory's LIS stops (problem PRB-2026-006).
        Ticket(
            "incident",
            d(2026, 10, 13, 7, 50),
            "CUST-GRESIVAUDAN",
            "SVC-VPS",
            "P1",
            "SGL inaccessible : deux disques en panne sur l'hyperviseur hv-02",
            "Machines virtuelles redémarrées sur hv-01 après remplacement des disques ; SGL "
            "rétabli.",
            "téléphone",
            d(2026, 10, 13, 7, 58),
            d(2026, 10, 13, 10, 35),
            3,
            "P-CMOREL",
            state="unavailable",
            major=True,
            problem="PRB-2026-006",
            cis=("CI-HV-02", "CI-CEPH", "CI-VM-GRES-SGL"),
            key="hv02-major",
            description=(
                "Pièces de rechange absentes du stock du fournisseur : livrées à 10 h 05 "
                "au lieu de 9 h 55 au plus tard (demande au fournisseur à 7 h 55)."
            ),
        ),
        Ticket(
            "incident",
            d(2026, 10, 27, 14, 10),
            "CUST-VERCORS",
            "SVC-VPS",
            "P3",
            "Alerte SMART sur un disque de l'hyperviseur hv-02",
            "Disque remplacé à titre préventif par le fournisseur avant toute panne.",
            "supervision",
            d(2026, 10, 27, 14, 25),
            d(2026, 10, 28, 9, 40),
            2,
            "P-TBERTRAND",
            state="nominal",
            problem="PRB-2026-006",
            cis=("CI-HV-02",),
            key="hv02-smart",
        ),
    ]


# --- Random tickets -------------------------------------------------------------------------
def pick_time(rng: random.Random, day: dt.date, terms: SlaTerms) -> dt.datetime:
    """A time within the SLA's service hours, busiest in the morning."""
    # Business-hours profile: busy mornings, a lunch dip, a smaller afternoon peak.
    hours = list(range(terms.start_hour, terms.end_hour))
    weights = [3 if 9 <= h <= 11 else 1 if 12 <= h <= 13 else 2 if h <= 17 else 0.6 for h in hours]
    hour = rng.choices(hours, weights)[0]
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60)))


def off_hours_time(rng: random.Random, day: dt.date) -> dt.datetime:
    """A night or evening time, for monitoring alerts handled by the on-call engineer."""
    hour = rng.choice([0, 1, 2, 3, 5, 6, 19, 20, 21, 22, 23])
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60)))


def assignee_for(rng: random.Random, level: int, service: str, day: dt.date) -> str:
    """Who handles a ticket at an escalation level."""
    if level == 1:
        pool = LEVEL1 + (("P-HPERRIN",) if day >= HUGO_START else ())
        return rng.choice(pool)
    if level == 2:
        return rng.choice(LEVEL2[service])
    return LEVEL3


def random_ticket(
    rng: random.Random, kind: str, day: dt.date, p1_used: set[tuple[str, str]]
) -> Ticket | None:
    """One random ticket of ``kind`` opened on ``day``, or None if none fits that day."""
    terms = rng.choices(TERMS, [t.share for t in TERMS])[0]
    service = rng.choice(terms.services)
    if kind == "incident":
        priority = rng.choices(["P1", "P2", "P3", "P4"], [2, 14, 58, 26])[0]
        month_key = (terms.customer, day.strftime("%Y-%m"))
        if priority == "P1" and (month_key in p1_used or rng.random() < 0.5):
            priority = "P2"
        if priority == "P1":
            p1_used.add(month_key)
    else:
        priority = rng.choices(["P2", "P3", "P4"], [6, 60, 34])[0]
    working = day.weekday() in terms.days and day not in HOLIDAYS
    if priority in ("P3", "P4") or kind == "service-request":
        if not working:
            return None
        opened = pick_time(rng, day, terms)
    else:
        opened = (
            pick_time(rng, day, terms)
            if working and rng.random() < 0.8
            else off_hours_time(rng, day)
        )
        if kind == "service-request" and not in_hours(terms, opened):
            return None
    response, resolution = terms.response[priority], terms.resolution[priority]
    # Acknowledge well within the target, and before the end of the working day for P3/P4.
    low = 2 * MIN if priority in ("P1", "P2") else 5 * MIN
    high = response * 0.7
    if priority in ("P3", "P4"):
        end_of_day = dt.datetime.combine(opened.date(), dt.time(terms.end_hour, 0)) - opened
        high = max(low + 5 * MIN, min(high, end_of_day))
    ack = opened + low + (high - low) * rng.random()
    if kind == "incident" and priority == "P1":
        duration = dt.timedelta(
            minutes=rng.randint(12, 30 if terms.customer == "CUST-CIMES" else 55)
        )
    else:
        floor = {"P1": 20 * MIN, "P2": 30 * MIN, "P3": 40 * MIN, "P4": 2 * HOUR}[priority]
        duration = floor + (resolution * 0.85 - floor) * rng.random() ** 1.6
    resolved = opened + duration
    if resolved <= ack:
        resolved = ack + 10 * MIN
    if priority in ("P3", "P4") or kind == "service-request":
        resolved = snap_back(terms, resolved, ack + 5 * MIN)
    if kind == "incident":
        summary, resolution_text, cis, security = rng.choice(INCIDENT_TEXTS[service])
        if service == "SVC-VPS" and CUSTOMER_VMS[terms.customer]:
            cis = (*cis, rng.choice(CUSTOMER_VMS[terms.customer]))
        if priority == "P1":
            summary, resolution_text, p1_cis = P1_TEXTS[service]
            vms = CUSTOMER_VMS[terms.customer] if service == "SVC-VPS" else ()
            cis, security = p1_cis + vms[:1], False
        level = {"P1": 3, "P2": rng.choice([2, 2, 3])}.get(priority, rng.choice([1, 1, 1, 2]))
        state = {
            "P1": "unavailable",
            "P2": "degraded",
            "P3": rng.choice(["degraded", "nominal"]),
        }.get(priority, "nominal")
        channel = (
            "supervision"
            if (not in_hours(terms, opened) or rng.random() < 0.25)
            else rng.choice(["téléphone", "portail", "courriel"])
        )
        return Ticket(
            "incident",
            opened,
            terms.customer,
            service,
            priority,
            summary,
            resolution_text,
            channel,
            ack,
            resolved,
            level,
            assignee_for(rng, level, service, day),
            state=state,
            major=priority == "P1",
            security=security,
            cis=cis,
        )
    request_type, summary, resolution_text = rng.choice(REQUEST_TEXTS[service])
    level = 1 if request_type in ("information", "assistance", "access") else rng.choice([1, 2])
    channel = rng.choice(["portail", "portail", "courriel", "téléphone"])
    return Ticket(
        "service-request",
        opened,
        terms.customer,
        service,
        priority,
        summary,
        resolution_text,
        channel,
        ack,
        resolved,
        level,
        assignee_for(rng, level, service, day),
        request_type=request_type,
    )


def close(rng: random.Random, t: Ticket) -> None:
    """Closure after the user confirms, and statuses for tickets still open at NOW."""
    if t.resolved is None or t.resolved > NOW:
        t.resolved, t.closed = None, None
        t.status = "in-progress" if t.ack <= NOW else "new"
        return
    t.closed = t.resolved + dt.timedelta(hours=rng.choice([2, 4, 20, 24, 26, 48, 72]))
    if t.closed > NOW:
        t.closed = None
        t.status = "resolved"


# --- Output: a GLPI CSV export ---------------------------------------------------------------
# The company's helpdesk is GLPI (French interface). The tickets leave it as GLPI's CSV
# export of the ticket list and enter the repository through `itsmkit import glpi`, with
# the mapping in examples/alpes-hebergement/imports/glpi.yaml.
EXPORT = ROOT / "exports" / "glpi-tickets.csv"
GLPI_COLUMNS = (
    "ID",
    "Titre",
    "Type",
    "Statut",
    "Priorité",
    "Impact",
    "Entité",
    "Catégorie",
    "Type de demande",
    "Source de la demande",
    "Date d'ouverture",
    "Date de prise en compte",
    "Date de résolution",
    "Date de clôture",
    "Attribué à - Technicien",
    "Niveau d'escalade",
    "Incident majeur",
    "Incident de sécurité",
    "Problème",
    "Éléments associés",
    "Description",
    "Solution",
)
GLPI_STATUS = {
    "new": "Nouveau",
    "in-progress": "En cours (Attribué)",
    "resolved": "Résolu",
    "closed": "Clos",
}
GLPI_PRIORITY = {"P1": "Très haute", "P2": "Haute", "P3": "Moyenne", "P4": "Basse"}
GLPI_IMPACT = {"unavailable": "Très haut", "degraded": "Moyen", "nominal": "Bas"}
GLPI_ENTITY = {
    "CUST-VERCORS": "Alpes Hébergement > Office notarial du Vercors",
    "CUST-GRESIVAUDAN": "Alpes Hébergement > Laboratoire Grésivaudan Analyses",
    "CUST-CIMES": "Alpes Hébergement > Cimes Sports",
}
GLPI_CATEGORY = {
    "SVC-MAIL": "Messagerie",
    "SVC-WEB": "Hébergement web",
    "SVC-VPS": "Serveurs virtuels",
    "SVC-SAUV": "Sauvegarde",
}
GLPI_REQUEST_TYPE = {
    "information": "Information",
    "assistance": "Assistance",
    "access": "Accès",
    "small-work": "Petit travail",
    "standard-change": "Changement standard",
    "supply": "Fourniture",
    "complaint": "Réclamation",
    "other": "Autre",
}
GLPI_SOURCE = {
    "téléphone": "Téléphone",
    "portail": "Helpdesk",
    "courriel": "E-Mail",
    "supervision": "Supervision",
}


def glpi_time(local: dt.datetime | None) -> str:
    """GLPI's export format: local time, YYYY-MM-DD HH:MM."""
    return local.strftime("%Y-%m-%d %H:%M") if local else ""


def glpi_row(number: int, t: Ticket) -> list[str]:
    """One ticket as GLPI's CSV export writes it."""
    incident = t.kind == "incident"
    return [
        str(number),
        t.summary,
        "Incident" if incident else "Demande",
        GLPI_STATUS[t.status],
        GLPI_PRIORITY[t.priority],
        GLPI_IMPACT[t.state] if incident else "",
        GLPI_ENTITY[t.customer],
        GLPI_CATEGORY[t.service],
        "" if incident else GLPI_REQUEST_TYPE[t.request_type or "other"],
        GLPI_SOURCE[t.channel],
        glpi_time(t.opened),
        glpi_time(t.ack),
        glpi_time(t.resolved),
        glpi_time(t.closed),
        t.assignee.removeprefix("P-").lower(),
        str(t.level),
        ("Oui" if t.major else "Non") if incident else "",
        ("Oui" if t.security else "Non") if incident else "",
        t.problem or "",
        "<br>".join(t.cis) if incident else "",
        t.description or "",
        t.resolution if t.resolved else "",
    ]


def write_export(path: Path, tickets: list[Ticket]) -> None:
    """GLPI's CSV export: UTF-8 with a BOM, ';', every field quoted, a trailing ';'."""

    def line(fields: list[str]) -> str:
        return "".join('"' + f.replace('"', '""') + '";' for f in fields) + "\r\n"

    text = line(list(GLPI_COLUMNS)) + "".join(
        line(glpi_row(n, t)) for n, t in enumerate(tickets, start=1)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def generate() -> list[Ticket]:
    """Every ticket, numbered per month in the order they were opened."""
    rng = random.Random(SEED)
    tickets = scripted()
    p1_used = {(t.customer, t.opened.strftime("%Y-%m")) for t in tickets if t.priority == "P1"}
    day = START
    while day <= END:
        weekend = day.weekday() >= 5
        for kind, rate in (
            ("incident", 0.6 if weekend else 2.9),
            ("service-request", 0.35 if weekend else 2.3),
        ):
            # A binomial draw keeps daily counts varied but bounded.
            count = sum(rng.random() < rate / 6 for _ in range(6))
            for _ in range(count):
                ticket = random_ticket(rng, kind, day, p1_used)
                if ticket:
                    tickets.append(ticket)
        day += DAY
    tickets.sort(key=lambda t: (t.opened, t.kind, t.summary))
    counters: dict[tuple[str, str], int] = {}
    for t in tickets:
        close(rng, t)
        month = t.opened.strftime("%Y-%m")
        prefix = "INC" if t.kind == "incident" else "REQ"
        counters[(prefix, month)] = counters.get((prefix, month), 0) + 1
        t.ident = f"{prefix}-{month}-{counters[(prefix, month)]:04d}"
    return tickets


def figures(tickets: list[Ticket]) -> None:
    """Print, per SLA and month, what the service reports quote."""
    for t in tickets:
        if t.key:
            print(f"scripted {t.key:20} {t.ident}")
    months = sorted({t.opened.strftime("%Y-%m") for t in tickets})
    for terms in TERMS:
        for month in months:
            year, mon = map(int, month.split("-"))
            first = dt.datetime(year, mon, 1)
            nxt = dt.datetime(year + mon // 12, mon % 12 + 1, 1)
            minutes = (nxt - first).total_seconds() / 60
            inc = [
                t
                for t in tickets
                if t.kind == "incident"
                and t.customer == terms.customer
                and t.opened.strftime("%Y-%m") == month
            ]
            req = [
                t
                for t in tickets
                if t.kind == "service-request"
                and t.customer == terms.customer
                and t.opened.strftime("%Y-%m") == month
            ]
            down = sum(
                ((t.resolved or NOW) - t.opened).total_seconds() / 60
                for t in inc
                if t.state == "unavailable"
            )
            resp_ok = sum(1 for t in inc if t.ack - t.opened <= terms.response[t.priority])
            res_done = [(t, t.resolved) for t in inc if t.resolved]
            res_ok = sum(1 for t, end in res_done if end - t.opened <= terms.resolution[t.priority])
            req_ok = sum(
                1
                for t in req
                if t.resolved and t.resolved - t.opened <= terms.resolution[t.priority]
            )
            prio = {p: sum(1 for t in inc if t.priority == p) for p in ("P1", "P2", "P3", "P4")}
            breaches = [
                t.ident
                for t in inc
                if t.ack - t.opened > terms.response[t.priority]
                or (t.resolved and t.resolved - t.opened > terms.resolution[t.priority])
            ]
            print(
                f"{terms.sla} {month}: incidents {len(inc)} {prio} resp {resp_ok}/{len(inc)} "
                f"resol {res_ok}/{len(res_done)} avail {100 * (1 - down / minutes):.2f}% "
                f"({down:.0f} min) "
                f"requests {len(req)} in-target {req_ok} breaches {breaches}"
            )


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", action="store_true", help="print monthly figures per SLA")
    args = parser.parse_args()
    tickets = generate()
    write_export(EXPORT, tickets)
    print(
        f"{sum(t.kind == 'incident' for t in tickets)} incidents, "
        f"{sum(t.kind == 'service-request' for t in tickets)} service requests written to "
        f"{EXPORT}; import them with "
        "`itsmkit import glpi exports/glpi-tickets.csv -C examples/alpes-hebergement`"
    )
    if args.figures:
        figures(tickets)


if __name__ == "__main__":
    main()
