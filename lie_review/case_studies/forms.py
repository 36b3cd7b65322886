"""The case study form: lenient for a draft (types and lengths), complete for a submission."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    URLField,
)
from wtforms.validators import URL, Email, InputRequired, Regexp, StopValidation, ValidationError

from ..auth.forms import economy_choices
from ..forms import MultiCheckboxField, WholeForm, optional_int
from ..i18n import languages
from . import attachments
from .fields import NEEDED, Characters, clean_text, complete_url, if_given, text_field, word_limit
from .labels import GROUP_SERVED_LABELS, ORGANISATION_TYPE_LABELS, SECTIONS, SECTOR_LABELS
from .fora import fora
from .models import CaseStudy
from .rules import LONG_FIELDS, TEXT_MAX_CHARS, WORD_LIMITS
from .versions import ENGLISH, TRANSLATED_FIELDS, english_field, offered_languages

ORGANISATION_TYPES = [SelectChoice(value, label) for value, label in ORGANISATION_TYPE_LABELS.items()]
SECTORS = [SelectChoice(value, label) for value, label in SECTOR_LABELS.items()]
GROUPS_SERVED = [SelectChoice(value, label) for value, label in GROUP_SERVED_LABELS.items()]


def _choice_labels(choices, blank):
    return [SelectChoice("", blank)] + list(choices)


def new_start_token() -> str:
    """A one-time token for one Start button: random, so no two pages ever carry the same one."""
    return secrets.token_urlsafe(32)


class StartForm(WholeForm):
    """One call's Start button, whose token tells a second press of it (a double click) from a new start."""

    start_token = HiddenField(validators=[InputRequired(), Regexp(r"^[A-Za-z0-9_-]{32,64}$")])


class WithdrawForm(WholeForm):
    """The withdrawal's confirmation; the applicant of an accepted case study ticks that it leaves the report."""

    confirm = BooleanField(_l("I understand: my case study leaves the report and will not be published."))

    def __init__(self, *args, accepted: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted = accepted

    def validate_confirm(self, field) -> None:
        if self.accepted and not field.data:
            raise ValidationError(_l("Tick the box to confirm that your case study leaves the report."))


@dataclass(frozen=True)
class Upload:
    """An attachment read from the request and found acceptable."""

    filename: str
    content_type: str
    data: bytes


class CaseStudyForm(WholeForm):
    """Every section of the case study; field names are the CaseStudy columns, and en_<column> for the
    texts of its English version (added after the class)."""

    language = SelectField(_l("Language of the case study"), default=ENGLISH, validate_choice=False,
                           description=_l("The language you write it in."))
    title = text_field(_l("Title"), max_chars=200, hint=_l("A short, specific title for the story."))
    summary = text_field(_l("Summary"), WORD_LIMITS["summary"],
                         _l("The whole story in a few sentences: who, where, what changed."))

    organisation_name = text_field(_l("Organisation"), max_chars=200,
                                   hint=_l("The name of the organisation behind the case study."))
    organisation_type = SelectField(_l("Organisation type"), validators=[NEEDED], default="")
    economy_id = SelectField(_l("Economy"), coerce=optional_int, validators=[NEEDED], default="")
    locality = text_field(_l("Locality"), max_chars=200, hint=_l("The city or region."))
    forum_id = SelectField(_l("Forum"), coerce=optional_int, default="",
                           description=_l("The forum where the case study was presented, if any."))
    sector = SelectField(_l("Sector"), validators=[NEEDED], default="")

    local_challenge = text_field(_l("Local challenge"), WORD_LIMITS["local_challenge"],
                                 _l("The problem the locality faced, and who it affected."))
    solution = text_field(_l("Solution and innovation"), WORD_LIMITS["solution"],
                          _l("What was done, and what was new about it."))
    ecosystem_partners = text_field(
        _l("Ecosystem partners"), WORD_LIMITS["ecosystem_partners"],
        _l("Which actors worked together and how: public sector, private sector, universities, "
           "incubators and accelerators, community."))
    results = text_field(_l("Results and impact"), WORD_LIMITS["results"],
                         _l("What changed, with figures where possible."))
    sustainability = text_field(_l("Sustainability"), WORD_LIMITS["sustainability"],
                                _l("Environmental and economic: how it lasts without one-off funding."))
    inclusiveness = text_field(
        _l("Inclusiveness"), WORD_LIMITS["inclusiveness"],
        _l("Who benefits: women, youth, elderly, rural and remote communities, persons with "
           "disabilities, indigenous peoples."))
    groups_served = MultiCheckboxField(
        _l("Groups served"), choices=GROUPS_SERVED,
        description=_l("Optional. Tick each group the work serves in particular."))
    lessons = text_field(_l("Lessons and replicability"), WORD_LIMITS["lessons"],
                         _l("What others can learn, and what it would take to do this elsewhere."))

    website = URLField(_l("Website"), validators=[Characters(max=500)], filters=[clean_text, complete_url],
                       description=_l("Optional. For example https://example.org"),
                       render_kw={"autocomplete": "url", "maxlength": 500})
    contact_name = text_field(_l("Name"), max_chars=120, hint=None)
    contact_email = EmailField(_l("Email"), validators=[NEEDED, Characters(max=254)], filters=[clean_text],
                               render_kw={"maxlength": 254})
    contact_phone = text_field(_l("Phone"), max_chars=40, needed=False, hint=_l("Optional."))
    consent_to_publish = BooleanField(
        _l("I agree that this case study may be published in the APEC report "
           "“Local Innovation Ecosystem Best Practices”."),
        validators=[NEEDED])

    attachment = FileField(_l("Add an attachment"), description=_l(
        "PDF, PNG or JPEG, up to 10 MB each and 5 in all. The file is added when you save."),
        render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"})
    version = HiddenField()
    saved_at = HiddenField()

    def __init__(self, *args, case_study: CaseStudy, attachment_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment_count = attachment_count
        self.accepted_languages = case_study.call.case_study_languages or [ENGLISH]
        names = languages()
        self.language.choices = [SelectChoice(code, names[code]) for code in
                                 offered_languages(self.accepted_languages, case_study.language, names)]
        self.upload: Upload | None = None
        self.kept = False  # True when the values are text kept after the session ended
        self.organisation_type.choices = _choice_labels(ORGANISATION_TYPES, _l("Choose a type"))
        self.sector.choices = _choice_labels(SECTORS, _l("Choose a sector"))
        self.economy_id.choices = economy_choices(blank=str(_l("Choose an economy")))
        self.forum_id.choices = [SelectChoice("", _l("Not presented at a forum"))] + [
            SelectChoice(str(f.id), f.label) for f in fora()]

    @property
    def offers_languages(self) -> bool:
        """Whether the applicant chooses a language and may add an English version: not when only English."""
        return len(self.language.choices) > 1

    def always_sent(self):
        # The language and the English version show only when there is a language to choose; when
        # they do not come, draft_values() keeps them as stored.
        sometimes = {"language", *ENGLISH_FIELDS}
        return [field for field in super().always_sent() if field.name not in sometimes]

    def validate_language(self, field):
        """One of the languages offered: a language the call does not accept is refused, draft or not."""
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose one of the languages this call accepts."))

    def validate_attachment(self, field):
        """Read the upload once: a PDF, PNG or JPEG by its content, within the size and count limits."""
        storage = field.data
        if not storage or not getattr(storage, "filename", None):
            return
        name = storage.filename
        if self.attachment_count >= attachments.MAX_COUNT:
            raise ValidationError(lazy_ngettext(
                "This case study already has %(num)d attachment, the most it can have. Remove it to add another.",
                "This case study already has %(num)d attachments, the most it can have. Remove one to add another.",
                attachments.MAX_COUNT))
        data = storage.stream.read(attachments.MAX_BYTES + 1)
        if len(data) > attachments.MAX_BYTES:
            raise ValidationError(_l("“%(name)s” is larger than 10 MB, the most an attachment may be.",
                                     name=name))
        if not data:
            raise ValidationError(_l("“%(name)s” is empty.", name=name))
        content_type = attachments.sniff(data[: attachments.SNIFF_BYTES])
        if content_type is None:
            raise ValidationError(_l("“%(name)s” is not a PDF, PNG or JPEG file. Attach documents as PDF "
                                     "and pictures as PNG or JPEG.", name=name))
        self.upload = Upload(attachments.safe_filename(name, content_type), content_type, data)

    def draft_values(self) -> dict:
        """The form's values as CaseStudy column values."""
        values = {name: self[name].data for name in DRAFT_FIELDS}
        for name in SINGLE_LINE_FIELDS:
            values[name] = " ".join((values[name] or "").split())
        for name in LONG_FIELDS:
            values[name] = values[name] or ""
        for name in ("organisation_type", "sector"):
            values[name] = values[name] or None
        values["consent_to_publish"] = bool(values["consent_to_publish"])
        chosen = set(values["groups_served"] or ())
        values["groups_served"] = [code for code in GROUP_SERVED_LABELS if code in chosen]
        english = {name: self[english_field(name)].data or "" for name in TRANSLATED_FIELDS}
        values["english_version"] = {**english, "title": " ".join(english["title"].split())}
        # What the page did not show (no language to choose, for an English-only call) stays as stored.
        if not self.language.raw_data:
            del values["language"]
        if not any(self[name].raw_data for name in ENGLISH_FIELDS):
            del values["english_version"]
        return values

    def check_for_submission(self) -> bool:
        """Add the submission rules' errors to the fields: everything needed, word limits, formats,
        consent. Run after validate(), on the values the draft was saved with."""
        ok = True
        for name in DRAFT_FIELDS:
            field = self[name]
            try:
                for rule in SUBMISSION_RULES.get(name, ()):
                    rule(self, field)
                if NEEDED in field.validators and not field.data:
                    raise StopValidation(NEEDED_MESSAGES[name])
            except (ValidationError, StopValidation) as error:
                field.errors.append(str(error))
                ok = False
        return self._check_languages() and ok

    def _check_languages(self) -> bool:
        """The language is one the call accepts; an English version goes with another language and, once
        begun, is written whole (the report prints it instead of the original), within the word limits."""
        english = {name: self[english_field(name)] for name in TRANSLATED_FIELDS}
        begun = any((field.data or "").strip() for field in english.values())
        language = self.language.data
        if language not in self.accepted_languages:
            self.language.errors.append(str(_l(
                "This call no longer accepts case studies in %(language)s: choose one of the languages offered.",
                language=languages().get(language, language))))
        elif begun and language == ENGLISH:
            self.language.errors.append(str(_l(
                "A case study written in English needs no English version: choose the language it is written "
                "in, or empty the English version.")))
        for name, field in english.items():
            try:
                if begun and not (field.data or "").strip():
                    raise ValidationError(_l("Write this part of the English version too, or leave the whole "
                                             "English version empty."))
                if name in WORD_LIMITS:
                    word_limit(WORD_LIMITS[name])(self, field)
            except ValidationError as error:
                field.errors.append(str(error))
        return not (self.language.errors or any(field.errors for field in english.values()))


# The English version: the same texts, named en_title, en_summary…, none of them needed for a draft.
TEXT_LABELS = {"title": _l("Title"), **dict(SECTIONS)}
for _name in TRANSLATED_FIELDS:
    setattr(CaseStudyForm, english_field(_name), text_field(
        _l("%(field)s in English", field=TEXT_LABELS[_name]), WORD_LIMITS.get(_name), "",
        max_chars=TEXT_MAX_CHARS if _name in WORD_LIMITS else 200, needed=False))
ENGLISH_FIELDS = tuple(english_field(name) for name in TRANSLATED_FIELDS)
SINGLE_LINE_FIELDS = ("title", "organisation_name", "locality", "website", "contact_name", "contact_email",
                      "contact_phone")
DRAFT_FIELDS = ("language", "title", "summary", "organisation_name", "organisation_type", "economy_id", "locality",
                "forum_id", "sector", "local_challenge", "solution", "ecosystem_partners", "results",
                "sustainability", "inclusiveness", "groups_served", "lessons", "website", "contact_name",
                "contact_email", "contact_phone", "consent_to_publish")
# The fields a post may send several values of.
SEVERAL_VALUES = ("groups_served",)
SUBMISSION_RULES = {
    **{name: [word_limit(limit)] for name, limit in WORD_LIMITS.items()},
    "website": [if_given(URL(message=_l("Enter the full address of the website, like https://example.org")))],
    "contact_email": [if_given(Email(message=_l("Enter an email address like name@example.org")))],
}
NEEDED_MESSAGES = {
    "title": _l("Enter a title."),
    "summary": _l("Write a summary."),
    "organisation_name": _l("Enter the name of the organisation."),
    "organisation_type": _l("Choose the type of organisation."),
    "economy_id": _l("Choose the economy."),
    "locality": _l("Enter the city or region."),
    "sector": _l("Choose a sector."),
    "local_challenge": _l("Describe the local challenge."),
    "solution": _l("Describe the solution and what was new about it."),
    "ecosystem_partners": _l("Describe the ecosystem partners and how they worked together."),
    "results": _l("Describe the results and impact."),
    "sustainability": _l("Describe how the work is sustainable."),
    "inclusiveness": _l("Describe who benefits."),
    "lessons": _l("Describe the lessons and how the work could be repeated elsewhere."),
    "contact_name": _l("Enter the name of the contact person."),
    "contact_email": _l("Enter the contact person's email address."),
    "consent_to_publish": _l("Tick the box to agree to publication: a case study can only be "
                             "submitted for the report with this consent."),
}

