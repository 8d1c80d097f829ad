"""Every write of reminders: generating the day's, sending the outbox,
marking read."""

import datetime as dt
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from yeji.notify.channels import (
    ChannelError,
    Message,
    RateLimit,
    channel_send,
    rate_limits,
)
from yeji.notify.models import (
    Channel,
    ChannelKind,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Notification,
)
from yeji.notify.sources import SOURCES, Due
from yeji.notify.texts import notifications_message_text
from yeji.org.models import Employee, Role, Team
from yeji.org.queries import User, team_subtree_ids, user_employee

logger = logging.getLogger(__name__)

# A failed delivery waits a minute, then twice as long after each further
# failure, but never more than an hour: a channel down for a day still gets
# its messages within the hour it is back.
RETRY_FIRST_SECONDS = 60
RETRY_LONGEST_SECONDS = 3600
# A delivery being sent is held this long, so a second worker leaves it be.
CLAIM_SECONDS = 300
# The longest one run of the sender goes on, waiting out rate limits; what
# is left waits for the next run (a minute later), never dropped.
SEND_RUN_SECONDS = 20
# The most deliveries of one channel a run reads at once.
SEND_BATCH = 500
# The most reminders of one person one message carries: a group robot's
# message has a size limit (WeCom's markdown 4,096 bytes, Feishu's 20 KB).
MESSAGE_ITEMS = 10


def _managers_by_team(today: dt.date) -> tuple[dict[int, int | None], dict]:
    """The team tree (team -> parent) and the working managers of each team."""
    parents = dict(Team.objects.values_list("id", "parent_id"))
    managers: dict[int, list[Employee]] = {}
    working = Employee.objects.filter(role=Role.MANAGER).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today)
    )
    for manager in working.order_by("employee_no"):
        managers.setdefault(manager.team_id, []).append(manager)
    return parents, managers


def _managers_of(
    employee: Employee, parents: dict[int, int | None], managers: dict
) -> list[Employee]:
    """The managers nearest above ``employee``: of their own team, else of
    the nearest team up the tree that has one (never the employee)."""
    team_id: int | None = employee.team_id
    seen: set[int] = set()
    while team_id is not None and team_id not in seen:
        seen.add(team_id)
        found = [m for m in managers.get(team_id, []) if m.pk != employee.pk]
        if found:
            return found
        team_id = parents.get(team_id)
    return []


def _notifications(dues: Iterable[Due], today: dt.date) -> list[Notification]:
    parents, managers = _managers_by_team(today)
    made: dict[tuple, Notification] = {}
    for due in dues:
        recipients = [] if due.managers_only else [due.employee]
        if due.overdue or due.managers_only:
            recipients += _managers_of(due.employee, parents, managers)
        for recipient in recipients:
            key = (recipient.pk, due.kind, due.subject)
            made.setdefault(
                key,
                Notification(
                    recipient=recipient,
                    about=due.employee,
                    kind=due.kind,
                    subject=due.subject,
                    day=today,
                    details=due.details,
                ),
            )
    return list(made.values())


def reminders_generate(*, today: dt.date) -> int:
    """Make today's reminders: one per person and thing, in the application,
    and a delivery of each in the outbox of every channel it belongs to.

    Running it again the same day adds only what is new since (a task that
    fell due meanwhile, a channel connected meanwhile).  Returns how many
    notifications it made.
    """
    dues = [due for source in SOURCES for due in source(today)]
    candidates = _notifications(dues, today)

    with transaction.atomic():
        existing = set(
            Notification.objects.filter(day=today).values_list(
                "recipient_id", "kind", "subject"
            )
        )
        new = [
            n for n in candidates if (n.recipient.pk, n.kind, n.subject) not in existing
        ]
        Notification.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        queued = deliveries_queue(day=today)

    logger.info(
        "Reminders of %s: %d new, %d deliveries queued",
        today,
        len(new),
        queued,
        extra={"day": today.isoformat()},
    )
    return len(new)


def _channel_notifications(channel: Channel, day: dt.date):
    """The notifications of ``day`` that ``channel`` carries.

    A group robot posts each rep's own reminders (a manager's copy of an
    overdue one would say the same thing twice in the group); e-mail sends
    every reminder to whoever has an address.
    """
    notifications = Notification.objects.filter(day=day).exclude(
        deliveries__channel=channel
    )
    if channel.team_id is not None:
        teams = team_subtree_ids(channel.team_id)
        notifications = notifications.filter(about__team_id__in=teams)
    if channel.kind == ChannelKind.EMAIL:
        no_address = Q(recipient__email="") & (
            Q(recipient__user__isnull=True) | Q(recipient__user__email="")
        )
        return notifications.exclude(no_address)
    return notifications.filter(recipient_id=F("about_id"))


def deliveries_queue(*, day: dt.date) -> int:
    """Put every notification of ``day`` in the outbox of each active
    channel that carries it and does not have it yet; returns how many."""
    now = timezone.now()
    queued = 0
    for channel in Channel.objects.filter(active=True):
        ids = list(_channel_notifications(channel, day).values_list("id", flat=True))
        Delivery.objects.bulk_create(
            [
                Delivery(notification_id=pk, channel=channel, next_attempt_at=now)
                for pk in ids
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        queued += len(ids)
    return queued


def _wait_for_limits(sent: list[float], limits: tuple[RateLimit, ...]) -> float:
    """Seconds to wait before one more request keeps within every limit,
    given the times (epoch seconds) of the channel's recent requests."""
    now = timezone.now().timestamp()
    wait = 0.0
    for limit in limits:
        inside = sorted(t for t in sent if t > now - limit.seconds)
        if len(inside) >= limit.count:
            # The oldest request that still counts must leave the window.
            wait = max(wait, inside[-limit.count] + limit.seconds - now)
    # A hair more, so that the oldest request is out of the window for sure.
    return wait + 0.01 if wait > 0 else 0.0


def _message(deliveries: list[Delivery]) -> Message:
    """One message carrying the reminders of one recipient."""
    notifications = [d.notification for d in deliveries]
    with translation.override(deliveries[0].channel.language):
        title, text = notifications_message_text(notifications)
    recipient = notifications[0].recipient
    email = recipient.email or (recipient.user.email if recipient.user else "")
    return Message(title=title, text=text, email=email)


def _claim(delivery: Delivery, now: dt.datetime) -> bool:
    """Hold ``delivery`` for this sender; False if another took it first."""
    held = Delivery.objects.filter(
        pk=delivery.pk,
        status=DeliveryStatus.PENDING,
        next_attempt_at=delivery.next_attempt_at,
    ).update(next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS))
    return held == 1


def _retry_delay(attempts: int) -> dt.timedelta:
    seconds = min(
        RETRY_FIRST_SECONDS * 2 ** max(attempts - 1, 0), RETRY_LONGEST_SECONDS
    )
    return dt.timedelta(seconds=seconds)


def _attempt(channel: Channel, deliveries: list[Delivery]) -> bool:
    """Send the deliveries in one message and record the attempt on each;
    True if the channel accepted it."""
    error = ""
    try:
        channel_send(channel, _message(deliveries))
    except ChannelError as failure:
        error = str(failure)[:500]
    at = timezone.now()

    with transaction.atomic():
        attempt = DeliveryAttempt.objects.create(
            channel=channel, at=at, ok=not error, error=error
        )
        attempt.deliveries.add(*deliveries)
        for delivery in deliveries:
            delivery.attempts += 1
            if error:
                delivery.last_error = error
                delivery.next_attempt_at = at + _retry_delay(delivery.attempts)
            else:
                delivery.status = DeliveryStatus.SENT
                delivery.sent_at = at
        Delivery.objects.bulk_update(
            deliveries,
            ["attempts", "last_error", "next_attempt_at", "status", "sent_at"],
        )
    if error:
        logger.warning(
            "Channel %s refused %d reminders (attempt %d): %s",
            channel.name,
            len(deliveries),
            deliveries[0].attempts,
            error,
            extra={"channel": channel.pk, "attempt": attempt.pk},
        )
    return not error


def _messages(deliveries: Iterable[Delivery], per_message: int) -> list[list[Delivery]]:
    """The deliveries grouped by recipient, in the order the first of each
    came, at most ``per_message`` to a group."""
    by_recipient: dict[int, list[list[Delivery]]] = {}
    order: list[list[Delivery]] = []
    for delivery in deliveries:
        groups = by_recipient.setdefault(delivery.notification.recipient_id, [])
        if not groups or len(groups[-1]) >= per_message:
            groups.append([])
            order.append(groups[-1])
        groups[-1].append(delivery)
    return order


def _channel_deliver(channel: Channel, *, now: dt.datetime, deadline: float) -> int:
    limits = rate_limits(channel.kind)
    window = max((limit.seconds for limit in limits), default=0)
    since = timezone.now() - dt.timedelta(seconds=window)
    sent = [
        at.timestamp()
        for at in DeliveryAttempt.objects.filter(
            channel=channel, at__gt=since
        ).values_list("at", flat=True)
    ]
    due = (
        Delivery.objects.filter(
            channel=channel, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        .select_related(
            "channel", "notification__recipient__user", "notification__about"
        )
        .order_by("next_attempt_at", "id")[:SEND_BATCH]
    )
    per_message = getattr(settings, "YEJI_NOTIFY_MESSAGE_ITEMS", MESSAGE_ITEMS)
    accepted = 0
    for group in _messages(due, per_message):
        wait = _wait_for_limits(sent, limits)
        if wait > 0:
            if time.monotonic() + wait > deadline:
                break
            time.sleep(wait)
        claimed = [d for d in group if _claim(d, timezone.now())]
        if not claimed:
            continue
        if _attempt(channel, claimed):
            accepted += len(claimed)
        sent.append(timezone.now().timestamp())
    return accepted


def outbox_deliver(*, now: dt.datetime | None = None) -> int:
    """Send what is due in the outbox, channel by channel, within each
    channel's rate limit, a person's reminders together in one message;
    returns how many reminders the channels accepted.

    A message a channel refuses (unreachable, an HTTP error, a vendor's
    error code) stays in the outbox and is tried again later, each time
    after a longer pause.  What a rate limit holds back waits for the next
    run.
    """
    now = now or timezone.now()
    deadline = time.monotonic() + getattr(
        settings, "YEJI_NOTIFY_SEND_RUN_SECONDS", SEND_RUN_SECONDS
    )
    accepted = 0
    for channel in Channel.objects.filter(active=True):
        accepted += _channel_deliver(channel, now=now, deadline=deadline)
    return accepted


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read.

    Raises Notification.DoesNotExist for anyone else's, as for none.
    """
    employee = user_employee(user)
    if employee is None:
        raise Notification.DoesNotExist
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(
            pk=notification_id, recipient=employee
        )
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark all the user's unread notifications read; returns how many."""
    employee = user_employee(user)
    if employee is None:
        return 0
    with transaction.atomic():
        return Notification.objects.filter(
            recipient=employee, read_at__isnull=True
        ).update(read_at=timezone.now())


# How long a reminder is kept after its day.  A company of thousands of reps
# is reminded of millions of things a year; a reminder of a quarter ago
# helps nobody, and its deliveries and their attempts go with it.
NOTIFICATIONS_KEEP_DAYS = 90


def notifications_prune(*, today: dt.date) -> int:
    """Delete the reminders of days more than NOTIFICATIONS_KEEP_DAYS
    before ``today``, but none that a channel has yet to send (the outbox
    drops nothing); returns how many reminders went."""
    old = Notification.objects.filter(
        day__lt=today - dt.timedelta(days=NOTIFICATIONS_KEEP_DAYS)
    ).exclude(deliveries__status=DeliveryStatus.PENDING)
    with transaction.atomic():
        deleted, by_model = old.delete()
    pruned = by_model.get(Notification._meta.label, 0)
    if pruned:
        logger.info("Pruned %d reminders before %s", pruned, today)
    return pruned
