"""The call form's time zones: the co-hosting economies' zones first, where the fora are held, then every other."""

from __future__ import annotations

from flask_babel import gettext as _
from wtforms import SelectChoice

from ...auth.economies import economies
from ...forms import timezone_names

# Each co-host's zones, its capital's first. Russia spans eleven: Moscow's, then the others from west to east.
COHOST_ZONES = {
    "CT": ("Asia/Taipei",),
    "RUS": ("Europe/Moscow", "Europe/Kaliningrad", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
            "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok",
            "Asia/Magadan", "Asia/Kamchatka"),
    "THA": ("Asia/Bangkok",),
    "PHL": ("Asia/Manila",),
}


def zone_label(name: str) -> str:
    return name.replace("_", " ")


def call_timezone_choices() -> list[SelectChoice]:
    """The capitals of the co-hosts (Taipei, Moscow, Bangkok, Manila), Russia's other zones, then UTC and
    every other zone of a place, in two groups; each zone once, so a chosen one is chosen once."""
    names = {e.code: e.label for e in economies()}
    capitals = [(code, zones[0]) for code, zones in COHOST_ZONES.items()]
    others = [(code, zone) for code, zones in COHOST_ZONES.items() for zone in zones[1:]]
    cohosts_group = _("Co-hosting economies")
    first = [SelectChoice(zone, _("%(zone)s (%(economy)s)", zone=zone_label(zone), economy=names.get(code, code)),
                          optgroup=cohosts_group) for code, zone in capitals + others]
    listed = {choice.value for choice in first}
    all_group = _("All other time zones")
    return first + [SelectChoice("UTC", "UTC", optgroup=all_group)] + [
        SelectChoice(name, zone_label(name), optgroup=all_group) for name in timezone_names() if name not in listed]
