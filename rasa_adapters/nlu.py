"""Parse text with the trained model, outside the Rasa server (for `python -m bot score`)."""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

# Replies parsed together by parse_many: one run of the NLU graph, one TensorFlow call.
BATCH = 64


def _use_batched_diet() -> None:
    """Let DIET predict all messages of one graph run in one TensorFlow call.

    Rasa 3.6's DIETClassifier.process calls the model once per message even when the graph
    hands it many; for `python -m bot score` that call was 61 % of the parsing time
    (docs/performance.md). Only intent classification is batched (our DIET has no entity
    tagger); anything else goes to Rasa's own method. Patched in this process only: the Rasa
    server parses one message at a time and keeps Rasa's code.
    """
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.shared.nlu.constants import INTENT
    from rasa.utils.tensorflow.constants import ENTITY_RECOGNITION, INTENT_CLASSIFICATION

    rasas = DIETClassifier.process
    if getattr(rasas, "batched", False):
        return

    def process(self: DIETClassifier, messages: list) -> list:
        config = self.component_config
        if (self.model is None or len(messages) < 2 or config[ENTITY_RECOGNITION]
                or not config[INTENT_CLASSIFICATION] or self._execution_context.should_add_diagnostic_data):
            return rasas(self, messages)
        model_data = self._create_model_data(messages, training=False)
        if model_data.is_empty():
            return rasas(self, messages)
        scores = self.model.run_inference(model_data, batch_size=len(messages))["i_scores"]
        if len(scores) != len(messages):
            return rasas(self, messages)
        for row, message in enumerate(messages):
            label, ranking = self._predict_label({"i_scores": scores[row:row + 1]})
            message.set(INTENT, label, add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    process.batched = True  # type: ignore[attr-defined]
    DIETClassifier.process = process


class NluParser:
    """Loads the trained model once and parses messages with it, as the Rasa server does."""

    def __init__(self, model: Path):
        os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        logging.getLogger("rasa").setLevel(logging.ERROR)
        from rasa.core.agent import Agent  # heavy: imported only when a parser is made
        from rasa.utils.log_utils import configure_structlog

        # Rasa's structured logger prints debug lines to stdout, where our JSON lines go.
        configure_structlog(logging.WARNING)

        _use_batched_diet()  # before loading: the graph takes the method when it is built
        self._loop = asyncio.new_event_loop()
        self._agent = Agent.load(str(model))
        # The first parse traces TensorFlow's graph (seconds): done here, as part of loading.
        self.parse("hello")

    def parse(self, text: str) -> dict[str, Any]:
        return self._loop.run_until_complete(self._agent.parse_message(text))

    def parse_many(self, texts: list[str]) -> list[dict[str, Any]]:
        """Like parse() for each text, BATCH texts per run of the NLU graph."""
        from rasa.core.channels import UserMessage
        from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT

        processor = self._agent.processor
        target = processor.model_metadata.nlu_target
        parsed: list[dict[str, Any]] = []
        for start in range(0, len(texts), BATCH):
            messages = [UserMessage(text) for text in texts[start:start + BATCH]]
            tracker = DialogueStateTracker.from_events(messages[0].sender_id, [])
            results = processor.graph_runner.run(
                inputs={PLACEHOLDER_MESSAGE: messages, PLACEHOLDER_TRACKER: tracker}, targets=[target])
            for message in results[target]:
                # As Rasa's MessageProcessor._parse_message_with_graph shapes one result.
                data = {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, ENTITIES: []}
                data.update(message.as_dict(only_output_properties=True))
                parsed.append(data)
        return parsed

    def close(self) -> None:
        self._loop.close()
