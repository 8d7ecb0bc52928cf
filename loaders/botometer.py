"""Botometer v4 API results, flattened CSVs of them, and Botometer Lite results.

v4 results (JSON lines or one JSON array) look like
``{"cap": {"english", "universal"}, "raw_scores": {"english": {...7 categories}, "universal": {...}},
"display_scores": {...}, "user": {"majority_lang", "user_data": {"id_str", "screen_name"}}}``, possibly
wrapped as ``{"result": {...}}``. Flattened CSVs name columns ``raw_scores.universal.astroturf`` (pandas
``json_normalize``) or ``raw_universal_astroturf``; both are read. Lite results hold ``botscore``,
``tweet_id`` and ``user_id``. Every number is kept, under keys such as ``raw_universal_overall``,
``display_english_spammer``, ``cap_english``, ``cap_universal`` and ``lite``.

The Danish 2022 study (``fv22.botometer_v4`` and ``fv22.botlite``) saved its results as DataFrames, pickled
or written with ``to_csv``: v4 as ``user-id, screenname_from_list, screenname, maj_lang, result_cap_e,
result_cap_uni``, the display scores without prefix (``astroturf_e`` ... ``spammer_uni``) and the raw
scores as ``raw_<category>_{e,uni}``; Lite as ``scores, tweetid, userid``. Those names are read too.
Results that carry no time are given the caller's ``scored_at`` or, failing that, the file's
modification time; the load's notes say which.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphcli.loaders.columnar import (
    Item,
    block_of,
    by_runs,
    column_of,
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
    open_text,
    read_csv,
    read_json_lines,
    shape_reason,
    to_float,
    to_id,
    to_time,
)
from graphcli.model.errors import InputError
from graphcli.model.records import Blocks, BotScore, NameSeen, Record, Reject, Row

NAME = "botometer"
SNIFF_RULE = (
    "JSON with raw_scores/display_scores or botscore, or a CSV with raw_*/raw_scores.* or botscore columns"
)
PLATFORM = "twitter"

_SCORE_KEY = re.compile(r"(raw|display)_(english|universal)_\w+|cap_(english|universal)|lite")
CATEGORIES = ("astroturf", "fake_follower", "financial", "other", "overall", "self_declared", "spammer")
# The study's short names: ``raw_astroturf_e`` is raw english, ``astroturf_uni`` display universal.
_STUDY_SCORE = re.compile(rf"(raw_)?({'|'.join(CATEGORIES)})_(e|uni)")
_STUDY_NAMES = {
    "user-id": "id_str",
    "userid": "user_id",
    "screenname": "screen_name",
    "maj_lang": "majority_lang",
    "tweetid": "tweet_id",
    "scores": "lite",
    "cap_e": "cap_english",
    "cap_uni": "cap_universal",
}
_ACCOUNT_KEYS = {"id_str", "user_id", "screen_name", "account_id", "user_user_data_id_str"}
_ID_KEYS = ("user_user_data_id_str", "user_data_id_str", "id_str", "user_id", "account_id")
_NAME_KEYS = ("user_user_data_screen_name", "user_data_screen_name", "screen_name")
_TIME_KEYS = ("scored_at", "timestamp", "checked_at", "time")


def sniff(path: Path) -> bool:
    """True for Botometer JSON/JSONL results or a flattened Botometer CSV: score columns and a column
    naming the account."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return is_score_table(csv_header(path))
    if suffix in (".json", ".jsonl", ".ndjson") and path.is_file():
        with open_text(path) as handle:
            head = handle.read(65536)
        return '"raw_scores"' in head or '"botscore"' in head or '"display_scores"' in head
    return False


def is_score_table(columns: Iterable[str]) -> bool:
    """True when ``columns`` hold Botometer scores and name the account they belong to."""
    keys = {canonical_key(name) for name in columns}
    return any(_SCORE_KEY.fullmatch(k) for k in keys) and bool(keys & _ACCOUNT_KEYS)


def read(path: Path, options: ReadOptions) -> Iterator[Row | Reject]:
    """A Row holding one BotScore per result (line, array element or CSV row); failed look-ups
    (``{"error": ...}``) and results without scores are rejects. In a JSON array, ``line`` is the
    1-based position of the element. Results without a time get ``options.scored_at``, else the
    file's modification time (said in a notice)."""
    platform = options.platform_or(PLATFORM)
    name = str(path)
    if path.suffix.lower() == ".csv":
        default = default_time(path, options)
        yield from convert_rows(
            path, read_csv(path), lambda fields: score_records(fields, platform, default.value)
        )
        default.report(options)
        return
    default = default_time(path, options)
    if _starts_with_bracket(path):
        for position, item in enumerate(_load_array(path), start=1):
            yield _row(name, position, item, json.dumps(item)[:2000], platform, default.value)
    else:
        for line, raw, value, problem in read_json_lines(path, fast=options.columnar):
            if problem is not None:
                yield Reject(name, line, problem, raw)
            else:
                yield _row(name, line, value, raw, platform, default.value)
    default.report(options)


def read_blocks(path: Path, options: ReadOptions) -> Iterator[Item]:
    """What :func:`read` gives; a flattened CSV as blocks of BotScores (and the NameSeen of the
    study's requested names) read a column at a time (see ``loaders.columnar``). A row the columns
    cannot vouch for (an error, no score, no account, a cell its converter refuses) goes through
    the per-row converter."""
    rows = read(path, options)
    table = csv_by_column(path, rows)
    if table is None:
        yield from rows
        return
    platform = options.platform_or(PLATFORM)
    default = default_time(path, options)
    for batch, lines, raw in table.batches():
        yield from _score_groups(str(path), batch, lines, raw, platform, default.value)
    default.report(options)


def _score_groups(
    name: str, batch: Any, lines: list[int], raw: list[bytes], platform: str, default: datetime
) -> Iterator[Item]:
    import pyarrow as pa

    size = batch.num_rows
    doubtful: set[int] = set()
    # score_from_flat's dict of canonical keys: the last column of a key gives its value
    columns = {canonical_key(column): column for column in batch.schema.names}
    stripped = {key: column_of(batch, column) for key, column in columns.items()}
    empty: list[str | None] = [None] * size

    def first(keys: tuple[str, ...]) -> list[str | None]:
        found = [stripped[k] for k in keys if k in stripped]
        return (
            [next((v for v in values if v is not None), None) for values in zip(*found, strict=True)]
            if found
            else empty
        )

    errors = stripped.get("error", empty)
    scores: list[dict[str, float]] = [{} for _ in range(size)]
    for key, values in stripped.items():
        if not _SCORE_KEY.fullmatch(key):
            continue
        for i, value in enumerate(values):
            try:
                number = to_float(value, key)
            except ValueError:
                doubtful.add(i)
                continue
            if number is not None:
                scores[i][key] = number
    account_ids, screen_names = ids(first(_ID_KEYS)), first(_NAME_KEYS)
    stamps = first(_TIME_KEYS)
    # which time key gave the time names the column in a refusal: such rows go the row path
    scored = times(pa.array(stamps, pa.string()), doubtful, lambda v: to_time(v, "scored_at"))
    doubtful.update(
        i
        for i in range(size)
        if errors[i] is not None or not scores[i] or (account_ids[i] is None and screen_names[i] is None)
    )

    def unstripped(key: str) -> list[Any]:
        column = columns.get(key)
        return batch.column(column).to_pylist() if column is not None else empty

    # as score_from_flat: the first raw value that is not empty, then stripped
    langs = [
        cell(a or b)
        for a, b in zip(unstripped("user_majority_lang"), unstripped("majority_lang"), strict=True)
    ]
    tweets = ids(stripped.get("tweet_id", empty))
    requested = column_of(batch, "screenname_from_list")

    def convert(fields: dict[str, str]) -> tuple[Record, ...]:
        return score_records(fields, platform, default)

    def groups(start: int, end: int) -> Iterator[Item]:
        for i, j in shape_runs(start, end, [a is not None for a in account_ids]):
            bot_scores: list[tuple[Any, ...]] = []
            seen: list[tuple[Any, ...]] = []
            seen_lines: list[int] = []
            for k in range(i, j):
                version = "lite" if set(scores[k]) == {"lite"} else "v4"
                at = scored[k] or default
                bot_scores.append(
                    (platform, account_ids[k], screen_names[k], version, at, scores[k], langs[k], tweets[k])
                )
                if requested[k] is not None and account_ids[k] is not None:
                    for seen_name in dict.fromkeys(n for n in (requested[k], screen_names[k]) if n):
                        seen.append((platform, account_ids[k], seen_name, at, "botometer"))
                        seen_lines.append(lines[k])
            block = block_of(name, BotScore, bot_scores, lines[i:j])
            if not seen:
                yield block
            else:
                yield Blocks(name, (block, block_of(name, NameSeen, seen, seen_lines)))

    return by_runs(name, batch, lines, raw, doubtful, convert, groups)


def canonical_key(column: str) -> str:
    """A flattened column or nested-key name in the ``raw_universal_astroturf`` form (the study's
    ``raw_astroturf_uni``, ``astroturf_e``, ``result_cap_e``, ``user-id`` ... included)."""
    key = column.strip().replace(".", "_").removeprefix("result_")
    key = key.replace("raw_scores_", "raw_").replace("display_scores_", "display_")
    study = _STUDY_SCORE.fullmatch(key)
    if study:
        kind = "raw" if study.group(1) else "display"
        language = "english" if study.group(3) == "e" else "universal"
        return f"{kind}_{language}_{study.group(2)}"
    key = _STUDY_NAMES.get(key, key)
    return "lite" if key == "botscore" else key


class DefaultTime:
    """The scoring time given to results that carry none: the caller's, else the file's mtime.
    Remembers whether it was used, so that the load's notes say so once."""

    def __init__(self, path: Path, value: datetime, source: str) -> None:
        self.path, self.value, self.source = path, value, source

    def report(self, options: ReadOptions) -> None:
        options.tell(
            f"{self.path.name}: results carry no scoring time; scored_at = {self.value.isoformat()} "
            f"({self.source})"
        )


def default_time(path: Path, options: ReadOptions) -> DefaultTime:
    """The scoring time for results of ``path`` that carry none (see :class:`DefaultTime`)."""
    if options.scored_at is not None:
        return DefaultTime(path, options.scored_at, "given with --scored-at")
    moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return DefaultTime(path, moment, "the file's modification time")


def flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts joined into one level with ``_`` between keys."""
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            flat.update(flatten(item, name + "_"))
        else:
            flat[name] = item
    return flat


def score_from_flat(fields: dict[str, Any], platform: str, default_at: datetime | None = None) -> BotScore:
    """A BotScore from one flat result (a CSV row, a DataFrame row or a flattened JSON result);
    ValueError when the result is an error or holds no score. ``default_at`` is the scoring time of a
    result that carries none."""
    flat = {canonical_key(k): v for k, v in fields.items()}
    error = cell(flat.get("error"))
    if error is not None:
        raise ValueError(f"Botometer error: {error[:200]}")
    scores: dict[str, float] = {}
    for key, value in flat.items():
        if _SCORE_KEY.fullmatch(key):
            number = to_float(value, key)
            if number is not None:
                scores[key] = number
    if not scores:
        raise ValueError("no Botometer scores in this result")
    account_id = next((to_id(flat[k]) for k in _ID_KEYS if cell(flat.get(k))), None)
    screen_name = next((cell(flat[k]) for k in _NAME_KEYS if cell(flat.get(k))), None)
    if account_id is None and screen_name is None:
        raise ValueError("result names no account (no id_str/user_id or screen_name)")
    scored_at = next((to_time(flat[k], k) for k in _TIME_KEYS if cell(flat.get(k))), default_at)
    is_lite = set(scores) == {"lite"}
    return BotScore(
        platform=platform,
        account_id=account_id,
        screen_name=screen_name,
        version="lite" if is_lite else "v4",
        scored_at=scored_at,
        scores=scores,
        majority_lang=cell(flat.get("user_majority_lang") or flat.get("majority_lang")),
        tweet_id=to_id(flat.get("tweet_id")),
    )


def score_records(
    fields: dict[str, Any], platform: str, default_at: datetime | None = None
) -> tuple[Record, ...]:
    """The BotScore of one flat result and, where the result says under which name the account was
    requested (the study's ``screenname_from_list``), the names it was seen under (NameSeen)."""
    score = score_from_flat(fields, platform, default_at)
    requested = cell(fields.get("screenname_from_list"))
    if requested is None or score.account_id is None:
        return (score,)
    names = dict.fromkeys(n for n in (requested, score.screen_name) if n)
    seen = tuple(NameSeen(platform, score.account_id, n, score.scored_at, "botometer") for n in names)
    return (score, *seen)


def _row(name: str, line: int, value: Any, raw: str, platform: str, default_at: datetime) -> Row | Reject:
    if not isinstance(value, dict):
        return Reject(name, line, "a result is not a JSON object", raw)
    try:
        return Row(name, line, score_records(flatten(value), platform, default_at))
    except SHAPE_ERRORS as exc:
        return Reject(name, line, shape_reason(exc), raw)


def _starts_with_bracket(path: Path) -> bool:
    with open_text(path) as handle:
        head = handle.read(4096)
    return head.lstrip().startswith("[")


def _load_array(path: Path) -> list[Any]:
    with open_text(path) as handle:
        text = handle.read()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not a valid JSON array ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(value, list):
        raise InputError(f"{path}: expected a JSON array of Botometer results")
    return value
