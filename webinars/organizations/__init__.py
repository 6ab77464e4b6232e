"""An organization's settings and public face: its brand (logo, colour), its page, its countries."""
