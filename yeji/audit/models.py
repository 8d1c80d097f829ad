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


class AuditedRecords(HistoricalRecords):
    """simple-history's history, indexed for what Yeji reads of it.

    A history is read one record at a time (by its id) and written by
    imports in bulk, so its table keeps the indexes on the record's id and
    on the time of the change only: an index on every unique and foreign
    key column, as simple-history makes, would cost each import's history
    rows for no read.
    """

    def copy_fields(self, model: type[models.Model]) -> dict[str, models.Field]:
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if name != model._meta.pk.name:
                field.db_index = False
        return fields


def audited(**options: Any) -> HistoricalRecords:
    """The history of a model whose changes matter to evaluation, money or
    ownership: give it as the model's ``history`` attribute."""
    return AuditedRecords(bases=[AuditedChange], get_user=history_user, **options)
