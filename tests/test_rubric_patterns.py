"""Every pattern of every rubric cue (bot/coach/rubric.yml) matches its example, alone and as part of
its cue; and the rubric loader names the file and the field of a bad pattern or word list."""
from __future__ import annotations

import pytest
import yaml

from bot.coach.scoring import RUBRIC_PATH, RubricError, default_rubric, load_rubric, normalise
from tests.conftest import project_file, yaml_file_data, yaml_text

RUBRIC = default_rubric()
ENTRIES = [(cue, index, pattern) for cue in RUBRIC.cues for index, pattern in enumerate(cue.patterns)]
IDS = [f"cues[{RUBRIC.cues.index(cue)}]:{cue.kind}[{index}]" for cue, index, _ in ENTRIES]


def test_every_cue_has_patterns_with_examples():
    assert all(cue.patterns for cue in RUBRIC.cues)
    assert len(ENTRIES) == sum(len(cue["patterns"]) for cue in yaml_file_data(RUBRIC_PATH)["cues"])


@pytest.mark.parametrize("cue, index, pattern", ENTRIES, ids=IDS)
def test_pattern_matches_its_example(cue, index, pattern):
    example = normalise(pattern.example)
    assert pattern.regex.search(example), (cue.kind, index, pattern.regex.pattern, example)
    assert cue.regex.search(example), (cue.kind, index, example)


def test_a_cue_is_its_patterns_in_order():
    """The cue's regex is the alternation of its patterns: the first to match, at the leftmost place."""
    for cue in RUBRIC.cues:
        assert cue.regex.pattern == "|".join(f"(?:{p.regex.pattern})" for p in cue.patterns)


def _write(tmp_path, change):
    data = yaml_file_data(RUBRIC_PATH)  # a copy of the shipped rubric, parsed once per run
    change(data)
    path = tmp_path / "rubric.yml"
    path.write_text(yaml_text(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _set_pattern(cue, index, **fields):
    def change(data):
        data["cues"][cue]["patterns"][index].update(fields)
    return change


def _set(key, value):
    def change(data):
        data[key] = value
    return change


def _set_words(name, words):
    def change(data):
        data["words"][name] = words
    return change


def _set_cue(cue, key, value):
    def change(data):
        data["cues"][cue].pop("patterns" if key == "pattern" else key, None)
        data["cues"][cue][key] = value
    return change


@pytest.mark.parametrize("change, message", [
    (_set_pattern(3, 2, match="\\b(oops"), r"cues\[3\]\.patterns\[2\]\.match: not a valid regular expression"),
    (_set_pattern(3, 2, match="\\b{no_such_list}\\b"), r"cues\[3\]\.patterns\[2\]\.match: unknown word list 'no_such_list'"),
    # (A look-behind's list: cue 3, which stays put when cues are added further down the file.)
    (_set_pattern(3, 2, match="(?<!\\b{nope} )call back"), r"cues\[3\]\.patterns\[2\]\.match: unknown word list 'nope'"),
    (_set_cue(3, "patterns", []), r"cues\[3\]\.patterns: expected a non-empty list of \{match, example\}"),
    (_set_cue(3, "patterns", None), r"cues\[3\]\.patterns: expected a non-empty list"),
    (_set_cue(3, "pattern", "\\btoday\\b"), r"cues\[3\]\.pattern: a cue has patterns: a list of \{match, example\}"),
    (_set_cue(3, "withholds_options", "yes"), r"cues\[3\]\.withholds_options: expected true or false"),
    (_set_cue(3, "without_kind", ["commitmnt"]), r"cues\[3\]\.without_kind: not a cue kind: commitmnt"),
    (_set_cue(3, "needs_kind", "time"), r"cues\[3\]\.needs_kind: expected a list of cue kinds"),
    (_set_pattern(3, 2, example="sometime"), r"cues\[3\]\.patterns\[2\]\.example: 'sometime' does not match the pattern"),
    (_set_pattern(3, 2, example=""), r"cues\[3\]\.patterns\[2\]\.example: expected a reply the pattern matches"),
    (_set_pattern(3, 2, match=""), r"cues\[3\]\.patterns\[2\]\.match: expected a regular expression"),
    (_set_words("it", []), r"words\.it: expected a non-empty list of words"),
    (_set_words("it", ["it", "(this"]), r"words\.it\[1\]: not a valid regular expression"),
    (_set_words("it", ["it", True]), r"words\.it\[1\]: expected a word, got True"),
    (_set_words("spare", ["x"]), r"words: not used by any pattern: spare"),
    (_set_words("it", ["it", "{nope} it"]), r"words\.it\[1\]: unknown word list 'nope'"),
    (_set_words("it", ["it", "all of {it}"]), r"words\.it\[1\]: a word list names itself: it -> it"),
    (_set_words("it", ["it", "(this|{it"]), r"words\.it\[1\]: not a valid regular expression"),
    (_set("only_when", "{gap}"), r"only_when: unknown word list 'gap'"),
    (_set("refused_in_sentence", "(not"), r"refused_in_sentence: not a valid regular expression"),
    (_set("not_the_agent", "\\b{squads} $"), r"not_the_agent: unknown word list 'squads'"),
    (_set("theirs_next", "\\b{callers} will {dials} you"), r"theirs_next: unknown word list 'dials'"),
    (_set("theirs_next", "\\b(they) will ({calls_you}) you"), r"words: not used by any pattern: callers"),
    (_set("declined_promise", "(won't"), r"declined_promise: not a valid regular expression"),
    (_set("band_check", {"ownrship": 0.5}), r"band_check\.ownrship: not a dimension \(one of ownership, flexibility\)"),
    (_set("band_check", {"ownership": 1.5}), r"band_check\.ownership: expected a probability between 0 and 1, got 1\.5"),
    (_set("band_check", {"ownership": True}), r"band_check\.ownership: expected a probability between 0 and 1, got True"),
    (_set("band_check", [0.5]), r"band_check: expected a mapping of dimension: probability"),
    (_set("band_check", {"ownership": {"opposite_above": 0.5, "scored_below": 0}}),
     r"band_check\.ownership\.scored_below: expected a probability between 0 and 1, got 0"),
    (_set("band_check", {"ownership": {"scored_below": 0.2}}),
     r"band_check\.ownership: expected a probability, or opposite_above and optionally scored_below"),
    (_set("band_check", {"ownership": {"opposite_above": 0.5, "scored_belo": 0.2}}), r"\(unknown: scored_belo\)"),
])
def test_rubric_errors_name_the_file_and_the_field(tmp_path, change, message):
    path = _write(tmp_path, change)
    with pytest.raises(RubricError, match=message) as raised:
        load_rubric(path)
    assert str(raised.value).startswith(f"{path}: ")


def test_the_shipped_rubric_loads_from_a_copy(tmp_path):
    """The helper above writes a loadable rubric when nothing is changed (so the errors are the change's)."""
    rubric = load_rubric(_write(tmp_path, lambda data: None))
    assert [c.regex.pattern for c in rubric.cues] == [c.regex.pattern for c in RUBRIC.cues]


def test_word_lists_expand_in_order_and_as_one_look_behind_per_word(tmp_path):
    def change(data):
        data["words"]["it"] = ["it", "this", "that"]
        data["cues"][0]["patterns"] += [{"match": "\\btake {it} on\\b", "example": "I'll take this on."},
                                        {"match": "\\b(?<!\\b{it} )call back\\b", "example": "Call back later."}]
    rubric = load_rubric(_write(tmp_path, change))
    take, call = rubric.cues[0].patterns[-2:]
    assert take.regex.pattern == "\\btake (?:it|this|that) on\\b"
    assert call.regex.pattern == "\\b(?<!\\bit )(?<!\\bthis )(?<!\\bthat )call back\\b"
    assert [bool(call.regex.search(text)) for text in ("call back", "ask this call back", "a call back")] == [
        True, False, True]
    assert rubric.cues[0].regex.search("so I take that on").group(0) == "take that on"


def test_a_word_may_name_another_list_which_counts_as_used(tmp_path):
    """One list written once, named where others need it ("make sure" the agent's own or another team's)."""
    def change(data):
        data["words"]["told_others"] = ["(?:the )?team knows", "they hear"]
        data["words"]["it"] = ["it", "make sure(?! {told_others})"]
        data["cues"][0]["patterns"] += [{"match": "\\bI'll {it}\\b", "example": "I'll make sure of it."}]
    pattern = load_rubric(_write(tmp_path, change)).cues[0].patterns[-1]
    assert pattern.regex.pattern == "\\bI'll (?:it|make sure(?! (?:(?:the )?team knows|they hear)))\\b"
    assert [bool(pattern.regex.search(text)) for text in ("I'll make sure of it", "I'll make sure the team knows")] == [
        True, False]


def test_a_word_list_named_in_a_circle_is_an_error(tmp_path):
    def change(data):
        data["words"]["first_list"] = ["a {second_list}"]
        data["words"]["second_list"] = ["b {first_list}"]
        data["cues"][0]["patterns"] += [{"match": "\\b{first_list}\\b", "example": "a b"}]
    with pytest.raises(RubricError, match=r"words\.second_list\[0\]: a word list names itself: "
                                          r"first_list -> second_list -> first_list"):
        load_rubric(_write(tmp_path, change))


def test_the_doc_shows_real_entries():
    """docs/rubric.md's example of the file format is what rubric.yml says."""
    doc = project_file("docs", "rubric.md").read_text(encoding="utf-8")
    snippet = doc[doc.index("## The cue patterns"):].split("```yaml\n", 1)[1].split("```", 1)[0]
    documented = yaml.safe_load(snippet)[0]
    shipped = yaml_file_data(RUBRIC_PATH)
    cue = next(c for c in shipped["cues"] if c["label"] == documented["label"])
    assert cue["kind"] == documented["kind"]
    assert all(entry in cue["patterns"] for entry in documented["patterns"])
    assert "get (this|it|that) (sorted|fixed|done|solved)" in shipped["words"]["take_ons"]
    assert "own_call" in shipped["words"] and "not_steps" in shipped["words"]
