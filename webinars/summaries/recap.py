"""The recap article drafted from a webinar's facts, in the webinar's language (French or English).

A pure function of its input: facts in, Markdown out, no database and no
request. The organizer edits the draft before publishing, but it must read
well as drafted, so each language has its own sentences with its own
grammar (plurals, one speaker or several, dates, quotation marks) rather
than one template translated word by word.

Text typed by users (titles, names, organizations, quotes) never gets an
article or an agreement it would need to know the gender or form of:
French organization names are typed with or without their article, so
they appear after "par" or in parentheses, never as the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal

# French typography: a narrow no-break space inside guillemets and before ; ! ?,
# a no-break space before a colon.
NNBSP = "\u202f"
NBSP = "\u00a0"
TITLE_LIMIT = 300  # Summary.article_title


@dataclass(frozen=True)
class RecapPerson:
    full_name: str
    position: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class RecapSignatory:
    full_name: str
    party_name: str


@dataclass(frozen=True)
class RecapConvention:
    title: str
    signatories: tuple[RecapSignatory, ...]
    signed_during_event: bool
    signed_on: date


@dataclass(frozen=True)
class RecapQuote:
    text: str
    speaker: RecapPerson


@dataclass(frozen=True)
class RecapKeyFigure:
    value: str
    label: str


@dataclass(frozen=True)
class RecapFacts:
    language: str  # "fr" or "en": the webinar's language, not the visitor's
    organizer: str  # the organization's name
    partners: tuple[str, ...]
    title: str
    starts_local: datetime  # aware, in the webinar's zone
    moderator: RecapPerson | None
    speakers: tuple[RecapPerson, ...]
    conventions: tuple[RecapConvention, ...]
    key_figures: tuple[RecapKeyFigure, ...]
    quotes: tuple[RecapQuote, ...]
    attendees: int  # 0 when unknown or nobody was marked
    recording_url: str | None
    summary_url: str | None  # absolute address of the public summary page


@dataclass(frozen=True)
class DraftedArticle:
    title: str
    body: str  # Markdown


def draft_article(facts: RecapFacts) -> DraftedArticle:
    writer = _WRITERS.get(facts.language, _WRITERS["fr"])(facts)
    paragraphs = [
        writer.opening(),
        writer.conventions(),
        *writer.quotes(),
        writer.key_figures(),
        writer.links(),
    ]
    body = "\n\n".join(paragraph for paragraph in paragraphs if paragraph) + "\n"
    return DraftedArticle(title=_clip(writer.title(), TITLE_LIMIT), body=body)


# --- Markdown -----------------------------------------------------------------------

# Characters that would start emphasis, code, a link, an autolink, HTML or a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
# "&copy;" or "&#169;" would turn into a character; a lone "&" (R&D) stays as typed.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape_markdown(text: str) -> str:
    """User text as literal Markdown inline text: on one line, nothing in it becomes formatting."""
    text = _LINE_BREAKS.sub(" ", text.strip())
    return _ENTITY.sub(r"\\&", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _link_destination(url: str) -> str:
    for character, encoded in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(character, encoded)
    return url


def _link(text: str, url: str) -> str:
    return f"[{text}]({_link_destination(url.strip())})"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


# --- shared wording helpers ------------------------------------------------------------

# Opening mark → the closing marks that may end the same quotation.
_QUOTATION_MARKS = {
    '"': '"', "'": "'", "«": "»", "“": "”", "„": "“”", "‘": "’", "‹": "›", "”": "”",
}
_SPACES = f" \t\r\n{NBSP}{NNBSP}"


def _unquoted(text: str) -> str:
    """The words without the quotation marks the user may have typed around them.

    Only marks that enclose the whole text go: « A » et « B » is two quotations, left as typed.
    """
    text = text.strip(_SPACES)
    while len(text) >= 2 and text[-1] in _QUOTATION_MARKS.get(text[0], ""):
        opening, closings, inner = text[0], _QUOTATION_MARKS[text[0]], text[1:-1]
        if opening in inner or any(closing in inner for closing in closings):
            break
        text = inner.strip(_SPACES)
    return text


def _without_final_period(text: str) -> str:
    """The attribution ends the sentence; an ellipsis stays."""
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip(_SPACES)
    return text


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _enumerate(items: list[str], conjunction: str, serial_comma: bool) -> str:
    """"A", "A and B", "A, B and C" (or "A, B, and C" with the serial comma)."""
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    last_separator = f", {conjunction} " if serial_comma else f" {conjunction} "
    return ", ".join(items[:-1]) + last_separator + items[-1]


class _Writer:
    """The sentences of one language; subclasses hold the words."""

    def __init__(self, facts: RecapFacts):
        self.facts = facts

    def title(self) -> str:
        raise NotImplementedError

    def opening(self) -> str:
        raise NotImplementedError

    def conventions(self) -> str:
        raise NotImplementedError

    def quotes(self) -> list[str]:
        raise NotImplementedError

    def key_figures(self) -> str:
        raise NotImplementedError

    def links(self) -> str:
        raise NotImplementedError

    # Shared by both languages.

    def person(self, person: RecapPerson) -> str:
        """"Yassine Tazi (directeur général, CRI Fès-Meknès)": no article needed, whatever was typed."""
        details = [self.position(person.position), (person.affiliation or "").strip()]
        details = [escape_markdown(detail) for detail in details if detail]
        name = escape_markdown(person.full_name)
        return f"{name} ({', '.join(details)})" if details else name

    def position(self, position: str | None) -> str:
        return (position or "").strip()

    def quoted_speaker(self, person: RecapPerson) -> str:
        return self.person(person)

    def signatory(self, signatory: RecapSignatory) -> str:
        name = escape_markdown(signatory.full_name)
        party = escape_markdown(signatory.party_name)
        return f"{name} ({party})" if party else name


# --- French ------------------------------------------------------------------------------

_FRENCH_NUMBERS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")
_FRENCH_QUOTE_VERBS = ("a souligné", "a rappelé", "a déclaré", "a expliqué", "a estimé", "a affirmé")


def french_date(day: date, *, weekday: bool = True) -> str:
    """"vendredi 18 décembre 2020", and "vendredi 1er janvier 2021" for the first of a month."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {format_date(day, 'MMMM', locale='fr')} {day.year}"
    return f"{format_date(day, 'EEEE', locale='fr')} {text}" if weekday else text


def _french_count(count: int, singular: str, plural: str, *, feminine: bool = False) -> str:
    if count == 1:
        return f"{'une' if feminine else 'un'} {singular}"
    if count <= 10:
        return f"{_FRENCH_NUMBERS[count]} {plural}"
    return f"{format_decimal(count, locale='fr')} {plural}"


def _guillemets(text: str) -> str:
    return f"«{NNBSP}{text}{NNBSP}»"


class _French(_Writer):
    def title(self) -> str:
        return f"Retour sur le webinaire {_guillemets(self.facts.title.strip())}"

    def position(self, position: str | None) -> str:
        # After the name a position is a common noun: "Directeur général" becomes
        # "directeur général", but an acronym ("CEO", "DG") keeps its capitals.
        position = (position or "").strip()
        if len(position) >= 2 and position[0].isupper() and position[1].islower():
            return position[0].lower() + position[1:]
        return position

    def opening(self) -> str:
        facts = self.facts
        organized = f"organisé par {escape_markdown(facts.organizer)}"
        if facts.partners:
            partners = [escape_markdown(partner) for partner in facts.partners]
            organized += f" en partenariat avec {_enumerate(partners, 'et', serial_comma=False)}"
        sentence = (
            f"Le webinaire {_guillemets(escape_markdown(facts.title))}, {organized}, "
            f"s'est tenu le {french_date(facts.starts_local.date())}"
        )
        if facts.attendees > 0:
            sentence += f" et a réuni {_french_count(facts.attendees, 'participant', 'participants')}"
        return " ".join(part for part in (sentence + ".", self.lineup()) if part)

    def lineup(self) -> str:
        facts = self.facts
        speakers = [self.person(speaker) for speaker in facts.speakers]
        if len(speakers) == 1:
            floor = f"il a donné la parole à {speakers[0]}"
        elif speakers:
            floor = (
                f"il a donné la parole à {_french_count(len(speakers), 'intervenant', 'intervenants')}{NBSP}: "
                f"{_enumerate(speakers, 'et', serial_comma=False)}"
            )
        else:
            floor = ""
        if facts.moderator is None:
            return f"{_capitalized(floor)}." if floor else ""
        moderator = self.person(facts.moderator)
        if floor:
            return f"Animé par {moderator}, {floor}."
        return f"Il était animé par {moderator}."

    def conventions(self) -> str:
        conventions = self.facts.conventions
        if not conventions:
            return ""
        if len(conventions) == 1:
            [convention] = conventions
            title = f", {_guillemets(escape_markdown(convention.title))}," if convention.title.strip() else ""
            return f"Une convention{title} a été signée {self.signing(convention)}."
        count = _capitalized(_french_count(len(conventions), "convention", "conventions", feminine=True))
        items = []
        for convention in conventions:
            title = _guillemets(escape_markdown(convention.title)) if convention.title.strip() else "Une convention"
            items.append(f"{title}, signée {self.signing(convention)}")
        ends = [f"{NNBSP};"] * (len(items) - 1) + ["."]
        return f"{count} ont été signées à l'occasion du webinaire{NBSP}:\n\n" + _bullets(
            [item + end for item, end in zip(items, ends)]
        )

    def signing(self, convention: RecapConvention) -> str:
        when = "pendant le webinaire" if convention.signed_during_event else (
            f"le {french_date(convention.signed_on, weekday=False)}"
        )
        signatories = [self.signatory(signatory) for signatory in convention.signatories]
        if not signatories:
            return when
        return f"{when} par {_enumerate(signatories, 'et', serial_comma=False)}"

    def quotes(self) -> list[str]:
        paragraphs = []
        for index, quote in enumerate(self.facts.quotes):
            words = _without_final_period(_unquoted(quote.text))
            if not words:
                continue
            verb = _FRENCH_QUOTE_VERBS[index % len(_FRENCH_QUOTE_VERBS)]
            paragraphs.append(
                f"{_guillemets(escape_markdown(words))}, {verb} {self.quoted_speaker(quote.speaker)}."
            )
        return paragraphs

    def quoted_speaker(self, person: RecapPerson) -> str:
        if person == self.facts.moderator and not (person.position or person.affiliation):
            return f"{escape_markdown(person.full_name)}, qui animait le webinaire"
        return self.person(person)

    def key_figures(self) -> str:
        figures = self.facts.key_figures
        if not figures:
            return ""
        heading = "Un chiffre à retenir" if len(figures) == 1 else "Les chiffres à retenir"
        items = [f"**{escape_markdown(f.value)}** {escape_markdown(f.label)}" for f in figures]
        return f"{heading}{NBSP}:\n\n{_bullets(items)}"

    def links(self) -> str:
        sentences = []
        if self.facts.recording_url:
            sentences.append(
                f"L'enregistrement du webinaire est disponible en ligne{NBSP}: "
                f"{_link('revoir le webinaire', self.facts.recording_url)}."
            )
        if self.facts.summary_url:
            sentences.append(
                f"Le résumé complet du webinaire se trouve sur sa page{NBSP}: "
                f"{_link('lire le résumé', self.facts.summary_url)}."
            )
        return " ".join(sentences)


# --- English ------------------------------------------------------------------------------

_ENGLISH_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ENGLISH_QUOTE_VERBS = ("said", "noted", "explained", "stressed", "observed", "added")


def english_date(day: date, *, weekday: bool = True) -> str:
    """"Friday, December 18, 2020" (the en locale's full format), or "December 18, 2020"."""
    return format_date(day, "full" if weekday else "long", locale="en")


def _english_count(count: int, singular: str, plural: str) -> str:
    if count == 1:
        return f"one {singular}"
    if count <= 10:
        return f"{_ENGLISH_NUMBERS[count]} {plural}"
    return f"{format_decimal(count, locale='en')} {plural}"


def _curly(text: str, *, comma: bool = False) -> str:
    """“text” — with the comma inside (“text,”) unless the text ends with its own ? ! or …."""
    if comma and not text.endswith(("?", "!", "…", "...")):
        return f"“{text},”"
    return f"“{text}”"


class _English(_Writer):
    def title(self) -> str:
        return f"Webinar recap: {_curly(self.facts.title.strip())}"

    def opening(self) -> str:
        facts = self.facts
        organized = f"organized by {escape_markdown(facts.organizer)}"
        if facts.partners:
            partners = [escape_markdown(partner) for partner in facts.partners]
            organized += f" in partnership with {_enumerate(partners, 'and', serial_comma=True)}"
        sentence = (
            f"The webinar {_curly(escape_markdown(facts.title), comma=True)} {organized}, "
            f"took place on {english_date(facts.starts_local.date())}"
        )
        if facts.attendees > 0:
            sentence += f", and drew {_english_count(facts.attendees, 'attendee', 'attendees')}"
        return " ".join(part for part in (sentence + ".", self.lineup()) if part)

    def lineup(self) -> str:
        facts = self.facts
        speakers = [self.person(speaker) for speaker in facts.speakers]
        if len(speakers) == 1:
            featured = f"it featured one speaker, {speakers[0]}"
        elif speakers:
            featured = (
                f"it featured {_english_count(len(speakers), 'speaker', 'speakers')}: "
                f"{_enumerate(speakers, 'and', serial_comma=True)}"
            )
        else:
            featured = ""
        if facts.moderator is None:
            return f"{_capitalized(featured)}." if featured else ""
        moderator = self.person(facts.moderator)
        if featured:
            return f"Moderated by {moderator}, {featured}."
        return f"It was moderated by {moderator}."

    def conventions(self) -> str:
        conventions = self.facts.conventions
        if not conventions:
            return ""
        if len(conventions) == 1:
            [convention] = conventions
            title = f", {_curly(escape_markdown(convention.title), comma=True)}" if convention.title.strip() else ""
            return f"A convention{title} was signed {self.signing(convention)}."
        count = _capitalized(_english_count(len(conventions), "convention", "conventions"))
        items = []
        for convention in conventions:
            title = "A convention,"
            if convention.title.strip():
                title = _curly(escape_markdown(convention.title), comma=True)
            items.append(f"{title} signed {self.signing(convention)}")
        return f"{count} were signed in connection with the webinar:\n\n" + _bullets(items)

    def signing(self, convention: RecapConvention) -> str:
        when = "during the webinar" if convention.signed_during_event else (
            f"on {english_date(convention.signed_on, weekday=False)},"
        )
        signatories = [self.signatory(signatory) for signatory in convention.signatories]
        if not signatories:
            return when.rstrip(",")
        return f"{when} by {_enumerate(signatories, 'and', serial_comma=True)}"

    def quotes(self) -> list[str]:
        paragraphs = []
        for index, quote in enumerate(self.facts.quotes):
            words = _without_final_period(_unquoted(quote.text))
            if not words:
                continue
            verb = _ENGLISH_QUOTE_VERBS[index % len(_ENGLISH_QUOTE_VERBS)]
            paragraphs.append(
                f"{_curly(escape_markdown(words), comma=True)} {verb} {self.quoted_speaker(quote.speaker)}."
            )
        return paragraphs

    def quoted_speaker(self, person: RecapPerson) -> str:
        if person == self.facts.moderator and not (person.position or person.affiliation):
            return f"{escape_markdown(person.full_name)}, who moderated the webinar"
        return self.person(person)

    def key_figures(self) -> str:
        figures = self.facts.key_figures
        if not figures:
            return ""
        heading = "One figure to remember" if len(figures) == 1 else "Figures to remember"
        items = [f"**{escape_markdown(f.value)}** {escape_markdown(f.label)}" for f in figures]
        return f"{heading}:\n\n{_bullets(items)}"

    def links(self) -> str:
        sentences = []
        if self.facts.recording_url:
            sentences.append(
                f"The recording of the webinar is available online: "
                f"{_link('watch the webinar again', self.facts.recording_url)}."
            )
        if self.facts.summary_url:
            sentences.append(
                f"The full summary of the webinar is on its page: {_link('read the summary', self.facts.summary_url)}."
            )
        return " ".join(sentences)


_WRITERS: dict[str, type[_Writer]] = {"fr": _French, "en": _English}
