"""Generate a synthetic, realistic-looking meetings dataset (and notes file) for benchmarks.

The output is in the project's own format -- ``version = 1``, ``[[sources]]``, ``[[meetings]]``
-- and validates under :class:`cpec_tui.models.Dataset` and
:func:`cpec_tui.models.cross_record_problems`; the optional notes file validates under
:class:`cpec_tui.models.NotesFile`. Output is a pure function of ``(meetings, seed)``.

Usage::

    python -m bench.generate --meetings 10000 --out /tmp/m10k.toml \\
        [--notes 1000 --notes-out /tmp/n1k.toml] [--seed 0]

From Python::

    from bench.generate import generate_dataset, generate_notes
    dataset = generate_dataset(1000, seed=0)
    notes = generate_notes(dataset, 100, seed=0)

How it works: a cheap *plan* pass (one RNG) fixes everything that spans meetings -- series,
dates, sequence numbers, ids, related links and the source registry. A *fill* pass then writes
each meeting's people, venue and prose in chunks of :data:`CHUNK` meetings, each with its own
RNG seeded by ``(seed, chunk index)``, so the CLI can fill and serialise chunks in parallel
processes and still produce byte-identical output however many CPUs there are.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import os
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import tomli_w

from cpec_tui.countries import COUNTRIES
from cpec_tui.vocabulary import SECTORS, SERIES, THEMES

__all__ = ["CHUNK", "generate_dataset", "generate_notes", "main"]

_T = TypeVar("_T")

#: Meetings per fill chunk. Part of the output's definition: changing it changes the data.
CHUNK = 2000

# ---------------------------------------------------------------------------------------------
# Word pools
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Whitespace-separated words; ``_`` stands for a space inside one entry."""
    return [word.replace("_", " ") for word in text.split()]


_DOMAIN_NOUNS = _words(
    """
agriculture connectivity corridor railway highway motorway port terminal berth harbour energy
hydropower solar wind coal transmission grid substation fibre logistics trade investment zone
livelihood poverty alleviation training scholarship health hospital water desalination
irrigation seed livestock fisheries mining minerals copper gold lithium textile garment
pharmaceutical steel cement fertiliser cotton wheat rice mango citrus dairy horticulture
cold-chain warehouse customs clearance tariff quota visa tourism culture heritage education
university laboratory research innovation startup software telecom satellite broadband
e-commerce payments banking finance loan debt refinancing currency swap insurance security
police training counter-terrorism safety personnel project framework agreement memorandum
protocol roadmap timeline milestone feasibility study survey design tender procurement
contract concession tariff land acquisition resettlement compensation environment emissions
climate adaptation flood relief reconstruction housing sanitation vocational apprenticeship
skills workforce employment jobs wages industry manufacturing assembly automobile electronics
appliance chemical petrochemical refinery pipeline gas oil LNG LPG storage dam reservoir canal
barrage tunnel bridge interchange expressway bypass ring-road airport airfield runway aviation
shipping freight container wagon locomotive track gauge signalling upgrade rehabilitation
maintenance operation dispatch capacity load demand supply shortage surplus subsidy budget
allocation disbursement audit transparency governance coordination consultation dialogue
exchange delegation visit summit forum seminar workshop symposium exhibition expo fair media
journalism think-tank disinformation narrative communication outreach awareness youth women
inclusion community village district province region border crossing dry-port checkpoint
trans-shipment transit hinterland market export import value-chain cluster park estate plot
developer incentive exemption regulation licence permit approval clearance commissioning
inauguration groundbreaking handover completion progress backlog delay dispute arbitration
payment receivable circular-debt liquidity revenue dividend equity financing bond sukuk credit
guarantee pilot model scheme programme mechanism platform secretariat committee subgroup
taskforce panel council board authority cooperation partnership friendship Gwadar Thar Karot
Suki-Kinari Havelian Rashakai Dhabeji Allama-Iqbal Sahiwal Port-Qasim Matiari Khunjerab
Karakoram Sost Hub Kohala Azad-Pattan Mohmand Diamer-Bhasha Tarbela Hunza Gilgit-Baltistan
Balochistan Sindh Punjab Khyber-Pakhtunkhwa Xinjiang Kashgar
"""
)

_ADJECTIVES = _words(
    """
sustainable high-quality strategic bilateral digital industrial green comprehensive regional
practical timely joint mutual long-term short-term medium-term inclusive resilient modern smart
integrated cross-border maritime agricultural technical financial economic social cultural
scientific innovative reliable affordable efficient transparent coordinated steady rapid
substantial early smooth effective practical all-weather iron-clad time-tested priority key
major flagship strategic pilot phased concessional commercial preferential special
"""
)

_VERBS = _words(
    """
accelerate expand strengthen upgrade finalise streamline promote deepen facilitate review
operationalise prioritise complete launch implement expedite resolve enhance support deliver
coordinate explore identify secure mobilise diversify modernise rehabilitate integrate align
monitor evaluate sign approve extend broaden consolidate advance
"""
)

_PAST = _words(
    """
completed commissioned installed upgraded delivered approved disbursed trained connected
financed built inaugurated surveyed signed relocated employed exported processed
"""
)

_UNITS = [
    "megawatts",
    "kilometres",
    "jobs",
    "students",
    "tonnes",
    "households",
    "hectares",
    "containers",
    "trainees",
    "villages",
]

_ONSETS = [*_words("b ch d f g h j k kh l m n p q r s sh t v w x y z zh ts gh st tr br dr"), "", ""]
_VOWELS = _words("a e i o u a e i o ai ao ei ou ia ue ua aa")
_CODAS = ["", "", "", "n", "ng", "r", "l", "m", "s", "t", "k"]
_ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "n": "ñ"}


def _pseudo_words(count: int) -> list[str]:
    """A fixed vocabulary of pronounceable non-words (a few with diacritics)."""
    rng = random.Random("cpec-bench-vocabulary")
    known = {word.lower() for word in (*_DOMAIN_NOUNS, *_ADJECTIVES, *_VERBS, *_PAST)}
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
            for _ in range(rng.choice((2, 2, 2, 3, 3, 4)))
        )
        if len(word) < 4 or word in seen or word in known:
            continue
        if rng.random() < 0.05:
            i = rng.randrange(len(word))
            if word[i] in _ACCENTS:
                word = word[:i] + _ACCENTS[word[i]] + word[i + 1 :]
        seen.add(word)
        words.append(word)
    return words


_PSEUDO = _pseudo_words(3000)
_PSEUDO_CAP = [word.capitalize() for word in _PSEUDO]

# ---------------------------------------------------------------------------------------------
# Places, people, organisations, outlets
# ---------------------------------------------------------------------------------------------

_CITIES: dict[str, list[str]] = {
    "PK": [
        "Islamabad",
        "Karachi",
        "Lahore",
        "Gwadar",
        "Peshawar",
        "Quetta",
        "Multan",
        "Faisalabad",
        "Rawalpindi",
        "Gilgit",
        "Sukkur",
        "Hyderabad",
        "Sialkot",
        "Skardu",
        "Turbat",
        "Muzaffarabad",
    ],
    "CN": [
        "Beijing",
        "Shanghai",
        "Ürümqi",
        "Kashgar",
        "Xi'an",
        "Chengdu",
        "Guangzhou",
        "Shenzhen",
        "Chongqing",
        "Kunming",
        "Hangzhou",
        "Wuhan",
        "Nanjing",
        "Tianjin",
        "Qingdao",
        "Xiamen",
        "Lanzhou",
        "Boao",
    ],
    "AF": ["Kabul", "Kandahar"],
    "IR": ["Tehran", "Mashhad", "Chabahar"],
    "AE": ["Dubai", "Abu Dhabi"],
    "SA": ["Riyadh", "Jeddah"],
    "QA": ["Doha"],
    "TR": ["Ankara", "İstanbul"],
    "RU": ["Moscow", "Saint Petersburg", "Sochi"],
    "KZ": ["Astana", "Almaty"],
    "UZ": ["Tashkent", "Samarkand"],
    "KG": ["Bishkek"],
    "TJ": ["Dushanbe"],
    "TM": ["Ashgabat"],
    "AZ": ["Baku"],
    "US": ["New York", "Washington"],
    "GB": ["London"],
    "FR": ["Paris"],
    "DE": ["Berlin", "Frankfurt"],
    "CH": ["Geneva", "Davos"],
    "BE": ["Brussels"],
    "IT": ["Rome"],
    "ES": ["Madrid"],
    "AT": ["Vienna"],
    "NL": ["The Hague"],
    "SE": ["Stockholm"],
    "NO": ["Oslo"],
    "JP": ["Tokyo"],
    "KR": ["Seoul", "Busan"],
    "SG": ["Singapore"],
    "MY": ["Kuala Lumpur"],
    "ID": ["Jakarta", "Nusa Dua"],
    "TH": ["Bangkok"],
    "VN": ["Hanoi", "Da Nang"],
    "KH": ["Phnom Penh"],
    "LK": ["Colombo", "Hambantota"],
    "BD": ["Dhaka"],
    "NP": ["Kathmandu"],
    "MV": ["Malé"],
    "MN": ["Ulaanbaatar"],
    "EG": ["Cairo", "Sharm El-Sheikh"],
    "ET": ["Addis Ababa"],
    "KE": ["Nairobi", "Mombasa"],
    "ZA": ["Johannesburg", "Pretoria"],
    "NG": ["Abuja"],
    "BR": ["Brasília", "São Paulo"],
    "AR": ["Buenos Aires"],
    "MX": ["Mexico City"],
    "CL": ["Santiago"],
    "CO": ["Bogotá"],
    "CA": ["Ottawa"],
    "AU": ["Canberra"],
    "OM": ["Muscat"],
    "KW": ["Kuwait City"],
    "JO": ["Amman"],
    "MA": ["Rabat"],
}
_OTHER_COUNTRIES = [code for code in _CITIES if code not in ("PK", "CN")]
for _code in _CITIES:
    assert _code in COUNTRIES, _code

_PK_GIVEN = _words(
    """
Ahsan Khalid Mansoor Ayesha Fatima Bilal Zafar Asad Hina Saima Nadeem Imran Omar Tariq Sadia
Rabia Farhan Usman Junaid Naveed Shahid Sohail Aamir Faisal Waqar Zubair Nargis Sana Mahnoor Ali
Hassan Hamza Saad Kamran Javed Pervaiz Shazia Uzma Raza Moin Shamshad Zahid Jahanzeb Asim Nasir
Maryam Sherry Haroon Ishaq Murtaza Amna Zainab Saleem Khurram
"""
)
_PK_PREFIX = ["Muhammad", "Syed", "Mian", "Rana", "Malik", "Sardar", "Makhdoom"]
_PK_FAMILY = _words(
    """
Khan Iqbal Ahmed Malik Qureshi Chaudhry Butt Sheikh Abbasi Siddiqui Baloch Hussain Mirza Bhutto
Sharif Jamali Durrani Afridi Gilani Yousuf Zaidi Rizvi Naqvi Hashmi Bukhari Cheema Tarar Awan
Khattak Marri Bugti Memon Soomro Leghari Niazi Aziz Dar Jatoi Rehman Shah Hayat Kundi
Bhatti Mengal Achakzai Jadoon Paracha
"""
)
_CN_FAMILY = _words(
    """
Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo Lü Song Zheng
Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Pan Jiang Wei Nong Ouyang
Sima Qin Kong Bai Yao
"""
)
_CN_SYLLABLES = _words(
    """
wei dong hui jun ming hua jian guo li xiao hong bo yi jing xin qiang ning yan zhi chun lei feng
tao bin hao yu lin ping qing rong sheng tian wen xiang yong zhen kai jie lan mei na qi shan ying
"""
)
_INTL_GIVEN = _words(
    """
José María François Jürgen Søren Zoë Björn Chloé Renée Jean-Pierre Anne-Marie Ángel João Noël
Oğuz Ahmet Mehmet Yerlan Nursultan Dmitri Olga Sergei Anna John Sarah Michael Fatou Kwame Amara
Hiroshi Yuki Min-jun Ji-woo Abdullah Mohammed Khalid Aisha Élodie Łukasz Zoltán Ines
Hans-Jürgen Marie-Claire Rustam Dilnoza Nguyen Somchai Sergio Lucía Ólafur
"""
)
_INTL_FAMILY = _words(
    """
Muñoz Fernández Lefèvre Müller Østergaard Öztürk Brontë García Pérez Gonçalves Al-Rashid Al-Saud
Nazarbayev Ivanov Petrova Smith Johnson O'Brien Diallo Mensah Tanaka Suzuki Kim Park Tran
Schmidt-Weber Dubois Rossi Kowalski Novák Dvořák Y\u0131lmaz Karimov Tokayev Haddad Mahmoud Okafor
Van_der_Berg Lindqvist Núñez Çelik Sørensen Wójcik Ramírez-Ortiz D'Souza
"""
)

_TITLES: dict[str, list[str]] = {
    "PK": [
        "Federal Minister for Planning, Development and Special Initiatives",
        "Minister of State for Foreign Affairs",
        "Secretary, Ministry of Planning, Development and Special Initiatives",
        "Chairman, CPEC Authority",
        "Foreign Secretary",
        "Ambassador of Pakistan to China",
        "Additional Secretary (China), Ministry of Foreign Affairs",
        "Special Assistant to the Prime Minister on CPEC Affairs",
        "Chief Minister of Balochistan",
        "Federal Minister for Maritime Affairs",
        "Chairman, Gwadar Port Authority",
        "Director General (China), Ministry of Foreign Affairs",
        "Federal Minister for Railways",
        "Federal Minister for Energy (Power Division)",
        "Secretary, Board of Investment",
        "Project Director, CPEC Secretariat",
        "Federal Minister for National Food Security and Research",
        "Federal Minister for Information Technology and Telecommunication",
        "Member (Infrastructure), Planning Commission",
    ],
    "CN": [
        "Vice Chairman, National Development and Reform Commission",
        "Vice Foreign Minister",
        "Assistant Foreign Minister",
        "Ambassador of China to Pakistan",
        "Director-General, Department of Asian Affairs",
        "Foreign Ministry Spokesperson",
        "Deputy Director-General, Department of Regional Opening-up, NDRC",
        "Vice Minister of Commerce",
        "Vice Minister of Transport",
        "Deputy Administrator, National Energy Administration",
        "Vice Chairman, Xinjiang Uygur Autonomous Region",
        "Consul General in Karachi",
        "Chairman, China Overseas Port Holding Company",
        "Vice Minister of Agriculture and Rural Affairs",
        "Vice Minister of Science and Technology",
        "Vice Minister of Industry and Information Technology",
        "Chairman, China International Development Cooperation Agency",
    ],
    "": [
        "Minister of Foreign Affairs",
        "Deputy Minister of Economy",
        "Ambassador to Pakistan",
        "Special Envoy for the Belt and Road",
        "Director, Asia Department",
        "State Secretary",
        "Minister of Transport",
        "Deputy Prime Minister",
        "Minister of Energy",
        "Vice-President for Operations",
    ],
}

_ORGANISATIONS: dict[str, list[str]] = {
    "PK": [
        "Ministry of Planning, Development and Special Initiatives",
        "Ministry of Foreign Affairs (Pakistan)",
        "CPEC Authority",
        "Board of Investment",
        "Gwadar Port Authority",
        "Gwadar Development Authority",
        "National Highway Authority",
        "Pakistan Railways",
        "Power Division, Ministry of Energy",
        "Private Power and Infrastructure Board",
        "State Bank of Pakistan",
        "Planning Commission",
        "Ministry of Maritime Affairs",
        "Ministry of National Food Security and Research",
        "Ministry of IT and Telecommunication",
        "Higher Education Commission",
        "Pakistan Council of Scientific and Industrial Research",
        "Frontier Works Organization",
        "Special Technology Zones Authority",
        "Pakistan Software Export Board",
        "Special Security Division",
        "Sindh Engro Coal Mining Company",
    ],
    "CN": [
        "National Development and Reform Commission",
        "Ministry of Foreign Affairs of the PRC",
        "Ministry of Commerce",
        "China Development Bank",
        "Export-Import Bank of China",
        "China Overseas Port Holding Company",
        "China Road and Bridge Corporation",
        "China State Construction Engineering Corporation",
        "Power Construction Corporation of China",
        "China Three Gorges Corporation",
        "Huawei Technologies",
        "National Energy Administration",
        "Ministry of Transport",
        "Ministry of Agriculture and Rural Affairs",
        "Chinese Academy of Sciences",
        "Xinjiang Production and Construction Corps",
        "China International Development Cooperation Agency",
        "Silk Road Fund",
        "China Machinery Engineering Corporation",
        "China Communications Construction Company",
        "China Railway Group",
    ],
    "": [
        "Asian Development Bank",
        "World Bank",
        "Asian Infrastructure Investment Bank",
        "Shanghai Cooperation Organisation",
        "United Nations Development Programme",
        "International Monetary Fund",
        "Islamic Development Bank",
        "Economic Cooperation Organization",
    ],
}
_ORG_SUFFIXES = [
    "Group",
    "Holdings",
    "Corporation",
    "Institute",
    "Foundation",
    "Energy Company",
    "Logistics",
    "Engineering Company",
    "Development Authority",
    "Research Centre",
]

_PROJECTS = [
    "Karot Hydropower Project",
    "Gwadar East Bay Expressway",
    "ML-1 railway upgrade",
    "Rashakai Special Economic Zone",
    "Orange Line Metro Train",
    "Karakoram Highway realignment",
    "Thar coal Block-II",
    "Sahiwal coal-fired power plant",
    "Suki Kinari Hydropower Project",
    "Havelian dry port",
    "Dhabeji Special Economic Zone",
    "Allama Iqbal Industrial City",
    "New Gwadar International Airport",
    "Pak-China Friendship Hospital",
    "Gwadar desalination plant",
    "Matiari-Lahore transmission line",
    "cross-border optical fibre cable",
    "Peshawar-Karachi Motorway",
    "Khunjerab Pass trade route",
    "Gwadar Vocational and Technical Institute",
    "Azad Pattan hydropower project",
    "Kohala hydropower project",
    "Port Qasim power plant",
    "Hub power plant",
    "Quaid-e-Azam Solar Park",
    "Karachi Circular Railway",
]
_PROJECT_TYPES = [
    "Hydropower Project",
    "Special Economic Zone",
    "Industrial Park",
    "Solar Park",
    "Wind Farm",
    "Expressway",
    "Dry Port",
    "Logistics Hub",
    "Technology Park",
    "Agricultural Demonstration Zone",
    "Water Supply Scheme",
]

# (name, URL host, weight): a few outlets carry most of the reporting, as in the real record.
_OUTLETS: list[tuple[str, str, int]] = [
    ("Dawn", "www.dawn.com", 12),
    ("The News International", "www.thenews.com.pk", 9),
    ("The Express Tribune", "tribune.com.pk", 9),
    ("Business Recorder", "www.brecorder.com", 7),
    ("Xinhua", "english.news.cn", 10),
    ("China Daily", "www.chinadaily.com.cn", 7),
    ("Global Times", "www.globaltimes.cn", 6),
    ("People's Daily", "en.people.cn", 4),
    ("CGTN", "news.cgtn.com", 4),
    ("Associated Press of Pakistan", "www.app.com.pk", 8),
    ("Radio Pakistan", "www.radio.gov.pk", 5),
    ("PTV News", "ptvnews.ph", 3),
    ("Ministry of Foreign Affairs of the PRC", "www.mfa.gov.cn", 10),
    ("Ministry of Foreign Affairs of Pakistan", "mofa.gov.pk", 6),
    ("CPEC Authority", "cpec.gov.pk", 5),
    ("Ministry of Planning, Development and Special Initiatives", "www.pc.gov.pk", 4),
    ("National Development and Reform Commission", "en.ndrc.gov.cn", 3),
    ("Gwadar Pro", "gwadarpro.pk", 3),
    ("China Economic Net", "en.ce.cn", 3),
    ("The Nation", "www.nation.com.pk", 4),
    ("Daily Times", "dailytimes.com.pk", 3),
    ("Pakistan Today", "www.pakistantoday.com.pk", 3),
    ("Reuters", "www.reuters.com", 3),
    ("Associated Press", "apnews.com", 1),
    ("Agence France-Presse", "www.afp.com", 1),
    ("Bloomberg", "www.bloomberg.com", 1),
    ("Nikkei Asia", "asia.nikkei.com", 1),
    ("South China Morning Post", "www.scmp.com", 2),
    ("The Diplomat", "thediplomat.com", 1),
    ("Al Jazeera", "www.aljazeera.com", 1),
    ("BBC Urdu", "www.bbc.com", 1),
    ("Geo News", "www.geo.tv", 3),
    ("ARY News", "arynews.tv", 2),
    ("Samaa TV", "www.samaa.tv", 2),
    ("Dunya News", "dunyanews.tv", 2),
    ("The Friday Times", "thefridaytimes.com", 1),
    ("Profit", "profit.pakistantoday.com.pk", 1),
    ("Arab News Pakistan", "www.arabnews.pk", 2),
    ("Anadolu Agency", "www.aa.com.tr", 1),
    ("TASS", "tass.com", 1),
    ("Caixin", "www.caixinglobal.com", 1),
    ("Sixth Tone", "www.sixthtone.com", 1),
    ("Guancha", "www.guancha.cn", 1),
    ("Ta Kung Pao", "www.takungpao.com", 1),
    ("Phoenix TV", "www.ifeng.com", 1),
    ("Asia Times", "asiatimes.com", 1),
    ("Financial Times", "www.ft.com", 1),
    ("The Wall Street Journal", "www.wsj.com", 1),
    ("Kyodo News", "english.kyodonews.net", 1),
    ("Le Monde", "www.lemonde.fr", 1),
    ("Deutsche Welle", "www.dw.com", 1),
    ("The Hindu", "www.thehindu.com", 1),
    ("Khaleej Times", "www.khaleejtimes.com", 1),
    ("Tianshan Net", "www.ts.cn", 1),
    ("Balochistan Post", "thebalochistanpost.net", 1),
    ("Pakistan Observer", "pakobserver.net", 2),
    ("Urdu Point", "www.urdupoint.com", 1),
    ("Daily Jang", "jang.com.pk", 2),
    ("Nawa-i-Waqt", "www.nawaiwaqt.com.pk", 1),
    ("Embassy of China in Pakistan", "pk.china-embassy.gov.cn", 3),
    ("Embassy of Pakistan in Beijing", "www.pakbj.org", 2),
]


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in text)
    return "-".join(part for part in out.split("-") if part)


_OUTLET_SLUGS = [_slug(name) for name, _, _ in _OUTLETS]
_OUTLET_CUM: list[int] = []
for _, _, _weight in _OUTLETS:
    _OUTLET_CUM.append((_OUTLET_CUM[-1] if _OUTLET_CUM else 0) + _weight)

# Which series count their meetings; the rest are identified by date.
_UNNUMBERED = {"mfa-briefing", "visit", "other"}
_SERIES_WEIGHTS: dict[str, float] = {
    "jcc": 6,
    "bpc": 3,
    "strategic-dialogue": 3,
    "mfa-briefing": 30,
    "visit": 12,
    "other": 10,
}
_JWGS = [name for name in SERIES if name.startswith("jwg-")]
for _name in _JWGS:
    _SERIES_WEIGHTS[_name] = 36 / len(_JWGS)
assert set(_SERIES_WEIGHTS) == set(SERIES)

_SERIES_SHORT = {
    "jcc": "JCC",
    "bpc": "BPC",
    "strategic-dialogue": "Strategic Dialogue",
    **{name: "JWG-" + name[4:].upper() for name in _JWGS},
}
_SERIES_SECTORS: dict[str, list[str]] = {
    "jwg-it": ["information-technology", "media"],
    "jwg-energy": ["energy", "green-development"],
    "jwg-transport": ["transport-infrastructure"],
    "jwg-gwadar": ["gwadar-maritime"],
    "jwg-industry": ["industry", "special-economic-zones"],
    "jwg-sed": ["socio-economic-livelihood", "health"],
    "jwg-agri": ["agriculture"],
    "jwg-st": ["science-technology"],
    "jwg-ltp": ["special-economic-zones", "transport-infrastructure"],
}
_SERIES_THEMES: dict[str, list[str]] = {
    "jwg-icc": ["third-party-cooperation", "multilateral-coordination"],
    "jwg-security": ["security"],
    "jwg-ltp": ["long-term-planning"],
    "jcc": ["connectivity", "long-term-planning"],
    "bpc": ["political-relations", "multilateral-coordination"],
    "strategic-dialogue": ["political-relations", "security"],
    "mfa-briefing": ["counter-disinformation", "media-think-tanks", "political-relations"],
    "visit": ["political-relations", "culture-people-to-people"],
}
_SECTOR_KEYS = list(SECTORS)
_SECTOR_PHRASES = [
    "Gwadar and maritime affairs" if key == "gwadar-maritime" else label.lower()
    for key, label in SECTORS.items()
]
_THEME_KEYS = [key for key in THEMES if key != "covid-19"]
_MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]

_FIRST_DAY = dt.date(1990, 1, 1).toordinal()
_LAST_DAY = dt.date(2026, 12, 31).toordinal()
_NOTE_TAGS = [
    "follow-up",
    "verify",
    "important",
    "todo",
    "energy",
    "gwadar",
    "sources",
    "date",
    "translation",
    "review",
    "people",
    "financing",
]


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _human_date(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        return value
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def _truncate(day: dt.date, precision: int) -> str:
    """``precision`` is 3 for a full date, 2 for year-month, 1 for a year."""
    return day.isoformat()[: (4, 7, 10)[precision - 1]]


# ---------------------------------------------------------------------------------------------
# Text writer: an RNG plus the phrase makers the sentence templates use
# ---------------------------------------------------------------------------------------------


class _Writer:
    """Random choices and phrases, all drawn from one RNG so output depends only on its seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.r = rng.random
        self.now = 2026  # the year of the meeting being written; no prose looks past it

    def pick(self, seq: Sequence[_T]) -> _T:
        return seq[int(self.r() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.r() < p

    def sample(self, seq: Sequence[_T], k: int) -> list[_T]:
        """``k`` distinct items of ``seq`` in first-drawn order (``k`` is small)."""
        out: list[_T] = []
        while len(out) < k:
            item = seq[int(self.r() * len(seq))]
            if item not in out:
                out.append(item)
        return out

    def noun(self) -> str:
        return self.pick(_DOMAIN_NOUNS) if self.r() < 0.6 else self.pick(_PSEUDO)

    def adj(self) -> str:
        return self.pick(_ADJECTIVES) if self.r() < 0.8 else self.pick(_PSEUDO) + "ic"

    def verb(self) -> str:
        return self.pick(_VERBS)

    def city(self) -> str:
        r = self.r()
        return self.pick(_CITIES["PK"] if r < 0.55 else _CITIES["CN"] if r < 0.9 else _CITIES["AE"])

    def proper(self) -> str:
        return self.pick(_PSEUDO_CAP)

    def project(self) -> str:
        if self.r() < 0.55:
            return self.pick(_PROJECTS)
        place = self.city() if self.r() < 0.5 else self.proper()
        return f"{place} {self.pick(_PROJECT_TYPES)}"

    def sector(self) -> str:
        return self.pick(_SECTOR_PHRASES)

    def organisation(self) -> str:
        r = self.r()
        if r < 0.4:
            return self.pick(_ORGANISATIONS["PK"])
        if r < 0.75:
            return self.pick(_ORGANISATIONS["CN"])
        if r < 0.85:
            return self.pick(_ORGANISATIONS[""])
        return f"{self.proper()} {self.pick(_ORG_SUFFIXES)}"

    def year(self) -> int:
        return self.now - int(self.r() * 12)

    def amount(self) -> str:
        return f"{10 + int(self.r() * 4990):,}"


_Template = Callable[[_Writer, str], str]

_AGENDA: list[_Template] = [
    lambda w, s: f"Review of progress on the {w.project()}",
    lambda w, s: f"Implementation of the {w.adj()} {w.noun()} framework for {w.sector()}",
    lambda w, s: f"Financing arrangements for the {w.project()} and related {w.noun()} works",
    lambda w, s: f"Safety and security of Chinese personnel working on the {w.project()}",
    lambda w, s: f"Work plan on {w.sector()} for {w.year()}, including {w.noun()} and {w.noun()}",
    lambda w, s: f"Establishment of a joint {w.noun()} {w.noun()} mechanism",
    lambda w, s: f"Cooperation in {w.sector()}: {w.noun()} and {w.noun()} in {w.city()}",
    lambda w, s: f"Status of {w.noun()} {w.noun()} under the {w.adj()} {w.noun()} programme",
    lambda w, s: f"Proposals from {w.organisation()} on {w.adj()} {w.noun()}",
    lambda w, s: f"Outstanding issues concerning {w.noun()} payments and {w.noun()} approvals",
]

_STATEMENTS: list[_Template] = [
    lambda w, s: (
        f"{s} said that the {w.project()} had entered a {w.adj()} phase and that both sides "
        f"would {w.verb()} {w.noun()} and {w.noun()} to ensure {w.adj()} {w.noun()}."
    ),
    lambda w, s: (
        f"{s} stressed the importance of {w.sector()} for the corridor and called for "
        f"{w.adj()} {w.noun()} between {w.city()} and {w.city()}."
    ),
    lambda w, s: (
        f"According to {s}, {w.amount()} {w.pick(_UNITS)} of {w.noun()} capacity had been "
        f"{w.pick(_PAST)} since {w.year()}, with further {w.noun()} expected in {w.sector()}."
    ),
    lambda w, s: (
        f"{s} described {w.proper()} as a {w.adj()} {w.noun()} of the corridor and urged "
        f"the {w.organisation()} to {w.verb()} the {w.noun()} {w.noun()} without delay."
    ),
    lambda w, s: (
        f"{s} noted that {w.noun()} and {w.noun()} remained the main obstacles to the "
        f"{w.project()}, and proposed a {w.adj()} {w.noun()} to {w.verb()} them."
    ),
    lambda w, s: (
        f"{s} welcomed the {w.adj()} progress on {w.sector()} and said the two countries "
        f"were {w.adj()} partners whose {w.noun()} would {w.verb()} {w.noun()} in the region."
    ),
]
# A press briefing is mostly answers to questions.
_BRIEFING_STATEMENTS: list[_Template] = [
    *_STATEMENTS,
    *[
        lambda w, s: (
            f"Asked about the {w.project()}, {s} said that reports of {w.noun()} were "
            f"{w.pick(('unfounded', 'exaggerated', 'premature', 'being looked into'))} and that "
            f"work on the {w.noun()} continued as planned."
        )
    ]
    * 4,
]

_OUTCOMES: list[_Template] = [
    lambda w, s: f"Both sides agreed to {w.verb()} the {w.adj()} {w.noun()} in {w.city()}.",
    lambda w, s: (
        f"A memorandum of understanding on {w.sector()} {w.noun()} was signed between the "
        f"{w.organisation()} and the {w.organisation()}."
    ),
    lambda w, s: (
        f"The meeting approved {2 + int(w.r() * 18)} new projects worth US${w.amount()} "
        f"million, including the {w.project()}."
    ),
    lambda w, s: f"A working group on {w.noun()} and {w.noun()} will be set up.",
    lambda w, s: f"The two sides agreed to hold the next meeting in {w.city()}.",
    lambda w, s: (
        f"Minutes covering {w.noun()}, {w.noun()} and the {w.project()} were signed by {s}."
    ),
    lambda w, s: (
        f"The {w.organisation()} was asked to submit a {w.adj()} {w.noun()} plan on "
        f"{w.sector()} within {2 + int(w.r() * 10)} weeks."
    ),
]

_NOTE_SENTENCES: list[_Template] = [
    lambda w, s: f"Check the {w.noun()} figures against the {s} report.",
    lambda w, s: f"Compare with the {w.project()} entry.",
    lambda w, s: f"The {w.adj()} {w.noun()} point needs a second source.",
    lambda w, s: f"Possibly the same {w.noun()} discussed in {w.city()}.",
    lambda w, s: f"Ask about the {w.noun()} {w.noun()} — {w.proper()} mentioned it.",
    lambda w, s: f"Useful for the chapter on {w.sector()}.",
]


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def _person_name(w: _Writer, country: str) -> tuple[str, list[str]]:
    """A name and the aliases a source might use for the same person."""
    aliases: list[str] = []
    if country == "PK":
        given = w.pick(_PK_GIVEN)
        family = w.pick(_PK_FAMILY)
        name = f"{w.pick(_PK_PREFIX)} {given} {family}" if w.chance(0.25) else f"{given} {family}"
        if w.chance(0.12):
            aliases.append(f"{given[0]}. {family}")
        if w.chance(0.05):
            aliases.append(name.replace("Muhammad", "Mohammad").replace("Chaudhry", "Chaudhary"))
    elif country == "CN":
        family = w.pick(_CN_FAMILY)
        first = w.pick(_CN_SYLLABLES)
        if w.chance(0.7):
            second = w.pick(_CN_SYLLABLES)
            given = f"{first.capitalize()}-{second}" if w.chance(0.35) else (first + second)
        else:
            given = first
        given = given.capitalize() if "-" not in given else given
        name = f"{family} {given}"
        if w.chance(0.12):
            aliases.append(f"{given.replace('-', '').capitalize()} {family}")
        if "ü" in family and w.chance(0.5):
            aliases.append(name.replace("ü", "u"))
    else:
        name = f"{w.pick(_INTL_GIVEN)} {w.pick(_INTL_FAMILY)}"
        if not name.isascii() and w.chance(0.2):
            plain = unicodedata.normalize("NFKD", name)
            aliases.append("".join(c for c in plain if not unicodedata.combining(c)))
    return name, [alias for alias in aliases if alias != name]


def _person(w: _Writer, country: str, sources: list[str], *, chair: bool) -> dict[str, Any]:
    name, aliases = _person_name(w, country)
    person: dict[str, Any] = {"name": name}
    if chair or w.chance(0.8):
        person["title"] = w.pick(_TITLES.get(country, _TITLES[""]))
    if chair or w.chance(0.6):
        person["organisation"] = w.pick(_ORGANISATIONS.get(country, _ORGANISATIONS[""]))
    person["country"] = country
    if aliases and (chair or w.chance(0.5)):
        person["aliases"] = aliases
    person["sources"] = _cite(w, sources)
    return person


def _cite(w: _Writer, sources: list[str]) -> list[str]:
    """One or two of the meeting's sources."""
    if len(sources) == 1 or w.r() < 0.7:
        return [w.pick(sources)]
    return w.sample(sources, 2)


# ---------------------------------------------------------------------------------------------
# Plan pass: everything that spans meetings
# ---------------------------------------------------------------------------------------------


def _plan(meetings: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The source registry and one skeleton per meeting, in date order."""
    if meetings < 0:
        raise ValueError("meetings must not be negative")
    w = _Writer(random.Random(f"cpec-bench-plan:{seed}"))
    rng = w.rng
    names = list(_SERIES_WEIGHTS)
    series = names[:meetings] + rng.choices(
        names, weights=list(_SERIES_WEIGHTS.values()), k=max(0, meetings - len(names))
    )
    span = _LAST_DAY - _FIRST_DAY
    days = [_FIRST_DAY + int(span * w.r() ** 0.6) for _ in range(meetings)]
    precision = [3 if r < 0.85 else 2 if r < 0.95 else 1 for r in (w.r() for _ in range(meetings))]
    order = sorted(range(meetings), key=lambda i: (days[i], series[i]))

    skeletons: list[dict[str, Any]] = []
    counters: dict[str, int] = {}
    positions: dict[str, list[int]] = {}
    used_ids: set[str] = set()
    for i in order:
        name = series[i]
        day = dt.date.fromordinal(days[i])
        value = _truncate(day, precision[i])
        sequence = None
        if name in _UNNUMBERED:
            base = f"{name}-{value}"
            meeting_id, k = base, 1
            while meeting_id in used_ids:
                k += 1
                meeting_id = f"{base}-{k}"
        else:
            sequence = counters[name] = counters.get(name, 0) + 1
            meeting_id = f"{name}-{sequence}"
        used_ids.add(meeting_id)
        positions.setdefault(name, []).append(len(skeletons))
        skeletons.append(
            {
                "id": meeting_id,
                "number": len(skeletons),
                "series": name,
                "sequence": sequence,
                "day": days[i],
                "date": value,
            }
        )

    # Related: previous and next in the series (always for numbered series), sometimes another.
    for name, members in positions.items():
        numbered = name not in _UNNUMBERED
        for j, position in enumerate(members):
            related: list[str] = []
            if j > 0 and (numbered or w.chance(0.3)):
                related.append(skeletons[members[j - 1]]["id"])
            if j + 1 < len(members) and (numbered or w.chance(0.3)):
                related.append(skeletons[members[j + 1]]["id"])
            if meetings > 1 and w.chance(0.08):
                other = skeletons[int(w.r() * meetings)]["id"]
                if other != skeletons[position]["id"] and other not in related:
                    related.append(other)
            skeletons[position]["related"] = related

    # Sources: a registry about a third the size of the record, each anchored near a meeting.
    count = meetings // 3 if meetings >= 3 else min(meetings, 1)
    sources: list[dict[str, Any]] = []
    keys: set[str] = set()
    for j in range(count):
        anchor = skeletons[j * meetings // count]
        sources.append(_source(w, j, anchor, keys))
    source_keys = [source["key"] for source in sources]
    for i, skeleton in enumerate(skeletons):
        centre = i * count // meetings
        low, high = max(0, centre - 2), min(count, centre + 4)
        k = min(high - low, rng.choices((1, 2, 3, 4, 5), weights=(25, 30, 25, 12, 8))[0])
        skeleton["sources"] = w.sample(source_keys[low:high], k)
    return sources, skeletons


def _source(w: _Writer, j: int, anchor: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    index = w.rng.choices(range(len(_OUTLETS)), cum_weights=_OUTLET_CUM)[0]
    outlet, host, _ = _OUTLETS[index]
    day = dt.date.fromordinal(anchor["day"] + int(w.r() * 4))
    base = f"{_OUTLET_SLUGS[index]}-{day.isoformat()}"
    key, k = base, 1
    while key in keys:
        k += 1
        key = f"{base}-{k}"
    keys.add(key)
    source: dict[str, Any] = {"key": key, "outlet": outlet}
    r = w.r()
    if r < 0.8:
        source["published"] = day.isoformat()
    elif r < 0.93:
        source["published"] = day.isoformat()[:7]
    headline = (
        f"{w.pick(('Pakistan', 'China', 'CPEC', 'Islamabad', 'Beijing'))} and "
        f"{w.pick(('partners', 'Beijing', 'Islamabad', 'investors', 'officials'))} "
        f"{w.pick(('agree to', 'vow to', 'move to', 'seek to', 'plan to'))} {w.verb()} "
        f"{w.adj()} {w.noun()} {w.pick(('ties', 'cooperation', 'projects', 'plans', 'links'))}"
    )
    if w.chance(0.95):
        path = f"{day.year}/{day.month:02d}/{_slug(headline)[:60].rstrip('-')}-{100000 + j}"
        source["url"] = f"https://{host}/news/{path}"
    if "url" not in source or w.chance(0.05):
        source["file"] = f"{key}.pdf"
    if w.chance(0.85):
        source["headline"] = headline
    if w.chance(0.04):
        source["note"] = f"Archived copy; the {w.noun()} paragraph was edited after publication."
    return source


# ---------------------------------------------------------------------------------------------
# Fill pass: the body of each meeting
# ---------------------------------------------------------------------------------------------


def _kind(w: _Writer, series: str) -> str:
    if series == "mfa-briefing":
        return "press-briefing"
    if series == "visit":
        return "visit"
    if series in ("bpc", "strategic-dialogue"):
        return "consultation" if w.chance(0.9) else "meeting"
    if series == "other":
        return w.pick(("meeting", "meeting", "ceremony", "consultation", "visit"))
    return "meeting" if w.chance(0.95) else "ceremony"


def _fill(w: _Writer, skeleton: dict[str, Any]) -> dict[str, Any]:
    series: str = skeleton["series"]
    sources: list[str] = skeleton["sources"]
    value: str = skeleton["date"]
    day = dt.date.fromordinal(skeleton["day"])
    w.now = day.year
    kind = _kind(w, series)

    # Venue
    venue: dict[str, Any] | None = None
    if w.chance(0.92):
        r = w.r()
        country = "PK" if r < 0.45 else "CN" if r < 0.85 else w.pick(_OTHER_COUNTRIES)
        r = w.r()
        mode = "in-person" if r < 0.75 else "virtual" if r < 0.9 else "hybrid"
        if kind == "press-briefing":
            country, mode = "CN", "in-person"
        venue = {}
        if mode != "virtual" or w.chance(0.5):
            venue["city"] = "Beijing" if kind == "press-briefing" else w.pick(_CITIES[country])
            venue["country"] = country
        elif w.chance(0.5):
            venue["country"] = country
        venue["mode"] = mode
        if w.chance(0.1):
            place = w.pick(("Hall", "Convention Centre", "Hotel", "Secretariat"))
            venue["note"] = f"Held at the {w.proper()} {place}."
        venue["sources"] = _cite(w, sources)

    # Co-chairs and people
    co_chairs: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    if kind == "press-briefing":
        people.append(_person(w, "CN", sources, chair=False))
        people[0]["title"] = "Foreign Ministry Spokesperson"
    else:
        r = w.r()
        if r < 0.85:
            pair = ["PK", "CN"] if w.chance(0.5) else ["CN", "PK"]
        elif r < 0.97:
            pair = [w.pick(("PK", "CN")), w.pick(_OTHER_COUNTRIES)]
        else:
            pair = w.sample(_OTHER_COUNTRIES, 2)
        co_chairs = [_person(w, country, sources, chair=True) for country in pair]
    for _ in range(int(w.r() * 5) if kind != "press-briefing" else int(w.r() * 2)):
        r = w.r()
        country = "PK" if r < 0.45 else "CN" if r < 0.85 else w.pick(_OTHER_COUNTRIES)
        people.append(_person(w, country, sources, chair=False))
    speakers = [p["name"] for p in co_chairs + people] or ["The spokesperson"]

    organisations: list[dict[str, Any]] = []
    for _ in range(int(w.r() * 5)):
        r = w.r()
        country = "PK" if r < 0.4 else "CN" if r < 0.8 else ""
        if w.chance(0.15):
            organisation: dict[str, Any] = {"name": f"{w.proper()} {w.pick(_ORG_SUFFIXES)}"}
            country = country or w.pick(_OTHER_COUNTRIES)
        else:
            organisation = {"name": w.pick(_ORGANISATIONS[country])}
        if country:
            organisation["country"] = country
        organisation["sources"] = _cite(w, sources)
        organisations.append(organisation)

    # Title
    sequence = skeleton["sequence"]
    if series == "mfa-briefing":
        title = "Foreign Ministry Spokesperson's Regular Press Conference"
        if len(value) == 10:
            title += f" on {_human_date(value)}"
        short_title = f"MFA briefing {value}"
    elif series == "visit" or kind == "visit":
        guest = co_chairs[0] if co_chairs else people[0]
        host = venue["country"] if venue and "country" in venue else "CN"
        title = f"Visit of {guest.get('title', 'the delegation head')} {guest['name']} to "
        title += str(COUNTRIES[host])
        words = guest["name"].split()
        surname = words[0] if guest["country"] == "CN" else words[-1]
        short_title = f"{surname} visit, {_human_date(value)}"
    elif series == "other":
        label = str(SECTORS[w.pick(_SECTOR_KEYS)])
        event = w.pick(("Forum", "Seminar", "Conference", "Signing Ceremony", "Roundtable"))
        where = venue["city"] if venue and "city" in venue else "online"
        title = f"{w.adj().capitalize()} {label} {event} ({where})"
        short_title = f"{label} {event.lower()}"
    else:
        label = str(SERIES[series]).replace("JWG", "Joint Working Group")
        if series == "bpc":
            title = f"{_ordinal_suffix(sequence)} Round of {label}"
        elif series == "strategic-dialogue":
            title = f"{_ordinal_suffix(sequence)} China-Pakistan {label}"
        else:
            title = f"{_ordinal_suffix(sequence)} Meeting of the {label}"
        short_title = f"{_SERIES_SHORT[series]} {sequence}"
    if w.chance(0.3):
        title += f": {w.verb().capitalize()} {w.adj()} {w.sector()} and {w.noun()} cooperation"

    # Date, status, alternatives and the matching conflict
    conflicts: list[dict[str, Any]] = []
    r = w.r()
    if len(value) == 4:
        status = "uncertain" if r < 0.7 else "reported"
    else:
        status = (
            "confirmed"
            if r < 0.55
            else "reported"
            if r < 0.78
            else "conflicting"
            if r < 0.9
            else "uncertain"
        )
    date: dict[str, Any] = {"value": value, "status": status, "sources": _cite(w, sources)}
    if status == "uncertain" and w.chance(0.5):
        date["note"] = w.pick(
            (
                "Date inferred from the weekday named in the report.",
                "Only the month is given in the sources; the day is an estimate.",
                "The report says the meeting was held 'last week'.",
                f"Date taken from the {w.noun()} annex, not from the communique.",
            )
        )
    if status == "conflicting":
        alternatives: list[dict[str, Any]] = []
        for _ in range(1 + int(w.r() * 2)):
            shift = w.pick((-3, -2, -1, 1, 2, 7, 30, -30))
            other = dt.date.fromordinal(skeleton["day"] + shift)
            alt_value = _truncate(other, min(3, len(value.split("-"))))
            if alt_value == value:
                alt_value = _truncate(other, 3)
            if alt_value == value or any(a.get("value") == alt_value for a in alternatives):
                continue
            alternative: dict[str, Any] = {}
            if w.chance(0.85):
                alternative["value"] = alt_value
                reported = _human_date(alt_value)
            else:
                reported = w.pick(("last Thursday", "earlier this week", "over the weekend"))
            alternative["as_reported"] = w.pick(
                (reported, f"on {reported}", f"{other.strftime('%A')}, {reported}")
            )
            alternative["sources"] = _cite(w, sources)
            alternatives.append(alternative)
        if alternatives:
            date["alternatives"] = alternatives
            conflicts.append(
                {
                    "id": f"C-{2 * skeleton['number'] + 1}",
                    "fields": ["date"],
                    "summary": (
                        f"Sources give {_human_date(value)} and "
                        f"{alternatives[0]['as_reported']} for the meeting."
                    ),
                    "resolution": w.pick(
                        (
                            "The record follows the official communique.",
                            "The record follows the earlier, dated report.",
                            f"The record follows the {w.pick(_OUTLETS)[0]} report, which "
                            "names the weekday.",
                        )
                    ),
                    "sources": _cite(w, sources),
                }
            )
        else:
            date["status"] = "reported"
    if w.chance(0.03):
        topic = w.pick(("venue", "co_chairs", "outcomes"))
        has = {"venue": venue is not None, "co_chairs": bool(co_chairs)}
        conflicts.append(
            {
                "id": f"C-{2 * skeleton['number'] + 2}",
                "fields": [topic if has.get(topic, kind != "press-briefing") else "date"],
                "summary": f"One report places the {w.noun()} discussion in {w.city()}.",
                "resolution": "Not resolved; both versions are kept in the sources.",
                "sources": _cite(w, sources),
            }
        )

    # Prose
    briefing = kind == "press-briefing"
    agenda = [
        {"text": w.pick(_AGENDA)(w, ""), "sources": _cite(w, sources)}
        for _ in range(1 + int(w.r() * 6))
    ]
    templates = _BRIEFING_STATEMENTS if briefing else _STATEMENTS
    statements = [
        {"text": w.pick(templates)(w, w.pick(speakers)), "sources": _cite(w, sources)}
        for _ in range((3 if briefing else 2) + int(w.r() * 4))
    ]
    outcomes = [
        {"text": w.pick(_OUTCOMES)(w, w.pick(speakers)), "sources": _cite(w, sources)}
        for _ in range(0 if briefing else 1 + int(w.r() * 5))
    ]

    sectors = list(_SERIES_SECTORS.get(series, ()))[: 1 + int(w.r() * 2)]
    for _ in range(int(w.r() * 3)):
        extra = w.pick(_SECTOR_KEYS)
        if extra not in sectors:
            sectors.append(extra)
    themes = list(_SERIES_THEMES.get(series, ()))[: 1 + int(w.r() * 2)]
    for _ in range(int(w.r() * 2.5)):
        extra = w.pick(_THEME_KEYS)
        if extra not in themes:
            themes.append(extra)
    if 2020 <= day.year <= 2022 and w.chance(0.4):
        themes.append("covid-19")

    n = len(sources)
    sourcing = "strong" if n >= 3 else "moderate" if n == 2 else "weak"
    if w.chance(0.1):
        sourcing = w.pick(("strong", "moderate", "weak"))

    meeting: dict[str, Any] = {"id": skeleton["id"], "series": series}
    if sequence is not None:
        meeting["sequence"] = sequence
    meeting["kind"] = kind
    meeting["title"] = title
    meeting["short_title"] = short_title
    meeting["sourcing"] = sourcing
    meeting["sources"] = list(sources)
    meeting["date"] = date
    if venue is not None:
        meeting["venue"] = venue
    for key, items in (
        ("co_chairs", co_chairs),
        ("people", people),
        ("organisations", organisations),
        ("agenda", agenda),
        ("statements", statements),
        ("outcomes", outcomes),
        ("sectors", sectors),
        ("themes", themes),
        ("conflicts", conflicts),
        ("related", skeleton["related"]),
    ):
        if items:
            meeting[key] = items
    return meeting


def _fill_chunk(seed: int, index: int, skeletons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    w = _Writer(random.Random(f"cpec-bench-fill:{seed}:{index}"))
    return [_fill(w, skeleton) for skeleton in skeletons]


_NOT_TEXT = frozenset(
    _words(
        "id series kind sourcing sources status mode country sectors themes related value fields"
        " sequence"
    )
)


def _text_bytes(node: Any) -> int:
    """UTF-8 bytes of the human-readable text in a record (not ids, codes or source keys)."""
    if isinstance(node, str):
        return len(node.encode())
    if isinstance(node, dict):
        return sum(_text_bytes(v) for k, v in node.items() if k not in _NOT_TEXT)
    if isinstance(node, list):
        return sum(_text_bytes(v) for v in node)
    return 0


def _chunks(skeletons: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [skeletons[i : i + CHUNK] for i in range(0, len(skeletons), CHUNK)]


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def generate_dataset(meetings: int, seed: int = 0) -> dict[str, Any]:
    """A dataset document (the dict ``tomllib`` would parse) with ``meetings`` meetings."""
    sources, skeletons = _plan(meetings, seed)
    filled: list[dict[str, Any]] = []
    for index, chunk in enumerate(_chunks(skeletons)):
        filled += _fill_chunk(seed, index, chunk)
    return {"version": 1, "sources": sources, "meetings": filled}


def generate_notes(dataset: dict[str, Any], count: int, seed: int = 0) -> dict[str, Any]:
    """A notes document with ``count`` notes on meetings of ``dataset``."""
    return _notes([meeting["id"] for meeting in dataset["meetings"]], count, seed)


def _notes(meeting_ids: list[str], count: int, seed: int) -> dict[str, Any]:
    if count and not meeting_ids:
        raise ValueError("cannot write notes for a dataset without meetings")
    w = _Writer(random.Random(f"cpec-bench-notes:{seed}"))
    start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    # Some meetings attract several notes: draw from a small "popular" subset half the time.
    popular = meeting_ids[: max(1, len(meeting_ids) // 50)] if meeting_ids else []
    ids: set[str] = set()
    notes: list[dict[str, Any]] = []
    for _ in range(count):
        note_id = f"{w.rng.getrandbits(32):08x}"
        while note_id in ids:
            note_id = f"{w.rng.getrandbits(32):08x}"
        ids.add(note_id)
        created = start + dt.timedelta(seconds=int(w.r() * 3.5 * 365 * 86400))
        updated = created
        if w.chance(0.6):
            updated += dt.timedelta(seconds=int(w.r() * 200 * 86400))
        outlet = w.pick(_OUTLETS)[0]
        text = " ".join(w.pick(_NOTE_SENTENCES)(w, outlet) for _ in range(1 + int(w.r() * 3)))
        note: dict[str, Any] = {
            "id": note_id,
            "meeting": w.pick(popular if w.chance(0.3) else meeting_ids),
            "created": created,
            "updated": updated,
            "text": text,
        }
        tags = w.sample(_NOTE_TAGS, int(w.r() * 4))
        if tags:
            note["tags"] = tags
        notes.append(note)
    notes.sort(key=lambda note: (note["created"], note["id"]))
    return {"version": 1, "notes": notes}


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _dump_chunk(job: tuple[int, int, list[dict[str, Any]]]) -> tuple[bytes, int]:
    """Fill and serialise one chunk (runs in a worker process for large datasets)."""
    seed, index, skeletons = job
    filled = _fill_chunk(seed, index, skeletons)
    text = sum(_text_bytes(meeting) for meeting in filled)
    return tomli_w.dumps({"meetings": filled}).encode(), text


@contextlib.contextmanager
def _dumped_chunks(
    seed: int, skeletons: list[dict[str, Any]]
) -> Iterator[Iterator[tuple[bytes, int]]]:
    """The serialised chunks, in order; with several CPUs, worker processes make them."""
    jobs = [(seed, index, chunk) for index, chunk in enumerate(_chunks(skeletons))]
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2:
        yield map(_dump_chunk, jobs)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(workers) as pool:
        yield pool.imap(_dump_chunk, jobs)


def _write(path: str, parts: Iterable[bytes]) -> int:
    size = 0
    with open(path, "wb") as out:
        for part in parts:
            out.write(part)
            size += len(part)
    return size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Write a synthetic cpec-tui dataset (and optionally a notes file).",
    )
    parser.add_argument("--meetings", type=int, required=True, help="number of meetings")
    parser.add_argument("--out", required=True, help="dataset TOML file to write")
    parser.add_argument("--notes", type=int, default=0, help="number of notes (default 0)")
    parser.add_argument("--notes-out", help="notes TOML file to write (needs --notes)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.meetings < 0 or args.notes < 0:
        parser.error("counts must not be negative")
    if args.notes and not args.notes_out:
        parser.error("--notes needs --notes-out")
    if args.notes and not args.meetings:
        parser.error("--notes needs at least one meeting")

    started = time.perf_counter()
    sources, skeletons = _plan(args.meetings, args.seed)
    text_total = 0

    def parts(chunks: Iterator[tuple[bytes, int]]) -> Iterator[bytes]:
        nonlocal text_total
        if not skeletons:
            yield tomli_w.dumps({"version": 1, "sources": sources, "meetings": []}).encode()
            return
        # Concatenating per-chunk dumps gives exactly what one dumps() of the whole would.
        # Workers are already filling chunks while this process serialises the sources.
        yield tomli_w.dumps({"version": 1, "sources": sources}).encode()
        for chunk, text in chunks:
            text_total += text
            yield b"\n"
            yield chunk

    with _dumped_chunks(args.seed, skeletons) as chunks:
        size = _write(args.out, parts(chunks))
    summary = (
        f"meetings={args.meetings} sources={len(sources)} bytes={size} "
        f"avg_text_bytes_per_meeting={text_total / max(1, args.meetings):.0f}"
    )
    if args.notes_out:
        notes = _notes([skeleton["id"] for skeleton in skeletons], args.notes, args.seed)
        notes_size = _write(args.notes_out, [tomli_w.dumps(notes).encode()])
        summary += f" notes={args.notes} notes_bytes={notes_size}"
    summary += f" seconds={time.perf_counter() - started:.2f}"
    print(summary, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
