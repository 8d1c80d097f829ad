"""Fills the channel and the name of each history row written by a save."""

from typing import Any

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from yeji.audit.context import current_source


@receiver(pre_create_historical_record, dispatch_uid="yeji_audit_source")
def _history_source(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    if not hasattr(history_instance, "history_channel"):
        return
    source = current_source()
    history_instance.history_channel = source.channel
    history_instance.history_username = source.username[:150]
