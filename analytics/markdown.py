"""Markdown tables from DataFrames.

Written here (a dozen lines) rather than through ``DataFrame.to_markdown``, which needs the extra
``tabulate`` dependency for exactly this.
"""

from __future__ import annotations

import math

import pandas as pd


def markdown_table(frame: pd.DataFrame, digits: int = 3) -> str:
    """A GitHub-flavoured Markdown table; floats to ``digits`` significant digits, missing values blank."""
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(_cell(v, digits) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body]) + "\n"


def _cell(value: object, digits: int) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.{digits}g}"
    return str(value).replace("|", "\\|").replace("\n", " ")
