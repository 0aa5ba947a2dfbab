"""The trainee progress chart: session scores per dimension over time, as SVG made on the server.

matplotlib (which Rasa brings) with the Agg backend through its object API (no pyplot state, so
it is safe in a worker thread); imported only when a chart is drawn.
"""
from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from typing import Literal

from bot.coach.scoring import BANDS
from bot.storage.records import ProgressPoint

COLOURS: dict[Literal["ownership", "flexibility"], str] = {"ownership": "#0b5d6b", "flexibility": "#b4561b"}


def progress_svg(progress: Sequence[ProgressPoint]) -> bytes:
    """SVG of the ended sessions' ownership and flexibility (TranscriptStore.trainee_progress)."""
    os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "coach-matplotlib"))
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    scored = [p for p in progress if p["ownership"] is not None or p["flexibility"] is not None]
    figure = Figure(figsize=(7.5, 3.2), dpi=100)
    axes = figure.add_subplot(1, 1, 1)
    low_top, high_bottom = BANDS["low"][1], BANDS["high"][0]
    axes.axhspan(0, low_top, color="#fde8e6", zorder=0)
    axes.axhspan(high_bottom, 100, color="#e1f4e8", zorder=0)
    xs = list(range(1, len(scored) + 1))
    for dimension, colour in COLOURS.items():
        points = [(x, p[dimension]) for x, p in zip(xs, scored, strict=True) if p[dimension] is not None]
        if points:
            axes.plot([x for x, _ in points], [y for _, y in points], marker="o", color=colour, label=dimension,
                      linewidth=2)
    axes.set_ylim(0, 100)
    axes.set_ylabel("session score")
    if scored:
        axes.set_xlim(0.5, len(scored) + 0.5)
        axes.set_xticks(xs)
        axes.set_xticklabels([p["date"].strftime("%d %b") for p in scored], rotation=30, fontsize=8)
        axes.legend(loc="lower right", fontsize=8)
    else:
        axes.set_xticks([])
        axes.text(0.5, 0.5, "no ended sessions yet", ha="center", va="center", transform=axes.transAxes)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
