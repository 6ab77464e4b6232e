"""The sentence plan of the recap article, shared by both languages (recap_languages.py says
each one's phrases): which sentences, in which order, for which facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from webinars.summaries.recap_text import (
    bullet_list,
    capitalized,
    enumeration,
    escape_markdown,
    markdown_link,
    timestamp,
    unquoted,
    without_final_period,
)
from webinars.summaries.recordings import at_moment

if TYPE_CHECKING:  # recap.py imports the writers: the facts' types are for annotations only
    from webinars.summaries.recap import RecapConvention, RecapFacts, RecapPerson, RecapSignatory


@dataclass(frozen=True)
class Noun:
    singular: str
    plural: str
    feminine: bool = False  # French counts "une convention", not "un"


class RecapWriter:
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
    ATTENDEE: Noun

    SPEAKER: Noun
    FLOOR_TO_ONE_SPEAKER: str
    FLOOR_TO_SPEAKERS: str
    MODERATED_WITH_SPEAKERS: str
    MODERATED_ONLY: str

    CONVENTION: Noun
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
        return f"{heading}{self.COLON}\n\n{bullet_list(points)}"

    def lineup(self) -> str:
        """Who moderated and who spoke; either may be missing."""
        floor = self.floor()
        if self.facts.moderator is None:
            return f"{capitalized(floor)}." if floor else ""
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
        count = capitalized(self.count(len(conventions), self.CONVENTION))
        items = [self.convention_in_list(convention) for convention in conventions]
        heading = self.CONVENTIONS_SIGNED.format(count=count)
        return f"{heading}{self.COLON}\n\n{bullet_list(self.end_list_items(items))}"

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
            words = without_final_period(unquoted(quote.text))
            if not words:
                continue
            verb = self.QUOTE_VERBS[index % len(self.QUOTE_VERBS)]
            moment = ""
            if quote.at_second is not None and self.facts.recording_url:
                label = self.AT_MOMENT.format(moment=timestamp(quote.at_second))
                moment = f" ({markdown_link(label, at_moment(self.facts.recording_url, quote.at_second))})"
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
        return f"{heading}{self.COLON}\n\n{bullet_list(items)}"

    def links(self) -> str:
        sentences = []
        if self.facts.recording_url:
            sentences.append(
                f"{self.RECORDING_AVAILABLE}{self.COLON} {markdown_link(self.WATCH_RECORDING, self.facts.recording_url)}."
            )
        # No link to the summary page: the article is on it.
        return " ".join(sentences)

    # --- the pieces -------------------------------------------------------------------

    def count(self, count: int, noun: Noun) -> str:
        """"un participant", "trois intervenants", "143 participants": in words up to ten."""
        if count == 1:
            return f"{self.FEMININE_ONE if noun.feminine else self.NUMBERS[1]} {noun.singular}"
        if count <= 10:
            return f"{self.NUMBERS[count]} {noun.plural}"
        return f"{format_decimal(count, locale=self.LOCALE)} {noun.plural}"

    def listing(self, items: list[str]) -> str:
        return enumeration(items, self.CONJUNCTION, serial_comma=self.SERIAL_COMMA)

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
