"""The register of the text being restored (administrative or general), and the language
model weighted towards it.

The language model mixes administrative and general training text in one fixed proportion.
A text is more or less administrative: the share ``λ`` of its words that the administrative
unigram explains better is estimated by EM over the skeletons of the text's words (which the
restorer sees whatever their marks), drawn towards the training mix for short texts. Each
candidate word then gets ``WEIGHT * log(P_λ(w) / P_train(w))``, where ``P_λ`` mixes the
administrative and general unigrams ``λ`` to ``1 - λ`` and ``P_train`` in the training
proportion: unigram rescaling of the n-gram model (Kneser, Peters and Klakow 1997), which
leaves the words both registers use alike as they are.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from corpora.registers import IN_DOMAIN_WEIGHT, load_registers
from diacritics.model import Model, load_model
from diacritics.normalize import skeleton

WEIGHT = 0.5
SMOOTHING = 0.1  # added to every word's count in the pooled registers
PRIOR = 1000.0  # words of the pooled use each register's counts are drawn towards
PRIOR_WORDS = 10.0  # a text of this many words moves λ halfway from the training mix
ROUNDS = 12


@dataclass(frozen=True, eq=False)
class Registers:
    admin: np.ndarray  # P(w) in administrative text, by word id
    general: np.ndarray  # P(w) in general text
    trained: float  # the administrative share of the language model's training text
    by_skeleton: dict[str, tuple[float, float]]  # skeleton -> (P admin, P general)


@functools.cache
def registers() -> Registers:
    model = load_model()
    size = len(model.words)
    admin = np.zeros(size)
    general = np.zeros(size)
    raw = [0, 0]
    for word, (a, g) in load_registers().items():
        i = model.ids.get(word)
        if i is not None:
            admin[i] += a
            general[i] += g
        raw[0] += a
        raw[1] += g
    # each register's counts smoothed towards both together (a Dirichlet prior): a word the
    # small administrative text never has gets its share of the pooled use, not an even
    # share of the smoothing, which made every rare word look administrative ("tủng"). The
    # general register's prior weighs as much against its size as the administrative one's,
    # so a word neither has is no likelier in either
    pooled = admin + general + SMOOTHING
    pooled /= pooled.sum()
    admin_size, general_size = admin.sum(), general.sum()
    general_prior = PRIOR * general_size / admin_size
    admin = (admin + PRIOR * pooled) / (admin_size + PRIOR)
    general = (general + general_prior * pooled) / (general_size + general_prior)
    trained = IN_DOMAIN_WEIGHT * raw[0] / (IN_DOMAIN_WEIGHT * raw[0] + raw[1])
    by_skeleton = {
        key: (float(admin[list(ids)].sum()), float(general[list(ids)].sum()))
        for key, ids in model.by_skeleton.items()
    }
    return Registers(admin, general, trained, by_skeleton)


def administrative_share(words: Iterable[str], model: Model) -> float:
    """λ: how administrative the text of ``words`` is, 0..1."""
    reg = registers()
    words = list(words)
    by_word = {w: reg.by_skeleton.get(skeleton(w)) for w in set(words)}  # once per word
    pairs = [by_word[w] for w in words]
    seen = np.array([p for p in pairs if p is not None], dtype=np.float64).reshape(-1, 2)
    if not len(seen):
        return reg.trained
    share = 0.5
    for _ in range(ROUNDS):
        admin = share * seen[:, 0]
        share = float(np.mean(admin / (admin + (1 - share) * seen[:, 1])))
    n = len(seen)
    return (n * share + PRIOR_WORDS * reg.trained) / (n + PRIOR_WORDS)


def register_bonus(words: Iterable[str], model: Model) -> list[float]:
    """The log bonus of each word id for a text of ``words`` (0 for a text as administrative
    as the training mix)."""
    reg = registers()
    share = administrative_share(words, model)
    mixed = share * reg.admin + (1 - share) * reg.general
    trained = reg.trained * reg.admin + (1 - reg.trained) * reg.general
    return (WEIGHT * np.log(mixed / trained)).tolist()
