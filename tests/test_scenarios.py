"""Scenario files: the shipped ones load; every kind of mistake names the file and the field."""
from __future__ import annotations

import copy
import re

import pytest

from bot.coach.scenarios import WILL, ScenarioError, as_future, load_scenarios
from tests.conftest import SCENARIOS_DIR, SHIPPED_CASES, shipped_case_data, yaml_text

# The five seed cases (shared/cases.md).
REQUIRED_IDS = {"denied-iphone", "nine-weeks", "unpaid-outage", "move-and-upgrade", "friday-data-line"}


def test_shipped_scenarios_load(library):
    assert REQUIRED_IDS <= set(library.ids())
    for scenario in library:
        assert scenario.customer_name and scenario.summary and scenario.situation
        assert scenario.needs and scenario.offers and scenario.over_promises


@pytest.mark.parametrize("text, expected", [
    ("start the iPhone case", "denied-iphone"),
    ("let me practise the outage one", "unpaid-outage"),
    ("nine weeks please", "nine-weeks"),
    ("denied-iphone", "denied-iphone"),
    ("something else entirely", None),
])
def test_find_by_plain_language(library, text, expected):
    found = library.find(text)
    assert (found.id if found else None) == expected


def _base():
    return shipped_case_data("nine-weeks")


def _delete(path):
    def apply(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        del data[last]
    return apply


def _set(path, value):
    def apply(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value
    return apply


BAD_FILES = [
    ("missing title", _delete(["title"]), "title: is required"),
    ("id not the file name", _set(["id"], "other-case"), "id: 'other-case' must match the file name"),
    ("bad id", _set(["id"], "Nine Weeks"), "must be lowercase letters, digits and dashes"),
    ("bad regex", _set(["offers", 0, "patterns"], ["(unclosed"]), "offers[0].patterns[0]: is not a valid regular expression"),
    ("bad withdrawn_by regex", _set(["needs", 0, "withdrawn_by"], ["after all ("]),
     "needs[0].withdrawn_by[0]: is not a valid regular expression"),
    ("empty withdrawn_by", _set(["needs", 0, "withdrawn_by"], []), "needs[0].withdrawn_by: needs at least 1"),
    ("bad unless regex", _set(["offers", 0, "unless"], ["monday ("]), "offers[0].unless[0]: is not a valid regular expression"),
    ("empty unless", _set(["offers", 0, "unless"], []), "offers[0].unless: needs at least 1"),
    ("bad words regex", _set(["needs", 0, "words"], ["laptop", "promo(tion"]),
     "needs[0].words[1]: is not a valid regular expression"),
    ("empty words", _set(["needs", 0, "words"], []), "needs[0].words: needs at least 1"),
    ("example misses its pattern", _set(["offers", 0, "examples"], ["nothing relevant here"]),
     "offers[0].examples: 'nothing relevant here' matches none of the patterns"),
    ("too few lines", _set(["lines", "test"], ["only one"]), "lines.test: needs at least 3, found 1"),
    ("line kind missing", _delete(["lines", "vague_promise"]), "lines.vague_promise: is required"),
    ("mood missing", _delete(["lines", "mood", "calm"]), "lines.mood.calm: is required"),
    ("goodbye missing", _delete(["lines", "goodbye", "churned"]), "lines.goodbye.churned: is required"),
    ("unknown line kind", _set(["lines", "shouting"], ["a", "b", "c"]), "lines.shouting: is not a line kind"),
    ("need met by unknown offer", _set(["needs", 0, "met_by"], ["no_such_offer"]),
     "needs[0].met_by: 'no_such_offer' is not the id of an offer"),
    ("need's still-open lines too few", _set(["needs", 0, "still_open"], ["only one"]),
     "needs[0].still_open: needs at least 2, found 1"),
    ("need's still-open lines not a list", _set(["needs", 1, "still_open"], "one line"),
     "needs[1].still_open: must be a list, found str"),
    ("partial without {need}", _set(["lines", "partial"], ["a", "b", "c"]), "lines.partial[0]: must contain {need}"),
    ("pending without {need}", _set(["lines", "pending"], ["a", "b", "c"]), "lines.pending[0]: must contain {need}"),
    ("awaiting line without {need}", _set(["lines", "awaiting"], ["a", "b", "c"]), "lines.awaiting[0]: must contain {need}"),
    ("awaiting lines missing", _delete(["lines", "awaiting"]), "lines.awaiting: is required"),
    ("soured goodbye without {said}", _set(["lines", "goodbye", "resolved_after_low"], ["a", "b", "c"]),
     "lines.goodbye.resolved_after_low[0]: must contain {said}"),
    ("soured goodbye missing", _delete(["lines", "goodbye", "resolved_after_low"]),
     "lines.goodbye.resolved_after_low: is required"),
    ("credit limit not a number", _set(["limits", "max_credit_eur"], "lots"), "limits.max_credit_eur: must be a whole number"),
    ("duplicate offer id", lambda d: d["offers"].append(copy.deepcopy(d["offers"][0])), "is used twice"),
    ("fact with one answer", _set(["facts", 0, "answers"], ["just one"]), "facts[0].answers: needs at least 2, found 1"),
    ("lines not a list", _set(["lines", "opening"], "a single string"), "lines.opening: must be a list, found str"),
    ("empty next-step reply", _set(["next_step_reply"], " "), "next_step_reply: must be non-empty text"),
    ("next-step reply not text", _set(["next_step_reply"], ["a", "list"]), "next_step_reply: must be non-empty text, found list"),
    ("next-step reply over-promises", _set(["next_step_reply"], "I guarantee you'll be connected by Monday."),
     "next_step_reply: \"I guarantee you'll be connected by Monday.\" matches the over-promise 'connection_date'"),
    ("customer email not an address", _set(["customer", "email"], "erik at vandam"),
     "customer.email: 'erik at vandam' is not an email address"),
    ("customer email without its lines", _delete(["lines", "wrong_email"]),
     "lines.wrong_email: is required when customer.email is given"),
    ("wrong-email line without {said}", _set(["lines", "wrong_email"], ["a {email}", "b {email}", "c {email}"]),
     "lines.wrong_email[0]: must contain {said}"),
    ("wrong-email line without {email}", _set(["lines", "wrong_email"], ["a {said}", "b {said}", "c {said}"]),
     "lines.wrong_email[0]: must contain {email}"),
    ("first example over-promises", _set(["offers", 0, "examples"], ["I guarantee you'll be connected by Monday."]),
     "offers[0].examples[0]: \"I guarantee you'll be connected by Monday.\" matches the over-promise 'connection_date'"),
]


@pytest.mark.parametrize("label, mutate, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_names_file_and_field(tmp_path, label, mutate, message):
    data = _base()
    mutate(data)
    target = tmp_path / f"{data.get('id', 'nine-weeks') if label == 'bad id' else 'nine-weeks'}.yml"
    target.write_text(yaml_text(data, sort_keys=False))
    with pytest.raises(ScenarioError) as error:
        load_scenarios(tmp_path)
    problems = error.value.problems
    assert any(message in p for p in problems), problems
    assert all(p.startswith(str(target)) or "nine-weeks.yml" in p or "Nine Weeks" in p for p in problems)


def test_not_yaml(tmp_path):
    (tmp_path / "broken.yml").write_text("id: broken\ntitle: [unclosed\n")
    with pytest.raises(ScenarioError, match=r"broken\.yml: line \d+: not valid YAML"):
        load_scenarios(tmp_path)


def test_not_a_mapping(tmp_path):
    (tmp_path / "list.yml").write_text("- just\n- a list\n")
    with pytest.raises(ScenarioError, match=r"list\.yml: file: must be a mapping of fields, found list"):
        load_scenarios(tmp_path)


def test_every_problem_reported_at_once(tmp_path):
    data = _base()
    del data["title"]
    data["lines"]["test"] = ["one"]
    (tmp_path / "nine-weeks.yml").write_text(yaml_text(data))
    with pytest.raises(ScenarioError) as error:
        load_scenarios(tmp_path)
    assert len(error.value.problems) >= 2


def test_missing_and_empty_folder(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenarios(tmp_path / "nowhere")
    with pytest.raises(ScenarioError, match="holds no scenario files"):
        load_scenarios(tmp_path)


def test_adding_a_scenario_is_adding_a_file(tmp_path):
    for source in SCENARIOS_DIR.glob("*.yml"):
        (tmp_path / source.name).write_text(source.read_text())
    data = _base()
    data["id"] = "porting-mixup"
    data["title"] = "The porting mix-up"
    data["aliases"] = ["porting", "mix-up"]
    (tmp_path / "porting-mixup.yml").write_text(yaml_text(data))
    library = load_scenarios(tmp_path)
    assert "porting-mixup" in library.ids()
    assert library.find("the porting mix-up case").id == "porting-mixup"


def test_the_next_step_reply_is_optional(tmp_path):
    data = _base()
    data.pop("next_step_reply", None)
    (tmp_path / "nine-weeks.yml").write_text(yaml_text(data, sort_keys=False))
    assert load_scenarios(tmp_path).get("nine-weeks").next_step_reply == ""


def test_the_shipped_cases_answer_a_gesture_the_customer_pays_for(library):
    """`lines.costly` is optional for a case file; each shipped customer has it (persona.react)."""
    for scenario in library:
        assert len(scenario.lines.get("costly", ())) >= 3, scenario.id


def test_the_customers_email_is_optional_and_is_the_one_the_facts_give(tmp_path, library):
    """The address the customer gives when asked is the one a reply is held to (customer.email)."""
    for scenario in library:
        assert scenario.customer_email, f"{scenario.id}: give customer.email"
        answers = " ".join(a for fact in scenario.facts if fact.topic == "email" for a in fact.answers)
        assert scenario.customer_email in answers, scenario.id
    data = _base()
    data["customer"].pop("email")
    data["lines"].pop("wrong_email")
    (tmp_path / "nine-weeks.yml").write_text(yaml_text(data, sort_keys=False))
    assert load_scenarios(tmp_path).get("nine-weeks").customer_email == ""


# A second-language trainee's bare present is a commitment (QA round 21).
@pytest.mark.parametrize(("scenario_id", "offer_id", "text", "phrase"), [
    ("friday-data-line", "chase_data_division", "i am sorry. i call now the data division myself, please wait",
     "i call now the data division"),
    ("friday-data-line", "direct_contact", "they move the order now. I call you back at 8 tonight", "I call you back at"),
    ("unpaid-outage", "direct_number", "ok. i call you on friday at 10 myself", "i call you on "),
    ("friday-data-line", "chase_data_division", "I spoke to the data division this morning", None),  # a report, no step
])
def test_a_bare_present_commitment_makes_the_offer_in_the_replys_own_words(scenario_id, offer_id, text, phrase):
    assert load_scenarios(SCENARIOS_DIR).get(scenario_id).offer(offer_id).match(text) == phrase


def test_as_future_says_where_it_put_each_will():
    future, inserted = as_future("ok i call now. I send it, i am here, said i")
    assert future == "ok i'll call now. I'll send it, i am here, said i"
    assert [future[at:at + len(WILL)] for at in inserted] == [WILL, WILL]


@pytest.mark.parametrize("scenario_id", SHIPPED_CASES)
def test_the_credit_limit_the_card_cites_is_in_the_trainees_briefing(library, scenario_id):
    """QA rounds 30 and 31: the card flagged "a credit above the 50 euro limit" in two cases whose
    briefing named no limit."""
    scenario = library.get(scenario_id)
    assert re.search(rf"\b{scenario.max_credit_eur} euros?\b", scenario.situation), scenario.situation
