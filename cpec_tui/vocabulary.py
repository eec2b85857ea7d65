"""Controlled vocabularies: the only values a dataset may use for these fields.

They live in code, not in the dataset, so that a typo in the data (``agricultre``) is an
error the loader reports rather than a new category that silently splits search results.
"""

from __future__ import annotations

SECTORS: dict[str, str] = {
    "agriculture": "Agriculture",
    "industry": "Industry",
    "special-economic-zones": "Special economic zones",
    "information-technology": "Information technology",
    "science-technology": "Science and technology",
    "energy": "Energy",
    "transport-infrastructure": "Transport infrastructure",
    "gwadar-maritime": "Gwadar and maritime",
    "mining-minerals": "Mining and minerals",
    "health": "Health",
    "green-development": "Green development",
    "socio-economic-livelihood": "Socio-economic development and livelihood",
    "media": "Media",
}

THEMES: dict[str, str] = {
    "connectivity": "Connectivity",
    "third-party-cooperation": "Third-party cooperation",
    "counter-disinformation": "Countering disinformation",
    "media-think-tanks": "Media and think tanks",
    "culture-people-to-people": "Culture and people-to-people ties",
    "security": "Security",
    "multilateral-coordination": "Multilateral coordination",
    "political-relations": "Political relations",
    "covid-19": "COVID-19",
    "long-term-planning": "Long-term planning",
}

SERIES: dict[str, str] = {
    "jcc": "Joint Cooperation Committee",
    "jwg-icc": "JWG on International Cooperation and Coordination",
    "jwg-it": "JWG on Information Technology Industry",
    "jwg-energy": "JWG on Energy",
    "jwg-transport": "JWG on Transport Infrastructure",
    "jwg-gwadar": "JWG on Gwadar",
    "jwg-industry": "JWG on Industrial Cooperation",
    "jwg-sed": "JWG on Socio-Economic Development",
    "jwg-security": "JWG on Security",
    "jwg-ltp": "JWG on Long-Term Planning",
    "jwg-agri": "JWG on Agriculture",
    "jwg-st": "JWG on Science and Technology",
    "bpc": "Bilateral Political Consultations",
    "strategic-dialogue": "Strategic Dialogue",
    "mfa-briefing": "Foreign ministry press briefing",
    "visit": "Official visit",
    "other": "Other meeting",
}

SERIES_LABELS: dict[str, str] = {
    "jcc": "JCC",
    "jwg-icc": "JWG-ICC",
    "jwg-it": "JWG-IT",
    "jwg-energy": "JWG-Energy",
    "jwg-transport": "JWG-Transport",
    "jwg-gwadar": "JWG-Gwadar",
    "jwg-industry": "JWG-Industry",
    "jwg-sed": "JWG-SED",
    "jwg-security": "JWG-Security",
    "jwg-ltp": "JWG-LTP",
    "jwg-agri": "JWG-Agri",
    "jwg-st": "JWG-S&T",
    "bpc": "BPC",
    "strategic-dialogue": "FM Dialogue",
    "mfa-briefing": "MFA briefing",
    "visit": "Official visit",
    "other": "Other meeting",
}
"""How a series is written before a meeting's number in lists: ``JWG-ICC 4``, ``FM Dialogue 3``.

Kept short (the list gives a label 16 columns) and never the bare slug: a record without a
number shows this alone, so ``MFA briefing`` rather than ``MFA-BRIEFING``.
"""

KINDS: dict[str, str] = {
    "meeting": "Meeting",
    "consultation": "Consultation",
    "press-briefing": "Press briefing",
    "visit": "Visit",
    "ceremony": "Ceremony",
}

MODES: dict[str, str] = {
    "in-person": "In person",
    "virtual": "Virtual",
    "hybrid": "Hybrid",
}

DATE_STATUSES: dict[str, str] = {
    "confirmed": "confirmed by agreeing sources",
    "reported": "reported by a single source",
    "conflicting": "sources disagree",
    "uncertain": "approximate or inferred",
}

SOURCING: dict[str, str] = {
    "strong": "Strong",
    "moderate": "Moderate",
    "weak": "Weak",
}
