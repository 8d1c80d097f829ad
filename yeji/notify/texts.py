"""A reminder's words, in the language of whoever reads them."""

from django.utils.translation import gettext as _

from yeji.notify.models import Notification, ReminderKind


def notification_title(notification: Notification) -> str:
    """One line: what the reminder is about."""
    d = notification.details
    kind = notification.kind
    if kind == ReminderKind.TASK_DUE:
        return _("Task due today: %(title)s") % {"title": d.get("title", "")}
    if kind == ReminderKind.TASK_OVERDUE:
        return _("Task overdue: %(title)s") % {"title": d.get("title", "")}
    if kind == ReminderKind.FOLLOW_UP_DUE:
        return _("Contact %(customer)s today") % {"customer": d.get("customer", "")}
    if kind == ReminderKind.FOLLOW_UP_OVERDUE:
        return _("Follow-up overdue: %(customer)s") % {
            "customer": d.get("customer", "")
        }
    return _("Work report waiting for review: %(subject)s") % {
        "subject": notification.subject
    }


def notification_detail(notification: Notification) -> str:
    """The figures behind the reminder, and whose thing it is."""
    d = notification.details
    kind = notification.kind
    if kind in (ReminderKind.TASK_DUE, ReminderKind.TASK_OVERDUE):
        line = _("Task %(task_no)s, due on %(due_on)s.") % {
            "task_no": notification.subject,
            "due_on": d.get("due_on", ""),
        }
        if kind == ReminderKind.TASK_OVERDUE:
            line += " " + _("%(days)s days late.") % {"days": d.get("days", "")}
    elif kind in (ReminderKind.FOLLOW_UP_DUE, ReminderKind.FOLLOW_UP_OVERDUE):
        line = _(
            "Customer %(code)s, last contact %(last)s: %(days)s days "
            "(the limit is %(limit)s)."
        ) % {
            "code": notification.subject,
            "last": d.get("last_contact", ""),
            "days": d.get("days", ""),
            "limit": d.get("limit", ""),
        }
    else:
        line = notification.subject
    if notification.about_id != notification.recipient_id:
        line += " " + _("Rep: %(name)s.") % {"name": notification.about.name}
    return line


def notification_message_text(notification: Notification) -> tuple[str, str]:
    """The title and the text a channel sends, naming the recipient (a
    group chat holds many people)."""
    title = notification_title(notification)
    text = _("For %(name)s (%(no)s): %(detail)s") % {
        "name": notification.recipient.name,
        "no": notification.recipient.employee_no,
        "detail": notification_detail(notification),
    }
    return title, text
