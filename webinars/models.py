"""Every model module, imported in one place so the metadata is complete
(for ``create_all`` in tests and for Alembic's autogenerate)."""

from webinars.accounts import models as accounts  # noqa: F401
from webinars.agenda import models as agenda  # noqa: F401
from webinars.agreements import models as agreements  # noqa: F401
from webinars.certificates import models as certificates  # noqa: F401
from webinars.events import models as events  # noqa: F401
from webinars.feedback import models as feedback  # noqa: F401
from webinars.invites import models as invites  # noqa: F401
from webinars.joining import models as joining  # noqa: F401
from webinars.mail import models as mail  # noqa: F401
from webinars.messages import models as messages  # noqa: F401
from webinars.registration import models as registration  # noqa: F401
from webinars.reminders import models as reminders  # noqa: F401
from webinars.people import models as people  # noqa: F401
from webinars.personal_links import models as personal_links  # noqa: F401
from webinars.speakers import models as speakers  # noqa: F401
from webinars.summaries import models as summaries  # noqa: F401
from webinars.privacy import models as privacy  # noqa: F401
from webinars.webhooks import models as webhooks  # noqa: F401
