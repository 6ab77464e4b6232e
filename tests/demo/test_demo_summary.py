"""The demo's reference case: the 2020 webinar has a published summary whose drafted French article
states its facts, a fictional audience that received nothing, and a second run duplicates nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from webinars.events.models import Webinar
from webinars.extensions import db
from webinars.mail.models import OutboxMessage
from webinars.registration.models import Registration, RegistrationState
from webinars.summaries.models import Highlight, KeyFigure, Quote, Summary

PAST_SLUG = "offshoring-regionalise-2020"
N = "\u202f"  # narrow no-break space, inside French guillemets
S = "\u00a0"  # no-break space, before a colon


@pytest.fixture
def run_demo(runner, clock):
    def run():
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        db.session.expire_all()  # see what the command committed

    return run


def summary_of(slug: str) -> Summary:
    return db.session.scalar(select(Summary).join(Webinar).where(Webinar.slug == slug))


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_the_2020_webinar_has_a_published_summary(run_demo, clock):
    run_demo()

    summary = summary_of(PAST_SLUG)
    assert summary.published_at == clock.current
    assert summary.article_drafted_at == clock.current
    assert summary.recording_url is None  # no recording of the event is public
    assert len(summary.highlights) == 5
    assert "fictives" in summary.highlights[-1].text
    assert [figure.value for figure in summary.key_figures] == [
        "3e", f"11{N}%", "36", f"4{N}500", "20 ha",
    ]
    assert [quote.person.full_name for quote in summary.quotes] == ["Mohamed Benabbou", "Yassine Tazi", "Idriss Elasri"]
    assert summary_of("fes-meknes-territoire-digital") is None  # the upcoming one has not taken place


def test_the_drafted_french_article_states_the_facts(run_demo):
    run_demo()

    summary = summary_of(PAST_SLUG)
    article = summary.article
    assert summary.article_title == (
        f"Retour sur le webinaire «{N}L'offshoring régionalisé : meilleure réponse aux opportunités post-Covid{N}»"
    )
    assert article.startswith(
        f"Le webinaire «{N}L'offshoring régionalisé : meilleure réponse aux opportunités post-Covid{N}», "
        "organisé par l'APEBI — Pôle Offshoring en partenariat avec CRI Fès-Meknès, "
        "s'est tenu le vendredi 18 décembre 2020 et a réuni 123 participants. "
        f"Animé par Mohamed Benabbou, il a donné la parole à deux intervenants{S}: "
        "Yassine Tazi (directeur général, Centre régional d'investissement Fès-Meknès) "
        "et Idriss Elasri (directeur général, Altran Maroc).\n"
    )
    assert (
        f"Une convention, «{N}Convention de partenariat APEBI – CRI Fès-Meknès{N}», a été signée pendant le "
        "webinaire par Yassine Tazi (Centre régional d'investissement Fès-Meknès) et Représentant de l'APEBI (démonstration) "
        "(Fédération des technologies de l'information, des télécommunications et de l'offshoring (APEBI)).\n"
    ) in article
    assert "- **36** centres d'appels à Fès\n" in article
    assert (
        f"«{N}Ce sont les crises qui nous permettent de devenir de plus en plus robustes, et derrière chacune "
        f"d'entre elles se cache une opportunité{N}», a souligné Mohamed Benabbou, qui animait le webinaire."
    ) in article
    assert "a rappelé Yassine Tazi (directeur général, Centre régional d'investissement Fès-Meknès)." in article
    assert f"Les points forts{S}:" in article  # the highlights feed the article
    assert "/summary" not in article  # it does not link to the page it is on


def test_the_fictional_audience(run_demo):
    run_demo()

    webinar = db.session.scalar(select(Webinar).where(Webinar.slug == PAST_SLUG))
    registrations = list(db.session.scalars(select(Registration).where(Registration.webinar_id == webinar.id)))
    by_state = {state: [r for r in registrations if r.state is state] for state in RegistrationState}
    assert len(by_state[RegistrationState.CONFIRMED]) == 184
    assert len(by_state[RegistrationState.CANCELLED]) == 7
    attendees = [r for r in registrations if r.attended]
    assert len(attendees) == 123
    assert all(r.state is RegistrationState.CONFIRMED and 0 < r.minutes_in_session <= 120 for r in attendees)
    assert all(r.email.endswith("@example.org") for r in registrations)
    assert all(webinar.starts_at - timedelta(weeks=3) <= r.created_at < webinar.starts_at for r in registrations)
    assert len({r.created_at.date() for r in registrations}) >= 15  # spread over the three weeks
    assert len({r.affiliation for r in registrations}) >= 10
    assert {r.country for r in registrations} >= {"MA", "FR"}
    # A historical record: nobody was sent a confirmation, a reminder or anything else.
    addresses = {r.email for r in registrations}
    assert not set(db.session.scalars(select(OutboxMessage.to_address))) & addresses


def test_running_twice_duplicates_nothing(run_demo, clock):
    run_demo()
    first_article = summary_of(PAST_SLUG).article
    clock.advance(days=1)
    run_demo()

    assert count(Summary) == 1
    assert count(Registration) == 191
    assert count(Registration, Registration.attended.is_(True)) == 123
    assert count(Highlight) == len(summary_of(PAST_SLUG).highlights) == 5
    assert count(KeyFigure) == 5
    assert count(Quote) == 3
    summary = summary_of(PAST_SLUG)
    assert summary.article == first_article
    assert summary.published_at == clock.current - timedelta(days=1)  # published once, not again


def test_a_second_run_keeps_the_organizers_edits_of_the_article(run_demo):
    run_demo()
    summary = summary_of(PAST_SLUG)
    summary.article_title = "Notre retour sur le webinaire"
    summary.article = "Un texte relu et corrigé par l'organisateur."
    db.session.commit()

    run_demo()

    summary = summary_of(PAST_SLUG)
    assert summary.article_title == "Notre retour sur le webinaire"
    assert summary.article == "Un texte relu et corrigé par l'organisateur."


def test_an_emptied_article_is_drafted_again(run_demo):
    run_demo()
    summary = summary_of(PAST_SLUG)
    summary.article = None
    db.session.commit()

    run_demo()

    assert "vendredi 18 décembre 2020" in summary_of(PAST_SLUG).article
