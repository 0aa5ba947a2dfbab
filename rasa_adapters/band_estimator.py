"""The band check in `config.yml`: how team leads banded replies like this one (data/labelled/).

A linear classifier per dimension over sublinear TF-IDF word and character n-grams, fitted on the
labelled dev replies (`bot/coach/labelled.py`; a held-out file is refused). Per message it sets
`bands`, {dimension: {"low": p, "neutral": p, "high": p}}, in the parse result; the scorer holds a
far score at neutral when this estimate is sure enough of the other far band (rubric.yml
`band_check:`, `bot/coach/scoring.py` `_band_check`). Measured in docs/nlu.md, "The band check".

The examples are files outside Rasa's training data, so `fingerprint_addon` hashes them: a changed
label retrains this component instead of reusing Rasa's cached one. The fitted pipelines are
stored as what they learnt, without pickle, and read one message at a time by `tfidf_store.Reader`.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.coach.labelled import DIMENSIONS, example_files, load_examples
from rasa_adapters import tfidf_store

logger = logging.getLogger(__name__)

BAND_NAMES = ("low", "neutral", "high")  # the labels 0, 1 and 2
OUTPUT = "bands"


def band_pipeline(config: dict[str, Any], vocabularies: list[list[str]] | None = None) -> Any:
    """A scikit-learn pipeline for one dimension, unfitted (also used by tests/nlu_report.py to
    cross-fit the dev set's estimates); with `vocabularies`, its vectorisers' fixed terms."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    features = tfidf_store.union(config["word_ngrams"], config["char_ngrams"], vocabularies,
                                 min_df=int(config["min_df"]), max_word_features=int(config["max_word_features"]),
                                 max_char_features=int(config["max_char_features"]))
    return make_pipeline(features, LogisticRegression(C=float(config["C"]), max_iter=int(config["max_iter"])))


def configured(config_file: Path) -> dict[str, Any] | None:
    """The band check's settings in a Rasa `config.yml` (defaults filled in); None when its
    pipeline has no BandEstimator."""
    import yaml

    data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    for entry in data.get("pipeline") or ():
        if isinstance(entry, dict) and str(entry.get("name", "")).endswith("BandEstimator"):
            return {**BandEstimator.get_default_config(), **{k: v for k, v in entry.items() if k != "name"}}
    return None


def fit(config: dict[str, Any], examples: list[Any]) -> dict[str, Any]:
    """A fitted pipeline per configured dimension, from labelled replies (`bot.coach.labelled`)."""
    texts = [e.text for e in examples]
    pipelines = {}
    for dimension in config["dimensions"]:
        pipeline = band_pipeline(config)
        pipeline.fit(texts, [getattr(e, dimension) for e in examples])
        pipelines[dimension] = pipeline
    return pipelines


def estimate(pipelines: dict[str, Any], texts: list[str]) -> list[dict[str, dict[str, float]]]:
    """Each text's {dimension: {band name: probability}} from fitted pipelines (or their
    `tfidf_store.Reader`s, which the component uses: one text is read ten times faster)."""
    out: list[dict[str, dict[str, float]]] = [{} for _ in texts]
    for dimension, pipeline in pipelines.items():
        labels = [int(label) for label in pipeline.classes_]
        for row, probabilities in zip(out, pipeline.predict_proba(texts), strict=True):
            given = dict(zip(labels, probabilities, strict=True))
            row[dimension] = {name: float(given.get(index, 0.0)) for index, name in enumerate(BAND_NAMES)}
    return out


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class BandEstimator(GraphComponent):
    """Word and character n-grams, sublinear TF-IDF, a logistic regression per dimension."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "examples": "data/labelled",
            "dimensions": ["ownership"],
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 4],
            "min_df": 2,
            "max_word_features": 6000,
            "max_char_features": 12000,
            "C": 4.0,
            "max_iter": 2000,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        digest = hashlib.sha256()
        for path in example_files(Path({**cls.get_default_config(), **config}["examples"])):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 pipelines: dict[str, Any] | None = None) -> None:
        self.config = {**self.get_default_config(), **config}
        unknown = [d for d in self.config["dimensions"] if d not in DIMENSIONS]
        if unknown:
            raise ValueError(f"config.yml: BandEstimator.dimensions: {unknown} (each one of {', '.join(DIMENSIONS)})")
        self._model_storage = model_storage
        self._resource = resource
        self.pipelines: dict[str, Any] = {}
        self.readers: dict[str, tfidf_store.Reader] = {}
        self._use(pipelines or {})

    def _use(self, pipelines: dict[str, Any]) -> None:
        self.pipelines = pipelines
        self.readers = {dimension: tfidf_store.Reader(p) for dimension, p in pipelines.items()}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> BandEstimator:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        folder = Path(self.config["examples"])
        files = example_files(folder)
        if not files:
            raise ValueError(f"config.yml: BandEstimator.examples: no labelled replies (*.yml) in {folder}")
        self._use(fit(self.config, load_examples(files)))
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.readers or not messages:
            return messages
        for message, bands in zip(messages, estimate(self.readers, [m.get(TEXT) or "" for m in messages]),
                                  strict=True):
            message.set(OUTPUT, bands, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            for dimension, pipeline in self.pipelines.items():
                tfidf_store.save(pipeline, model_dir, f"{self._resource.name}.{dimension}")

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> BandEstimator:
        full = {**cls.get_default_config(), **config}
        try:
            with model_storage.read_from(resource) as model_dir:
                pipelines = {d: tfidf_store.load(lambda terms: band_pipeline(full, terms), model_dir,
                                                 f"{resource.name}.{d}") for d in full["dimensions"]}
            return cls(config, model_storage, resource, pipelines)
        except ValueError as error:
            logger.warning(f"The band check could not be loaded ({error}); no reply is checked.")
            return cls(config, model_storage, resource)

