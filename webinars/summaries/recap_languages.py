"""The recap article's phrases in French and in English: whole phrases with each language's own
grammar (plurals, one speaker or several, dates, quotation marks), for the plan of recap_writer.py.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from webinars.french import with_article
from webinars.summaries.recap_text import NBSP, NNBSP
from webinars.summaries.recap_writer import Noun, RecapWriter


# --- French ------------------------------------------------------------------------------


def french_date(day: date, *, weekday: bool = True) -> str:
    """"vendredi 18 décembre 2020", and "vendredi 1er janvier 2021" for the first of a month."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {format_date(day, 'MMMM', locale='fr')} {day.year}"
    return f"{format_date(day, 'EEEE', locale='fr')} {text}" if weekday else text


class FrenchWriter(RecapWriter):
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
    ATTENDEE = Noun("participant", "participants")

    SPEAKER = Noun("intervenant", "intervenants")
    FLOOR_TO_ONE_SPEAKER = "il a donné la parole à {speaker}"
    FLOOR_TO_SPEAKERS = "il a donné la parole à {count}{colon} {speakers}"
    MODERATED_WITH_SPEAKERS = "Animé par {moderator}, {floor}."
    MODERATED_ONLY = "Il était animé par {moderator}."

    CONVENTION = Noun("convention", "conventions", feminine=True)
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


class EnglishWriter(RecapWriter):
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
    ATTENDEE = Noun("attendee", "attendees")

    SPEAKER = Noun("speaker", "speakers")
    FLOOR_TO_ONE_SPEAKER = "it featured one speaker, {speaker}"
    FLOOR_TO_SPEAKERS = "it featured {count}{colon} {speakers}"
    MODERATED_WITH_SPEAKERS = "Moderated by {moderator}, {floor}."
    MODERATED_ONLY = "It was moderated by {moderator}."

    CONVENTION = Noun("convention", "conventions")
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


WRITERS: dict[str, type[RecapWriter]] = {"fr": FrenchWriter, "en": EnglishWriter}
