"""Exports: the shortlist (CSV, XLSX, JSON) and the report draft (HTML, DOCX)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/exports")
