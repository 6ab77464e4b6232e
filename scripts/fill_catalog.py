"""Fill French translations from a Python dict file: ``python scripts/fill_catalog.py translations.py``.

The file defines ``FR = {msgid: msgstr}`` (for plurals, msgstr is a tuple). Only entries present
in the catalog are filled; the script prints what it could not find, and what is still missing.
"""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PATH = Path(__file__).resolve().parents[1] / "webinars" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"

translations = runpy.run_path(sys.argv[1])["FR"]
with PATH.open("rb") as source:
    catalog = read_po(source, locale="fr")
for msgid, msgstr in translations.items():
    key = msgid[0] if isinstance(msgid, tuple) else msgid
    message = catalog.get(key)
    if message is None:
        print("not in the catalog:", key)
        continue
    if isinstance(message.id, tuple) != isinstance(msgstr, tuple):
        # A plural entry given one string (or the reverse) would be written letter by letter.
        print("singular/plural mismatch, skipped:", key)
        continue
    message.string = msgstr
    message.flags.discard("fuzzy")
with PATH.open("wb") as target:
    write_po(target, catalog)  # the width pybabel update uses, so diffs stay small
missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
print(f"{len(missing)} still untranslated", *missing[:20], sep="\n")
