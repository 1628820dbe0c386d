"""Proofreading (校对) of any Chinese text: wrong characters of similar sound or shape, scrambled, doubled
or dropped characters, 的/地/得, miswritten set phrases and names of theories and meetings.

Plain Python over dictionaries that registry packages ship (jieba's word list, the character tables of the
pycorrector wheel) and our curated lists in ``data/``; no model, no network. Precision over recall.
"""

from __future__ import annotations

from mingjing.proofread.engine import proofread_text
from mingjing.proofread.model import RULES, ProofFinding
from mingjing.proofread.resources import ProofreadDataError

__all__ = ["RULES", "ProofFinding", "ProofreadDataError", "proofread_text"]
