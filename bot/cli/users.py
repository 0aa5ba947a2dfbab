"""`python -m bot users add|invite|import|list|passwd|remove`: accounts for leads and trainees.

Leads sign in to the review pages (and may practise in the chat); trainees sign in to the chat.
A lead adds a trainee with a password (`add --role trainee`), or invites them: `invite NAME...`
and `import FILE.csv` make the accounts without a password and print one link per trainee, with
which they choose their own (links work once, for a week; `invite` again replaces a link).

A password is never an argument (it would show in `ps` and the shell history): it is asked for
twice on a terminal, or read as the first line of standard input (`--password-stdin`, or
whenever stdin is not a terminal), so scripts and tests can pipe it in.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from bot.cli.storage import EXIT_OK, BadInput, OneLineParser, _guarded, _missing_action, _store, _when
from bot.storage.models import USER_ROLES


def read_password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False) or not sys.stdin.isatty():
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if password.endswith("\r"):
            password = password[:-1]
        if not password:
            raise BadInput("no password on standard input (give it as the first line)")
        return password
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise BadInput("the two passwords are not the same; nothing was changed")
    return password


def _users(store):
    from bot.storage.users import UserStore

    return UserStore(store)


def cmd_users_add(args: argparse.Namespace) -> int:
    from bot.storage.users import check_password_rules, normalise_user_name

    normalise_user_name(args.name)  # say what is wrong with the name before asking for a password
    password = read_password(args)
    check_password_rules(password)
    with _store() as store:
        user = _users(store).add(args.name, password, role=args.role)
    where = "at /review on the web process, and to the chat" if user.role == "lead" else "to the chat"
    print(f"Added {user.role} {user.name!r}: they can sign in {where}.")
    return EXIT_OK


def _invite_links(users, names) -> list:
    """(name, link) per account: each account's token version goes up first, so an older link
    for it stops working and only the printed one does."""
    from bot.config import get_settings
    from bot.web.auth import InviteTokens, invite_link, load_secret

    settings = get_settings()
    tokens = InviteTokens(load_secret(settings.web_secret, settings.var_dir))
    links = []
    for name in names:
        users.end_sessions(name)
        user = users.get(name)
        links.append((user.name, invite_link(settings.public_url or settings.web_url,
                                             tokens.issue(user.name, user.token_version))))
    return links


def _print_links(links, verb: str) -> None:
    for name, link in links:
        print(f"{name}\t{link}")
    print(f"{verb} {len(links)} trainee{'s' * (len(links) != 1)}: give each their own link (it works once, "
          "for 7 days); they choose a password there and then sign in to the chat with it.")


def cmd_users_invite(args: argparse.Namespace) -> int:
    from bot.storage.users import AccountError

    with _store() as store:
        users = _users(store)
        new = []
        for name in args.names:
            existing = users.get(name)
            if existing is None:
                new.append(name)
            elif existing.role != "trainee":
                raise AccountError(f"{existing.name!r} is a {existing.role}, not a trainee; "
                                   "a lead sets a new password with `users passwd`")
        users.add_many(new, None, role="trainee")
        links = _invite_links(users, args.names)
    _print_links(links, "Invited")
    return EXIT_OK


def read_names_csv(path: str) -> list:
    """Trainee names from a CSV file: one per row, in the `name` column when the first row is a
    header naming it, else the first column. Blank rows are skipped; a row with an empty name
    is an error naming its line."""
    import csv

    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise BadInput(f"there is no file {path!r}") from None
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise BadInput(f"{path} could not be read as a UTF-8 CSV file ({error})") from None
    column, start = 0, 0
    if rows and any(cell.strip().lower() == "name" for cell in rows[0]):
        column = [cell.strip().lower() for cell in rows[0]].index("name")
        start = 1
    names = []
    for line, row in enumerate(rows[start:], start + 1):
        if not any(cell.strip() for cell in row):
            continue
        if column >= len(row) or not row[column].strip():
            raise BadInput(f"{path}, line {line}: no name in column {column + 1}; nothing was added")
        names.append(row[column])
    if not names:
        raise BadInput(f"{path} holds no names (one per line, or a column headed 'name')")
    return names


def cmd_users_import(args: argparse.Namespace) -> int:
    from bot.storage.users import AccountError

    names = read_names_csv(args.file)
    with _store() as store:
        users = _users(store)
        try:
            added = users.add_many(names, None, role="trainee")
        except AccountError as error:
            raise AccountError(f"{args.file}: {error}") from None
        links = _invite_links(users, [u.name for u in added])
    _print_links(links, "Added")
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    with _store() as store:
        users = _users(store)
        found = users.list()
        pending = set(users.invited())
    if not found:
        print("No users yet: add a team lead with `python -m bot users add --role lead NAME`.")
        return EXIT_OK
    for user in found:
        waiting = "\tinvited: no password yet" if user.name in pending else ""
        print(f"{user.name}\t{user.role}\tadded {_when(user.created_at)} UTC{waiting}")
    return EXIT_OK


def cmd_users_passwd(args: argparse.Namespace) -> int:
    with _store() as store:
        users = _users(store)
        if users.get(args.name) is None:
            raise BadInput(f"there is no user called {args.name!r} (see `users list`)")
        users.set_password(args.name, read_password(args))
    print(f"Changed the password of {args.name!r}.")
    return EXIT_OK


def cmd_users_remove(args: argparse.Namespace) -> int:
    with _store() as store:
        _users(store).remove(args.name)
    print(f"Removed {args.name!r}; their sign-in stops working at their next request.")
    return EXIT_OK


def add_commands(subparsers) -> None:
    """Add `users` to a parser's subcommands."""
    users = subparsers.add_parser("users", help="accounts: team leads (review pages) and trainees (chat)",
                                  description="Accounts for the review pages at /review and the chat.")
    actions = users.add_subparsers(dest="users_action", parser_class=OneLineParser, metavar="ACTION")
    users.set_defaults(func=_missing_action(users, actions))

    add = actions.add_parser("add", help="add an account (password asked for, or read from stdin)")
    add.add_argument("--role", required=True, choices=USER_ROLES,
                     help="lead (review pages and chat) or trainee (chat)")
    add.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                     help="read the password from the first line of standard input")
    add.add_argument("name", metavar="NAME")
    add.set_defaults(func=_guarded(cmd_users_add))

    invite = actions.add_parser("invite", help="make trainee accounts without a password; print invite links")
    invite.add_argument("names", metavar="NAME", nargs="+")
    invite.set_defaults(func=_guarded(cmd_users_invite))

    importing = actions.add_parser("import", help="invite every trainee named in a CSV file (all or none)")
    importing.add_argument("file", metavar="FILE.csv")
    importing.set_defaults(func=_guarded(cmd_users_import))

    listing = actions.add_parser("list", help="list the accounts (never their passwords)")
    listing.set_defaults(func=_guarded(cmd_users_list))

    passwd = actions.add_parser("passwd", help="set a new password")
    passwd.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                        help="read the password from the first line of standard input")
    passwd.add_argument("name", metavar="NAME")
    passwd.set_defaults(func=_guarded(cmd_users_passwd))

    remove = actions.add_parser("remove", help="remove an account")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=_guarded(cmd_users_remove))
