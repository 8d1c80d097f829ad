from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yeji.audit.models import audited
from yeji.crm.models import Customer
from yeji.org.models import Employee


class OrderStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    RETURNED = "returned", _("Returned")


class Order(models.Model):
    """A customer's order, credited to the rep who won it.

    Only confirmed orders count as revenue.
    """

    order_no = models.CharField(_("order number"), max_length=32, unique=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("rep credited"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ordered_on = models.DateField(_("ordered on"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices)
    contract_no = models.CharField(_("contract number"), max_length=32, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["order_no"]
        indexes = [
            models.Index(fields=["employee", "ordered_on"]),
            # The order list reads a page, newest first, across many reps.
            models.Index(fields=["ordered_on", "order_no"], name="order_date_order"),
            # On SQLite only, (ordered_on, status, employee, amount), for the
            # scorecard: see migration 0004_order_period_cover.
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="order_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="order_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.order_no


class Payment(models.Model):
    """Money collected against an order (回款)."""

    payment_no = models.CharField(_("payment number"), max_length=32, unique=True)
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    history = audited()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["payment_no"]
        indexes = [
            # The payment list reads a page, newest first, across many reps.
            models.Index(fields=["paid_on", "payment_no"], name="payment_date_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.payment_no
