"""Keyed pseudonyms: consistent under one key, different under another, case-insensitive names."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphcli.loaders.pseudonymize import Pseudonymizer
from graphcli.model.errors import ConfigError
from graphcli.model.records import Account, Engagement, Post, Share

KEY = b"0123456789abcdef-test-key"
OTHER = b"fedcba9876543210-other-key"


def test_known_value_is_the_hmac_of_the_domain_and_value() -> None:
    import hashlib
    import hmac

    expected = hmac.new(KEY, b"id\x00123", hashlib.sha256).hexdigest()[:32]
    assert Pseudonymizer(KEY).account_id("123") == expected


@given(st.text(min_size=1, max_size=30))
def test_same_key_same_pseudonym_other_key_differs(value: str) -> None:
    one, again, other = Pseudonymizer(KEY), Pseudonymizer(KEY), Pseudonymizer(OTHER)
    assert one.account_id(value) == again.account_id(value)
    assert one.account_id(value) != other.account_id(value)
    assert one.account_id(value) != one.account_id(value + "x")


@given(st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True))
def test_screen_names_are_case_insensitive_and_apart_from_ids(name: str) -> None:
    p = Pseudonymizer(KEY)
    assert p.screen_name(name) == p.screen_name(name.upper()) == p.screen_name(name.lower())
    assert p.screen_name(name) != p.account_id(name)


def test_records_lose_ids_names_and_identifying_profile_text() -> None:
    p = Pseudonymizer(KEY)
    acc = p.record(
        Account("twitter", "42", screen_name="Ann", name="Ann Real", location="Aarhus", followers_count=7)
    )
    assert isinstance(acc, Account)
    assert (acc.id, acc.screen_name) == (p.account_id("42"), p.screen_name("ann"))
    assert (acc.name, acc.location, acc.followers_count) == (None, None, 7)
    like = p.record(Engagement("twitter", "like", "9", screen_name="ANN"))
    assert isinstance(like, Engagement)
    assert like.screen_name == acc.screen_name and like.post_id == "9"
    post = p.record(Post("twitter", "9", author_id="42"))
    assert isinstance(post, Post) and post.author_id == acc.id and post.id == "9"
    share = p.record(Share("facebook", "42", "link", "example.com", datetime(2024, 1, 1, tzinfo=UTC), "p1"))
    assert isinstance(share, Share) and share.account_id == p.account_id("42")


def test_key_file_is_read_and_short_keys_refused(tmp_path: Path) -> None:
    keyfile = tmp_path / "key"
    keyfile.write_bytes(KEY + b"\n")
    assert Pseudonymizer.from_file(keyfile).account_id("1") == Pseudonymizer(KEY).account_id("1")
    keyfile.write_bytes(b"short")
    with pytest.raises(ConfigError, match="at least 16 bytes"):
        Pseudonymizer.from_file(keyfile)
    with pytest.raises(ConfigError, match="cannot read"):
        Pseudonymizer.from_file(tmp_path / "missing")
