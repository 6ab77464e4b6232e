"""Agreement templates: from Jinja to the fixed list of placeholders

Templates were Jinja (``{{ webinar.title }}``, ``{% for party in parties %}``); they now hold
placeholders from a fixed list (webinars/agreements/placeholders.py). Each template's title
and text are rewritten to the new form:

- ``{{ webinar.title }}``, ``{{ organization.name }}``, ``{{ person.full_name }}``... become
  ``{{webinar.title}}``... (filters such as ``|upper`` are dropped);
- ``{% for party in parties %}`` ... ``{% endfor %}`` become ``{{#parties}}`` ... ``{{/parties}}``,
  with ``{{ party.name }}`` inside; ``{{ parties[0].name }}`` becomes ``{{party1.name}}``;
- a condition keeps the text of its first branch, without the condition
  (``{% if person.position %}, {{ person.position }}{% endif %}`` becomes ``, {{person.position}}``):
  an empty value now writes nothing;
- comments go; any other expression stays as it was written, so the editor names it as an
  unknown placeholder and drafts cannot be sent until the organizer fixes it (it is never evaluated).

Agreements already sent keep their frozen text: only the templates change.
The converter is written out here, not imported, so that this revision keeps working as the
application changes.

Revision ID: 3b8f2c6d1a47
Revises: b15c3d8dd30f
Create Date: 2026-12-01 10:00:00.000000

"""
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3b8f2c6d1a47'
down_revision = 'b15c3d8dd30f'
branch_labels = None
depends_on = None

OBJECTS = {
    "webinar": ("title", "subtitle", "date", "time", "timezone", "url"),
    "organization": ("name", "website"),
    "person": ("full_name", "position", "affiliation", "role"),
}
PARTY_ATTRIBUTES = ("name", "signatory", "position")
MAX_PARTIES = 10

JINJA_TAG = re.compile(r"\{\{(-?)(.*?)(-?)\}\}|\{%(-?)(.*?)(-?)%\}|\{#(-?).*?(-?)#\}", re.S)
NAME = r"[A-Za-z_][A-Za-z0-9_]*"

templates = sa.table(
    "agreement_templates",
    sa.column("id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("body", sa.Text),
)


def _expression(expression, loop_names):
    """The placeholder an expression stands for, or None."""
    expression = expression.split("|")[0].strip()
    match = re.fullmatch(rf"({NAME})\s*\.\s*({NAME})", expression)
    if match:
        name, attribute = match.groups()
        if name in OBJECTS and attribute in OBJECTS[name] and name not in loop_names:
            return "{{" + f"{name}.{attribute}" + "}}"
        if name in loop_names and attribute in PARTY_ATTRIBUTES:
            return "{{party." + attribute + "}}"
        return None
    match = re.fullmatch(rf"parties\s*\[\s*(\d+)\s*\]\s*\.\s*({NAME})", expression)
    if match and int(match[1]) < MAX_PARTIES and match[2] in PARTY_ATTRIBUTES:
        return "{{" + f"party{int(match[1]) + 1}.{match[2]}" + "}}"
    return None


def to_placeholders(source):
    """A Jinja template in the new syntax (see the module's docstring)."""
    if source is None or ("{{" not in source and "{%" not in source and "{#" not in source):
        return source
    out = []
    loop_names = []  # the variables of the open `for ... in parties` loops
    blocks = []  # open blocks: ("for-parties" | "for" | "if" | "if-skipping")
    skipping = 0  # depth of branches whose text is dropped (elif/else)
    trim_next = False
    position = 0
    for match in JINJA_TAG.finditer(source):
        text = source[position:match.start()]
        if trim_next:
            text = text.lstrip()
        if match.group(1) == "-" or match.group(4) == "-" or match.group(7) == "-":
            text = text.rstrip()
        if not skipping:
            out.append(text)
        position = match.end()
        trim_next = "-" in (match.group(3), match.group(6), match.group(8))
        if match.group(2) is not None:  # {{ expression }}
            if not skipping:
                expression = match.group(2).strip()
                out.append(_expression(expression, loop_names) or "{{ " + expression + " }}")
            continue
        if match.group(5) is None:  # a comment
            continue
        words = match.group(5).split()
        keyword = words[0] if words else ""
        if keyword == "for":
            loop = re.fullmatch(rf"for\s+({NAME})\s+in\s+parties", match.group(5).strip())
            if loop and not loop_names:
                loop_names.append(loop[1])
                blocks.append("for-parties")
                if not skipping:
                    out.append("{{#parties}}")
            else:
                blocks.append("for")
        elif keyword == "endfor" and blocks:
            kind = blocks.pop()
            if kind == "for-parties":
                loop_names.pop()
                if not skipping:
                    out.append("{{/parties}}")
        elif keyword == "if":
            blocks.append("if")
        elif keyword in ("elif", "else") and blocks and blocks[-1] == "if":
            blocks[-1] = "if-skipping"
            skipping += 1
        elif keyword == "endif" and blocks and blocks[-1] in ("if", "if-skipping"):
            if blocks.pop() == "if-skipping":
                skipping -= 1
        # Any other statement ({% set %}, {% raw %}...) is dropped: nothing in the new syntax stands for it.
    tail = source[position:]
    out.append(tail.lstrip() if trim_next else tail)
    return "".join(out)


def to_jinja(source):
    """Back to Jinja, for a downgrade."""
    if source is None:
        return source

    def replace(match):
        key = match[1]
        if key == "#parties":
            return "{% for party in parties %}"
        if key == "/parties":
            return "{% endfor %}"
        numbered = re.fullmatch(r"party(\d+)\.(\w+)", key)
        if numbered:
            return "{{ parties[" + str(int(numbered[1]) - 1) + "]." + numbered[2] + " }}"
        return "{{ " + key + " }}"

    return re.sub(r"\{\{([#/]?[a-z0-9_]+(?:\.[a-z_]+)?)\}\}", replace, source)


def _rewrite(convert):
    connection = op.get_bind()
    rows = connection.execute(sa.select(templates.c.id, templates.c.title, templates.c.body)).all()
    for row in rows:
        title, body = convert(row.title), convert(row.body)
        if (title, body) != (row.title, row.body):
            # A title stays within its column: the converted one is shorter or barely longer.
            connection.execute(
                templates.update().where(templates.c.id == row.id).values(title=title[:200], body=body)
            )


def upgrade():
    _rewrite(to_placeholders)


def downgrade():
    _rewrite(to_jinja)
