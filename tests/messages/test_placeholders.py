"""The placeholders of messages to registrants: a fixed list, filled in as text, never computed."""

from __future__ import annotations

import time

from webinars.messages import placeholders

VALUES = {
    "first_name": "Amina",
    "webinar_title": "L'offshoring régionalisé",
    "join_link": "https://webinars.example.org/r/abc/join",
    "personal_link": "https://webinars.example.org/r/abc",
}


def test_labels_in_either_language_and_the_key_stand_for_the_same_placeholder():
    source = "Bonjour {{Prénom}}, {{ first name }} {{first_name}} {{PRENOM}}"
    assert placeholders.fill(source, VALUES, markdown=False) == "Bonjour Amina, Amina Amina Amina"
    assert placeholders.canonical("{{Titre du webinaire}} / {{Webinar title}}") == "{{webinar_title}} / {{webinar_title}}"
    assert placeholders.localized("{{webinar_title}}", "fr") == "{{Titre du webinaire}}"


def test_template_code_is_an_unknown_name_and_stays_inert():
    hostile = "{{ 7**20000000 }} {{ '%s' % config }} {% for x in range(10**9) %}x{% endfor %} {{ \"x\" * 20000000 }}"
    started = time.perf_counter()
    filled = placeholders.fill(hostile, VALUES, markdown=True)
    assert time.perf_counter() - started < 1
    assert filled == hostile
    assert placeholders.unknown(hostile) == ["{{ 7**20000000 }}", "{{ '%s' % config }}", '{{ "x" * 20000000 }}']


def test_a_value_is_text_in_markdown_not_markup():
    values = {**VALUES, "first_name": "[gagnez](https://evil.example) **<script>x</script>**"}
    filled = placeholders.fill("Bonjour {{first_name}}", values, markdown=True)
    from webinars.markdown import render

    rendered = render(filled)
    assert "<a" not in rendered.html and "<script" not in rendered.html and "<strong>" not in rendered.html
    assert "[gagnez](https://evil.example) **<script>x</script>**" in rendered.text


def test_links_stay_links_alone_or_in_markdown_link_syntax():
    from webinars.markdown import render

    filled = placeholders.fill("{{join_link}} et [ma page]({{personal_link}})", VALUES, markdown=True)
    html = render(filled).html
    assert 'href="https://webinars.example.org/r/abc/join"' in html
    assert 'href="https://webinars.example.org/r/abc"' in html


def test_which_placeholders_need_a_personal_link():
    assert placeholders.needs_link("Rejoignez-nous : {{Lien pour rejoindre}}")
    assert not placeholders.needs_link("Bonjour {{Prénom}}", None)
