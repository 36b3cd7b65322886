"""Forms of the calls workflow: a call's settings and dates, and a rubric criterion with its levels."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
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

from ...auth.models import Economy
from ...case_studies.models import Call
from ...case_studies.versions import ENGLISH
from ...clock import in_zone, utcnow, zone
from ...extensions import db
from ...forms import MultiCheckboxField, finite, plain_text, timezone_choices
from ...i18n import languages
from ...reviews.models import Criterion
from .operations import CALL_FIELDS, CRITERION_FIELDS, call_stamp, criterion_stamp

SCALE_LIMITS = (0, 10)
YEARS = (2000, 2200)


def panel_choices() -> list[SelectChoice]:
    """The co-hosting economies first (the default panel), then the others by name."""
    rows = db.session.execute(db.select(Economy)).scalars()
    return [SelectChoice(str(e.id), f"{e.label} ({e.code})")
            for e in sorted(rows, key=lambda e: (not e.is_cohost, e.label.casefold()))]


class CallForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), plain_text])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000), plain_text])
    timezone = SelectField(_l("Time zone of the call"), default="Asia/Taipei",
                           description=_l("The dates below are in this time zone."))
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices(SelectChoice("UTC", "UTC"))
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

    @staticmethod
    def defaults() -> dict:
        """A new call: open from the coming hour for 60 days, reviewed for 30 more, by the co-hosts."""
        tz = "Asia/Taipei"
        start = _local(utcnow(), tz).replace(minute=0) + timedelta(hours=1)
        cohosts = db.session.execute(db.select(Economy.id).where(Economy.is_cohost)).scalars()
        return {"timezone": tz, "opens_at": start, "closes_at": start + timedelta(days=60),
                "review_ends_at": start + timedelta(days=90), "panel": list(cohosts)}

    @staticmethod
    def data_of(call: Call) -> dict:
        data = {name: getattr(call, name) for name in CALL_FIELDS}
        for name in ("opens_at", "closes_at", "review_ends_at"):
            data[name] = _local(getattr(call, name), call.timezone)
        data["panel"] = [e.id for e in call.panel_economies]
        data["case_study_languages"] = [code for code in call.case_study_languages if code != ENGLISH]
        data["stamp"] = call_stamp(call)
        return data


def _local(value: datetime, tz: str) -> datetime:
    return in_zone(value, tz).replace(tzinfo=None, second=0, microsecond=0)


class CriterionForm(FlaskForm):
    label = StringField(_l("Label"), validators=[DataRequired(), Length(max=160), plain_text])
    guidance = TextAreaField(_l("Guidance for reviewers"), validators=[Optional(), Length(max=2000), plain_text])
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

    def scale(self) -> range:
        low, high = self.scale_min.data, self.scale_max.data
        valid = isinstance(low, int) and isinstance(high, int) and SCALE_LIMITS[0] <= low < high <= SCALE_LIMITS[1]
        return range(low, high + 1) if valid else range(1, 6)

    def level_fields(self) -> list:
        return [self[f"level_{v}"] for v in self.scale()]

    def values(self) -> dict:
        return {"label": self.label.data.strip(), "guidance": (self.guidance.data or "").strip(),
                "weight": self.weight.data, "scale_min": self.scale_min.data, "scale_max": self.scale_max.data}

    def descriptors(self) -> dict[int, str]:
        return {v: (self[f"level_{v}"].data or "").strip() for v in self.scale()}

    @staticmethod
    def data_of(criterion: Criterion) -> dict:
        data = {name: getattr(criterion, name) for name in CRITERION_FIELDS}
        data.update({f"level_{level.value}": level.descriptor for level in criterion.levels})
        data["stamp"] = criterion_stamp(criterion)
        return data


for _value in range(SCALE_LIMITS[0], SCALE_LIMITS[1] + 1):
    setattr(CriterionForm, f"level_{_value}", StringField(
        _l("Level %(n)d", n=_value), validators=[Optional(), Length(max=500), plain_text]))
