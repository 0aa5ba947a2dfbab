"""`python -m bot users add|list|passwd|remove`: the team leads' accounts for the review pages.

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
    print(f"Added {user.role} {user.name!r}: they can sign in at /review on the web process.")
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    with _store() as store:
        found = _users(store).list()
    if not found:
        print("No users yet: add a team lead with `python -m bot users add --role lead NAME`.")
        return EXIT_OK
    for user in found:
        print(f"{user.name}\t{user.role}\tadded {_when(user.created_at)} UTC")
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
    users = subparsers.add_parser("users", help="team leads' accounts for the review pages",
                                  description="Accounts for the review pages at /review.")
    users.set_defaults(func=_missing_action(users))
    actions = users.add_subparsers(dest="users_action", parser_class=OneLineParser, metavar="ACTION")

    add = actions.add_parser("add", help="add an account (password asked for, or read from stdin)")
    add.add_argument("--role", required=True, choices=USER_ROLES, help="the account's role: lead")
    add.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                     help="read the password from the first line of standard input")
    add.add_argument("name", metavar="NAME")
    add.set_defaults(func=_guarded(cmd_users_add))

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
