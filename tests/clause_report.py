"""Would reading a reply's last sentence on its own help? (`python -m tests.clause_report`)

An option measured for docs/nlu.md and not built: for every dev reply of more than one
sentence, the bands of the whole reply as scored today are set beside the bands of its last
sentence read and scored alone (the same model, the same scorer, the same case), counted by the
team lead's label, and three ways of letting the last sentence move the band are measured. The
newest dev batch is counted apart from the others, as the phrasings nobody tuned for. The
held-out set is not read.
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence

from tests.labelled import BANDS, DEV, DEV_FILES, DIMENSIONS, load

BAND_INDEX = {name: index for index, name in enumerate(BANDS)}
Rule = Callable[[int, int], int]
RULES: dict[str, Rule] = {
    "whole reply only (today)": lambda whole, last: whole,
    "last sentence holds a far band at neutral": lambda whole, last: 1 if abs(whole - last) == 2 else whole,
    "last sentence lifts a low band to neutral": lambda whole, last: 1 if (whole, last) == (0, 2) else whole,
    "last sentence decides a far band": lambda whole, last: last if abs(whole - last) == 2 else whole,
}


def last_sentence(text: str) -> str | None:
    """The reply's last sentence when it has more than one and that one has two words or more."""
    from bot.coach.scoring import _SENTENCE_END

    ends = [m.end() for m in _SENTENCE_END.finditer(text.rstrip(" .!?"))]
    tail = text[ends[-1]:].strip() if ends else ""
    return tail if len(tail.split()) >= 2 else None


def main(argv: Sequence[str] = ()) -> int:
    from bot.coach.roleplay import Message
    from bot.coach.scenarios import load_scenarios
    from bot.coach.scoring import band, score_reply
    from bot.config import get_settings
    from bot.ops.training import model_path
    from rasa_adapters.nlu import NluParser

    settings = get_settings()
    library = load_scenarios(settings.scenarios_dir)
    parser = NluParser(model_path(settings))
    groups = {"earlier dev batches": DEV_FILES[:-1], f"newest batch ({DEV_FILES[-1]})": DEV_FILES[-1:]}
    for title, files in groups.items():
        replies = [r for f in files for r in load(DEV / f) if library.get(r.case) is not None]
        tails = [last_sentence(r.text) for r in replies]
        readings = dict(zip(texts := sorted({r.text for r in replies} | {t for t in tails if t}),
                            parser.parse_many(texts), strict=True))
        pairs = []  # (label, whole band, last-sentence band or None) per dimension
        for reply, tail in zip(replies, tails, strict=True):
            scenario = library.get(reply.case)
            whole = Message.from_parse(readings[reply.text])
            score = score_reply(reply.text, whole.intent_ranking, whole.entities, scenario)
            alone = None
            if tail and not score.unsure:
                last = Message.from_parse(readings[tail])
                alone = score_reply(tail, last.intent_ranking, last.entities, scenario)
            pairs.append({d: (getattr(reply, d), BAND_INDEX[band(getattr(score, d))],
                              None if alone is None else BAND_INDEX[band(getattr(alone, d))]) for d in DIMENSIONS})
        print(f"\n{title}: {len(replies)} replies, {sum(t is not None for t in tails)} of more than one sentence")
        for dim in DIMENSIONS:
            counts = Counter((w, t, label) for label, w, t in (p[dim] for p in pairs) if t is not None)
            print(f"  {dim}: whole band / last sentence band -> labelled low, neutral, high")
            for w in range(3):
                print("    " + "   ".join(f"{w}/{t}: {[counts[(w, t, label)] for label in range(3)]}" for t in range(3)))
        for name, rule in RULES.items():
            figures = []
            for dim in DIMENSIONS:
                got = [(label, w if t is None else rule(w, t)) for label, w, t in (p[dim] for p in pairs)]
                agree = sum(label == g for label, g in got) / len(got)
                figures.append(f"{dim} {agree:.1%}, two off {sum(abs(label - g) == 2 for label, g in got)}")
            print(f"  {name:<44} " + "; ".join(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
