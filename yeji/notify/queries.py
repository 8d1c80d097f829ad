"""Reads of reminders: a person's own, and the outbox for administrators."""

from django.db.models import Count, Max, Q, QuerySet

from yeji.notify.models import Channel, DeliveryStatus, Notification
from yeji.org.queries import User, user_employee


def notifications_of(user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first: nobody sees another's,
    not even a director (a reminder is addressed to one person)."""
    employee = user_employee(user)
    if employee is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=employee).select_related(
        "recipient", "about"
    )


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread: one query."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        recipient__user=user, recipient__user__is_active=True, read_at__isnull=True
    ).count()


def channels_overview() -> QuerySet[Channel]:
    """Every channel with its outbox: how many wait, how many were sent,
    when the last was sent."""
    pending = Q(deliveries__status=DeliveryStatus.PENDING)
    sent = Q(deliveries__status=DeliveryStatus.SENT)
    return (
        Channel.objects.select_related("team")
        .annotate(
            pending=Count("deliveries", filter=pending),
            sent=Count("deliveries", filter=sent),
            last_sent_at=Max("deliveries__sent_at"),
        )
        .order_by("name")
    )
