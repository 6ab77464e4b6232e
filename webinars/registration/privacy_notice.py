"""The privacy notice the registration form's consent checkbox agrees to."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from webinars.accounts.models import DEFAULT_RETENTION_MONTHS, Organization
from webinars.templating import organization_words


def privacy_notice_for(organization: Organization) -> str:
    """What the consent checkbox agrees to: the organization's own text, or a default one
    saying what is collected, why, how long it is kept (the organization's retention period,
    applied by webinars/privacy/), what is kept longer, and how to see, download or delete it."""
    from webinars.i18n import current_language

    notice = organization.privacy_notice_rendered(current_language())
    if notice is not None and notice.text.strip():
        return notice.text.strip()  # the organizer's Markdown, as plain text
    paragraphs = [
        _(
            "%(Organization)s collects your name, e-mail address, organization, job title, country, city "
            "and your answers to the questions of this form to manage your registration: to confirm it, "
            "to send you the joining details, reminders and any change of schedule, and to know who attended.",
            **organization_words(organization),
        ),
        ngettext(
            "Your data is kept for %(num)d month after the webinar, then anonymized: your name, e-mail "
            "address, organization, job title, country, city, answers and the e-mails sent to you are "
            "erased, and only anonymous counts remain. It is not sold and not shared beyond what running "
            "this webinar requires.",
            "Your data is kept for %(num)d months after the webinar, then anonymized: your name, e-mail "
            "address, organization, job title, country, city, answers and the e-mails sent to you are "
            "erased, and only anonymous counts remain. It is not sold and not shared beyond what running "
            "this webinar requires.",
            organization.retention_months or DEFAULT_RETENTION_MONTHS,
        ),
        _(
            "Signed agreements (speaker releases, conventions between organizations) are legal records: "
            "they are kept with their signatures after this period."
        ),
        _(
            "Through the personal link in your confirmation e-mail you can see and correct your details, "
            "cancel your registration, download your data, or delete your registration and data at any "
            "time. For any other request about your data, contact %(organization)s.",
            **organization_words(organization),
        ),
    ]
    if organization.website:
        paragraphs[-1] += " " + organization.website
    return "\n\n".join(paragraphs)
