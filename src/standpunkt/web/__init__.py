"""The web app: server-rendered pages (Jinja2 + htmx) and a JSON API over the store, with human review.

``standpunkt serve`` and the tests build the app with :func:`create_app`.
"""

from standpunkt.web.app import create_app

__all__ = ["create_app"]
