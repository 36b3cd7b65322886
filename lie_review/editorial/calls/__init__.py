"""Calls and their rubric: settings, dates, panel, criteria, weights and level descriptors."""
