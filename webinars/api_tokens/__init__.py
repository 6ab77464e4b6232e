"""Organization API tokens: what a script presents as ``Authorization: Bearer`` to the JSON API (webinars/api/)."""
