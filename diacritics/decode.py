"""Beam search over candidate syllables under the trigram model."""

from __future__ import annotations

import math
from dataclasses import dataclass

from diacritics.model import BOS, UNK, Model

BEAM = 8
Path = tuple[int, "Path"] | None
LM_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class Slot:
    """One position of the sequence: its candidates (word, channel score), or a fixed token."""

    options: tuple[tuple[str, float], ...]
    lm_id: int | None = None  # for fixed tokens (numbers, codes): the class id in the model


def decode(slots: list[Slot], model: Model) -> list[tuple[str, float]]:
    """The best word for each slot, with a confidence (0..1) for the choice."""
    if not slots:
        return []
    ids = model.ids
    # a beam state: (score, prev2, prev1, path) where path is a linked list (choice, parent)
    beam: list[tuple[float, int, int, Path]] = [(0.0, BOS, BOS, None)]
    margins: list[float] = []
    for slot in slots:
        options = slot.options or (("", 0.0),)
        option_ids = [
            slot.lm_id if slot.lm_id is not None else ids.get(word, UNK) for word, _ in options
        ]
        best: dict[tuple[int, int], tuple[float, int, int, Path]] = {}
        logp = model.logp
        for score, p2, p1, path in beam:
            for k, ((_, chan), wid) in enumerate(zip(options, option_ids, strict=True)):
                total = score + chan + LM_WEIGHT * logp(p2, p1, wid)
                key = (p1, wid)
                if key not in best or total > best[key][0]:
                    best[key] = (total, p1, wid, (k, path))
        ranked = sorted(best.values(), key=lambda s: -s[0])
        margins.append(_margin(ranked))
        beam = ranked[:BEAM]
    choice: list[int] = []
    path = beam[0][3]
    while path is not None:
        choice.append(path[0])
        path = path[1]
    choice.reverse()
    return [
        (slot.options[k][0] if slot.options else "", conf)
        for slot, k, conf in zip(slots, choice, margins, strict=True)
    ]


def _margin(ranked: list[tuple[float, int, int, Path]]) -> float:
    """Confidence of the leading choice at this position against the best different one."""
    if not ranked:
        return 0.0
    top = ranked[0]
    rival = next((s for s in ranked[1:] if s[2] != top[2]), None)
    if rival is None:
        return 1.0
    return 1.0 / (1.0 + math.exp(-(top[0] - rival[0])))
