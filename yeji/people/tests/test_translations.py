"""Every message of the people pages has its Chinese translation."""

from pathlib import Path

from yeji.interchange.tests.messages import app_messages, untranslated

APP = Path(__file__).resolve().parents[1]


def test_every_message_of_the_app_is_translated_to_chinese():
    assert ("points from 0 to 100", "Score") in app_messages(APP)
    assert untranslated(APP) == []
