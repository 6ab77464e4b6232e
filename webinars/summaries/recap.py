"""The recap article drafted from a webinar's facts, in the webinar's language (French or English).

A pure function of its input: facts in, Markdown out, no database and no
request. The organizer edits the draft before publishing, but it must read
well as drafted. Both languages follow one plan (which sentences, in which
order, for which facts), but each supplies whole phrases with its own
grammar (plurals, one speaker or several, dates, quotation marks) rather
than words slotted into one template.

Text typed by users (titles, names, organizations, quotes) never gets an
article or an agreement it would need to know the gender or form of; the
organizer's name takes the article its organization chose ("organisé par
l'APEBI"), and partners appear after "avec" as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal

from webinars.french import with_article
from webinars.summaries.recordings import at_moment

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
    at_second: int | None = None  # where it is said in the recording


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
    # The organizer's highlights, one point each, in their order.
    highlights: tuple[str, ...] = ()
    # The article the organizer's name takes in French ("l'APEBI", "le CRI"): webinars/french.py.
    organizer_article: str | None = None


@dataclass(frozen=True)
class DraftedArticle:
    title: str
    body: str  # Markdown


def draft_article(facts: RecapFacts) -> DraftedArticle:
    writer = _WRITERS.get(facts.language, _WRITERS["fr"])(facts)
    paragraphs = [
        writer.opening(),
        writer.highlights(),
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


@dataclass(frozen=True)
class _Noun:
    singular: str
    plural: str
    feminine: bool = False  # French counts "une convention", not "un"


class _Writer:
    """The sentence plan shared by both languages: which sentences, in which order, for which facts.

    Subclasses supply whole phrases (with placeholders) rather than single words, so that
    word order, agreement and punctuation stay each language's own, and the few
    formatting rules that differ: quotation marks, dates, number words, list punctuation.
    """

    # --- what each language supplies --------------------------------------------------------

    LOCALE: str
    NUMBERS: tuple[str, ...]  # the words for zero to ten
    FEMININE_ONE: str  # "une convention"; English has a single "one"
    CONJUNCTION: str  # "et", "and"
    SERIAL_COMMA: bool  # "A, B, and C" in English, "A, B et C" in French
    COLON: str  # French sets a no-break space before a colon

    TITLE: str
    HELD: str
    ATTENDED: str  # appended to HELD when the attendance is known
    ORGANIZED_BY: str
    IN_PARTNERSHIP_WITH: str  # appended to ORGANIZED_BY
    ATTENDEE: _Noun

    SPEAKER: _Noun
    FLOOR_TO_ONE_SPEAKER: str
    FLOOR_TO_SPEAKERS: str
    MODERATED_WITH_SPEAKERS: str
    MODERATED_ONLY: str

    CONVENTION: _Noun
    ONE_CONVENTION_SIGNED: str
    CONVENTIONS_SIGNED: str
    UNTITLED_CONVENTION_IN_LIST: str
    SIGNED_IN_LIST: str
    SIGNED_DURING_EVENT: str
    SIGNED_DURING_EVENT_BY: str
    SIGNED_ON: str
    SIGNED_ON_BY: str

    QUOTE_VERBS: tuple[str, ...]  # taken in turn, so that quotes in a row do not all "say"
    QUOTED_MODERATOR: str

    ONE_KEY_FIGURE: str
    SEVERAL_KEY_FIGURES: str

    ONE_HIGHLIGHT: str
    SEVERAL_HIGHLIGHTS: str

    RECORDING_AVAILABLE: str
    WATCH_RECORDING: str
    AT_MOMENT: str  # the link of a quote to its moment in the recording

    def quoted(self, text: str, *, comma: bool = False) -> str:
        """The text in this language's quotation marks, followed by a comma when `comma`."""
        raise NotImplementedError

    def date_text(self, day: date, *, weekday: bool = True) -> str:
        raise NotImplementedError

    def end_list_items(self, items: list[str]) -> list[str]:
        """The items of a bulleted list of clauses, with whatever ends them; none in English."""
        return items

    # --- the sentences -----------------------------------------------------------------

    def __init__(self, facts: RecapFacts):
        self.facts = facts

    def title(self) -> str:
        return self.TITLE.format(title=self.quoted(self.facts.title.strip()))

    def opening(self) -> str:
        facts = self.facts
        sentence = self.HELD.format(
            title=self.quoted(escape_markdown(facts.title), comma=True),
            organized=self.organized(),
            date=self.date_text(facts.starts_local.date()),
        )
        if facts.attendees > 0:
            sentence += self.ATTENDED.format(attendees=self.count(facts.attendees, self.ATTENDEE))
        return " ".join(part for part in (sentence + ".", self.lineup()) if part)

    def organized(self) -> str:
        organized = self.ORGANIZED_BY.format(organizer=escape_markdown(self.organizer_name()))
        if self.facts.partners:
            partners = [escape_markdown(partner) for partner in self.facts.partners]
            organized += self.IN_PARTNERSHIP_WITH.format(partners=self.listing(partners))
        return organized

    def organizer_name(self) -> str:
        return self.facts.organizer

    def highlights(self) -> str:
        points = [escape_markdown(point) for point in self.facts.highlights if point.strip()]
        if not points:
            return ""
        heading = self.ONE_HIGHLIGHT if len(points) == 1 else self.SEVERAL_HIGHLIGHTS
        return f"{heading}{self.COLON}\n\n{_bullets(points)}"

    def lineup(self) -> str:
        """Who moderated and who spoke; either may be missing."""
        floor = self.floor()
        if self.facts.moderator is None:
            return f"{_capitalized(floor)}." if floor else ""
        moderator = self.person(self.facts.moderator)
        if floor:
            return self.MODERATED_WITH_SPEAKERS.format(moderator=moderator, floor=floor)
        return self.MODERATED_ONLY.format(moderator=moderator)

    def floor(self) -> str:
        """The clause that introduces the speakers, in lower case; empty without speakers."""
        speakers = [self.person(speaker) for speaker in self.facts.speakers]
        if len(speakers) == 1:
            return self.FLOOR_TO_ONE_SPEAKER.format(speaker=speakers[0])
        if speakers:
            return self.FLOOR_TO_SPEAKERS.format(
                count=self.count(len(speakers), self.SPEAKER), colon=self.COLON, speakers=self.listing(speakers)
            )
        return ""

    def conventions(self) -> str:
        conventions = self.facts.conventions
        if not conventions:
            return ""
        if len(conventions) == 1:
            [convention] = conventions
            title = ""
            if convention.title.strip():
                title = f", {self.quoted(escape_markdown(convention.title), comma=True)}"
            return self.ONE_CONVENTION_SIGNED.format(title=title, signing=self.signing(convention))
        count = _capitalized(self.count(len(conventions), self.CONVENTION))
        items = [self.convention_in_list(convention) for convention in conventions]
        heading = self.CONVENTIONS_SIGNED.format(count=count)
        return f"{heading}{self.COLON}\n\n{_bullets(self.end_list_items(items))}"

    def convention_in_list(self, convention: RecapConvention) -> str:
        title = self.UNTITLED_CONVENTION_IN_LIST
        if convention.title.strip():
            title = self.quoted(escape_markdown(convention.title), comma=True)
        return f"{title} {self.SIGNED_IN_LIST} {self.signing(convention)}"

    def signing(self, convention: RecapConvention) -> str:
        """When the convention was signed, and by whom when the signatories are known."""
        signatories = self.listing([self.signatory(signatory) for signatory in convention.signatories])
        if convention.signed_during_event:
            phrase = self.SIGNED_DURING_EVENT_BY if signatories else self.SIGNED_DURING_EVENT
        else:
            phrase = self.SIGNED_ON_BY if signatories else self.SIGNED_ON
        return phrase.format(date=self.date_text(convention.signed_on, weekday=False), signatories=signatories)

    def quotes(self) -> list[str]:
        paragraphs = []
        for index, quote in enumerate(self.facts.quotes):
            words = _without_final_period(_unquoted(quote.text))
            if not words:
                continue
            verb = self.QUOTE_VERBS[index % len(self.QUOTE_VERBS)]
            moment = ""
            if quote.at_second is not None and self.facts.recording_url:
                label = self.AT_MOMENT.format(moment=timestamp(quote.at_second))
                moment = f" ({_link(label, at_moment(self.facts.recording_url, quote.at_second))})"
            paragraphs.append(
                f"{self.quoted(escape_markdown(words), comma=True)} {verb} {self.quoted_speaker(quote.speaker)}{moment}."
            )
        return paragraphs

    def quoted_speaker(self, person: RecapPerson) -> str:
        # The moderator was already named in the opening; with nothing else to say about
        # them, their role tells the reader who is speaking.
        if person == self.facts.moderator and not (person.position or person.affiliation):
            return self.QUOTED_MODERATOR.format(name=escape_markdown(person.full_name))
        return self.person(person)

    def key_figures(self) -> str:
        figures = self.facts.key_figures
        if not figures:
            return ""
        heading = self.ONE_KEY_FIGURE if len(figures) == 1 else self.SEVERAL_KEY_FIGURES
        items = [f"**{escape_markdown(f.value)}** {escape_markdown(f.label)}" for f in figures]
        return f"{heading}{self.COLON}\n\n{_bullets(items)}"

    def links(self) -> str:
        sentences = []
        if self.facts.recording_url:
            sentences.append(
                f"{self.RECORDING_AVAILABLE}{self.COLON} {_link(self.WATCH_RECORDING, self.facts.recording_url)}."
            )
        # No link to the summary page: the article is on it.
        return " ".join(sentences)

    # --- the pieces -------------------------------------------------------------------

    def count(self, count: int, noun: _Noun) -> str:
        """"un participant", "trois intervenants", "143 participants": in words up to ten."""
        if count == 1:
            return f"{self.FEMININE_ONE if noun.feminine else self.NUMBERS[1]} {noun.singular}"
        if count <= 10:
            return f"{self.NUMBERS[count]} {noun.plural}"
        return f"{format_decimal(count, locale=self.LOCALE)} {noun.plural}"

    def listing(self, items: list[str]) -> str:
        return _enumerate(items, self.CONJUNCTION, serial_comma=self.SERIAL_COMMA)

    def person(self, person: RecapPerson) -> str:
        """"Yassine Tazi (directeur général, CRI Fès-Meknès)": no article needed, whatever was typed."""
        details = [self.position(person.position), (person.affiliation or "").strip()]
        details = [escape_markdown(detail) for detail in details if detail]
        name = escape_markdown(person.full_name)
        return f"{name} ({', '.join(details)})" if details else name

    def position(self, position: str | None) -> str:
        return (position or "").strip()

    def signatory(self, signatory: RecapSignatory) -> str:
        name = escape_markdown(signatory.full_name)
        party = escape_markdown(signatory.party_name)
        return f"{name} ({party})" if party else name


# --- French ------------------------------------------------------------------------------


def french_date(day: date, *, weekday: bool = True) -> str:
    """"vendredi 18 décembre 2020", and "vendredi 1er janvier 2021" for the first of a month."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {format_date(day, 'MMMM', locale='fr')} {day.year}"
    return f"{format_date(day, 'EEEE', locale='fr')} {text}" if weekday else text


class _French(_Writer):
    LOCALE = "fr"
    NUMBERS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")
    FEMININE_ONE = "une"
    CONJUNCTION = "et"
    SERIAL_COMMA = False
    COLON = f"{NBSP}:"

    TITLE = "Retour sur le webinaire {title}"
    HELD = "Le webinaire {title} {organized}, s'est tenu le {date}"
    ATTENDED = " et a réuni {attendees}"
    ORGANIZED_BY = "organisé par {organizer}"
    IN_PARTNERSHIP_WITH = " en partenariat avec {partners}"
    ATTENDEE = _Noun("participant", "participants")

    SPEAKER = _Noun("intervenant", "intervenants")
    FLOOR_TO_ONE_SPEAKER = "il a donné la parole à {speaker}"
    FLOOR_TO_SPEAKERS = "il a donné la parole à {count}{colon} {speakers}"
    MODERATED_WITH_SPEAKERS = "Animé par {moderator}, {floor}."
    MODERATED_ONLY = "Il était animé par {moderator}."

    CONVENTION = _Noun("convention", "conventions", feminine=True)
    ONE_CONVENTION_SIGNED = "Une convention{title} a été signée {signing}."
    CONVENTIONS_SIGNED = "{count} ont été signées à l'occasion du webinaire"
    UNTITLED_CONVENTION_IN_LIST = "Une convention,"
    SIGNED_IN_LIST = "signée"
    SIGNED_DURING_EVENT = "pendant le webinaire"
    SIGNED_DURING_EVENT_BY = "pendant le webinaire par {signatories}"
    SIGNED_ON = "le {date}"
    SIGNED_ON_BY = "le {date} par {signatories}"

    QUOTE_VERBS = ("a souligné", "a rappelé", "a déclaré", "a expliqué", "a estimé", "a affirmé")
    QUOTED_MODERATOR = "{name}, qui animait le webinaire"

    ONE_KEY_FIGURE = "Un chiffre à retenir"
    SEVERAL_KEY_FIGURES = "Les chiffres à retenir"

    ONE_HIGHLIGHT = "Un point fort"
    SEVERAL_HIGHLIGHTS = "Les points forts"

    RECORDING_AVAILABLE = "L'enregistrement du webinaire est disponible en ligne"
    WATCH_RECORDING = "revoir le webinaire"
    AT_MOMENT = "à {moment} dans l'enregistrement"

    def quoted(self, text: str, *, comma: bool = False) -> str:
        # Guillemets with narrow no-break spaces inside; a comma goes after them.
        return f"«{NNBSP}{text}{NNBSP}»" + ("," if comma else "")

    def date_text(self, day: date, *, weekday: bool = True) -> str:
        return french_date(day, weekday=weekday)

    def end_list_items(self, items: list[str]) -> list[str]:
        # A French list of clauses is one sentence: each item ends with " ;", the last with ".".
        ends = [f"{NNBSP};"] * (len(items) - 1) + ["."]
        return [item + end for item, end in zip(items, ends)]

    def organizer_name(self) -> str:
        # "organisé par l'APEBI", "organisé par le CRI": the article the organization chose.
        return with_article(self.facts.organizer, self.facts.organizer_article)

    def position(self, position: str | None) -> str:
        # After the name a position is a common noun: "Directeur général" becomes
        # "directeur général", but an acronym ("CEO", "DG") keeps its capitals.
        position = (position or "").strip()
        if len(position) >= 2 and position[0].isupper() and position[1].islower():
            return position[0].lower() + position[1:]
        return position


# --- English ------------------------------------------------------------------------------


def english_date(day: date, *, weekday: bool = True) -> str:
    """"Friday, December 18, 2020" (the en locale's full format), or "December 18, 2020"."""
    return format_date(day, "full" if weekday else "long", locale="en")


class _English(_Writer):
    LOCALE = "en"
    NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    FEMININE_ONE = "one"
    CONJUNCTION = "and"
    SERIAL_COMMA = True
    COLON = ":"

    TITLE = "Webinar recap: {title}"
    HELD = "The webinar {title} {organized}, took place on {date}"
    ATTENDED = ", and drew {attendees}"
    ORGANIZED_BY = "organized by {organizer}"
    IN_PARTNERSHIP_WITH = " in partnership with {partners}"
    ATTENDEE = _Noun("attendee", "attendees")

    SPEAKER = _Noun("speaker", "speakers")
    FLOOR_TO_ONE_SPEAKER = "it featured one speaker, {speaker}"
    FLOOR_TO_SPEAKERS = "it featured {count}{colon} {speakers}"
    MODERATED_WITH_SPEAKERS = "Moderated by {moderator}, {floor}."
    MODERATED_ONLY = "It was moderated by {moderator}."

    CONVENTION = _Noun("convention", "conventions")
    ONE_CONVENTION_SIGNED = "A convention{title} was signed {signing}."
    CONVENTIONS_SIGNED = "{count} were signed in connection with the webinar"
    UNTITLED_CONVENTION_IN_LIST = "A convention,"
    SIGNED_IN_LIST = "signed"
    SIGNED_DURING_EVENT = "during the webinar"
    SIGNED_DURING_EVENT_BY = "during the webinar by {signatories}"
    SIGNED_ON = "on {date}"
    SIGNED_ON_BY = "on {date}, by {signatories}"  # a full date inside a sentence is set off by commas

    QUOTE_VERBS = ("said", "noted", "explained", "stressed", "observed", "added")
    QUOTED_MODERATOR = "{name}, who moderated the webinar"

    ONE_KEY_FIGURE = "One figure to remember"
    SEVERAL_KEY_FIGURES = "Figures to remember"

    ONE_HIGHLIGHT = "One highlight"
    SEVERAL_HIGHLIGHTS = "Highlights"

    RECORDING_AVAILABLE = "The recording of the webinar is available online"
    WATCH_RECORDING = "watch the webinar again"
    AT_MOMENT = "at {moment} in the recording"

    def quoted(self, text: str, *, comma: bool = False) -> str:
        # Curly quotes; a comma goes inside (“text,”) unless the text ends with its own ? ! or ….
        if comma and not text.endswith(("?", "!", "…", "...")):
            return f"“{text},”"
        return f"“{text}”"

    def date_text(self, day: date, *, weekday: bool = True) -> str:
        return english_date(day, weekday=weekday)


_WRITERS: dict[str, type[_Writer]] = {"fr": _French, "en": _English}


def timestamp(seconds: int) -> str:
    """12:34, or 1:02:03 past an hour."""
    hours, rest = divmod(max(int(seconds), 0), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
