"""How a webinar travels: cover and logos, share links and previews, QR code, the embeddable form."""
