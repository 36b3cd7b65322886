"""How a review's coded values are named on every page and export."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import Recommendation

RECOMMENDATION_LABELS = {
    Recommendation.STRONGLY_RECOMMEND.value: _l("Strongly recommend"),
    Recommendation.RECOMMEND.value: _l("Recommend"),
    Recommendation.NEUTRAL.value: _l("Neutral"),
    Recommendation.DO_NOT_RECOMMEND.value: _l("Do not recommend"),
}
CONFIDENCE_LABELS = {
    1: _l("1 – not confident"), 2: _l("2"), 3: _l("3"), 4: _l("4"), 5: _l("5 – very confident"),
}
