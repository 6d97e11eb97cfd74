"""The one rule for stored text: no control characters.

A NUL byte cannot even be stored by PostgreSQL, and the other control characters (escape, backspace, ...)
come only from pasting or tampering and break CSV exports, PDFs and e-mails. Line breaks and tabs
are text. `install` (called once by core.apps) makes every form CharField refuse them, so every form,
the admin's and third-party ones included, refuses them with the same Thai message.
"""

import re
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTER_MESSAGE = _(
    "The text contains invisible control characters (often pasted from another program). Type it again."
)


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


def refuse_control_characters(value: object) -> None:
    """Validator for text, or a list of texts (a field that cleans to one line per item)."""
    texts: Iterable[object] = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(text, str) and has_control_characters(text) for text in texts):
        raise ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_characters")


def install() -> None:
    """Every form CharField (and its subclasses: e-mail, URL, JSON, ...) refuses control characters.

    Done on the class's ``validate`` rather than as a default validator: form classes declare their
    fields when imported, and the admin imports the apps' forms before core is ready, so a validator
    added then would miss them; a method is looked up when a form is cleaned."""
    if getattr(forms.CharField.validate, "refuses_control_characters", False):
        return
    plain_validate = forms.CharField.validate

    def validate(self: forms.CharField, value: object) -> None:
        plain_validate(self, value)
        refuse_control_characters(value)

    validate.refuses_control_characters = True  # type: ignore[attr-defined]
    forms.CharField.validate = validate  # type: ignore[method-assign,assignment]
