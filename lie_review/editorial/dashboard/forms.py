"""The dashboard's filters, read from the query string."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional

from ...auth.forms import economy_choices
from ...case_studies.labels import ORGANISATION_TYPE_LABELS, SECTOR_LABELS
from ...case_studies.fora import ForumEntry
from ...forms import optional_int, plain_text
from ..labels import STATUS_LABELS
from .filters import SORTS, Filters


ORDERS = (("", _l("A to Z, highest score first")), ("asc", _l("Ascending")), ("desc", _l("Descending")))


class DashboardFilterForm(Form):
    """The dashboard's filters, read from the query string (a GET form: no CSRF token)."""

    q = SearchField(_l("Search title or organisation"), validators=[Optional(), Length(max=200), plain_text])
    forum = SelectField(_l("Forum"), coerce=optional_int, validators=[Optional()])
    economy = SelectField(_l("Economy"), coerce=optional_int, validators=[Optional()])
    sector = SelectField(_l("Sector"), validators=[Optional()])
    organisation_type = SelectField(_l("Organisation type"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    flagged = BooleanField(_l("Only where reviewers disagree"))
    sort = SelectField(_l("Sort by"), default="title")
    order = SelectField(_l("Order"), default="", validators=[Optional()])
    per_page = SelectField(_l("Rows per page"), coerce=int, default=50,
                           choices=[SelectChoice(str(n), str(n)) for n in (25, 50, 100)])

    def __init__(self, *args, fora: tuple[ForumEntry, ...], **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in _choices(fora).items():
            getattr(self, name).choices = choices

    def filters(self, page: int) -> Filters:
        """The valid filters (a field in error is left out), for the given page."""
        def value(field, default=None):
            return default if field.errors or field.data in ("", None) else field.data

        return Filters(
            q=(value(self.q) or "").strip(), forum_id=value(self.forum), economy_id=value(self.economy),
            sector=value(self.sector), organisation_type=value(self.organisation_type),
            status=value(self.status), flagged=bool(value(self.flagged, False)),
            sort=value(self.sort, "title"), order=value(self.order, ""),
            per_page=value(self.per_page, 50), page=page,
        )


# Per language, with the list of fora they were made from (a new list once any forum changes): the
# options of each filter, translated once rather than each time WTForms renders or measures a label.
_CHOICES: dict[str, tuple[tuple, dict[str, list[SelectChoice]]]] = {}


def _choices(fora: tuple[ForumEntry, ...]) -> dict[str, list[SelectChoice]]:
    locale = str(get_locale())
    kept = _CHOICES.get(locale)
    if kept is None or kept[0] is not fora:
        blank = [SelectChoice("", str(_l("Any")))]
        kept = _CHOICES[locale] = (fora, {
            "forum": blank + [SelectChoice(str(f.id), f.label) for f in fora],
            "economy": economy_choices(blank=blank[0].label),
            "sector": blank + [SelectChoice(k, str(v)) for k, v in SECTOR_LABELS.items()],
            "organisation_type": blank + [SelectChoice(k, str(v)) for k, v in ORGANISATION_TYPE_LABELS.items()],
            "status": blank + [SelectChoice(k, str(v)) for k, v in STATUS_LABELS.items()],
            "sort": [SelectChoice(k, str(v)) for k, v in SORTS.items()],
            "order": [SelectChoice(value, str(label)) for value, label in ORDERS],
        })
    return kept[1]
