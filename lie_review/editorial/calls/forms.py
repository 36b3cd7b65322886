"""Forms of the calls workflow: a call's settings and dates, a rubric criterion with its levels, and a
forum's name and city, each text with its translations (fields `<name>_<locale>`)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import request
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ...auth.economies import economies
from ...case_studies.models import Call, Forum
from ...case_studies.versions import ENGLISH
from ...clock import in_zone, utcnow, zone
from ...forms import MultiCheckboxField, TranslatedForm, finite, plain_text
from ...i18n import languages
from ...reviews.models import Criterion
from .operations import CALL_FIELDS, CRITERION_FIELDS, FORUM_FIELDS, call_stamp, criterion_stamp, forum_stamp
from .zones import call_timezone_choices

SCALE_LIMITS = (0, 10)
YEARS = (2000, 2200)
TITLE_MAX, DESCRIPTION_MAX, LABEL_MAX, GUIDANCE_MAX, DESCRIPTOR_MAX = 200, 5000, 160, 2000, 500
FORUM_NAME_MAX, CITY_MAX = 160, 120
# The translated texts of a call, a criterion and a forum: form field → the field its translations are stored under.
CALL_TEXTS = {"title": "title", "description": "description"}
CRITERION_TEXTS = {"label": "label", "guidance": "guidance"}
FORUM_TEXTS = {"name": "name", "city": "city"}


def panel_choices() -> list[SelectChoice]:
    """The co-hosting economies first (the default panel), then the others by name."""
    return [SelectChoice(str(e.id), f"{e.label} ({e.code})")
            for e in sorted(economies(), key=lambda e: (not e.is_cohost, e.label.casefold()))]


def _twin(max_length: int) -> list:
    """A translation's validators: the English field's limit and policy, but optional (empty: not translated)."""
    return [Optional(), Length(max=max_length), plain_text]


class CallForm(TranslatedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX), plain_text])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=DESCRIPTION_MAX), plain_text])
    timezone = SelectField(_l("Time zone of the call"), default="Asia/Taipei",
                           description=_l("The dates below are in this time zone. The co-hosting economies' zones "
                                          "come first."))
    opens_at = DateTimeLocalField(_l("Submissions open"), validators=[InputRequired()])
    closes_at = DateTimeLocalField(_l("Submissions close"), validators=[InputRequired()])
    review_ends_at = DateTimeLocalField(_l("Review ends"), validators=[InputRequired()])
    panel = MultiCheckboxField(_l("Panel economies"), coerce=int,
                               validators=[DataRequired(_l("Choose at least one economy for the panel."))],
                               description=_l("Every case study is reviewed by reviewers from each of these."))
    reviews_per_economy = IntegerField(_l("Reviews per economy"), default=1,
                                       validators=[InputRequired(), NumberRange(min=1, max=10)])
    reviewers_see_others = BooleanField(_l("Reviewers see the other reviews after submitting their own"),
                                        default=True)
    hide_applicant_identity = BooleanField(_l("Hide the applicant's identity from reviewers"))
    exclude_same_economy = BooleanField(_l("Exclude reviewers from the applicant's own economy"))
    disagreement_threshold = FloatField(
        _l("Disagreement threshold (points)"), default=30.0,
        validators=[InputRequired(), finite, NumberRange(min=0, max=100)],
        description=_l("A case study is flagged when its review totals (0–100) differ by at least this much."))
    case_study_languages = MultiCheckboxField(
        _l("Languages besides English"),
        description=_l("Case studies may always be written in English. Tick the other languages they may be "
                       "written in: an applicant writing in one of them may add an English version."))
    stamp = HiddenField(validators=[Length(max=64)])

    twins = {
        "title": lambda language: StringField(_l("Title in %(language)s", language=language),
                                              validators=_twin(TITLE_MAX)),
        "description": lambda language: TextAreaField(_l("Description in %(language)s", language=language),
                                                      validators=_twin(DESCRIPTION_MAX)),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = call_timezone_choices()
        self.panel.choices = panel_choices()
        # Each language under its own name, so that whoever writes in it recognises it.
        self.case_study_languages.choices = [SelectChoice(code, name) for code, name in languages().items()
                                             if code != ENGLISH]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in (self.opens_at, self.closes_at, self.review_ends_at):
            if field.data and not YEARS[0] <= field.data.year <= YEARS[1]:
                field.errors.append(_l("Choose a date between %(a)d and %(b)d.", a=YEARS[0], b=YEARS[1]))
                field.data, valid = None, False
        opens, closes, ends = self.opens_at.data, self.closes_at.data, self.review_ends_at.data
        if opens and closes and opens >= closes:
            self.closes_at.errors.append(_l("Submissions must close after they open."))
            valid = False
        if closes and ends and closes > ends:
            self.review_ends_at.errors.append(_l("Review cannot end before submissions close."))
            valid = False
        return valid

    def values(self) -> dict:
        """The call's columns, with the dates converted from the call's time zone to UTC."""
        tz = self.timezone.data
        values = {name: getattr(self, name).data for name in CALL_FIELDS}
        values["title"] = values["title"].strip()
        values["description"] = (values["description"] or "").strip()
        chosen = set(values["case_study_languages"] or ())
        values["case_study_languages"] = [ENGLISH] + [code for code in languages() if code in chosen and code != ENGLISH]
        for name in ("opens_at", "closes_at", "review_ends_at"):
            values[name] = values[name].replace(tzinfo=zone(tz)).astimezone(timezone.utc)
        return values

    def text_translations(self) -> dict[str, dict[str, str]]:
        """The title and description in each language they were given in."""
        return self.translations(CALL_TEXTS)

    @staticmethod
    def defaults() -> dict:
        """A new call: open from the coming hour for 60 days, reviewed for 30 more, by the co-hosts."""
        tz = "Asia/Taipei"
        start = _local(utcnow(), tz).replace(minute=0) + timedelta(hours=1)
        cohosts = [e.id for e in economies() if e.is_cohost]
        return {"timezone": tz, "opens_at": start, "closes_at": start + timedelta(days=60),
                "review_ends_at": start + timedelta(days=90), "panel": list(cohosts)}

    @staticmethod
    def data_of(call: Call, *, copy: bool = False) -> dict:
        """The form's values for editing `call`, or for a copy of it, whose title is new: its
        translations start empty rather than name the old call."""
        data = {name: getattr(call, name) for name in CALL_FIELDS}
        for name in ("opens_at", "closes_at", "review_ends_at"):
            data[name] = _local(getattr(call, name), call.timezone)
        data["panel"] = [e.id for e in call.panel_economies]
        data.update(CallForm.twin_data(call, {"description": "description"} if copy else CALL_TEXTS))
        data["case_study_languages"] = [code for code in call.case_study_languages if code != ENGLISH]
        data["stamp"] = call_stamp(call)
        return data


def _local(value: datetime, tz: str) -> datetime:
    return in_zone(value, tz).replace(tzinfo=None, second=0, microsecond=0)


class CriterionForm(TranslatedForm):
    label = StringField(_l("Label"), validators=[DataRequired(), Length(max=LABEL_MAX), plain_text])
    guidance = TextAreaField(_l("Guidance for reviewers"),
                             validators=[Optional(), Length(max=GUIDANCE_MAX), plain_text])
    weight = FloatField(_l("Weight"), default=1.0,
                        validators=[InputRequired(), finite, NumberRange(min=0.1, max=100)],
                        description=_l("Relative to the other criteria: 2 counts twice as much as 1."))
    scale_min = IntegerField(_l("Lowest level"), default=1, validators=[InputRequired(), NumberRange(*SCALE_LIMITS)])
    scale_max = IntegerField(_l("Highest level"), default=5, validators=[InputRequired(), NumberRange(*SCALE_LIMITS)])
    stamp = HiddenField(validators=[Length(max=64)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        low, high = self.scale_min.data, self.scale_max.data
        if low is not None and high is not None and not self.scale_min.errors and not self.scale_max.errors:
            if low >= high:
                self.scale_max.errors.append(_l("The highest level must be above the lowest."))
                return False
            for field in self.level_fields():
                if not (field.data or "").strip():
                    field.errors.append(_l("Describe this level for reviewers."))
                    valid = False
        return valid

    def always_sent(self):
        # The page shows a level's descriptor with its translations, for the levels of the scale it
        # was given: a post that has a level has its translations. A level of the posted scale that
        # the post lacks (the scale was just changed) is validate()'s to refuse.
        return [f for f in super().always_sent()
                if not f.name.startswith("level_") or "_".join(f.name.split("_")[:2]) in request.form]

    def levels_only(self) -> bool:
        """Whether this post asks for the levels of its scale rather than a save: htmx asks as the scale
        changes (`show=levels`); a plain save asks when its scale has levels the page did not show yet. A post
        cut short is refused first: its scale may be a number cut in two."""
        if not self.posted:
            return False
        self.check_whole()
        return request.form.get("show") == "levels" or bool(self.new_levels())

    def new_levels(self) -> list[int]:
        """The levels of the posted scale whose descriptor field the post lacks: the page showed another scale."""
        return [v for v in self.scale() if f"level_{v}" not in request.form] if self.posted else []

    def scale(self) -> range:
        low, high = self.scale_min.data, self.scale_max.data
        valid = isinstance(low, int) and isinstance(high, int) and SCALE_LIMITS[0] <= low < high <= SCALE_LIMITS[1]
        return range(low, high + 1) if valid else range(1, 6)

    def level_fields(self) -> list:
        return [self[f"level_{v}"] for v in self.scale()]

    def translation_groups(self) -> list:
        """A group per language: the label, the guidance and the descriptors of the levels of the scale."""
        return self.by_language([*CRITERION_TEXTS, *(f"level_{v}" for v in self.scale())])

    def values(self) -> dict:
        return {"label": self.label.data.strip(), "guidance": (self.guidance.data or "").strip(),
                "weight": self.weight.data, "scale_min": self.scale_min.data, "scale_max": self.scale_max.data}

    def descriptors(self) -> dict[int, str]:
        return {v: (self[f"level_{v}"].data or "").strip() for v in self.scale()}

    def text_translations(self) -> dict[str, dict[str, str]]:
        """The label and guidance in each language they were given in."""
        return self.translations(CRITERION_TEXTS)

    def level_translations(self) -> dict[int, dict[str, dict[str, str]]]:
        """Each level's descriptor in each language it was given in, by level."""
        return {v: self.translations({f"level_{v}": "descriptor"}) for v in self.scale()}

    @staticmethod
    def data_of(criterion: Criterion) -> dict:
        data = {name: getattr(criterion, name) for name in CRITERION_FIELDS}
        data.update(CriterionForm.twin_data(criterion, CRITERION_TEXTS))
        for level in criterion.levels:
            data[f"level_{level.value}"] = level.descriptor
            data.update(CriterionForm.twin_data(level, {f"level_{level.value}": "descriptor"}))
        data["stamp"] = criterion_stamp(criterion)
        return data


CriterionForm.twins = {
    "label": lambda language: StringField(_l("Label in %(language)s", language=language), validators=_twin(LABEL_MAX)),
    "guidance": lambda language: TextAreaField(_l("Guidance for reviewers in %(language)s", language=language),
                                               validators=_twin(GUIDANCE_MAX)),
}
for _value in range(SCALE_LIMITS[0], SCALE_LIMITS[1] + 1):
    setattr(CriterionForm, f"level_{_value}", StringField(
        _l("Level %(n)d", n=_value), validators=[Optional(), Length(max=DESCRIPTOR_MAX), plain_text]))
    CriterionForm.twins[f"level_{_value}"] = (
        lambda language, value=_value: StringField(_l("Level %(n)d in %(language)s", n=value, language=language),
                                                   validators=_twin(DESCRIPTOR_MAX)))


def forum_prefix(forum_id: int) -> str:
    """The fora page has a form per forum: each prefixed, so every field's id is unique on the page."""
    return f"forum-{forum_id}"


class ForumForm(TranslatedForm):
    name = StringField(_l("Forum name"), validators=[DataRequired(), Length(max=FORUM_NAME_MAX), plain_text])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=CITY_MAX), plain_text])
    stamp = HiddenField(validators=[Length(max=64)])

    twins = {
        "name": lambda language: StringField(_l("Forum name in %(language)s", language=language),
                                             validators=_twin(FORUM_NAME_MAX)),
        "city": lambda language: StringField(_l("City in %(language)s", language=language), validators=_twin(CITY_MAX)),
    }

    def values(self) -> dict:
        return {"name": self.name.data.strip(), "city": self.city.data.strip()}

    def text_translations(self) -> dict[str, dict[str, str]]:
        """The name and city in each language they were given in."""
        return self.translations(FORUM_TEXTS)

    def show_fallbacks(self, forum: Forum) -> None:
        """Each empty translation shows, faintly, what its readers see instead: the catalog's translation
        of a seeded forum's name and city, else the English."""
        for locale in self.twin_locales:
            with force_locale(locale):
                for name in FORUM_TEXTS:
                    self.twin(name, locale).render_kw = {"placeholder": gettext(getattr(forum, name))}

    @staticmethod
    def data_of(forum: Forum) -> dict:
        return {**{name: getattr(forum, name) for name in FORUM_FIELDS}, **ForumForm.twin_data(forum, FORUM_TEXTS),
                "stamp": forum_stamp(forum)}
