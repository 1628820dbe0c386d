"""The meeting itself, in plain Python: checks on what is said at it (no Django here)."""

from __future__ import annotations

from mingjing.meeting.criticism import CriticismCheck, CriticismFlag, check_criticism

__all__ = ["CriticismCheck", "CriticismFlag", "check_criticism"]
