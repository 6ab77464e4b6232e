"""Personal data kept only as long as promised: the declaration of every table that holds it
(registry.py), the daily retention job (retention.py), the registrant's download (download.py)
and deletion, an owner's erasure of an address (erasure.py), and their pages (routes.py)."""
