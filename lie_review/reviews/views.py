"""Reviewer pages: my reviews, the scoring page, conflicts."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
