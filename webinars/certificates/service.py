"""Who gets a certificate of attendance, issuing it, correcting the name on it, revoking it.

Eligible: a confirmed registrant of a webinar that ended (not cancelled), with certificates on,
who attended. With an imported attendance report (some registrant has minutes in the session),
the minutes decide: at least ``minimum_minutes`` (someone the organizers checked in by hand,
without minutes, counts too: they vouched for them). Without a report, being checked in or having
clicked "Join now" on the join page is enough.

Certificates are issued when first needed (the registrant's page, the thank-you e-mail) or all
at once by the organizer; an issued certificate keeps its code, name and minutes, whatever is
imported afterwards, until the organizer revokes it.

Functions flush but never commit: the view owns the transaction.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, exists, insert, or_, select

from webinars.agreements.models import Agreement
from webinars.agreements.lookup import normalize_code
from webinars.certificates.models import Certificate, CertificateSettings
from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.joining.models import JoinClick
from webinars.registration.models import Registration, RegistrationState

# The same shape as agreements' codes (80 bits, no look-alike characters): one /verify page reads both.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16


class CertificateError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- settings ---------------------------------------------------------------------------------


def settings_of(webinar_id: int) -> CertificateSettings | None:
    return db.session.get(CertificateSettings, webinar_id)


def save_settings(webinar: Webinar, *, enabled: bool, minimum_minutes: int) -> CertificateSettings:
    settings = settings_of(webinar.id)
    if settings is None:
        settings = CertificateSettings(webinar_id=webinar.id)
        db.session.add(settings)
    settings.enabled = enabled
    settings.minimum_minutes = minimum_minutes
    db.session.flush()
    return settings


def is_available(webinar: Webinar, now: datetime) -> bool:
    """Certificates are on and the webinar took place."""
    settings = settings_of(webinar.id)
    return settings is not None and settings.enabled and not webinar.is_cancelled and webinar.ends_at <= now


# --- eligibility ------------------------------------------------------------------------------


def has_report(webinar_id: int) -> bool:
    """An attendance report was imported: some registrant has minutes in the session."""
    return bool(
        db.session.scalar(
            select(
                exists().where(Registration.webinar_id == webinar_id, Registration.minutes_in_session.is_not(None))
            )
        )
    )


def eligible(webinar: Webinar, settings: CertificateSettings) -> ColumnElement[bool]:
    """The condition on ``Registration`` (for one query over the whole webinar)."""
    confirmed = and_(Registration.webinar_id == webinar.id, Registration.state == RegistrationState.CONFIRMED)
    if has_report(webinar.id):
        present = and_(
            Registration.attended.is_(True),
            or_(
                Registration.minutes_in_session >= settings.minimum_minutes,
                Registration.minutes_in_session.is_(None),  # checked in by hand: the organizers vouch for them
            ),
        )
    else:
        present = or_(
            Registration.attended.is_(True), exists().where(JoinClick.registration_id == Registration.id)
        )
    return and_(confirmed, present)


def is_eligible(registration: Registration) -> bool:
    settings = settings_of(registration.webinar_id)
    if settings is None or not settings.enabled:
        return False
    return bool(
        db.session.scalar(
            select(exists().where(Registration.id == registration.id, eligible(registration.webinar, settings)))
        )
    )


def eligible_ids(webinar: Webinar, among: list[int]) -> set[int]:
    """Which of these registrants are eligible (one query, for a batch of follow-ups)."""
    settings = settings_of(webinar.id)
    if settings is None or not settings.enabled or not among:
        return set()
    return set(db.session.scalars(select(Registration.id).where(Registration.id.in_(among), eligible(webinar, settings))))


# --- issuing ----------------------------------------------------------------------------------


def certificate_of(registration: Registration) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.registration_id == registration.id))


def issue_for(registration: Registration, now: datetime) -> Certificate | None:
    """The registrant's certificate, issued now if they are eligible and have none; None if not eligible."""
    existing = certificate_of(registration)
    if existing is not None:
        return existing
    if not is_available(registration.webinar, now) or not is_eligible(registration):
        return None
    certificate = Certificate(
        webinar_id=registration.webinar_id,
        registration_id=registration.id,
        code=new_code(),
        holder_name=registration.full_name,
        minutes_attended=registration.minutes_in_session,
        issued_at=now,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def issue_all(webinar: Webinar, now: datetime) -> int:
    """Issue a certificate to every eligible registrant who has none; returns how many were issued."""
    settings = settings_of(webinar.id)
    if settings is None or not is_available(webinar, now):
        return 0
    has_one = exists().where(Certificate.registration_id == Registration.id)
    rows = db.session.execute(
        select(Registration.id, Registration.first_name, Registration.last_name, Registration.minutes_in_session)
        .where(eligible(webinar, settings), ~has_one)
        .order_by(Registration.id)
    ).all()
    if not rows:
        return 0
    codes = new_codes(len(rows))
    db.session.execute(
        insert(Certificate),
        [
            {
                "webinar_id": webinar.id,
                "registration_id": registration_id,
                "code": code,
                "holder_name": f"{first_name} {last_name}",
                "minutes_attended": minutes,
                "issued_at": now,
            }
            for (registration_id, first_name, last_name, minutes), code in zip(rows, codes, strict=True)
        ],
    )
    return len(rows)


def new_code() -> str:
    return new_codes(1)[0]


def new_codes(count: int) -> list[str]:
    """Codes no certificate and no agreement has (80 random bits each: a clash is a formality)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {_random_code() for _ in range(count - len(codes))}
        taken = set(db.session.scalars(select(Certificate.code).where(Certificate.code.in_(wanted))))
        taken |= set(db.session.scalars(select(Agreement.verification_code).where(Agreement.verification_code.in_(wanted))))
        codes |= wanted - taken
    return sorted(codes)


def _random_code() -> str:
    return normalize_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def certificate_for_code(code: str) -> Certificate | None:
    normalized = normalize_code(code)
    if normalized is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == normalized))


# --- the holder and the organizer -------------------------------------------------------------


def correct_name(certificate: Certificate, name: str, now: datetime) -> None:
    """Once, before the first download: the spelling the holder wants printed."""
    if certificate.is_revoked:
        raise CertificateError(_("This certificate was revoked by the organizers."))
    if certificate.name_corrected_at is not None:
        raise CertificateError(_("The name on the certificate was already corrected once."))
    if certificate.first_downloaded_at is not None:
        raise CertificateError(_("The certificate was downloaded already: its name can no longer change."))
    name = " ".join(name.split())
    if not name:
        raise CertificateError(_("Write your name as it should appear."))
    certificate.holder_name = name
    certificate.name_corrected_at = now
    db.session.flush()


def record_download(certificate: Certificate, now: datetime) -> None:
    if certificate.first_downloaded_at is None:
        certificate.first_downloaded_at = now
        db.session.flush()


def revoke(certificate: Certificate, reason: str | None, now: datetime) -> None:
    certificate.revoked_at = now
    certificate.revoked_reason = (reason or "").strip() or None
    db.session.flush()


def reinstate(certificate: Certificate) -> None:
    certificate.revoked_at = None
    certificate.revoked_reason = None
    db.session.flush()
