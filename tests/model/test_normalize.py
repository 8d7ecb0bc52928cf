"""Normalisers: worked examples, and hypothesis properties (idempotence, no tracking parameter survives,
text keys ignore case, spacing, URLs and mentions)."""

from __future__ import annotations

import hashlib
import string
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphcli.model.normalize import (
    domain_of,
    extract_hashtags,
    is_tracking_param,
    normalize_hashtag,
    normalize_link,
    normalize_text,
    parse_time,
    text_key,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/a/b/?utm_source=x&b=2&a=1&fbclid=z#frag",
            "https://www.example.com/a/b?a=1&b=2",
        ),
        ("http://example.com:80/", "http://example.com"),
        ("http://example.com:8080/x/", "http://example.com:8080/x"),
        ("example.com/Path/?gclid=1&igshid=2&mc_cid=3&mc_eid=4&UTM_Medium=5", "http://example.com/Path"),
        ("https://user:pw@example.com/x?q=a+b", "https://example.com/x?q=a+b"),
        ("https://example.com/x?z=&a=1&a=0", "https://example.com/x?a=0&a=1&z="),
        ("https://[2001:db8::1]:443/x", "https://[2001:db8::1]/x"),
    ],
)
def test_normalize_link_examples(raw: str, expected: str) -> None:
    assert normalize_link(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", "not a link", "ftp://example.com/x", "mailto:a@b.c", "http://", "http://[::1"]
)
def test_unusable_links_are_none(raw: str) -> None:
    assert normalize_link(raw) is None


def test_domain_of() -> None:
    assert domain_of("https://WWW.Example.com/x") == "example.com"
    assert domain_of("https://news.example.com") == "news.example.com"
    assert domain_of("nope") is None
    assert domain_of("news.dk/path") == "news.dk"  # a bare host, as share tables often hold


def fullwidth(text: str) -> str:
    """The fullwidth forms of ASCII letters, which NFKC maps back to ASCII."""
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


def test_normalize_text_examples() -> None:
    assert normalize_text("  Hello,   WORLD!! https://t.co/x @bob ") == "hello world"
    assert (
        normalize_text(fullwidth("Fullwidth") + " \ufb01ne") == "fullwidth fine"
    )  # NFKC, with the fi ligature
    assert normalize_text("Straße") == "strasse"  # case-folding, not lower-casing
    assert normalize_text("www.example.com says: hi") == "says hi"
    assert normalize_text("🔥 fire 🔥") == "🔥 fire 🔥"  # symbols are content, punctuation is not


def test_text_key_examples() -> None:
    assert text_key("Hello world") == hashlib.sha256(b"hello world").hexdigest()
    assert text_key("  @someone https://x.y/z !!! ") is None
    assert text_key("") is None
    assert text_key(None) is None


def test_hashtags() -> None:
    assert extract_hashtags("#DKpol og #dkpol, #Valg22! #") == ["dkpol", "valg22"]
    assert extract_hashtags(None) == []
    assert normalize_hashtag("#" + fullwidth("DK") + "pol") == "dkpol"
    assert normalize_hashtag("#") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-10-10T20:19:24.000Z", datetime(2022, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("2022-10-10T22:19:24+02:00", datetime(2022, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("2022-10-10 20:19:24", datetime(2022, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("2024-03-01T10:00:00+0000", datetime(2024, 3, 1, 10, tzinfo=UTC)),
        ("Wed Oct 10 20:19:24 +0000 2018", datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("1539202764", datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)),
        ("1539202764.5", datetime(2018, 10, 10, 20, 19, 24, 500000, tzinfo=UTC)),
        ("2021-01-02 03:04:05 EST", datetime(2021, 1, 2, 8, 4, 5, tzinfo=UTC)),
        ("2021-07-02 03:04:05 EDT", datetime(2021, 7, 2, 7, 4, 5, tzinfo=UTC)),
        ("2021-01-02 03:04:05 CET", datetime(2021, 1, 2, 2, 4, 5, tzinfo=UTC)),
        ("2021-07-02 03:04:05 CEST", datetime(2021, 7, 2, 1, 4, 5, tzinfo=UTC)),
        ("2021-01-02 03:04:05 UTC", datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)),
    ],
)
def test_parse_time(raw: str, expected: datetime) -> None:
    got = parse_time(raw)
    assert got == expected
    assert got.tzinfo == UTC


def test_parse_time_passes_numbers_and_datetimes() -> None:
    assert parse_time(1539202764) == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)
    assert parse_time(datetime(2020, 1, 1)) == datetime(2020, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty timestamp"),
        ("yesterday", "unparsable timestamp 'yesterday'"),
        ("2021-01-02 03:04:05 XYZ", "unparsable timestamp"),
        ("99999999999999999999", "epoch seconds out of range"),
    ],
)
def test_parse_time_failures_say_why(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_time(raw)


# Properties.

_label = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=8)
_hosts = st.builds(
    lambda w, parts, tld: ("www." if w else "") + ".".join(parts) + "." + tld,
    st.booleans(),
    st.lists(_label, min_size=1, max_size=2),
    st.sampled_from(["com", "dk", "ORG"]),
)
_tracking = st.sampled_from(
    ["utm_source", "UTM_campaign", "utm_x", "fbclid", "gclid", "igshid", "mc_cid", "mc_eid"]
)
_param = st.text(alphabet=string.ascii_letters + string.digits + "_-.~%+", max_size=6)
_query = st.lists(st.tuples(st.one_of(_tracking, _param), _param), max_size=5)
_path = st.lists(st.text(alphabet=string.ascii_letters + string.digits + "-_.%~", max_size=6), max_size=4)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/".join(draw(_path)) + draw(st.sampled_from(["", "/", "//"]))
    query = "&".join(f"{k}={v}" for k, v in draw(_query))
    fragment = draw(st.sampled_from(["", "#top", "#a=b"]))
    return f"{scheme}://{draw(_hosts)}{port}/{path}" + (f"?{query}" if query else "") + fragment


@given(urls())
def test_link_normalisation_is_idempotent_and_drops_tracking(url: str) -> None:
    once = normalize_link(url)
    assert once is not None
    assert normalize_link(once) == once
    parts = urlsplit(once)
    assert not any(is_tracking_param(k) for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    assert parts.fragment == ""
    assert not parts.path.endswith("/")
    assert parts.netloc == parts.netloc.lower()


@given(st.text(max_size=60))
def test_link_normalisation_of_any_text_is_idempotent(text: str) -> None:
    once = normalize_link(text)
    if once is not None:
        assert normalize_link(once) == once


@given(st.text(max_size=80))
def test_text_normalisation_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


_words = st.lists(
    st.text(alphabet=string.ascii_letters + "æøåéü", min_size=1, max_size=8), min_size=1, max_size=6
)


@given(
    _words, st.lists(st.sampled_from([" ", "  ", "\t", "\n"]), min_size=6, max_size=6), urls(), st.booleans()
)
def test_text_key_ignores_case_spacing_urls_and_mentions(
    words: list[str], gaps: list[str], url: str, shout: bool
) -> None:
    plain = " ".join(words)
    noisy = "".join(w.upper() if shout else w.title() for w in words[:1])
    for word, gap in zip(words[1:], gaps, strict=False):
        noisy += gap + (word.upper() if shout else word)
    noisy = f"@someone {noisy} {url}!"
    assert text_key(noisy) == text_key(plain)
    assert text_key(plain) == hashlib.sha256(plain.casefold().encode()).hexdigest()
