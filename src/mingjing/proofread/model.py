"""The result type of the proofreader."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from mingjing.model import Severity

RULES: dict[str, str] = {
    "proofread.confusion": "音近形近别字",
    "proofread.scrambled": "字序颠倒",
    "proofread.duplicated": "字词误重复",
    "proofread.dropped": "漏字",
    "proofread.de": "的地得误用",
    "proofread.idiom": "成语误写",
    "proofread.term": "理论、会议名称及提法误写",
}


@dataclass(frozen=True)
class ProofFinding:
    """One suspected slip: ``text`` is ``source[start:end]``; ``suggestion`` replaces exactly that span."""

    rule: str  # one of RULES
    severity: Severity
    message: str  # Chinese
    start: int
    end: int
    text: str
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data
