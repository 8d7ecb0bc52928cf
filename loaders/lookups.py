"""Later user look-ups: Twitter API v2 users look-up responses, and the flattened table made from them.

A response (one per JSON line, as twarc2 ``users`` writes them) holds ``data`` (users found) and
``errors``: title ``Not Found Error`` means not_found, title ``Forbidden`` with detail
``User has been suspended: [...]`` means suspended, other errors unknown; a user found with
``protected: true`` is protected, any other found user active. Raw error titles and details are kept.
The flattened table has columns username, id, error_title, error_detail, name, created_at, protected,
verified, followers_count, following_count, tweet_count, listed_count (and optionally checked_at), as
the Danish 2022 study's ``parse_users`` writes it (pickled or with ``to_csv``). That writer fills cells it
has nothing for with ``'empty'`` (id) and ``'none'`` (error title and detail); those, ``'nan'`` and
blanks are missing values, never ids or titles. A row with neither an id nor an error (the API answered
under another spelling of the name) says nothing about the account and gives no records. Rows without
a check time get ``options.scored_at``, else the file's modification time (said in a notice).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphcli.loaders.columnar import (
    Item,
    block_of,
    by_runs,
    column_of,
    count_cells,
    csv_by_column,
    ids,
    shape_runs,
    times,
)
from graphcli.loaders.options import ReadOptions
from graphcli.loaders.textio import (
    SHAPE_ERRORS,
    cell,
    convert_rows,
    csv_header,
    first_line,
    read_csv,
    read_json_lines,
    shape_reason,
    to_bool,
    to_id,
    to_int,
    to_time,
)
from graphcli.loaders.twitter_v2 import PLATFORM, account_from_user
from graphcli.model.records import (
    Account,
    AccountStatus,
    Blocks,
    NameSeen,
    Record,
    Reject,
    Row,
    Status,
)

NAME = "lookups"
SNIFF_RULE = (
    "JSON lines of users look-up responses (data/errors, no meta), or a CSV with username and error_title"
)

TABLE_COLUMNS = ("username", "id", "error_title", "error_detail")


def sniff(path: Path) -> bool:
    """True for a users look-up response file or the flattened look-up table."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header = csv_header(path)
        return "error_title" in header and "username" in header
    if suffix not in (".json", ".jsonl", ".ndjson") or not path.is_file():
        return False
    try:
        page = json.loads(first_line(path, limit=4 * 1024 * 1024) or "null")
    except json.JSONDecodeError:
        return False
    if not isinstance(page, dict) or "meta" in page:
        return False
    url = str((page.get("__twarc") or {}).get("url", ""))
    if "/2/users?" in url or "/2/users/by" in url:
        return True
    users = page.get("data") if isinstance(page.get("data"), list) else None
    errors = page.get("errors") if isinstance(page.get("errors"), list) else None
    return any("username" in u for u in users or [] if isinstance(u, dict)) or any(
        e.get("resource_type") == "user" for e in errors or [] if isinstance(e, dict)
    )


# What parse_users and pandas write for "nothing here".
MISSING = frozenset({"none", "empty", "nan", "nat", "null"})


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """A Row per response line (its Accounts and AccountStatuses) or per table row."""
    platform = options.platform_or(PLATFORM)
    if path.suffix.lower() == ".csv":
        rows = read_csv(path, required=TABLE_COLUMNS)
        default = default_check_time(path, options)
        yield from convert_rows(path, rows, lambda fields: table_records(fields, platform, default))
        options.tell(f"{path.name}: rows carry no check time; checked_at = {default.isoformat()}")
        return
    for line, raw, page, problem in read_json_lines(path, fast=options.columnar):
        if problem is not None or not isinstance(page, dict):
            yield Reject(str(path), line, problem or "a line is not a JSON object", raw)
            continue
        try:
            yield Row(str(path), line, tuple(_response_records(page, platform)))
        except SHAPE_ERRORS as exc:
            yield Reject(str(path), line, shape_reason(exc), raw)


def read_blocks(path: Path, options: ReadOptions) -> Iterator[Item]:
    """What :func:`read` gives; a look-up table as groups of blocks read a column at a time (see
    ``loaders.columnar``): runs of rows with an id (Account, AccountStatus, NameSeen) and runs of
    rows without (an AccountStatus). A row the columns cannot vouch for (no id and no error, a cell
    its converter refuses) goes through the per-row converter."""
    rows = read(path, options)
    table = csv_by_column(path, rows)
    if table is None:
        yield from rows
        return
    platform = options.platform_or(PLATFORM)
    default = default_check_time(path, options)
    for batch, lines, raw in table.batches():
        yield from _table_groups(str(path), batch, lines, raw, platform, default)
    options.tell(f"{path.name}: rows carry no check time; checked_at = {default.isoformat()}")


_BOOLEANS = {
    **dict.fromkeys(("true", "1", "1.0", "yes", "t"), True),
    **dict.fromkeys(("false", "0", "0.0", "no", "f"), False),
}
_COUNT_COLUMNS = ("followers_count", "following_count", "tweet_count", "listed_count")


def _present_column(batch: Any, column: str) -> list[str | None]:
    """A column's cells as :func:`present` and ``cell`` give them."""
    return [None if v is None or v.lower() in MISSING else v for v in column_of(batch, column)]


def _booleans(values: list[str | None], doubtful: set[int]) -> list[bool | None]:
    out: list[bool | None] = []
    for i, value in enumerate(values):
        flag = None if value is None else _BOOLEANS.get(value.lower())
        if value is not None and flag is None:
            doubtful.add(i)  # to_bool refuses it: the row path says why
        out.append(flag)
    return out


def _table_groups(
    name: str, batch: Any, lines: list[int], raw: list[bytes], platform: str, default: datetime
) -> Iterator[Item]:
    import pyarrow as pa

    size = batch.num_rows
    doubtful: set[int] = set()
    account_ids = ids(_present_column(batch, "id"))
    handles = _present_column(batch, "username")
    titles, details = _present_column(batch, "error_title"), _present_column(batch, "error_detail")
    doubtful.update(  # neither found nor refused (an empty row), or naming no account: the row path
        i
        for i, (a, h, t) in enumerate(zip(account_ids, handles, titles, strict=True))
        if a is None and (t is None or h is None)
    )

    def time_column(column: str) -> list[datetime | None]:
        if column not in batch.schema.names:
            return [None] * size
        cells = pa.array(_present_column(batch, column), pa.string())
        return times(cells, doubtful, lambda v: to_time(v, column))

    checked = [t or default for t in time_column("checked_at")]
    created = time_column("created_at")
    protected = _booleans(_present_column(batch, "protected"), doubtful)
    verified = _booleans(_present_column(batch, "verified"), doubtful)
    counts = [count_cells(_present_column(batch, c), doubtful, c) for c in _COUNT_COLUMNS]
    profile_names = _present_column(batch, "name")

    def convert(fields: dict[str, str]) -> tuple[Record, ...]:
        return table_records(fields, platform, default)

    def groups(start: int, end: int) -> Iterator[Item]:
        # Runs of rows of one shape: with an id, or without (folded type by type, a name-only
        # status before an account of that name would resolve otherwise).
        for i, j in shape_runs(start, end, [a is not None for a in account_ids]):
            found = account_ids[i] is not None
            accounts: list[tuple[Any, ...]] = []
            statuses: list[tuple[Any, ...]] = []
            seen: list[tuple[Any, ...]] = []
            seen_lines: list[int] = []
            for k in range(i, j):
                account_id, handle, title, detail = account_ids[k], handles[k], titles[k], details[k]
                status: Status = "protected" if protected[k] else "active"
                if title is not None:
                    status = classify(title, detail)
                statuses.append((platform, account_id, handle, status, checked[k], title, detail))
                if account_id is None:
                    continue
                accounts.append(
                    (
                        platform,
                        account_id,
                        handle,
                        profile_names[k],
                        created[k],
                        None,
                        None,
                        protected[k],
                        verified[k],
                        *(column[k] for column in counts),
                    )
                )
                if handle is not None:
                    seen.append((platform, account_id, handle, checked[k], "look-up"))
                    seen_lines.append(lines[k])
            status_block = block_of(name, AccountStatus, statuses, lines[i:j])
            if not found:
                yield status_block
            else:
                blocks = [block_of(name, Account, accounts, lines[i:j]), status_block]
                if seen:
                    blocks.append(block_of(name, NameSeen, seen, seen_lines))
                yield Blocks(name, tuple(blocks))

    return by_runs(name, batch, lines, raw, doubtful, convert, groups)


def classify(title: str | None, detail: str | None) -> Status:
    """The account status an API error title/detail means."""
    if title == "Not Found Error":
        return "not_found"
    if title == "Forbidden" and (detail or "").startswith("User has been suspended"):
        return "suspended"
    return "unknown"


def _response_records(page: dict[str, Any], platform: str) -> list[Record]:
    checked = to_time(
        (page.get("__twarc") or {}).get("retrieved_at") or page.get("checked_at"), "retrieved_at"
    )
    data = page.get("data") or []
    records: list[Record] = []
    for user in data if isinstance(data, list) else [data]:
        account = account_from_user(user, platform)
        status: Status = "protected" if account.protected else "active"
        records += [account, AccountStatus(platform, account.id, account.screen_name, status, checked)]
    for error in page.get("errors") or []:
        title, detail = cell(error.get("title")), cell(error.get("detail"))
        value = cell(error.get("resource_id")) or cell(error.get("value"))
        by_id = error.get("parameter") in ("ids", "id") or (
            error.get("parameter") is None and (value or "").isdigit()
        )
        records.append(
            AccountStatus(
                platform,
                value if by_id else None,
                None if by_id else value,
                classify(title, detail),
                checked,
                title,
                detail,
            )
        )
    return records


def default_check_time(path: Path, options: ReadOptions) -> datetime:
    """When rows of ``path`` without a ``checked_at`` were checked: the caller's time, else the
    file's modification time."""
    return options.scored_at or datetime.fromtimestamp(path.stat().st_mtime, UTC)


def present(value: Any) -> Any:
    """``value``, or None when it is one of the writers' stand-ins for nothing (see MISSING)."""
    text = cell(value)
    if text is None or text.lower() in MISSING:
        return None
    return value


def table_records(
    raw: dict[str, Any], platform: str, default_checked: datetime | None = None
) -> tuple[Record, ...]:
    """The Account and AccountStatus of one look-up table row (a CSV row or a DataFrame row);
    ``default_checked`` is the check time of a row that has none."""
    fields = {k: present(v) for k, v in raw.items()}
    account_id, screen_name = to_id(fields.get("id")), cell(fields.get("username"))
    if account_id is None and screen_name is None:
        raise ValueError("row has neither id nor username")
    title, detail = cell(fields.get("error_title")), cell(fields.get("error_detail"))
    if account_id is None and title is None:
        return ()  # neither found nor refused: nothing is known of this name
    checked: datetime | None = to_time(fields.get("checked_at"), "checked_at") or default_checked
    protected = to_bool(fields.get("protected"), "protected")
    records: list[Record] = []
    if account_id is not None:
        records.append(
            Account(
                platform=platform,
                id=account_id,
                screen_name=screen_name,
                name=cell(fields.get("name")),
                created_at=to_time(fields.get("created_at"), "created_at"),
                protected=protected,
                verified=to_bool(fields.get("verified"), "verified"),
                followers_count=to_int(fields.get("followers_count"), "followers_count"),
                following_count=to_int(fields.get("following_count"), "following_count"),
                tweet_count=to_int(fields.get("tweet_count"), "tweet_count"),
                listed_count=to_int(fields.get("listed_count"), "listed_count"),
            )
        )
    status: Status = "protected" if protected else "active"
    if title is not None:
        status = classify(title, detail)
    records.append(AccountStatus(platform, account_id, screen_name, status, checked, title, detail))
    if account_id is not None and screen_name is not None:  # the name the look-up found it under
        records.append(NameSeen(platform, account_id, screen_name, checked, "look-up"))
    return tuple(records)
