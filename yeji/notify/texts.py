"""A reminder's words, in the language of whoever reads them."""

from django.utils.translation import gettext as _

from yeji.notify.models import Notification, ReminderKind
from yeji.planning.models import ReportKind


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
    elif kind == ReminderKind.REPORT_UNREVIEWED:
        line = _(
            "%(kind)s %(subject)s of %(starts_on)s, handed in on %(submitted_on)s."
        ) % {
            "kind": ReportKind(d.get("report_kind", ReportKind.DAILY)).label,
            "subject": notification.subject,
            "starts_on": d.get("starts_on", ""),
            "submitted_on": d.get("submitted_on", ""),
        }
    else:
        line = notification.subject
    if notification.about_id != notification.recipient_id:
        line += " " + _("Rep: %(name)s.") % {"name": notification.about.name}
    return line


def notifications_message_text(
    notifications: list[Notification],
) -> tuple[str, str]:
    """The title and text of one message carrying a person's reminders,
    naming the person (a group chat holds many)."""
    recipient = notifications[0].recipient
    if len(notifications) == 1:
        title = notification_title(notifications[0])
        detail = notification_detail(notifications[0])
    else:
        title = _("%(count)s reminders for %(name)s") % {
            "count": len(notifications),
            "name": recipient.name,
        }
        detail = "\n" + "\n".join(
            f"- {notification_title(n)}: {notification_detail(n)}"
            for n in notifications
        )
    text = _("For %(name)s (%(no)s): %(detail)s") % {
        "name": recipient.name,
        "no": recipient.employee_no,
        "detail": detail,
    }
    return title, text
