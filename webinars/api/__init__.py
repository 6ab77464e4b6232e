"""The JSON API under ``/api/v1`` (issue 19), described by the OpenAPI document APIFlask generates from it.

Each resource module attaches its operations to the blueprint of ``blueprint``; the operations load
what they act on through ``access`` (scoped to the token's organization), validate with the same
forms and services as the organizer's pages, and answer RFC 9457 problem details (``problems``) for
every error.
"""
