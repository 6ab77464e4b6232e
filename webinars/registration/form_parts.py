"""The registration form's fields rendered once per content (webinars/rendered_parts.py).

Untouched (a GET), the fields are the same for every visitor of a webinar in one language: the
form's class is built from the webinar's settings, its organization's (country list, privacy
notice) and its questions, and its values are the defaults. The country list alone is some 250
options, and rendering the fields was most of the form page's time. Only the CSRF token differs
per visitor, and it stays out of this part.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from webinars.events.models import Webinar
from webinars.registration.forms import RegistrantDetailsForm
from webinars.registration.models import Question
from webinars.rendered_parts import hashable, loaded_values, render_once


def fields_html(form: RegistrantDetailsForm, webinar: Webinar, questions: Sequence[Question], notice: str) -> Markup:
    """``form``'s fields as registration/_form_fields.html renders them, for a form nobody filled in.

    The key is what the form's class is built from (the rows and the privacy notice's text) and the
    fields' values, in case a default ever depends on more."""
    key = (
        loaded_values((webinar, webinar.organization, *questions)),
        notice,
        tuple((field.name, hashable(field.data)) for field in form if field.type != "CSRFTokenField"),
    )
    return render_once("registration/_form_fields.html", key, lambda: {"form": form})
