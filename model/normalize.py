"""Normalisers that make shared objects comparable across sources: links, domains, texts, hashtags, times.

Each normaliser is idempotent (applying it twice changes nothing), so a key computed by one loader matches
the key computed from the same object by any other loader.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from; they never change what a link points to.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "mkt_tok",
        "ref_src",
        "ref_url",
        "s_cid",
    }
)
TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACE_RE = re.compile(r"\s")
_OTHER_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")


def is_tracking_param(name: str) -> bool:
    """True for a query parameter that only tracks clicks (utm_*, fbclid, gclid, igshid, mc_cid, ...)."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


# Shared objects repeat (that is what co-sharing is), so the normalisers remember recent answers.
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def normalize_link(url: str) -> str | None:
    """The canonical form of a web link, or None when ``url`` is not a usable http(s) link.

    Scheme and host are lower-cased, default ports, user info, fragments, tracking parameters and
    trailing slashes dropped, the remaining query parameters sorted. A bare ``example.com/x`` is read
    as ``http://example.com/x``; a bare word is not a link.
    """
    url = url.strip()
    if not url or _SPACE_RE.search(url):
        return None
    if "://" not in url:
        # Without a scheme only host.tld/... reads as a link: not mailto:, javascript: or a bare word.
        if _OTHER_SCHEME_RE.match(url) or "." not in url.split("/", 1)[0]:
            return None
        url = "http://" + url
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:  # malformed IPv6 literal or non-numeric port
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    host = host.rstrip(".")
    if not host:
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)
    )
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


@lru_cache(maxsize=_CACHE)
def domain_of(url: str) -> str | None:
    """The lower-case host of a link without a leading ``www.``, or None when it has no usable host."""
    link = normalize_link(url)
    if link is None:
        return None
    host = urlsplit(link).hostname or ""
    return host.removeprefix("www.") or None


_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"@\w+")
_HASHTAG_RE = re.compile(r"#(\w+)")


def _normalize_text_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _URL_RE.sub(" ", text)
    text = _MENTION_RE.sub(" ", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    # Punctuation becomes a space so that "a,b" and "a b" agree; symbols such as emoji are content.
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return " ".join(text.split())


def normalize_text(text: str) -> str:
    """A message or image text reduced to what co-sharing should compare: Unicode NFKC, case-folded,
    without URLs, @mentions and punctuation, whitespace collapsed to single spaces."""
    # Removing a character can make neighbours compose differently under NFKC; repeating the steps
    # until nothing changes makes the result idempotent (it settles after one or two rounds).
    for _ in range(8):
        again = _normalize_text_once(text)
        if again == text:
            break
        text = again
    return text


@lru_cache(maxsize=_CACHE)
def text_key(text: str | None) -> str | None:
    """The sha256 hex digest of the normalised text, or None when nothing is left after normalising."""
    if text is None:
        return None
    normalized = normalize_text(text)
    if not normalized:
        return None
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


@lru_cache(maxsize=_CACHE)
def normalize_hashtag(tag: str) -> str | None:
    """A hashtag without its ``#``, NFKC and case-folded; None when empty."""
    tag = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", tag).casefold()).strip().lstrip("#")
    return tag or None


def extract_hashtags(text: str | None) -> list[str]:
    """The distinct normalised hashtags of a text, in order of first appearance."""
    if not text:
        return []
    seen: dict[str, None] = {}
    for match in _HASHTAG_RE.finditer(unicodedata.normalize("NFKC", text)):
        tag = normalize_hashtag(match.group(1))
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


# Zone abbreviations seen in CrowdTangle exports and similar tools. Abbreviations are ambiguous in
# general; these are the North American and European readings (CST is US Central, not China).
ZONE_OFFSETS_HOURS = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_TWITTER_FORMAT = "%a %b %d %H:%M:%S %z %Y"
_EPOCH_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")


def parse_time(value: str | float | datetime) -> datetime:
    """A timezone-aware UTC datetime from ISO 8601 (naive values are taken as UTC), Twitter's
    ``Wed Oct 10 20:19:24 +0000 2018``, epoch seconds, or ``2021-01-02 03:04:05 EST`` style zone
    abbreviations. Raises ValueError saying why when the value is none of these."""
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        raise ValueError("empty timestamp")
    if _EPOCH_RE.fullmatch(text):
        return _from_epoch(float(text))
    try:
        return _as_utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return datetime.strptime(text, _TWITTER_FORMAT).astimezone(UTC)
    except ValueError:
        pass
    head, _, zone = text.rpartition(" ")
    if zone.upper() in ZONE_OFFSETS_HOURS and head:
        try:
            naive = datetime.fromisoformat(head.strip())
        except ValueError:
            pass
        else:
            if naive.tzinfo is None:
                offset = timezone(timedelta(hours=ZONE_OFFSETS_HOURS[zone.upper()]))
                return naive.replace(tzinfo=offset).astimezone(UTC)
    raise ValueError(
        f"unparsable timestamp {text[:60]!r} (expected ISO 8601, Twitter, epoch or 'YYYY-MM-DD hh:mm:ss TZ')"
    )


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _from_epoch(seconds: float) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"epoch seconds out of range: {seconds!r}") from exc
