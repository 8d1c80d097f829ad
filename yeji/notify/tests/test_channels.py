"""Reminders leave by each channel in its vendor's format, signed as the
vendor checks it, within its rate limit, and a channel that fails gets the
message later.  The robots are real HTTP servers on loopback."""

import base64
import datetime as dt
import hashlib
import hmac
import socket
import time
import urllib.parse

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from yeji.notify.channels import RateLimit, rate_limits
from yeji.notify.models import Channel, ChannelKind, Delivery, DeliveryStatus
from yeji.notify.services import outbox_deliver, reminders_generate
from yeji.web.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

SECRET = "SEC0123456789abcdef"


def _due_task(employee, *, days_late: int = 0, **kwargs):
    today = timezone.localdate()
    return TaskFactory(
        employee=employee,
        due_on=today - dt.timedelta(days=days_late),
        completed_on=None,
        **kwargs,
    )


def _channel(kind: str, webhook: str, **kwargs) -> Channel:
    return Channel.objects.create(
        name=f"{kind} robot", kind=kind, webhook=webhook, **kwargs
    )


def _generate_and_send() -> int:
    reminders_generate(today=timezone.localdate())
    return outbox_deliver()


def test_wecom_robot_gets_a_markdown_message_at_its_key(cast, robot):
    _due_task(cast.people["rep1"], title="给客户送样品", task_no="T-1")
    _channel(ChannelKind.WECOM, f"{robot.url}/cgi-bin/webhook/send?key=KEY-1")

    assert _generate_and_send() == 1

    [arrival] = robot.arrivals
    assert arrival.path == "/cgi-bin/webhook/send"
    assert arrival.query == {"key": "KEY-1"}
    assert arrival.body["msgtype"] == "markdown"
    content = arrival.body["markdown"]["content"]
    assert "给客户送样品" in content and "张伟" in content and "T-1" in content


def test_dingtalk_robot_gets_a_message_signed_with_its_secret(cast, robot):
    _due_task(cast.people["rep1"], title="提交报价")
    _channel(
        ChannelKind.DINGTALK,
        f"{robot.url}/robot/send?access_token=TOKEN-1",
        secret=SECRET,
    )

    assert _generate_and_send() == 1

    [arrival] = robot.arrivals
    assert arrival.query["access_token"] == "TOKEN-1"
    stamp = arrival.query["timestamp"]
    # DingTalk: milliseconds, within an hour of now.
    assert abs(int(stamp) / 1000 - time.time()) < 3600
    expected = base64.b64encode(
        hmac.new(
            SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert urllib.parse.unquote_plus(arrival.query["sign"]) == expected
    assert arrival.body["msgtype"] == "markdown"
    assert "提交报价" in arrival.body["markdown"]["text"]
    assert arrival.body["markdown"]["title"]


def test_feishu_robot_gets_a_text_message_signed_in_its_body(cast, robot):
    robot.ok_body = {"code": 0, "msg": "success", "data": {}}
    _due_task(cast.people["rep1"], title="拜访新客户")
    _channel(
        ChannelKind.FEISHU, f"{robot.url}/open-apis/bot/v2/hook/HOOK-1", secret=SECRET
    )

    assert _generate_and_send() == 1

    [arrival] = robot.arrivals
    assert arrival.path == "/open-apis/bot/v2/hook/HOOK-1"
    body = arrival.body
    # Feishu: seconds, as text; the key signs an empty message.
    assert abs(int(body["timestamp"]) - time.time()) < 3600
    key = f"{body['timestamp']}\n{SECRET}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert body["sign"] == expected
    assert body["msg_type"] == "text"
    assert "拜访新客户" in body["content"]["text"]


def test_robot_without_a_secret_sends_no_signature(cast, robot):
    _due_task(cast.people["rep1"])
    _channel(ChannelKind.DINGTALK, f"{robot.url}/robot/send?access_token=T")

    _generate_and_send()

    assert set(robot.arrivals[0].query) == {"access_token"}


def test_email_goes_to_the_recipient_and_an_overdue_one_to_the_manager(cast):
    rep, manager = cast.people["rep1"], cast.people["manager"]
    rep.email, manager.email = "rep1@example.com", "manager@example.com"
    rep.save()
    manager.save()
    _due_task(rep, days_late=3, title="催收货款")
    Channel.objects.create(name="mail", kind=ChannelKind.EMAIL)

    assert _generate_and_send() == 2

    to = sorted(message.to[0] for message in mail.outbox)
    assert to == ["manager@example.com", "rep1@example.com"]
    assert all("催收货款" in message.subject for message in mail.outbox)


def test_a_group_robot_posts_an_overdue_task_once_not_also_the_managers_copy(
    cast, robot
):
    _due_task(cast.people["rep1"], days_late=2)
    _channel(ChannelKind.WECOM, f"{robot.url}/send?key=K")

    _generate_and_send()

    assert len(robot.arrivals) == 1


def test_a_robot_of_a_team_posts_only_that_teams_reminders(cast, robot):
    _due_task(cast.people["rep1"], task_no="T-EAST")
    _due_task(cast.people["rep4"], task_no="T-WEST")
    _channel(ChannelKind.WECOM, f"{robot.url}/send?key=K", team=cast.teams["EAST"])

    _generate_and_send()

    [arrival] = robot.arrivals
    assert "T-EAST" in arrival.body["markdown"]["content"]


def test_a_channel_answering_errors_gets_the_message_on_a_later_attempt(cast, robot):
    _due_task(cast.people["rep1"], title="回访")
    _channel(ChannelKind.WECOM, f"{robot.url}/send?key=K")
    robot.answers.extend(
        [(502, {}), (200, {"errcode": 45009, "errmsg": "api freq out of limit"})]
    )

    assert _generate_and_send() == 0
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error == "HTTP 502"
    # Not again at once: the next attempt waits.
    assert delivery.next_attempt_at > timezone.now()
    assert outbox_deliver() == 0
    assert len(robot.arrivals) == 1

    assert outbox_deliver(now=delivery.next_attempt_at) == 0
    delivery.refresh_from_db()
    assert "45009" in delivery.last_error
    assert outbox_deliver(now=delivery.next_attempt_at) == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 3
    assert len(robot.arrivals) == 3
    assert robot.arrivals[0].body == robot.arrivals[2].body


def test_a_channel_that_is_down_keeps_the_message_until_it_is_back(cast, robot):
    _due_task(cast.people["rep1"], title="回访")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        free_port = closed.getsockname()[1]
    channel = _channel(ChannelKind.WECOM, f"http://127.0.0.1:{free_port}/send?key=K")

    assert _generate_and_send() == 0
    delivery = Delivery.objects.get()
    assert delivery.last_error.startswith("unreachable")

    channel.webhook = f"{robot.url}/send?key=K"
    channel.save()
    assert outbox_deliver(now=delivery.next_attempt_at) == 1
    assert len(robot.arrivals) == 1


def test_the_sender_keeps_within_the_rate_limit_and_sends_everything(
    cast, robot, settings
):
    settings.YEJI_NOTIFY_RATE_LIMITS = {"wecom": [(3, 1.0)]}
    settings.YEJI_NOTIFY_MESSAGE_ITEMS = 1
    for n in range(7):
        _due_task(cast.people["rep1"], task_no=f"T-{n}")
    _channel(ChannelKind.WECOM, f"{robot.url}/send?key=K")

    assert _generate_and_send() == 7

    times = [arrival.at for arrival in robot.arrivals]
    assert len(times) == 7
    # No four requests inside one second, as the robot's clock saw them.
    assert all(times[i + 3] - times[i] >= 1.0 for i in range(len(times) - 3))


def test_what_a_rate_limit_holds_back_waits_for_the_next_run(cast, robot, settings):
    settings.YEJI_NOTIFY_RATE_LIMITS = {"wecom": [(2, 60.0)]}
    settings.YEJI_NOTIFY_MESSAGE_ITEMS = 1
    settings.YEJI_NOTIFY_SEND_RUN_SECONDS = 1
    for n in range(3):
        _due_task(cast.people["rep1"], task_no=f"T-{n}")
    _channel(ChannelKind.WECOM, f"{robot.url}/send?key=K")

    assert _generate_and_send() == 2

    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1


def test_the_vendors_rate_limits_are_kept_by_default():
    assert rate_limits(ChannelKind.WECOM) == (RateLimit(20, 60),)
    assert rate_limits(ChannelKind.DINGTALK) == (RateLimit(20, 60),)
    assert rate_limits(ChannelKind.FEISHU) == (RateLimit(100, 60), RateLimit(5, 1))


def test_feishu_keeps_to_five_a_second_as_well_as_its_minute(cast, robot, settings):
    settings.YEJI_NOTIFY_MESSAGE_ITEMS = 1
    robot.ok_body = {"code": 0, "msg": "success"}
    for n in range(7):
        _due_task(cast.people["rep1"], task_no=f"T-{n}")
    _channel(ChannelKind.FEISHU, f"{robot.url}/open-apis/bot/v2/hook/H")

    assert _generate_and_send() == 7

    times = [arrival.at for arrival in robot.arrivals]
    assert all(times[i + 5] - times[i] >= 1.0 for i in range(len(times) - 5))


@pytest.mark.parametrize(
    ("kind", "webhook", "error"),
    [
        (ChannelKind.WECOM, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "key="),
        (ChannelKind.DINGTALK, "https://oapi.dingtalk.com/robot/send", "access_token="),
        (ChannelKind.FEISHU, "https://open.feishu.cn/open-apis/bot/v2/", "/hook/"),
        (ChannelKind.WECOM, "", "webhook"),
    ],
)
def test_a_robot_address_without_what_its_vendor_needs_is_refused(kind, webhook, error):
    channel = Channel(name="robot", kind=kind, webhook=webhook)

    with pytest.raises(ValidationError) as refused:
        channel.full_clean()

    assert error.lower() in str(refused.value.message_dict["webhook"]).lower()


def test_an_email_reaches_a_log_in_address_when_the_employee_has_none(cast):
    rep = cast.people["rep1"]
    rep.user.email = "zhang@example.com"
    rep.user.save()
    _due_task(rep)
    Channel.objects.create(name="mail", kind=ChannelKind.EMAIL)

    assert _generate_and_send() == 1

    assert mail.outbox[0].to == ["zhang@example.com"]


def test_a_persons_reminders_go_out_together_in_one_message(cast, robot):
    for n in range(3):
        _due_task(cast.people["rep1"], task_no=f"T-{n}", title=f"任务{n}")
    _due_task(cast.people["rep2"], task_no="T-OTHER")
    _channel(ChannelKind.WECOM, f"{robot.url}/send?key=K")

    assert _generate_and_send() == 4

    assert len(robot.arrivals) == 2
    [together] = [
        a.body["markdown"]["content"]
        for a in robot.arrivals
        if "张伟" in a.body["markdown"]["content"]
    ]
    assert "张伟的 3 条提醒" in together
    assert all(f"T-{n}" in together for n in range(3))
    assert "T-OTHER" not in together
