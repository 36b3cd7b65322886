"""The jobs tests share the admin tests' signed-in admin."""

from ..admin.conftest import admin  # noqa: F401
