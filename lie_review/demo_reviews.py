"""The demo's reviewers and how they score: every panel has a harsh, a neutral and a lenient reviewer,
the Russian panel reads Inclusiveness strictly, and some case studies split the panel.

The levels are drawn so that what the editors' tools are for shows in the demo call: a reviewer's
difference from their panel, the calibrated score beside the raw mean, the disagreement flag and a
criterion that one panel reads differently from the others.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

HARSH, NEUTRAL, LENIENT = -1, 0, 1

# email, name, economy, organisation, leaning. The first of each economy is the account that the
# README and the tests sign in as; the others were added so that each panel has several reviewers.
REVIEWERS = [
    ("reviewer.ct@example.org", "Chen Wei-Lin", "CT", "Small and Medium Enterprise Administration", NEUTRAL),
    ("reviewer.ct2@example.org", "Lin Mei-Hua", "CT", "Regional Revitalisation Office", HARSH),
    ("reviewer.ct3@example.org", "Huang Chih-Hao", "CT", "University Incubator Alliance", LENIENT),
    ("reviewer.rus@example.org", "Irina Sokolova", "RUS", "Regional Innovation Agency", NEUTRAL),
    ("reviewer.rus2@example.org", "Pavel Orlov", "RUS", "Federal SME Support Corporation", HARSH),
    ("reviewer.rus3@example.org", "Natalia Belova", "RUS", "Centre for Urban and Rural Development", LENIENT),
    ("reviewer.tha@example.org", "Somchai Prasert", "THA", "Office of SME Promotion", NEUTRAL),
    ("reviewer.tha2@example.org", "Kanya Wongsawat", "THA", "Provincial Industry Office, Chiang Mai", HARSH),
    ("reviewer.tha3@example.org", "Anan Chaiyaporn", "THA", "Community Enterprise Promotion Division", LENIENT),
    ("reviewer.phl@example.org", "Maria Santos", "PHL", "Department of Trade and Industry", NEUTRAL),
    ("reviewer.phl2@example.org", "Ramon dela Cruz", "PHL", "Regional Development Council, Visayas", HARSH),
    ("reviewer.phl3@example.org", "Liza Villanueva", "PHL", "Negosyo Center Network", LENIENT),
]

# The share of criteria a leaning reviewer moves by one level in every review: about one level. A case
# study meets the harsh or the lenient reviewers of the panels, not both (see Sides), so that a
# harsh and a lenient reading do not split every case study: the disputed ones stand out.
LEANED_SHARE = 2 / 3
# The Russian panel reads Inclusiveness one or two levels lower than the others: it asks for figures
# per group served, where the others accept a description.
STRICT_PANEL, STRICT_CRITERION = "RUS", "Inclusiveness"
STRICT_SHIFTS = (1, 1, 2)
# A reviewer's own reading of a criterion: mostly the case study's level, now and then one off.
NOISE = (-1, 0, 0, 0, 0, 0, 0, 0, 0, 1)
# How far the reviewer who breaks from the panel on a disputed case study moves every level, and the
# share of reviewed case studies that are disputed (every waitlisted one is: the panel could not agree).
DISPUTE_STEP = 2
DISPUTED_SHARE = 0.15
# The level a case study's scores centre on, by its state; a reviewed one draws its own.
CENTRES = {"accepted": (4,), "waitlisted": (3,), "rejected": (2,), "reviewed": (2, 3, 3, 4)}


@dataclass(frozen=True)
class Scale:
    label: str
    low: int
    high: int

    def clamp(self, value: int) -> int:
        return max(self.low, min(self.high, value))


def centre(rng: random.Random, state: str) -> int:
    """The level a case study in `state` deserves overall."""
    return rng.choice(CENTRES[state])


def case_study_levels(rng: random.Random, centre: int, scales: list[Scale]) -> list[int]:
    """The levels a neutral reviewer would give a case study deserving `centre`, one per criterion."""
    return [scale.clamp(centre + rng.choice((-1, 0, 0, 1))) for scale in scales]


@dataclass
class Sides:
    """The leaning, harsh or lenient, of the reviewers a case study may meet besides neutral ones:
    alternating among case studies of the same state and centre, so that the harsh and the lenient
    reviewers read alike case studies and their difference from the panel is their leaning, not luck."""

    seen: Counter = field(default_factory=Counter)

    def next(self, state: str, centre: int) -> int:
        self.seen[state, centre] += 1
        return HARSH if self.seen[state, centre] % 2 else LENIENT


def pick_reviewer(rng: random.Random, panel: list[tuple[int, int]], loads: dict[int, int], leaning: int) -> int | None:
    """The least-loaded of a panel's (reviewer id, leaning) pairs that is neutral or leans `leaning`,
    ties broken by `rng`; None when there is none."""
    fitting = [(loads.get(r, 0), rng.random(), r) for r, lean in panel if lean in (NEUTRAL, leaning)]
    return min(fitting)[2] if fitting else None


def review_levels(rng: random.Random, *, base: list[int], scales: list[Scale], leaning: int,
                  economy: str, breaks_away: int = 0) -> list[int]:
    """One reviewer's levels: the case study's `base`, moved by the reviewer's leaning, their panel's
    reading of a criterion, `breaks_away` steps on a disputed case study and a little noise."""
    leaned = set(rng.sample(range(len(scales)), round(LEANED_SHARE * len(scales))))
    levels = []
    for i, (level, scale) in enumerate(zip(base, scales, strict=True)):
        shift = leaning if i in leaned else 0
        if economy == STRICT_PANEL and scale.label == STRICT_CRITERION:
            shift -= rng.choice(STRICT_SHIFTS)
        levels.append(scale.clamp(level + shift + breaks_away + rng.choice(NOISE)))
    return levels


def recommendation(levels: list[int], scales: list[Scale]) -> str:
    """What a reviewer giving `levels` recommends: the higher their place on the scales, the stronger."""
    place = sum((v - s.low) / (s.high - s.low) for v, s in zip(levels, scales, strict=True)) / len(scales)
    if place >= 0.85:
        return "strongly_recommend"
    if place >= 0.6:
        return "recommend"
    if place >= 0.4:
        return "neutral"
    return "do_not_recommend"


def confidence(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 4, 4, 2))[0]


OVERALL_COMMENTS = {
    "strongly_recommend": [
        "An outstanding case: the figures are convincing and partners are named with their roles.",
        "Exactly what the report needs; other localities could copy it from this text alone.",
    ],
    "recommend": [
        "A clear case with useful figures; the lessons would help other localities.",
        "Solid and well documented; I would like a little more on costs after the grant ends.",
        "Convincing results; the partners' roles are described well.",
    ],
    "neutral": [
        "A promising initiative, but the results are early and partly estimated.",
        "Good intentions and some evidence; the link between the activities and the figures is loose.",
        "Interesting, though it reads more like a project plan than a result.",
    ],
    "do_not_recommend": [
        "The challenge is real, but the case gives almost no evidence of what changed.",
        "It depends on one grant and names no partner that would carry it on.",
    ],
}

STRICT_COMMENT = "The groups served are named, but no figure shows how many of them benefited."


def overall_comment(rng: random.Random, recommended: str) -> str:
    return rng.choice(OVERALL_COMMENTS[recommended])
