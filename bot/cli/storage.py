"""Commands for the transcripts: `sessions list|show|export|purge` and `db upgrade|check`.

`add_commands(subparsers)` adds them to the product's `python -m bot` parser. Every failure
ends in one line on stderr, never a traceback: exit 2 for bad input or configuration, 1 when
the database is down or something else fails.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.I)
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


class BadInput(ValueError):
    """Something the user typed cannot be used."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"Error: {self.prog}: {message} (see --help)\n")


def parse_duration(text: str) -> timedelta:
    """'180d', '12h', '4w' → a timedelta."""
    match = _DURATION.match(text or "")
    if not match or int(match.group(1)) == 0:
        raise BadInput(f"--older-than must be a positive number of hours, days or weeks such as 12h, "
                       f"180d or 4w, got {text!r}")
    return timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})


def _positive_int(name: str, text: str | None, default: int) -> int:
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadInput(f"{name} must be a whole number, got {text!r}") from None
    if value < 1:
        raise BadInput(f"{name} must be 1 or more, got {value}")
    return value


def _check_date(name: str, text: str | None) -> str | None:
    if text is None:
        return None
    from bot.storage.store import as_utc

    try:
        as_utc(text)
    except ValueError:
        raise BadInput(f"{name} must be a date such as 2025-03-31 (or 2025-03-31T14:00), got {text!r}") from None
    return text


def _when(value: datetime | None, with_date: bool = True) -> str:
    if value is None:
        return "-"
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def _score(value: Any) -> str:
    return "-" if value is None else str(value)


# --- plumbing ----------------------------------------------------------------------------------
def _settings():
    from bot.config import get_settings

    return get_settings()


def _store():
    from bot.storage.store import TranscriptStore

    settings = _settings()
    return TranscriptStore(settings.database_url, connect_timeout=settings.db_connect_timeout)


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn every failure into one line on stderr and an exit code."""

    def run(args: argparse.Namespace) -> int:
        from bot.config import ConfigError
        from bot.storage.errors import DatabaseUnavailable, SessionNotFound

        try:
            return handler(args)
        except ConfigError as error:
            return _error(f"Configuration error: {error}", EXIT_BAD_INPUT)
        except (BadInput, SessionNotFound) as error:
            return _error(f"Error: {error}", EXIT_BAD_INPUT)
        except DatabaseUnavailable as error:
            return _error(f"Error: {error}", EXIT_FAILED)
        except ValueError as error:  # the store's own checks of filters, pages, sort keys
            return _error(f"Error: {error}", EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            return EXIT_OK
        except Exception as error:  # no traceback for the user; the type says where to look
            first = (str(error).strip().splitlines() or [""])[0]
            return _error(f"Error: unexpected {type(error).__name__}: {first}", EXIT_FAILED)

    run.__name__ = getattr(handler, "__name__", "run")
    return run


def _error(message: str, code: int) -> int:
    print(message.replace("\n", " "), file=sys.stderr)
    return code


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    from bot.storage.store import OPEN, OUTCOMES

    if args.outcome and args.outcome not in OUTCOMES + (OPEN,):
        raise BadInput(f"--outcome must be one of {', '.join(OUTCOMES + (OPEN,))}, got {args.outcome!r}")
    return {
        "trainee": args.trainee, "scenario": args.scenario, "outcome": args.outcome,
        "channel": args.channel, "date_from": _check_date("--from", args.date_from),
        "date_to": _check_date("--to", args.date_to),
    }


# --- sessions ------------------------------------------------------------------------------------
def cmd_sessions_list(args: argparse.Namespace) -> int:
    filters = _filters(args)
    page = _positive_int("--page", args.page, 1)
    per_page = _positive_int("--per-page", args.per_page, 50)
    with _store() as store:
        result = store.list_sessions(page=page, per_page=per_page, sort=args.sort, **filters)
    if args.json:
        from bot.storage.export import _json_default

        print(json.dumps(result, default=_json_default, ensure_ascii=False, indent=2))
        return EXIT_OK
    items = result["items"]
    if not items:
        print("No sessions match." if result["total"] == 0 else
              f"No sessions on page {page} ({result['total']} sessions in all).")
        return EXIT_OK
    header = ("ID", "STARTED (UTC)", "TRAINEE", "SCENARIO", "CHANNEL", "TURNS", "OUTCOME", "OWN", "FLEX", "REVIEWED")
    rows = [(str(i["id"]), _when(i["started_at"]), i["trainee"], i["scenario"], i["channel"], str(i["turns"]),
             i["outcome"] or "open", _score(i["ownership"]), _score(i["flexibility"]),
             "yes" if i["reviewed"] else "no") for i in items]
    widths = [max(len(str(r[c])) for r in [header, *rows]) for c in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    pages = max(1, -(-result["total"] // per_page))
    print(f"Page {page} of {pages} ({result['total']} session{'' if result['total'] == 1 else 's'}).")
    return EXIT_OK


def _show_text(session: dict[str, Any]) -> str:
    trainee = session["trainee"]
    ended = session["ended_at"]
    lines = [
        f"Session {session['id']}: {session['scenario']} on {session['channel']}, "
        f"trainee {trainee['name']} ({trainee['channel']}:{trainee['external_id']})",
        f"Started {_when(session['started_at'])} UTC, "
        + (f"ended {_when(ended)} UTC: {session['outcome']}" if ended else "not ended")
        + f"; ownership {_score(session['ownership'])}, flexibility {_score(session['flexibility'])}"
        + f"; rubric v{session['rubric_version']}; {'reviewed' if session['reviewed'] else 'not reviewed'}",
        f"Conversation id: {session['conversation_id']}",
        "",
    ]
    for turn in session["turns"]:
        if turn["speaker"] == "trainee":
            tag = f"[own {_score(turn['ownership'])} flex {_score(turn['flexibility'])}"
            tag += ", over-promise]" if turn["over_promise"] else "]"
        else:
            tag = f"[{turn['mood']}]" if turn["mood"] else ""
        lines.append(" ".join(part for part in (f"{turn['seq']:>3} {turn['speaker']:<8}", tag, turn["text"]) if part))
        if turn["reason"]:
            lines.append(f"      why: {turn['reason']}")
        for cue in turn["cues"]:
            if isinstance(cue, dict):
                lines.append(f"      cue: \"{cue.get('phrase', '')}\" {cue.get('label', cue.get('kind', ''))} "
                             f"(ownership {cue.get('ownership', 0):+}, flexibility {cue.get('flexibility', 0):+})")
    if session["reviews"]:
        lines += ["", "Reviews:"]
        for review in session["reviews"]:
            where = f" turn {review['turn_id']}" if review["turn_id"] else ""
            if review["kind"] == "override":
                what = f"override {review['dimension']}{where}: {_score(review['old_score'])} -> {review['new_score']}"
            else:
                what = f"comment{where}"
            note = f": {review['comment']}" if review["comment"] else ""
            lines.append(f"  {_when(review['created_at'])} {review['author']}: {what}{note}")
    return "\n".join(lines)


def cmd_sessions_show(args: argparse.Namespace) -> int:
    session_id = _positive_int("the session id", args.session_id, 0)
    with _store() as store:
        session = store.get_session(session_id)
    if session is None:
        raise BadInput(f"there is no session {session_id} (see `sessions list`)")
    if args.json:
        from bot.storage.export import to_json

        print(to_json([session]))
    else:
        print(_show_text(session))
    return EXIT_OK


def cmd_sessions_export(args: argparse.Namespace) -> int:
    from bot.storage.export import write_csv, write_json

    fmt = (args.format or "").lower()
    if fmt not in ("csv", "json"):
        raise BadInput(f"--format must be csv or json, got {args.format!r}")
    filters = _filters(args)
    ids = [_positive_int("--id", i, 0) for i in args.ids] if args.ids else None
    with _store() as store:  # read everything first: a failure leaves no half-written file
        data = store.export_rows(ids, **filters) if fmt == "csv" else store.export_sessions(ids, **filters)
    if not args.output or args.output == "-":
        (write_csv if fmt == "csv" else write_json)(data, sys.stdout)
        return EXIT_OK
    target = Path(args.output)
    if target.is_dir():
        raise BadInput(f"--output {args.output} is a folder; give a file name")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent or "."))
    except OSError as error:
        raise BadInput(f"cannot write {args.output}: {error.strerror}") from None
    try:
        # utf-8-sig: spreadsheet programs then read accents and € correctly.
        with open(fd, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as out:
            count = (write_csv if fmt == "csv" else write_json)(data, out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    what = f"{count} turns" if fmt == "csv" else f"{count} sessions"
    print(f"Exported {what} to {target}")
    return EXIT_OK


def cmd_sessions_purge(args: argparse.Namespace) -> int:
    from bot.config import get_settings
    from bot.storage.purge import purge_message_text

    older_than = parse_duration(args.older_than)
    settings = get_settings()
    with _store() as store:
        cutoff = store.purge_cutoff(older_than)
        count = store.purge(older_than, dry_run=not args.yes)
    # The same words in the web chat's history and Rasa's tracker go too.
    elsewhere = purge_message_text(settings.database_url, settings.tracker_store_url, cutoff,
                                   dry_run=not args.yes, connect_timeout=settings.db_connect_timeout)
    also = ", ".join(f"{n} {what}" for what, n in elsewhere.items())
    since = f"started before {_when(cutoff)} UTC"
    if not args.yes:
        if count or any(elsewhere.values()):
            print(f"Dry run: {count} sessions {since} would be deleted, with their turns and reviews "
                  f"(and, older than that, {also}). Run again with --yes to delete them.")
        else:
            print(f"Dry run: no sessions {since}; nothing would be deleted.")
    else:
        print(f"Deleted {count} sessions {since}, with their turns and reviews (and {also}).")
    return EXIT_OK


# --- db ----------------------------------------------------------------------------------------------
def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bot.config import redact_url
    from bot.storage.migrate import current_revision, migrate

    settings = _settings()
    url, timeout = settings.database_url, settings.db_connect_timeout
    with _store() as store:
        store.check_connection()
    before = current_revision(url, timeout)
    after = migrate(url, connect_timeout=timeout)
    if before == after:
        print(f"Transcript tables at {redact_url(url)} are up to date (revision {after}).")
    else:
        print(f"Transcript tables at {redact_url(url)} upgraded from {before or 'empty'} to revision {after}.")
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace) -> int:
    from bot.config import redact_url
    from bot.storage.migrate import schema_status

    settings = _settings()
    url = settings.database_url
    with _store() as store:
        store.check_connection()
    current, head = schema_status(url, settings.db_connect_timeout)
    if current == head:
        print(f"Transcript database reachable: {redact_url(url)}; tables up to date (revision {head}).")
        return EXIT_OK
    state = "has no transcript tables yet" if current is None else f"is at revision {current}, the newest is {head}"
    return _error(f"Error: the transcript database at {redact_url(url)} {state}: "
                  "run `python -m bot db upgrade`.", EXIT_FAILED)


# --- the parser ------------------------------------------------------------------------------------
def _missing_action(parser: argparse.ArgumentParser,
                    actions: argparse._SubParsersAction) -> Callable[[argparse.Namespace], int]:
    """`parser` run without one of its `actions` (its add_subparsers() result): name them."""
    def run(args: argparse.Namespace) -> int:
        choices = ", ".join(actions.choices)
        return _error(f"Error: {parser.prog}: say which: {choices} (see --help)", EXIT_BAD_INPUT)
    return run


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--trainee", help="trainee: external id (Slack id, sign-in name), id, or part of the name")
    parser.add_argument("--scenario", help="scenario id")
    parser.add_argument("--outcome", help="resolved, churned, abandoned, or open (not ended)")
    parser.add_argument("--channel", help="channel (web, slack, ...)")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="started on or after (YYYY-MM-DD, UTC)")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="started on or before (YYYY-MM-DD, UTC)")


def add_commands(subparsers) -> None:
    """Add `sessions` and `db` to a parser's subcommands (argparse `add_subparsers()` result)."""
    sessions = subparsers.add_parser("sessions", help="list, show, export or purge stored role-play sessions",
                                     description="Stored role-play sessions (transcripts and scores).")
    actions = sessions.add_subparsers(dest="sessions_action", parser_class=OneLineParser, metavar="ACTION")
    sessions.set_defaults(func=_missing_action(sessions, actions))

    listing = actions.add_parser("list", help="list sessions, newest first")
    _add_filters(listing)
    listing.add_argument("--page", help="page number (default 1)")
    listing.add_argument("--per-page", dest="per_page", help="sessions per page (default 50)")
    listing.add_argument("--sort", default="-started_at",
                         help="started_at, ended_at, trainee, scenario, outcome, ownership, flexibility, turns; "
                              "prefix - for descending (default -started_at)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=_guarded(cmd_sessions_list))

    show = actions.add_parser("show", help="one session's transcript, scores and reviews")
    show.add_argument("session_id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=_guarded(cmd_sessions_show))

    export = actions.add_parser("export", help="export sessions as CSV (one row per turn) or JSON")
    export.add_argument("--format", default="csv", help="csv (default) or json")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    export.add_argument("--id", dest="ids", action="append", metavar="ID", help="only this session (repeatable)")
    _add_filters(export)
    export.set_defaults(func=_guarded(cmd_sessions_export))

    purge = actions.add_parser("purge", help="delete old sessions (a dry run unless --yes)")
    purge.add_argument("--older-than", dest="older_than", required=True, metavar="AGE",
                       help="sessions started longer ago than this: 12h, 180d, 4w")
    purge.add_argument("--yes", action="store_true", help="really delete (without it: only say how many)")
    purge.set_defaults(func=_guarded(cmd_sessions_purge))

    db = subparsers.add_parser("db", help="create or update the transcript tables, or check them",
                               description="The transcript database.")
    db_actions = db.add_subparsers(dest="db_action", parser_class=OneLineParser, metavar="ACTION")
    db.set_defaults(func=_missing_action(db, db_actions))
    upgrade = db_actions.add_parser("upgrade", help="create or update the transcript tables (Alembic)")
    upgrade.set_defaults(func=_guarded(cmd_db_upgrade))
    check = db_actions.add_parser("check", help="check the database is reachable and its tables up to date")
    check.set_defaults(func=_guarded(cmd_db_check))


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python -m bot.cli.storage", description="Transcript storage commands.")
    commands = parser.add_subparsers(dest="command", parser_class=OneLineParser, metavar="COMMAND")
    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        return _error(f"Error: {parser.prog}: say which command: sessions or db (see --help)", EXIT_BAD_INPUT)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
