"""The snippet on the webinar's overview page, and what the embedded form runs to fit its frame."""

from __future__ import annotations

from tests.registration.attendees import open_webinar


def embed_url(webinar) -> str:
    return f"/webinars/{webinar.slug}/embed"


def test_the_form_reports_its_height_and_the_snippet_resizes_it(client, organizer, clock):
    webinar = open_webinar(organizer.organization)

    html = client.get(embed_url(webinar)).get_data(as_text=True)
    overview = client.get(f"/manage/webinars/{webinar.id}?lang=en").get_data(as_text=True)

    assert '<script src="/static/embed-frame.js" defer></script>' in html
    assert "site-header" not in html  # no navigation of ours inside someone else's page
    assert "Registration form to embed in your own site" in overview
    assert (
        f"&lt;iframe src=&#34;http://localhost/webinars/{webinar.slug}/embed?lang=fr&#34;" in overview
        or f"&lt;iframe src=&quot;http://localhost/webinars/{webinar.slug}/embed?lang=fr&quot;" in overview
    )
    assert "/static/embed-host.js" in overview
    with client.get("/static/embed-host.js") as script:
        assert script.status_code == 200
