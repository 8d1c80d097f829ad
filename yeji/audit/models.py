from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yeji.audit.context import Channel, history_user


class AuditedChange(models.Model):
    """What every history row of an audited record adds to simple-history's
    own: the channel of the change and the name of whoever made it.

    ``history_username`` keeps the name even when the log-in is deleted
    later, and names the operating system's user for a change made at the
    command line without a log-in.
    """

    history_channel = models.CharField(
        _("through"), max_length=10, choices=Channel.choices
    )
    history_username = models.CharField(_("by"), max_length=150, blank=True)

    class Meta:
        abstract = True


def audited(**options: Any) -> HistoricalRecords:
    """The history of a model whose changes matter to evaluation, money or
    ownership: give it as the model's ``history`` attribute."""
    return HistoricalRecords(bases=[AuditedChange], get_user=history_user, **options)
