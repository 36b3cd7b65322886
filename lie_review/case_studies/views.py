"""Applicant pages: my case studies, the case study form, attachments, status."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("case_studies", __name__, url_prefix="/case-studies")
