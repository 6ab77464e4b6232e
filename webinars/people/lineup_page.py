"""The line-up page, rendered by the people views and by the speaker-space views that post to it
(a refused upload or logistics form is shown again there, with its message under the field)."""

from __future__ import annotations

from flask import current_app, render_template

from webinars import clock
from webinars.events.models import Webinar
from webinars.people import service
from webinars.people.forms import AddParticipantForm, NewParticipantForm
from webinars.people.models import Person

NEW_PERSON_PREFIX = "new"


def render_lineup(
    webinar: Webinar,
    add_form: AddParticipantForm | None = None,
    new_form: NewParticipantForm | None = None,
    *,
    logistics_form=None,
    slides_form=None,
    slides_for: int | None = None,
    status: int = 200,
):
    from webinars.speakers import service as speakers
    from webinars.speakers.calendars import speakers_join_url
    from webinars.speakers.forms import LogisticsForm, SlidesForm

    add_form = add_form or AddParticipantForm(formdata=None)
    new_form = new_form or NewParticipantForm(formdata=None, prefix=NEW_PERSON_PREFIX)
    candidates = service.candidates_for(webinar)
    add_form.person_id.choices = [(person.id, _person_choice_label(person)) for person in candidates]
    lineup = service.lineup_of(webinar)
    statuses = speakers.statuses_of(webinar, lineup)
    logistics_form = logistics_form or LogisticsForm(formdata=None, webinar=webinar, data=LogisticsForm.initial_data(webinar))
    slides_forms = {
        participation.id: (
            slides_form if slides_for == participation.id and slides_form is not None
            else SlidesForm(formdata=None, prefix=f"slides-{participation.id}")
        )
        for participation in lineup
    }
    return (
        render_template(
            "people/lineup.html",
            webinar=webinar,
            lineup=lineup,
            statuses=statuses,
            candidates=candidates,
            add_form=add_form,
            new_form=new_form,
            logistics_form=logistics_form,
            slides_forms=slides_forms,
            speakers_join_url=speakers_join_url(webinar),
            is_over=webinar.ends_at <= clock.now(),
            # The reminder button (speakers.service.remind_everyone_missing_something sends nothing after the webinar).
            to_remind=0 if webinar.is_cancelled or webinar.ends_at <= clock.now() else sum(
                1 for s in statuses if s.space is not None and s.missing() and s.person.email
            ),
            release_labels=speakers.RELEASE_LABELS,
            max_slides_megabytes=f"{current_app.config['MAX_SLIDES_BYTES'] / (1024 * 1024):g}",
        ),
        status,
    )


def _person_choice_label(person: Person) -> str:
    details = ", ".join(part for part in (person.position, person.affiliation) if part)
    return f"{person.full_name} ({details})" if details else person.full_name
