"""The default rubric of a call: local challenge addressed, sustainability, inclusiveness."""

from __future__ import annotations

from .models import Criterion, CriterionLevel

DEFAULT_RUBRIC = [
    {
        "label": "Local challenge addressed",
        "guidance": "How clearly the case study names a real local challenge, and how far the "
                    "ecosystem's solution resolved it for the locality.",
        "levels": [
            "The local challenge is unclear or not addressed.",
            "A challenge is named, but the link between it and the solution is weak.",
            "A clear challenge, partly addressed; effects are plausible but not shown.",
            "A clear challenge, convincingly addressed, with evidence of local effect.",
            "A pressing challenge, decisively addressed, with strong evidence the locality changed.",
        ],
    },
    {
        "label": "Sustainability",
        "guidance": "Whether the model can last without one-off funding, and its environmental "
                    "footprint: revenue, partners' continued commitment, resource use.",
        "levels": [
            "Depends entirely on one-off funding; no environmental consideration.",
            "Some plan to continue, but fragile; environment mentioned only in passing.",
            "A workable economic model or clear environmental benefit, not yet both.",
            "Economically self-sustaining with a measurable environmental benefit.",
            "Proven over years, economically and environmentally, and strengthening the ecosystem.",
        ],
    },
    {
        "label": "Inclusiveness",
        "guidance": "Who benefits: women, youth, the elderly, rural and remote communities, persons "
                    "with disabilities, indigenous peoples; whether they took part in shaping it.",
        "levels": [
            "No attention to who benefits.",
            "Benefits a broad group; under-served groups are not considered.",
            "Reaches at least one under-served group, with some evidence.",
            "Designed with and for under-served groups, with clear evidence of benefit.",
            "Led or co-owned by under-served groups, with strong evidence of lasting benefit.",
        ],
    },
]


def default_criteria() -> list[Criterion]:
    """Fresh criteria (1–5, weight 1) with a descriptor per level, for a new call."""
    return [
        Criterion(
            position=i,
            label=item["label"],
            guidance=item["guidance"],
            weight=1.0,
            scale_min=1,
            scale_max=5,
            levels=[CriterionLevel(value=v, descriptor=d) for v, d in enumerate(item["levels"], start=1)],
        )
        for i, item in enumerate(DEFAULT_RUBRIC)
    ]
