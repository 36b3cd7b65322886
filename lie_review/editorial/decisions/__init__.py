"""Decisions on case studies and their release to applicants."""
