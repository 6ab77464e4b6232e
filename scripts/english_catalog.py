"""Fill the English catalog: the source messages are English, so each translation is its message id.

Run by ``make extract-messages`` after ``pybabel update``; keeps the English
catalog complete so a test can require both catalogs to cover every message.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PATH = Path(__file__).resolve().parents[1] / "webinars" / "translations" / "en" / "LC_MESSAGES" / "messages.po"

with PATH.open("rb") as source:
    catalog = read_po(source, locale="en")
for message in catalog:
    if not message.id:
        continue
    if isinstance(message.id, tuple):
        message.string = (message.id[0], message.id[1])
    else:
        message.string = message.id
    message.flags.discard("fuzzy")
with PATH.open("wb") as target:
    write_po(target, catalog, width=100)
