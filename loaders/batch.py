"""Turn canonical records into the parameter lists of one write (``cypher/load/pass/*.cypher``).

Records of one batch are folded by graph key first, so each node and relationship appears once per
write: the latest counts of a post, the first and last time a like was seen, every property any
record gave. Both the Bolt writer and the bulk importer consume these lists, so the two paths apply
the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from graphcli.loaders.resolve import NameResolver
from graphcli.loaders.textio import has_bad_bytes
from graphcli.model.keys import (
    account_uid,
    bot_score_uid,
    count_observation_uid,
    object_uid,
    post_uid,
    status_check_uid,
    utc,
)
from graphcli.model.records import (
    Account,
    AccountStatus,
    Block,
    BotScore,
    CountObservation,
    Engagement,
    NameSeen,
    Post,
    Record,
    Share,
)

Params = dict[str, Any]

_POST_COUNTS = ("like_count", "retweet_count", "reply_count", "quote_count", "share_count", "comment_count")


def record_problem(rec: Record) -> str | None:
    """Why a record cannot be written (it names no account, post or object, or holds an implausible
    id, name or time), or None if it can."""
    return _missing_reference(rec) or _implausible_value(rec)


# Nothing graphcli reads existed before this: an earlier time is epoch 0, a spreadsheet's serial day
# number read as epoch seconds, or another placeholder.
EARLIEST_TIME = datetime(2000, 1, 1, tzinfo=UTC)
MAX_ID_CHARS = 256
_PLATFORM_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_SCIENTIFIC_RE = re.compile(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_KNOWN_PLATFORMS: set[str] = set()  # platforms seen to be well-formed (a handful)


@dataclass(frozen=True)
class _Checked:
    """The fields of one record type that :func:`_implausible_value` looks at, read by one getter."""

    names: tuple[str, ...]  # ids, then screen names, then times, then the other fields
    ids: int  # where the ids end in names
    handles: int  # where the screen names end
    times: int  # where the times end


def _checked(cls: type) -> tuple[_Checked, Callable[[Any], tuple[Any, ...]]]:
    slots = tuple(getattr(cls, "__slots__", ()))
    groups = [
        [n for n in ("id", "account_id", "post_id", "author_id", "tweet_id") if n in slots],
        [n for n in ("screen_name", "author_screen_name") if n in slots],
        [n for n in ("created_at", "observed_at", "at", "scored_at", "checked_at", "seen_at") if n in slots],
    ]
    others = [n for n in slots if n != "scores" and not any(n in g for g in groups)]
    names = tuple(n for g in [*groups, others] for n in g)
    ends = [len(groups[0]), len(groups[0]) + len(groups[1]), len(groups[0]) + len(groups[1]) + len(groups[2])]
    checked = _Checked(names, *ends)
    return checked, attrgetter(*names)


# Every field of a record type in dataclass order, read by one getter (as a block holds them).
_FIELDS_OF = {
    cls: attrgetter(*(f.name for f in fields(cls)))
    for cls in (Account, Post, Engagement, Share, BotScore, AccountStatus, CountObservation, NameSeen)
}

_CHECKED = {
    cls: _checked(cls)
    for cls in (Account, Post, Engagement, Share, BotScore, AccountStatus, CountObservation, NameSeen)
}


def _implausible_value(rec: Record) -> str | None:
    """Why a value of ``rec`` cannot be right, or None. Runs for every record of every load, so the
    common case (ASCII texts, digit ids, recent times) is decided by cheap tests first."""
    checked, getter = _CHECKED[type(rec)]
    values = getter(rec)
    texts = [v for v in values if type(v) is str]
    if not "".join(texts).isascii():
        for name, value in zip(checked.names, values, strict=True):
            if type(value) is str and has_bad_bytes(value):
                # The driver cannot send them (they stand for bytes that were not UTF-8).
                return f"invalid UTF-8 bytes in {name}"
    if isinstance(rec, BotScore) and any(has_bad_bytes(key) for key in rec.scores):
        return "invalid UTF-8 bytes in a score's column name"
    if rec.platform not in _KNOWN_PLATFORMS:
        if not isinstance(rec.platform, str) or not _PLATFORM_RE.fullmatch(rec.platform):
            return f"bad platform {str(rec.platform)[:40]!r} (letters, digits, '_', '-' or '.')"
        _KNOWN_PLATFORMS.add(rec.platform)
    ids, handles, times = checked.ids, checked.handles, checked.times
    for name, value in zip(checked.names[:ids], values[:ids], strict=True):
        if value and not (value.isdigit() and len(value) <= MAX_ID_CHARS):
            problem = _id_problem(name, value)
            if problem:
                return problem
    for name, value in zip(checked.names[ids:handles], values[ids:handles], strict=True):
        if value and len(value) > MAX_ID_CHARS:
            return f"{name} is too long for a screen name ({len(value):,} characters)"
        if value and not value.isprintable() and _CONTROL_RE.search(value):
            return f"{name} {value[:40]!r} holds a control character"
    for name, value in zip(checked.names[handles:times], values[handles:times], strict=True):
        moment = utc(value) if value is not None and value.year <= EARLIEST_TIME.year else None
        if moment is not None and moment < EARLIEST_TIME:
            return (
                f"implausible time in {name}: {moment.isoformat()} is before 2000 "
                "(epoch 0, or a spreadsheet's day number read as seconds?)"
            )
    return None


def block_doubtful(block: Block) -> set[int]:
    """The positions of the records of ``block`` that :func:`record_problem` might refuse: every other
    record surely passes it. The same tests, a column at a time (the common case costs a string
    method a cell, not a record's 10 us); a doubtful record goes through :func:`record_problem`
    itself, which has the last word and the reason."""
    kind = block.kind
    checked, _ = _CHECKED[kind]
    index = {f.name: i for i, f in enumerate(fields(kind))}
    if kind is BotScore:  # its score names are checked too (a CSV's rows share them)
        names = {name for scores in block.columns[index["scores"]] for name in scores}
        if any(has_bad_bytes(name) for name in names):
            return set(range(len(block)))
    doubtful: set[int] = set()

    def column(name: str) -> list[Any]:
        return block.columns[index[name]]

    for name in checked.names:
        values = column(name)
        if not all(type(v) is not str or v.isascii() for v in values):
            doubtful.update(i for i, v in enumerate(values) if type(v) is str and has_bad_bytes(v))
    for name in checked.names[: checked.ids]:
        doubtful.update(
            i for i, v in enumerate(column(name)) if v and not (v.isdigit() and len(v) <= MAX_ID_CHARS)
        )
    for name in checked.names[checked.ids : checked.handles]:
        doubtful.update(
            i
            for i, v in enumerate(column(name))
            if v and (len(v) > MAX_ID_CHARS or (not v.isprintable() and _CONTROL_RE.search(v)))
        )
    for name in checked.names[checked.handles : checked.times]:
        doubtful.update(
            i for i, v in enumerate(column(name)) if v is not None and v.year <= EARLIEST_TIME.year
        )
    platforms = column("platform")
    for platform in set(platforms) - _KNOWN_PLATFORMS:
        doubtful.update(i for i, v in enumerate(platforms) if v == platform)
    required = _REQUIRED_ALL.get(kind, ())
    for name in required:
        doubtful.update(i for i, v in enumerate(column(name)) if not v)
    one_of = _REQUIRED_ONE.get(kind)
    if one_of:
        pairs = zip(column(one_of[0]), column(one_of[1]), strict=True)
        doubtful.update(i for i, (a, b) in enumerate(pairs) if not (a or b))
    return doubtful


# What _missing_reference asks of each type: fields that must all be set, and a pair of which one must.
_REQUIRED_ALL: dict[type, tuple[str, ...]] = {
    NameSeen: ("account_id", "screen_name"),
    Share: ("account_id", "key", "post_id"),
    Post: ("id",),
    Engagement: ("post_id",),
    CountObservation: ("post_id",),
}
_REQUIRED_ONE: dict[type, tuple[str, str]] = {
    Account: ("id", "screen_name"),
    Engagement: ("account_id", "screen_name"),
    BotScore: ("account_id", "screen_name"),
    AccountStatus: ("account_id", "screen_name"),
}


def _id_problem(name: str, value: str) -> str | None:
    if _SCIENTIFIC_RE.fullmatch(value):
        return f"{name} {value!r} is in scientific notation: digits were lost (a spreadsheet?)"
    if _CONTROL_RE.search(value) or value != value.strip() or " " in value:
        return f"{name} {value[:40]!r} holds a control character or a space"
    if len(value) > MAX_ID_CHARS:
        return f"{name} is too long for an id ({len(value):,} characters)"
    return None


def _missing_reference(rec: Record) -> str | None:
    name = type(rec).__name__
    if isinstance(rec, Account) and not (rec.id or rec.screen_name):
        return "Account has neither id nor screen name"
    if isinstance(rec, NameSeen) and not (rec.account_id and rec.screen_name):
        return "NameSeen lacks its account id or screen name"
    if isinstance(rec, Engagement | BotScore | AccountStatus) and not (rec.account_id or rec.screen_name):
        return f"{name} names no account (neither id nor screen name)"
    if isinstance(rec, Share) and not (rec.account_id and rec.key and rec.post_id):
        return "Share lacks its account id, object key or post id"
    if (isinstance(rec, Post) and not rec.id) or (
        isinstance(rec, Engagement | CountObservation) and not rec.post_id
    ):
        return f"{name} has no post id"
    return None


@dataclass
class BatchParams:
    """The parameter lists of the ``load/pass/*`` queries (one list each), keyed by graph key while
    they are being built."""

    accounts: dict[str, Params] = field(default_factory=dict)
    posts: dict[str, Params] = field(default_factory=dict)
    objects: dict[str, Params] = field(default_factory=dict)
    posted: dict[tuple[str, str], Params] = field(default_factory=dict)
    liked: dict[tuple[str, str], Params] = field(default_factory=dict)
    retweeted: dict[tuple[str, str], Params] = field(default_factory=dict)
    shared: dict[tuple[str, str, str], Params] = field(default_factory=dict)
    scores: dict[str, Params] = field(default_factory=dict)
    statuses: dict[str, Params] = field(default_factory=dict)
    handles: dict[tuple[str, str], Params] = field(default_factory=dict)
    counts: dict[str, Params] = field(default_factory=dict)
    names: dict[tuple[str, str], Params] = field(default_factory=dict)
    retargets: dict[int, Params] = field(default_factory=dict)  # in order (see NameResolver.take_moves)
    # Shared by the batches of one load; a batch built on its own starts from an empty one.
    resolver: NameResolver = field(default_factory=NameResolver, repr=False)

    def __post_init__(self) -> None:
        for platform, lower in self.resolver.take_pending():
            self._handle(platform, lower)

    def add(self, rec: Record | Block) -> None:
        """Fold one record in (it must pass :func:`record_problem`), or every record of a block, in
        order, with the same rules (the block's rows passed :func:`block_doubtful`)."""
        if isinstance(rec, Block):
            self._add_block(rec)
        elif isinstance(rec, Account):
            self._add_account(*_FIELDS_OF[Account](rec))
        elif isinstance(rec, Post):
            self._add_post(*_FIELDS_OF[Post](rec))
        elif isinstance(rec, Engagement):
            self._add_engagement(*_FIELDS_OF[Engagement](rec))
        elif isinstance(rec, Share):
            self._add_share(*_FIELDS_OF[Share](rec))
        elif isinstance(rec, BotScore):
            uid = bot_score_uid(rec)
            props: Params = {
                "version": rec.version,
                "scored_at": utc(rec.scored_at),
                "majority_lang": rec.majority_lang,
                "tweet_id": rec.tweet_id,
                **rec.scores,
            }
            self.scores[uid] = {
                "uid": uid,
                "account_uid": self._account(rec.platform, rec.account_id, rec.screen_name),
                "props": _non_null(props),
            }
        elif isinstance(rec, AccountStatus):
            uid = status_check_uid(rec)
            self.statuses[uid] = {
                "uid": uid,
                "account_uid": self._account(rec.platform, rec.account_id, rec.screen_name),
                "props": _non_null(
                    {
                        "status": rec.status,
                        "checked_at": utc(rec.checked_at),
                        "error_title": rec.error_title,
                        "error_detail": rec.error_detail,
                    }
                ),
            }
        elif isinstance(rec, CountObservation):
            uid = count_observation_uid(rec)
            post = self._post(rec.platform, rec.post_id)["uid"]
            self.counts[uid] = {
                "uid": uid,
                "post_uid": post,
                "props": _non_null(
                    {
                        "source": rec.source,
                        "observed_at": utc(rec.observed_at),
                        "error": rec.error,
                        **{k: getattr(rec, k) for k in _POST_COUNTS[:4]},
                    }
                ),
            }
        elif isinstance(rec, NameSeen):
            self._add_name(rec)
        else:  # pragma: no cover - Record is a closed union
            raise TypeError(f"not a record: {rec!r}")

    def as_params(self) -> dict[str, list[Params]]:
        """The lists the ``load/pass/*`` queries take, times as ISO-8601 strings (the queries turn them
        back into datetimes: the driver's own datetime encoding costs ~0.3 ms a value, most of a batch's
        time)."""
        for (_platform, lower), old, new in self.resolver.take_moves():
            self.retargets[len(self.retargets)] = {"name": lower, "from_uid": old, "to_uid": new}
        return {name: [_wire(entry) for entry in getattr(self, name).values()] for name in PARAM_NAMES}

    def __len__(self) -> int:
        return sum(len(getattr(self, name)) for name in PARAM_NAMES)

    # --- folding ------------------------------------------------------------------------------

    def _add_block(self, block: Block) -> None:
        # The value-taking folders below are the ones add() uses: one set of rules, no dataclass a row.
        if block.kind is Engagement:
            self._add_engagements(*block.columns)
            return
        if block.kind is Share:
            self._add_shares(*block.columns)
            return
        folders: dict[type, Callable[..., None]] = {
            Account: self._add_account,
            Post: self._add_post,
            Share: self._add_share,
        }
        folder = folders.get(block.kind)
        if folder is None:
            for rec in block.records():
                self.add(rec)
            return
        for values in zip(*block.columns, strict=True):
            folder(*values)

    def _add_engagements(
        self,
        platforms: list[str],
        kinds: list[str],
        post_ids: list[str],
        account_ids: list[str | None],
        screen_names: list[str | None],
        observed: list[datetime | None],
        ats: list[datetime | None],
        sources: list[str],
    ) -> None:
        """Fold the likes and retweets of a block (or of one record, see :meth:`_add_engagement`), the
        steps inlined: a block of likes is most of a load, and a method call a step costs a fifth of
        the fold."""
        posts, account, liked, retweeted = self.posts, self._account, self.liked, self.retweeted
        for platform, kind, post_id, account_id, screen_name, seen_at, at, source in zip(
            platforms, kinds, post_ids, account_ids, screen_names, observed, ats, sources, strict=True
        ):
            post = post_uid(platform, post_id)
            if post not in posts:
                self._post(platform, post_id)
            who = account(platform, account_id, screen_name)
            target = liked if kind == "like" else retweeted
            seen = utc(seen_at)
            entry = target.get((who, post))
            if entry is None:
                entry = {
                    "account_uid": who,
                    "post_uid": post,
                    "first_seen": seen,
                    "last_seen": seen,
                    "source": source or None,
                }
                if kind == "retweet":
                    entry["at"] = utc(at)
                if not account_id:  # named by screen name only: it follows the name (NameResolver)
                    entry["via_name"] = (screen_name or "").lower()
                target[(who, post)] = entry
                continue
            if account_id:  # also named by id: it stays with this account
                entry.pop("via_name", None)
            entry["first_seen"] = _earliest(entry["first_seen"], seen)
            entry["last_seen"] = _latest(entry["last_seen"], seen)
            if kind == "retweet" and entry["at"] is None:
                entry["at"] = utc(at)

    def _add_shares(
        self,
        platforms: list[str],
        account_ids: list[str],
        kinds: list[str],
        keys: list[str],
        ats: list[datetime],
        post_ids: list[str],
        texts: list[str | None],
    ) -> None:
        """:meth:`_add_share` for each share of a block, its steps inlined (see _add_engagements)."""
        objects, shared, account = self.objects, self.shared, self._account
        uids: dict[tuple[str, str], str] = {}  # object keys repeat: that is what co-sharing is
        for platform, account_id, kind, key, at, post_id, text in zip(
            platforms, account_ids, kinds, keys, ats, post_ids, texts, strict=True
        ):
            who = account(platform, account_id, None)
            uid = uids.get((kind, key))
            if uid is None:
                uid = uids[(kind, key)] = object_uid(kind, key)
            obj = objects.get(uid)
            if obj is None:
                obj = objects[uid] = {"uid": uid, "kind": kind, "key": key, "text": None}
            obj["text"] = obj["text"] or text
            triple = (who, uid, post_id)
            if triple not in shared:
                shared[triple] = {
                    "account_uid": who,
                    "object_uid": uid,
                    "post_id": post_id,
                    "at": utc(at),
                    "kind": kind,
                }

    def _add_account(
        self,
        platform: str,
        account_id: str | None,
        screen_name: str | None,
        name: str | None,
        created_at: datetime | None,
        description: str | None,
        location: str | None,
        protected: bool | None,
        verified: bool | None,
        followers_count: int | None,
        following_count: int | None,
        tweet_count: int | None,
        listed_count: int | None,
    ) -> None:
        uid = self._account(platform, account_id, screen_name)
        profile = {
            "name": name,
            "description": description,
            "location": location,
            "protected": protected,
            "verified": verified,
            "followers_count": followers_count,
            "following_count": following_count,
            "tweet_count": tweet_count,
            "listed_count": listed_count,
            "created_at": utc(created_at),
        }
        _merge(self.accounts[uid]["props"], profile)

    def _account(self, platform: str, account_id: str | None, screen_name: str | None) -> str:
        uid, fold = self.resolver.account(platform, account_id, screen_name)
        entry = self.accounts.get(uid)
        if entry is None:
            entry = self.accounts[uid] = {"uid": uid, "props": {"platform": platform}}
        if account_id:
            entry["props"]["id"] = account_id
        # A name-only reference the resolver sent to an id-keyed account says nothing new about it.
        if screen_name and (account_id or uid == account_uid(platform, None, screen_name)):
            lower = screen_name.lower()
            entry["props"].update(screen_name=screen_name, screen_name_lower=lower)
            if fold:
                self._handle(platform, lower)
        return uid

    def _handle(self, platform: str, lower: str) -> None:
        """Fold the placeholder of this name onto the id-keyed account wearing it, after the writes."""
        self.handles[(platform, lower)] = {
            "placeholder_uid": account_uid(platform, None, lower),
            "platform": platform,
            "screen_name_lower": lower,
        }

    def _post(self, platform: str, post_id: str) -> Params:
        uid = post_uid(platform, post_id)
        entry = self.posts.get(uid)
        if entry is None:
            entry = self.posts[uid] = {
                "uid": uid,
                "props": {"platform": platform, "id": post_id},
                "counts": {},
                "observed_at": None,
                "fill": {},
            }
        return entry

    def _add_post(
        self,
        platform: str,
        post_id: str,
        author_id: str | None,
        author_screen_name: str | None,
        created_at: datetime | None,
        lang: str | None,
        text: str | None,
        like_count: int | None,
        retweet_count: int | None,
        reply_count: int | None,
        quote_count: int | None,
        share_count: int | None,
        comment_count: int | None,
        source: str | None,
        geo: str | None,
        observed_at: datetime | None,
        availability: str | None,
    ) -> None:
        entry = self._post(platform, post_id)
        fixed = {
            "lang": lang,
            "text": text,
            "source": source,
            "geo": geo,
            "availability": availability,
            "created_at": utc(created_at),
        }
        _merge(entry["props"], fixed)
        observed = utc(observed_at)
        counts = _non_null(
            {
                "like_count": like_count,
                "retweet_count": retweet_count,
                "reply_count": reply_count,
                "quote_count": quote_count,
                "share_count": share_count,
                "comment_count": comment_count,
            }
        )
        if observed is None:
            # Counts without an observation time only fill counts nothing timed gave, the largest
            # winning (counts grow): the same result whichever file arrives first.
            for key, value in counts.items():
                entry["fill"][key] = max(value, entry["fill"].get(key, value))
        elif entry["observed_at"] is None or observed >= entry["observed_at"]:
            _merge(entry["counts"], counts)
            entry["observed_at"] = observed
        if author_id or author_screen_name:
            author = self._account(platform, author_id, author_screen_name)
            self.posted[(author, entry["uid"])] = {"account_uid": author, "post_uid": entry["uid"]}

    def _add_engagement(
        self,
        platform: str,
        kind: str,
        post_id: str,
        account_id: str | None,
        screen_name: str | None,
        observed_at: datetime | None,
        at: datetime | None,
        source: str,
    ) -> None:
        """One like or retweet: the block fold on a block of one, so the rules live in one place."""
        self._add_engagements(
            [platform], [kind], [post_id], [account_id], [screen_name], [observed_at], [at], [source]
        )

    def _add_name(self, rec: NameSeen) -> None:
        account = self._account(rec.platform, rec.account_id, None)
        lower = rec.screen_name.lower()
        seen = utc(rec.seen_at)
        key = (account, rec.screen_name)
        entry = self.names.get(key)
        if entry is None:
            self.names[key] = {
                "account_uid": account,
                "name_uid": f"{rec.platform}:{lower}",
                "platform": rec.platform,
                "name": rec.screen_name,
                "name_lower": lower,
                "first_seen": seen,
                "last_seen": seen,
            }
            return
        entry["first_seen"] = _earliest(entry["first_seen"], seen)
        entry["last_seen"] = _latest(entry["last_seen"], seen)

    def _add_share(
        self,
        platform: str,
        account_id: str,
        kind: str,
        key: str,
        at: datetime,
        post_id: str,
        text: str | None,
    ) -> None:
        account = self._account(platform, account_id, None)
        uid = object_uid(kind, key)
        obj = self.objects.get(uid)
        if obj is None:
            obj = self.objects[uid] = {"uid": uid, "kind": kind, "key": key, "text": None}
        obj["text"] = obj["text"] or text
        triple = (account, uid, post_id)
        if triple not in self.shared:
            self.shared[triple] = {
                "account_uid": account,
                "object_uid": uid,
                "post_id": post_id,
                "at": utc(at),
                "kind": kind,
            }


PARAM_NAMES = (
    "accounts",
    "posts",
    "objects",
    "posted",
    "liked",
    "retweeted",
    "shared",
    "scores",
    "statuses",
    "counts",
    "names",
    "handles",
    "retargets",
)


def build_params(
    records: Iterable[Record | Block], resolver: NameResolver | None = None
) -> dict[str, list[Params]]:
    """The ``load/pass/*`` parameters for these records; ``resolver`` is the load's (see
    :class:`NameResolver`), or a fresh one that knows no names."""
    batch = BatchParams(resolver=resolver or NameResolver())
    for rec in records:
        batch.add(rec)
    return batch.as_params()


def _wire(entry: Params) -> Params:
    """``entry`` with its datetimes (at most one map deep, as in ``props``) as ISO strings; ``entry``
    itself when it holds none. Runs for every entry of every batch: a time seen twice in a row (a
    like's first and last seen) is formatted once."""
    out: Params | None = None
    last: Any = None
    iso = ""
    for key, value in entry.items():
        if isinstance(value, datetime):
            if value is not last:
                last, iso = value, value.isoformat()
            if out is None:
                out = entry.copy()
            out[key] = iso
        elif type(value) is dict and value:
            inner = None
            for k, v in value.items():
                if isinstance(v, datetime):
                    if inner is None:
                        inner = value.copy()
                    inner[k] = v.isoformat()
            if inner is not None:
                if out is None:
                    out = entry.copy()
                out[key] = inner
    return entry if out is None else out


def _merge(target: Params, values: Params) -> None:
    """Later non-null values win; null never erases (Cypher ``SET n += {k: null}`` would delete k)."""
    target.update(_non_null(values))


def _non_null(values: Params) -> Params:
    return {k: v for k, v in values.items() if v is not None}


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else max(a, b)
