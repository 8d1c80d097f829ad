"""Reminders: what a person is told, where it is sent, and each attempt.

A reminder is a :class:`Notification` of one employee about one thing (a
task, a customer to contact, a work report) on one local day; the unique
constraint on those makes generating the day's reminders twice harmless.
Each channel an administrator connects (a group robot of WeCom, DingTalk or
Feishu, or e-mail) gets a :class:`Delivery` of it in the outbox, which the
sender works through, retrying what fails until it is sent.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Employee, Team


class ReminderKind(models.TextChoices):
    TASK_DUE = "task_due", _("Task due today")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due today")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
    REPORT_UNREVIEWED = "report_unreviewed", _("Work report not reviewed")


class Notification(models.Model):
    """A reminder to one employee about one thing, on one day.

    ``subject`` is the natural key of the thing (a task number, a customer
    code) and ``details`` the figures its text needs (title, due date, days
    quiet), so that the text is written in the reader's language when it is
    read, not in the language of whoever generated it.  ``about`` is the
    employee whose thing it is: the recipient, or their rep when a manager
    is told of something overdue.
    """

    recipient = models.ForeignKey(
        Employee,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    about = models.ForeignKey(
        Employee,
        verbose_name=_("about"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ReminderKind.choices)
    subject = models.CharField(_("subject"), max_length=64)
    day = models.DateField(_("day"))
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "day"],
                name="notification_once_a_day_per_thing",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values),
                name="notification_kind_known",
            ),
        ]
        indexes = [
            # The bell counts a person's unread reminders on every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.subject}"


class ChannelKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")
    FEISHU = "feishu", _("Feishu group robot")
    EMAIL = "email", _("E-mail")


class Channel(models.Model):
    """A way out of the application that an administrator connected.

    A group robot posts every reminder of the employees of ``team`` and the
    teams below it (the whole company without a team) into its group chat;
    e-mail sends each reminder to its recipient's address.  ``webhook`` is
    the robot's address as the vendor gives it (WeCom's carries the key,
    DingTalk's the access token); ``secret`` signs each message when the
    robot asks for signing (DingTalk and Feishu).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ChannelKind.choices)
    webhook = models.URLField(_("webhook address"), max_length=500, blank=True)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Only reminders of this team and the teams below it."),
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        default="zh-hans",
        choices=[("zh-hans", _("Chinese")), ("en", _("English"))],
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder channel")
        verbose_name_plural = _("reminder channels")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChannelKind.values), name="channel_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(kind=ChannelKind.EMAIL) | ~Q(webhook=""),
                name="channel_robot_has_webhook",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A robot's address must carry what its vendor's robots need."""
        needs = {
            ChannelKind.WECOM: ("key=", _("A WeCom robot's address carries its key=.")),
            ChannelKind.DINGTALK: (
                "access_token=",
                _("A DingTalk robot's address carries its access_token=."),
            ),
            ChannelKind.FEISHU: (
                "/hook/",
                _("A Feishu robot's address ends in /hook/ and its id."),
            ),
        }
        if self.kind in needs:
            if not self.webhook:
                raise ValidationError(
                    {"webhook": _("A group robot needs its webhook address.")}
                )
            part, message = needs[self.kind]
            if part not in self.webhook:
                raise ValidationError({"webhook": message})


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENT = "sent", _("Sent")


class Delivery(models.Model):
    """One reminder to be sent through one channel: the outbox's row.

    It stays pending, attempt after attempt, until the channel accepts it;
    nothing is dropped.  ``next_attempt_at`` is when the sender may try it
    next (later after each failure).
    """

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("reminder channel"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                name="delivery_once_per_channel",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="delivery_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status=DeliveryStatus.PENDING) | Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]
        indexes = [
            # The sender reads a channel's pending deliveries that are due.
            models.Index(
                fields=["channel", "status", "next_attempt_at"],
                name="delivery_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.notification}"


class DeliveryAttempt(models.Model):
    """One request to a channel, answered or not, carrying one or more
    deliveries (a person's reminders go out together in one message).

    The sender counts a channel's requests of the last minute (failed ones
    too, since the vendor counts every request) to keep under its rate
    limit, whichever process sent them.
    """

    channel = models.ForeignKey(
        Channel,
        verbose_name=_("reminder channel"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    deliveries = models.ManyToManyField(
        Delivery, verbose_name=_("deliveries"), related_name="attempt_log"
    )
    at = models.DateTimeField(_("at"))
    ok = models.BooleanField(_("accepted"))
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["id"]
        indexes = [models.Index(fields=["channel", "at"], name="attempt_by_channel")]

    def __str__(self) -> str:
        return f"{self.channel_id} {self.at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """A periodic job enqueued for one slot of its schedule (a day, a
    minute): the unique constraint lets one worker, however many run,
    enqueue each slot once."""

    job = models.CharField(_("job"), max_length=32)
    slot = models.CharField(_("slot"), max_length=32)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"
