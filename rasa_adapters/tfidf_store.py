"""Storing a fitted TF-IDF and logistic regression pipeline as what it learnt, and nothing that runs.

Both of our components (`move_classifier`, `band_estimator`) are a union of `TfidfVectorizer`s
and a `LogisticRegression`. What they learnt is each vectoriser's terms (a JSON list, in index
order) and IDF weights, and the regression's coefficients, intercepts and classes (a NumPy
`.npz`, read with `allow_pickle=False`): no file can make loading run code. Loading builds the
same pipeline from the component's config with those terms fixed and sets the weights through
scikit-learn's public attributes.

skops, used before, took 16 s to import inside `rasa train` and `rasa run` and 10 s to store one
of these pipelines there; this takes a few hundredths of a second (docs/nlu.md, "The band check").

`Reader` reads texts through a fitted pipeline's learnt weights directly. Rasa parses one message
at a time, and scikit-learn's per-call checks and the feature union cost 4–5 ms per component for
one short text; the same arithmetic done once per text takes about 0.5 ms and gives the same
probabilities (to 1e-14, `tests/test_tfidf_store.py`; docs/performance.md).
"""
from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Build = Callable[[list[list[str]]], Any]  # the component's pipeline, unfitted, with these fixed terms


def union(word_ngrams: Any, char_ngrams: Any, vocabularies: list[list[str]] | None = None, *, min_df: int = 1,
          max_word_features: int | None = None, max_char_features: int | None = None) -> Any:
    """The n-grams both components read: sublinear TF-IDF over words and over letter groups within
    words (`char_wb`); with `vocabularies`, their fixed terms (as `load` builds it)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    if vocabularies is not None and len(vocabularies) != 2:
        raise ValueError(f"expected the terms of 2 vectorisers, got {len(vocabularies)}")
    word_terms, char_terms = vocabularies or (None, None)
    words = TfidfVectorizer(ngram_range=_pair(word_ngrams), min_df=min_df, max_features=max_word_features,
                            sublinear_tf=True, vocabulary=word_terms)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=_pair(char_ngrams), min_df=min_df,
                            max_features=max_char_features, sublinear_tf=True, vocabulary=char_terms)
    return make_union(words, chars)


def save(pipeline: Any, folder: Path, stem: str) -> None:
    """`<stem>.terms.json` and `<stem>.weights.npz` in `folder`."""
    import numpy as np

    vectorisers = [vectoriser for _, vectoriser in pipeline[0].transformer_list]
    terms = [sorted(v.vocabulary_, key=v.vocabulary_.__getitem__) for v in vectorisers]
    (folder / f"{stem}.terms.json").write_text(json.dumps(terms), encoding="utf-8")
    classifier = pipeline[-1]
    np.savez(folder / f"{stem}.weights.npz", coef=classifier.coef_, intercept=classifier.intercept_,
             classes=np.asarray(classifier.classes_), **{f"idf_{i}": v.idf_ for i, v in enumerate(vectorisers)})


def load(build: Build, folder: Path, stem: str) -> Any:
    """The pipeline `save` stored; ValueError when its files are missing, damaged or do not fit."""
    import numpy as np

    try:
        terms = json.loads((folder / f"{stem}.terms.json").read_text(encoding="utf-8"))
        with np.load(folder / f"{stem}.weights.npz", allow_pickle=False) as weights:
            arrays = {name: weights[name] for name in weights.files}
    except (OSError, json.JSONDecodeError, zipfile.BadZipFile) as error:  # a truncated .npz is a bad zip
        raise ValueError(f"{stem}: cannot be read: {error}") from None
    if not (isinstance(terms, list) and terms and all(isinstance(t, list) for t in terms)):
        raise ValueError(f"{stem}.terms.json: expected a list of term lists")
    pipeline = build(terms)
    vectorisers = [vectoriser for _, vectoriser in pipeline[0].transformer_list]
    names = {"coef", "intercept", "classes", *(f"idf_{i}" for i in range(len(vectorisers)))}
    if len(vectorisers) != len(terms) or set(arrays) != names:
        raise ValueError(f"{stem}: the stored parts do not fit the pipeline")
    for index, vectoriser in enumerate(vectorisers):
        vectoriser.idf_ = arrays[f"idf_{index}"]  # scikit-learn checks its length against the terms
    classifier = pipeline[-1]
    if arrays["coef"].shape != (len(arrays["classes"]) if len(arrays["classes"]) > 2 else 1,
                                sum(len(t) for t in terms)):
        raise ValueError(f"{stem}.weights.npz: the coefficients do not fit the terms")
    classifier.classes_, classifier.coef_, classifier.intercept_ = arrays["classes"], arrays["coef"], arrays["intercept"]
    classifier.n_features_in_ = arrays["coef"].shape[1]
    return pipeline


class Reader:
    """A fitted pipeline of `union` and a `LogisticRegression`, read one text at a time: each
    vectoriser's counts of known terms, sublinear TF (1 + log), times IDF, L2-normalised, then the
    regression's scores (softmax over three or more classes, the logistic for two), as
    scikit-learn computes them for lbfgs with `multi_class="auto"`."""

    def __init__(self, pipeline: Any) -> None:
        import numpy as np

        classifier = pipeline[-1]
        if getattr(classifier, "multi_class", "auto") not in ("auto", "multinomial") or classifier.solver == "liblinear":
            raise ValueError(f"Reader: a one-vs-rest regression is not read ({classifier!r})")
        self.classes_ = classifier.classes_
        self._parts = []
        offset = 0
        for _, vectoriser in pipeline[0].transformer_list:
            if not (vectoriser.sublinear_tf and vectoriser.use_idf and vectoriser.norm == "l2"
                    and not vectoriser.binary):
                raise ValueError(f"Reader: expected sublinear, L2-normalised TF-IDF ({vectoriser!r})")
            self._parts.append((vectoriser.build_analyzer(), vectoriser.vocabulary_, vectoriser.idf_, offset))
            offset += len(vectoriser.vocabulary_)
        self._weights = np.ascontiguousarray(classifier.coef_.T)  # a row per feature: a text's few rows are read
        self._intercept = classifier.intercept_

    def predict_proba(self, texts: Sequence[str]) -> Any:
        """One row per text, the probability of each of `classes_`, as the pipeline's own."""
        import numpy as np

        return np.vstack([self._probabilities(text) for text in texts]) if texts else \
            np.empty((0, len(self.classes_)))

    def _probabilities(self, text: str) -> Any:
        import numpy as np

        scores = self._intercept.copy()
        for analyse, vocabulary, idf, offset in self._parts:
            counts = Counter(index for index in map(vocabulary.get, analyse(text)) if index is not None)
            if not counts:
                continue  # no known term: this vectoriser's row is all zeros
            indices = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            values = (np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))) + 1.0) * idf[indices]
            values /= np.sqrt(values @ values)
            scores = scores + values @ self._weights[indices + offset]
        if len(self.classes_) > 2:
            exponentials = np.exp(scores - scores.max())
            return exponentials / exponentials.sum()
        positive = 1.0 / (1.0 + np.exp(-scores[0]))
        return np.array([1.0 - positive, positive])


def _pair(value: Any) -> tuple[int, int]:
    low, high = value
    return int(low), int(high)
