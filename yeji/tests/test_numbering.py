"""Keys of records made in Yeji: readable, dated, and not repeated."""

import datetime as dt
import re

from yeji.numbering import new_key


def test_a_new_key_names_its_kind_and_local_day():
    key = new_key("V", on=dt.date(2026, 12, 4))

    assert re.fullmatch(r"V-20261204-[0-9A-HJKMNP-TV-Z]{6}", key)


def test_keys_made_together_differ():
    keys = {new_key("T") for _ in range(2000)}

    assert len(keys) == 2000
