"""What a group (community or bin) is about: its most distinctive domains, hashtags and terms.

Distinctive = TF-IDF over groups: an item's count in the group times ``log((1 + G) / (1 + df)) + 1``, where G
is the number of groups and df how many groups used the item (scikit-learn's smoothed idf). Items every group
shares (a popular news site) sink; items one group pushes rise. Written here because it is a few lines on
counts we already have, not worth a scikit-learn dependency.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from graphcli.model.normalize import domain_of

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# A short stop list (English and Danish function words); terms are a hint for a human, not a model.
_STOP_EN = (
    "the and for you are with this that have from not but all was were will can our your they his her its"
)
_STOP_EN_2 = "who what when why how out now get just more new one"
_STOP_DA = "og det der den til som med for ikke har jeg vil kan var skal fra men om nu os vi de er en et af"
STOPWORDS = frozenset(f"{_STOP_EN} {_STOP_EN_2} {_STOP_DA} på så sig mig dig hvor".split())
FACETS = ("domains", "hashtags", "terms")


@dataclass
class GroupContent:
    """Counts of one group's shared items, per facet."""

    domains: Counter[str] = field(default_factory=Counter)
    hashtags: Counter[str] = field(default_factory=Counter)
    terms: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    messages: Counter[str] = field(default_factory=Counter)
    hidden: Counter[str] = field(default_factory=Counter)  # message/image-text hashes whose text was not kept

    def facet(self, name: str) -> Counter[str]:
        counts: Counter[str] = getattr(self, name)
        return counts


def group_content(rows: list[dict[str, Any]]) -> dict[str, GroupContent]:
    """Rows of (group_id, kind, key, text, shares), as the ``*_content`` queries return, into counts."""
    groups: dict[str, GroupContent] = defaultdict(GroupContent)
    for row in rows:
        content = groups[str(row["group_id"])]
        if row.get("kind") is None:
            continue  # a group whose posts shared nothing (OPTIONAL MATCH row)
        n = int(row.get("shares") or 1)
        kind, key, text = row["kind"], str(row["key"]), row.get("text")
        if kind == "link":
            content.links[key] += n
            domain = domain_of(key)
            if domain:
                content.domains[domain] += n
        elif kind == "domain":
            content.domains[key.lower()] += n
        elif kind == "hashtag":
            content.hashtags["#" + key.lstrip("#").lower()] += n
        elif kind in {"message", "image_text"} and text:
            content.messages[str(text)] += n
            for term in terms_of(str(text)):
                content.terms[term] += n
        elif kind in {"message", "image_text"}:
            content.hidden[f"{kind.replace('_', ' ')} {key[:10]} (not kept)"] += n
    return dict(groups)


def terms_of(text: str) -> list[str]:
    """Lower-case words of three letters or more, without stop words."""
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOPWORDS]


def distinctive(groups: dict[str, GroupContent], top: int = 3) -> dict[str, dict[str, list[str]]]:
    """Per group and facet, the ``top`` items by TF-IDF across groups (ties by name)."""
    out: dict[str, dict[str, list[str]]] = {g: {} for g in groups}
    n_groups = len(groups)
    for facet in FACETS:
        df: Counter[str] = Counter()
        for content in groups.values():
            df.update(set(content.facet(facet)))
        for gid, content in groups.items():
            scored = sorted(
                content.facet(facet).items(),
                key=lambda kv: (-kv[1] * (math.log((1 + n_groups) / (1 + df[kv[0]])) + 1), kv[0]),
            )
            out[gid][facet] = [item for item, _ in scored[:top]]
    return out


def label(top_items: dict[str, list[str]], size: int = 3, fallback: list[str] | None = None) -> str:
    """A short human label: the leading hashtags, domains and terms, in that order; else the ``fallback``
    (the most shared links or texts); "(no shared content)" only when the group shared nothing."""
    hashtags, domains = top_items.get("hashtags", [])[:2], top_items.get("domains", [])[:2]
    picked = [*hashtags, *domains, *top_items.get("terms", [])]
    return ", ".join(picked[:size] or (fallback or [])[:size]) or "(no shared content)"
