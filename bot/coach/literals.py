"""What text any match of a regular expression must contain: a cheap test before running it.

The rubric's cues are about 500 patterns, and running them all over every reply was most of the
scorer's time. Most patterns need words a reply rarely has ("stands", "signed", "rules"): a
substring test on the lowered reply rules such a pattern out at a fraction of the cost of running
it. `required()` reads a pattern (the standard library's own parser) and returns strings one of
which every match contains; `Prefiltered` keeps a cue's alternation and runs only the patterns
that can match, with the same matches in the same order as the whole alternation.

Plain Python, standard library only.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

if sys.version_info >= (3, 11):  # pragma: no cover - the project runs on 3.10
    import re._constants as sre_constants
    import re._parser as sre_parse
else:
    import sre_constants
    import sre_parse

# A set of strings stops growing here: testing more of them costs more than the pattern.
MAX_STRINGS = 256
_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
Strings = set[str]


def _every_string(items: Sequence[tuple[object, object]]) -> Strings | None:
    """Every string a parsed sequence can match, lowered; None when that is not a short list (a
    class, a repeat, a character outside ASCII). A zero-width test counts as the empty string:
    leaving a condition out only lets more through."""
    strings = {""}
    for op, av in items:
        if op is sre_constants.LITERAL and isinstance(av, int) and av < 128:
            part: Strings | None = {chr(av).lower()}
        elif op in _ZERO_WIDTH:
            continue
        elif op is sre_constants.SUBPATTERN:
            part = _every_string(av[-1].data)  # type: ignore[index]
        elif op is sre_constants.BRANCH:
            part = set()
            for branch in av[1]:  # type: ignore[index]
                each = _every_string(branch.data)
                if each is None:
                    return None
                part |= each
        elif op in _REPEATS and av[0] == 0 and av[1] == 1:  # type: ignore[index]
            each = _every_string(av[2].data)  # type: ignore[index]
            part = None if each is None else each | {""}
        else:
            return None
        if part is None:
            return None
        strings = {before + after for before in strings for after in part}
        if len(strings) > MAX_STRINGS:
            return None
    return strings


def _rank(strings: Strings) -> tuple[int, int, int]:
    """Better first: strings of three letters or more (they rule out most replies), then fewer of
    them (fewer tests), then longer."""
    shortest = min(map(len, strings))
    return min(shortest, 3), -len(strings), shortest


def _required(items: Sequence[tuple[object, object]]) -> Strings | None:
    """The best set of strings one of which every match of the sequence contains, or None."""
    best: Strings | None = None

    def consider(candidate: Strings | None) -> None:
        nonlocal best
        if candidate and min(map(len, candidate)) > 0 and (best is None or _rank(candidate) > _rank(best)):
            best = candidate

    run: Strings = {""}  # every string the elements since the last open-ended one can match
    for op, av in items:
        exact = _every_string([(op, av)])
        if exact is not None:
            consider(exact)
            joined = {before + after for before in run for after in exact}
            if len(joined) <= MAX_STRINGS:
                run = joined
            else:
                consider(run)
                run = exact
            continue
        consider(run)
        run = {""}
        if op is sre_constants.SUBPATTERN:
            consider(_required(av[-1].data))  # type: ignore[index]
        elif op is sre_constants.BRANCH:
            each = [_required(branch.data) for branch in av[1]]  # type: ignore[index]
            if all(each):
                consider(set().union(*each))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:  # type: ignore[index, operator]
            consider(_required(av[2].data))  # type: ignore[index]
    consider(run)
    return best


def required(pattern: str) -> frozenset[str]:
    """Lowered strings one of which every match of `pattern` (compiled with re.I) contains;
    empty when there is no such set worth testing, or the pattern can match the empty string."""
    parsed = sre_parse.parse(pattern, re.I)
    if parsed.getwidth()[0] == 0:
        return frozenset()
    strings = sorted(_required(parsed.data) or (), key=len)
    # "eur" found, "euros" is found too: test the shorter only.
    kept: list[str] = []
    for string in strings:
        if not any(shorter in string for shorter in kept):
            kept.append(string)
    return frozenset(kept)


class _Presence:
    """Which of the strings every `Prefiltered` needs a text contains, tested once per text.

    The rubric's cues are searched one after another over the same reply; testing each cue's
    strings again for each cue was most of the prefilter's own cost. The last few texts are kept
    (a reply, its sentences, its clauses)."""

    KEPT_TEXTS = 64

    def __init__(self) -> None:
        self.strings: tuple[str, ...] = ()
        self.found: dict[str, frozenset[str]] = {}

    def register(self, needs: Sequence[frozenset[str]]) -> None:
        new = {s for strings in needs for s in strings} - set(self.strings)
        if new:
            # A new tuple, not one grown in place: a thread testing a text meanwhile keeps the old.
            self.strings = self.strings + tuple(sorted(new))
            self.found = {}

    def of(self, text: str) -> frozenset[str]:
        found = self.found.get(text)
        if found is None:
            lowered = text.lower()
            found = frozenset(s for s in self.strings if s in lowered)
            if len(self.found) >= self.KEPT_TEXTS:
                self.found = {}
            self.found[text] = found
        return found


_PRESENCE = _Presence()


@dataclass(frozen=True)
class Prefiltered:
    """An alternation of patterns, `(?:p0)|(?:p1)|…`, searched as the whole alternation would be,
    running only the patterns whose required strings are in the text."""

    alternation: re.Pattern[str]
    patterns: tuple[re.Pattern[str], ...]
    needs: tuple[frozenset[str], ...]  # per pattern; empty: always run

    @classmethod
    def build(cls, alternation: re.Pattern[str], patterns: Sequence[re.Pattern[str]]) -> Prefiltered:
        needs = tuple(required(p.pattern) for p in patterns)
        if not all(needs):
            # A pattern that can match anywhere (or the empty string, which the merge below
            # does not step over as `finditer` does) runs the whole alternation every time.
            needs = ()
        _PRESENCE.register(needs)
        return cls(alternation, tuple(patterns), needs)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        # Outside ASCII, re.I folds letters that lowering does not ("ſ" matches "s"): run it all.
        if not self.needs or not text.isascii():
            return self.alternation.finditer(text, pos, endpos)
        present = _PRESENCE.of(text)
        kept = [p for p, needs in zip(self.patterns, self.needs, strict=True) if not needs.isdisjoint(present)]
        if len(kept) == len(self.patterns):
            return self.alternation.finditer(text, pos, endpos)
        if len(kept) <= 1:
            return kept[0].finditer(text, pos, endpos) if kept else iter(())
        return _merged(kept, text, pos, endpos)


def _merged(patterns: Sequence[re.Pattern[str]], text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """The matches of the alternation of `patterns`: the leftmost match, the earlier pattern's where
    two start at the same place, then on from its end. (A match found from an earlier place that
    starts at or after the new one is still the leftmost; no pattern here matches empty.)"""
    upcoming = [p.search(text, pos, endpos) for p in patterns]
    while True:
        best: re.Match[str] | None = None
        for match in upcoming:
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return
        yield best
        pos = best.end()
        upcoming = [p.search(text, pos, endpos) if match is not None and match.start() < pos else match
                    for p, match in zip(patterns, upcoming, strict=True)]
