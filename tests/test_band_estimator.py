"""The band check's component (rasa_adapters/band_estimator.py): it learns from labelled files,
refuses held-out ones, stores what it learnt without pickle and reads it back the same, and a
changed label changes its fingerprint so Rasa's training cache cannot hand back a stale one."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.coach.labelled import LabelError
from rasa_adapters.band_estimator import BandEstimator, configured
from tests.conftest import project_file

OWNING = ["I'll ring you back by four with the engineer's slot.", "I've booked the technician for Saturday at ten.",
          "I'm crediting you fifty euros now and I'll call you tomorrow at nine.",
          "I'll chase the data team myself and ring you at three."]
PASSING = ["You'll have to call the fault line yourself.", "That's not our department, try the shop.",
           "Rules are rules, I can't do anything.", "Ring KPN, they handle that, not me."]
NEUTRAL = ["I understand how frustrating that is.", "Could you give me your postcode?",
           "I'm sorry to hear that.", "Let me have a look."]


def _write(folder, name, rows):
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["replies:"]
    for text, own in rows:
        lines.append(f"  - {{case: nine-weeks, text: {text!r}, intent: greet, ownership: {own}, flexibility: 1}}")
    (folder / name).write_text("\n".join(lines) + "\n")


@pytest.fixture()
def examples(tmp_path):
    folder = tmp_path / "labelled"
    _write(folder, "a.yml", [(t, 2) for t in OWNING] + [(t, 0) for t in PASSING])
    _write(folder, "b.yml", [(t, 1) for t in NEUTRAL])
    return folder


def _component(tmp_path, folder, **config):
    (tmp_path / "storage").mkdir(exist_ok=True)
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("band_check")
    context = ExecutionContext(GraphSchema({}), "test")
    full = {**BandEstimator.get_default_config(), "examples": str(folder), "min_df": 1, **config}
    return BandEstimator.create(full, storage, resource, context), full, storage, resource, context


def test_it_learns_stores_and_reads_back_the_same_estimates(tmp_path, examples):
    component, config, storage, resource, context = _component(tmp_path, examples)
    component.train(TrainingData())
    texts = ["I'll ring you tomorrow at ten with the slot.", "Try the shop, that's not us."]
    messages = component.process([Message(data={"text": t}) for t in texts])
    bands = [m.get("bands") for m in messages]
    assert all(set(b) == {"ownership"} and set(b["ownership"]) == {"low", "neutral", "high"} for b in bands)
    assert all(sum(b["ownership"].values()) == pytest.approx(1.0) for b in bands)
    assert bands[0]["ownership"]["high"] > bands[0]["ownership"]["low"]
    assert bands[1]["ownership"]["low"] > bands[1]["ownership"]["high"]
    with storage.read_from(resource) as folder:
        assert sorted(p.name for p in folder.iterdir()) == ["band_check.ownership.terms.json",
                                                            "band_check.ownership.weights.npz"]
    loaded = BandEstimator.load(config, storage, resource, context)
    again = [m.get("bands") for m in loaded.process([Message(data={"text": t}) for t in texts])]
    for before, after in zip(bands, again, strict=True):
        assert np.allclose([before["ownership"][k] for k in before["ownership"]],
                           [after["ownership"][k] for k in before["ownership"]])


def test_a_changed_label_changes_the_fingerprint(tmp_path, examples):
    config = {"examples": str(examples)}
    before = BandEstimator.fingerprint_addon(config)
    assert BandEstimator.fingerprint_addon(config) == before
    (examples / "b.yml").write_text((examples / "b.yml").read_text().replace("ownership: 1", "ownership: 0", 1))
    assert BandEstimator.fingerprint_addon(config) != before


def test_a_held_out_folder_is_refused_and_an_empty_one_named(tmp_path):
    heldout = tmp_path / "heldout"
    _write(heldout, "h.yml", [(t, 2) for t in OWNING])
    component, *_ = _component(tmp_path, heldout)
    with pytest.raises(LabelError, match="a held-out file is never learnt from"):
        component.train(TrainingData())
    empty = tmp_path / "empty"
    empty.mkdir()
    component, *_ = _component(tmp_path, empty)
    with pytest.raises(ValueError, match=r"BandEstimator.examples: no labelled replies \(\*.yml\) in .*empty"):
        component.train(TrainingData())


def test_a_damaged_store_loads_as_no_check(tmp_path, examples):
    component, config, storage, resource, context = _component(tmp_path, examples)
    component.train(TrainingData())
    with storage.read_from(resource) as folder:
        (folder / "band_check.ownership.terms.json").write_text('[["just one list"]]')
    loaded = BandEstimator.load(config, storage, resource, context)
    assert loaded.pipelines == {}
    message = loaded.process([Message(data={"text": "hello"})])[0]
    assert message.get("bands") is None


def test_an_unknown_dimension_is_named(tmp_path, examples):
    with pytest.raises(ValueError, match=r"BandEstimator.dimensions: \['ownrship'\]"):
        _component(tmp_path, examples, dimensions=["ownrship"])


def test_the_shipped_config_checks_ownership_from_data_labelled():
    config = configured(project_file("config.yml"))
    assert config is not None and config["dimensions"] == ["ownership"] and config["examples"] == "data/labelled"


def test_the_model_code_and_the_labelled_replies_are_training_inputs():
    # A change to any of them makes the model stale, so `make run` and `make test` retrain it.
    from bot.config import PROJECT_ROOT
    from bot.ops.training import training_inputs
    from tests.labelled import DEV_FILES

    inputs = {p.relative_to(PROJECT_ROOT).as_posix() for p in training_inputs(PROJECT_ROOT)}
    assert {"rasa_adapters/move_classifier.py", "rasa_adapters/band_estimator.py", "rasa_adapters/tfidf_store.py",
            "bot/coach/labelled.py"} <= inputs
    assert {f"data/labelled/{name}" for name in DEV_FILES} <= inputs
