"""The channels a reminder leaves by: each vendor's message, signing and
answer, and e-mail.

Each group robot takes a JSON POST to its webhook address and answers with a
JSON body whose code is 0 when it accepted the message:

- **WeCom** (企业微信群机器人): ``{"msgtype": "markdown", "markdown":
  {"content": ...}}`` to ``.../cgi-bin/webhook/send?key=KEY``; answers
  ``{"errcode": 0, "errmsg": "ok"}``.  At most 20 messages a minute per
  robot.
- **DingTalk** (钉钉自定义机器人): ``{"msgtype": "markdown", "markdown":
  {"title": ..., "text": ...}}`` to ``.../robot/send?access_token=TOKEN``;
  with signing, the address also carries ``timestamp`` (milliseconds) and
  ``sign`` = URL-encoded base64 of HMAC-SHA256 keyed with the secret over
  ``"{timestamp}\\n{secret}"``.  Answers ``{"errcode": 0, ...}``.  At most 20
  messages a minute per robot (more and the robot is throttled for ten
  minutes).
- **Feishu/Lark** (飞书自定义机器人): ``{"msg_type": "text", "content":
  {"text": ...}}`` to ``.../open-apis/bot/v2/hook/ID``; with signing, the
  body also carries ``timestamp`` (seconds, as text) and ``sign`` = base64 of
  HMAC-SHA256 keyed with ``"{timestamp}\\n{secret}"`` over nothing.  Answers
  ``{"code": 0, ...}`` (older robots ``{"StatusCode": 0, ...}``).  At most 100
  messages a minute and 5 a second per robot.

Anything else (refused connection, time-out, HTTP error, a non-zero code) is
a :class:`ChannelError`, and the outbox tries again later.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail

from yeji.notify.models import Channel, ChannelKind

# How long a robot may take to answer before the attempt counts as failed.
REQUEST_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class RateLimit:
    """At most ``count`` requests in any ``seconds``."""

    count: int
    seconds: float


# The vendors' documented limits per robot.  E-mail has none of its own:
# the company's mail server decides.
RATE_LIMITS: dict[str, tuple[RateLimit, ...]] = {
    ChannelKind.WECOM: (RateLimit(20, 60),),
    ChannelKind.DINGTALK: (RateLimit(20, 60),),
    ChannelKind.FEISHU: (RateLimit(100, 60), RateLimit(5, 1)),
    ChannelKind.EMAIL: (),
}


def rate_limits(kind: str) -> tuple[RateLimit, ...]:
    """The limits the sender keeps to for a kind of channel.

    ``YEJI_NOTIFY_RATE_LIMITS`` in the settings replaces the vendors' limits
    for the kinds it names (``{"wecom": [(3, 1.0)]}``); the tests use it to
    measure a limit in a second rather than a minute.
    """
    override = getattr(settings, "YEJI_NOTIFY_RATE_LIMITS", {}).get(kind)
    if override is not None:
        return tuple(RateLimit(int(c), float(s)) for c, s in override)
    return RATE_LIMITS[kind]


class ChannelError(Exception):
    """The channel did not take the message; it is to be tried again."""


@dataclass(frozen=True)
class Message:
    """A reminder's text for one channel, in that channel's language."""

    title: str
    text: str
    email: str = ""


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature, URL-encoded as its address carries it."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's signature: the key is the timestamp and secret, the message
    empty."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def _with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` appended to its query, already encoded."""
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return url + joiner + "&".join(f"{k}={v}" for k, v in params.items())


def robot_request(channel: Channel, message: Message) -> tuple[str, dict]:
    """The address and JSON body a robot channel takes for ``message``."""
    if channel.kind == ChannelKind.WECOM:
        content = f"**{message.title}**\n{message.text}"
        return channel.webhook, {
            "msgtype": "markdown",
            "markdown": {"content": content},
        }
    if channel.kind == ChannelKind.DINGTALK:
        url = channel.webhook
        if channel.secret:
            stamp = int(time.time() * 1000)
            url = _with_query(
                url, timestamp=str(stamp), sign=dingtalk_sign(channel.secret, stamp)
            )
        text = f"### {message.title}\n\n{message.text}"
        body = {
            "msgtype": "markdown",
            "markdown": {"title": message.title, "text": text},
        }
        return url, body
    if channel.kind == ChannelKind.FEISHU:
        body: dict = {
            "msg_type": "text",
            "content": {"text": f"{message.title}\n{message.text}"},
        }
        if channel.secret:
            stamp = int(time.time())
            body = {
                "timestamp": str(stamp),
                "sign": feishu_sign(channel.secret, stamp),
                **body,
            }
        return channel.webhook, body
    raise ValueError(f"{channel.kind} is not a robot")


def _answer_code(answer: object) -> object:
    """The vendor's result code in an answer (0 means accepted)."""
    if not isinstance(answer, dict):
        return None
    for key in ("errcode", "code", "StatusCode"):
        if key in answer:
            return answer[key]
    return None


def _post_json(url: str, body: dict) -> dict:
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as reply:
            raw = reply.read(65536)
    except urllib.error.HTTPError as error:
        raise ChannelError(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ChannelError(f"unreachable: {reason}") from None
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ChannelError("the answer is not JSON") from None
    return answer


def channel_send(channel: Channel, message: Message) -> None:
    """Send ``message`` through ``channel``, or raise :class:`ChannelError`."""
    if channel.kind == ChannelKind.EMAIL:
        if not message.email:
            raise ChannelError("the recipient has no e-mail address")
        try:
            send_mail(
                subject=message.title,
                message=message.text,
                from_email=None,
                recipient_list=[message.email],
            )
        except OSError as error:
            # smtplib's errors are OSErrors: a mail server down or refusing.
            raise ChannelError(f"mail: {error}") from None
        return

    url, body = robot_request(channel, message)
    answer = _post_json(url, body)
    code = _answer_code(answer)
    if code != 0:
        detail = (
            answer.get("errmsg") or answer.get("msg")
            if isinstance(answer, dict)
            else ""
        )
        raise ChannelError(f"code {code}: {detail}"[:500])
