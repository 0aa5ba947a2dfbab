"""Transcript exports: CSV (one row per turn, for a spreadsheet) and JSON (whole sessions)."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from typing import IO, Any

CSV_COLUMNS = (
    "session_id", "trainee", "external_id", "channel", "scenario", "conversation_id",
    "started_at", "ended_at", "outcome", "session_ownership", "session_flexibility", "rubric_version",
    "reviewed", "seq", "speaker", "text", "turn_at", "ownership", "flexibility", "over_promise", "reason",
    "cues", "mood", "machine_ownership", "machine_flexibility", "lead_notes", "model_reply",
    "retracted_at",
)
# Free text a trainee or a name could start with "=", "+", "-" or "@": a spreadsheet would run it
# as a formula. Such cells get a leading apostrophe (shown by no spreadsheet, and stripped by
# read_csv_rows).
TEXT_COLUMNS = frozenset({"trainee", "external_id", "text", "reason", "conversation_id", "lead_notes",
                          "model_reply"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format_datetime(value: Any) -> str:
    """UTC, to the second, as a spreadsheet reads it: 2025-03-01 14:05:09."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc) if value.tzinfo else value
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_datetime(value)
    if column == "cues":
        return json.dumps(value, ensure_ascii=False) if value else ""
    text = str(value)
    if column in TEXT_COLUMNS and text.startswith(FORMULA_START):
        return "'" + text
    return text


def write_csv(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """Write the rows (TranscriptStore.export_rows) with a header; returns how many rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(column, row.get(column)) for column in CSV_COLUMNS])
        count += 1
    return count


def read_csv_rows(source: IO[str]) -> list[dict[str, str]]:
    """An exported CSV read back, as strings, with the formula guard removed."""
    rows = []
    for row in csv.DictReader(source):
        for column in TEXT_COLUMNS:
            value = row.get(column) or ""
            if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_START):
                row[column] = value[1:]
        rows.append(row)
    return rows


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value.astimezone(timezone.utc) if value.tzinfo else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def to_json(sessions: Sequence[Mapping[str, Any]], exported_at: datetime | None = None) -> str:
    document = {
        "format": "coach-transcripts",
        "version": 1,
        "exported_at": exported_at or datetime.now(timezone.utc),
        "sessions": list(sessions),
    }
    return json.dumps(document, default=_json_default, ensure_ascii=False, indent=2)


def write_json(sessions: Sequence[Mapping[str, Any]], out: IO[str]) -> int:
    out.write(to_json(sessions))
    out.write("\n")
    return len(sessions)
