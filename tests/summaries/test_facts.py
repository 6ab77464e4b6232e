"""The facts a recap is drafted from, read from the database: line-up, partners, completed conventions,
the summary's key figures and quotes, and the attendees."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.factories import utc
from webinars.agreements.models import AgreementKind, AgreementStatus
from webinars.events.models import Language, WebinarStatus
from webinars.extensions import db
from webinars.people.models import ParticipationRole
from webinars.registration.models import RegistrationState
from webinars.summaries.facts import draft_for, recap_facts
from webinars.summaries.models import KeyFigure, Quote, Summary
from webinars.summaries.recap import RecapConvention, RecapKeyFigure, RecapPerson, RecapQuote, RecapSignatory

N = "\u202f"
S = "\u00a0"


@pytest.fixture
def organization(app):
    return factories.make_organization("APEBI — Pôle Offshoring", timezone="Africa/Casablanca")


@pytest.fixture
def webinar(organization, clock):
    """18 December 2020, 10:00–12:00 in Casablanca (UTC+1 then): a moderator, two speakers, a partner."""
    webinar = factories.make_webinar(
        organization,
        title="L'offshoring régionalisé",
        starts_at=utc(2020, 12, 18, 9, 0),
        status=WebinarStatus.PUBLISHED,
        language=Language.FR,
        slug="offshoring-regionalise",
    )
    moderator = factories.make_person(organization, "Mohamed Benabbou", position=None, affiliation=None)
    factories.add_participant(webinar, moderator, ParticipationRole.MODERATOR)
    factories.add_participant(
        webinar,
        factories.make_person(
            organization, "Yassine Tazi", position="Directeur général",
            affiliation="Centre régional d'investissement Fès-Meknès",
        ),
    )
    factories.add_participant(
        webinar,
        factories.make_person(organization, "Idriss Elasri", position="Directeur général", affiliation="Altran Maroc"),
    )
    factories.make_partner(webinar, "CRI Fès-Meknès")
    return webinar


def people_of(webinar) -> dict:
    return {participation.person.full_name: participation.person for participation in webinar.participations}


def make_summary(webinar, *, key_figures=(), quotes=(), recording_url=None) -> Summary:
    """``quotes``: (text, full name of one of the webinar's people)."""
    people = people_of(webinar)
    summary = Summary(webinar=webinar, recording_url=recording_url)
    summary.key_figures = [KeyFigure(position=n, value=v, label=label) for n, (v, label) in enumerate(key_figures)]
    summary.quotes = [Quote(position=n, text=text, person=people[name]) for n, (text, name) in enumerate(quotes)]
    db.session.add(summary)
    db.session.commit()
    return summary


def test_facts_of_a_webinar_with_everything(webinar, organization):
    factories.make_completed_convention(
        webinar,
        "Convention de partenariat APEBI – CRI Fès-Meknès",
        parties=(("Centre régional d'investissement Fès-Meknès", "Yassine Tazi"), ("APEBI", "Karim Alaoui")),
        signed_at=utc(2020, 12, 18, 10, 4),
    )
    for attended in (True, True, True, False):
        factories.make_registration(webinar, attended=attended)
    factories.make_registration(webinar, state=RegistrationState.CANCELLED, attended=True)
    factories.make_registration(factories.make_webinar(organization, title="Another"), attended=True)
    summary = make_summary(
        webinar,
        key_figures=[("36", "centres d'appels à Fès"), ("4 500", "employés")],
        quotes=[("La région est la troisième.", "Yassine Tazi"), ("Une crise, une opportunité.", "Mohamed Benabbou")],
        recording_url="https://video.example.org/offshoring",
    )

    facts = recap_facts(summary)

    tazi = RecapPerson("Yassine Tazi", "Directeur général", "Centre régional d'investissement Fès-Meknès")
    assert facts.language == "fr"
    assert facts.organizer == "APEBI — Pôle Offshoring"
    assert facts.partners == ("CRI Fès-Meknès",)
    assert facts.title == "L'offshoring régionalisé"
    assert facts.starts_local.isoformat() == "2020-12-18T10:00:00+01:00"
    assert facts.moderator == RecapPerson("Mohamed Benabbou")
    assert facts.speakers == (tazi, RecapPerson("Idriss Elasri", "Directeur général", "Altran Maroc"))
    assert facts.conventions == (
        RecapConvention(
            title="Convention de partenariat APEBI – CRI Fès-Meknès",
            signatories=(
                RecapSignatory("Yassine Tazi", "Centre régional d'investissement Fès-Meknès"),
                RecapSignatory("Karim Alaoui", "APEBI"),
            ),
            signed_during_event=True,
            signed_on=date(2020, 12, 18),
        ),
    )
    assert facts.key_figures == (RecapKeyFigure("36", "centres d'appels à Fès"), RecapKeyFigure("4 500", "employés"))
    assert facts.quotes == (
        RecapQuote("La région est la troisième.", tazi),
        RecapQuote("Une crise, une opportunité.", RecapPerson("Mohamed Benabbou")),
    )
    assert facts.attendees == 3  # confirmed and present: not the cancelled one, not another webinar's
    assert facts.recording_url == "https://video.example.org/offshoring"


def test_only_completed_conventions_count_and_the_date_is_local(webinar):
    # 23:30 UTC on the 19th was already the 20th in Casablanca (UTC+1 in 2020).
    factories.make_completed_convention(webinar, "Avenant", signed_at=utc(2020, 12, 19, 23, 30))
    pending = factories.make_completed_convention(webinar, "Pas encore signée")
    pending.status = AgreementStatus.SENT
    release = factories.make_completed_convention(webinar, "Autorisation")
    release.kind = AgreementKind.RELEASE
    db.session.commit()

    [convention] = recap_facts(make_summary(webinar)).conventions

    assert convention.title == "Avenant"
    assert convention.signed_during_event is False
    assert convention.signed_on == date(2020, 12, 20)


def test_a_webinar_without_line_up_or_anything_else(organization, clock):
    bare = factories.make_webinar(organization, starts_at=utc(2020, 12, 18, 9, 0), language=Language.EN)

    facts = recap_facts(make_summary(bare))

    assert (facts.language, facts.moderator, facts.speakers, facts.partners) == ("en", None, (), ())
    assert (facts.conventions, facts.key_figures, facts.quotes, facts.attendees) == ((), (), (), 0)
    assert facts.recording_url is None


def test_draft_for_writes_in_the_webinars_language(webinar):
    factories.make_completed_convention(webinar, "Convention APEBI – CRI", signed_at=utc(2020, 12, 18, 10, 4))
    summary = make_summary(webinar, quotes=[("« Une crise, une opportunité. »", "Mohamed Benabbou")])

    french = draft_for(summary)
    webinar.language = Language.EN
    db.session.commit()
    english = draft_for(summary)

    assert french.title == f"Retour sur le webinaire «{N}L'offshoring régionalisé{N}»"
    assert french.body.startswith(
        f"Le webinaire «{N}L'offshoring régionalisé{N}», organisé par APEBI — Pôle Offshoring en partenariat avec "
        f"CRI Fès-Meknès, s'est tenu le vendredi 18 décembre 2020. Animé par Mohamed Benabbou, il a donné la parole "
        f"à deux intervenants{S}: Yassine Tazi (directeur général, Centre régional d'investissement Fès-Meknès) "
        "et Idriss Elasri (directeur général, Altran Maroc).\n\n"
        f"Une convention, «{N}Convention APEBI – CRI{N}», a été signée pendant le webinaire par "
        "Karim Alaoui (APEBI) et Yassine Tazi (CRI Fès-Meknès).\n\n"
        f"«{N}Une crise, une opportunité{N}», a souligné Mohamed Benabbou, qui animait le webinaire.\n"
    )
    assert english.title == "Webinar recap: “L'offshoring régionalisé”"
    assert "took place on Friday, December 18, 2020." in english.body
    assert "“Une crise, une opportunité,” said Mohamed Benabbou, who moderated the webinar." in english.body
