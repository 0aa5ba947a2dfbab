"""Our components' stored pipelines (rasa_adapters/tfidf_store.py): read back they give the same
readings, and a damaged or hostile file is refused (the component then reads nothing) rather
than run."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_adapters import tfidf_store
from rasa_adapters.move_classifier import TfidfMoveClassifier

EXAMPLES = {
    "greet": ["hello there", "hi, thanks for calling", "good morning", "hey, how can I help"],
    "refuse": ["no, I can't do that", "that's not possible", "I won't be able to", "the answer is no"],
    "commit_next_step": ["I'll call you at four", "I'll send it today", "I'm booking it now", "I'll ring you back by six"],
}
TEXTS = ["hello, good afternoon", "sorry, that's a no", "I'll phone you tomorrow at ten"]


def _trained(tmp_path):
    (tmp_path / "storage").mkdir(exist_ok=True)
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("moves")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**TfidfMoveClassifier.get_default_config()}
    component = TfidfMoveClassifier.create(config, storage, resource, context)
    messages = [Message(data={"text": text, "intent": intent}) for intent, texts in EXAMPLES.items() for text in texts]
    component.train(TrainingData(training_examples=messages))
    return component, config, storage, resource, context


def _rankings(component):
    return [m.get("intent_ranking") for m in component.process([Message(data={"text": t}) for t in TEXTS])]


def test_the_move_classifier_reads_the_same_after_it_is_stored(tmp_path):
    component, config, storage, resource, context = _trained(tmp_path)
    before = _rankings(component)
    assert [r[0]["name"] for r in before] == ["greet", "refuse", "commit_next_step"]
    with storage.read_from(resource) as folder:
        assert sorted(p.name for p in folder.iterdir()) == ["moves.terms.json", "moves.weights.npz"]
    after = _rankings(TfidfMoveClassifier.load(config, storage, resource, context))
    for old, new in zip(before, after, strict=True):
        assert [r["name"] for r in old] == [r["name"] for r in new]
        assert [r["confidence"] for r in old] == pytest.approx([r["confidence"] for r in new])


def _damage_terms(folder):
    (folder / "moves.terms.json").write_text("{not json")


def _shorter_terms(folder):
    (folder / "moves.terms.json").write_text('[["hello"], ["he", "el"]]')


def _object_array(folder):
    # A pickled object inside the weights: np.load(allow_pickle=False) refuses to unpickle it.
    with np.load(folder / "moves.weights.npz") as weights:
        arrays = {name: weights[name] for name in weights.files}
    arrays["classes"] = np.array([object(), "greet"], dtype=object)
    np.savez(folder / "moves.weights.npz", **arrays)


def _missing_weights(folder):
    (folder / "moves.weights.npz").unlink()


def _truncated_weights(folder):
    path = folder / "moves.weights.npz"
    path.write_bytes(path.read_bytes()[:200])


@pytest.mark.parametrize("damage", [_damage_terms, _shorter_terms, _object_array, _missing_weights,
                                    _truncated_weights])
def test_a_damaged_or_hostile_store_is_refused_and_reads_nothing(tmp_path, caplog, damage):
    _, config, storage, resource, context = _trained(tmp_path)
    with storage.read_from(resource) as folder:
        damage(folder)
    loaded = TfidfMoveClassifier.load(config, storage, resource, context)
    assert loaded.pipeline is None
    assert "The move classifier could not be loaded" in caplog.text
    message = loaded.process([Message(data={"text": "hello"})])[0]
    assert message.get("intent") is None


READER_TEXTS = [*TEXTS, "", "zzzz qqqq", "Hello hello HELLO, I'll call you at four!", "ik bel u morgen 😊",
                "no no no no no, that's not possible, I can't and I won't"]


def _fitted(labels):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts = [text for intent in labels for text in EXAMPLES[intent]]
    targets = [intent for intent in labels for _ in EXAMPLES[intent]]
    pipeline = make_pipeline(tfidf_store.union([1, 2], [2, 4]), LogisticRegression(C=4.0, max_iter=1000))
    return pipeline.fit(texts, targets)


@pytest.mark.parametrize("labels", [("greet", "refuse", "commit_next_step"), ("refuse", "commit_next_step")],
                         ids=["three classes, softmax", "two classes, logistic"])
def test_the_reader_gives_the_pipelines_own_probabilities(labels):
    pipeline = _fitted(labels)
    reader = tfidf_store.Reader(pipeline)
    assert list(reader.classes_) == list(pipeline.classes_)
    assert reader.predict_proba(READER_TEXTS) == pytest.approx(pipeline.predict_proba(READER_TEXTS), abs=1e-12)
    assert reader.predict_proba([]).shape == (0, len(labels))


def test_the_reader_refuses_a_pipeline_it_would_read_differently():
    pipeline = _fitted(("greet", "refuse", "commit_next_step"))
    pipeline[-1].multi_class = "ovr"
    with pytest.raises(ValueError, match="one-vs-rest"):
        tfidf_store.Reader(pipeline)
    pipeline = _fitted(("greet", "refuse", "commit_next_step"))
    pipeline[0].transformer_list[1][1].sublinear_tf = False
    with pytest.raises(ValueError, match="sublinear"):
        tfidf_store.Reader(pipeline)
