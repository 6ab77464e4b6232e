"""The API's shapes, for the OpenAPI document and to read and write JSON: types only, one module per
resource (as the routes are), the shared pieces in ``common``.

The rules (lengths, control characters, times in the zone, reminders, e-mail addresses, seats...)
are the forms' and the services' (``webinars.api.validation``): one rule, in one place.
Times are ISO 8601 in UTC; a webinar carries its IANA ``timezone`` beside them.
"""
