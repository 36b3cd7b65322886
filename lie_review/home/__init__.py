"""The landing page and each signed-in user's home: a section per role, its main action one click away."""

from __future__ import annotations

from .views import bp

__all__ = ["bp"]
