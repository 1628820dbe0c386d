"""Read back what the renderers wrote: HTML marks per finding, Word comment anchors."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.oxml.ns import qn

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "area", "base"}


class HtmlProbe(HTMLParser):
    """Checks nesting and collects, per finding number (``data-f``), the text of the marks covering it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.covered: dict[str, str] = {}
        self.marks: list[list[str]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key, bucket in (("id", self.ids), ("href", self.hrefs), ("src", self.srcs)):
            if found.get(key):
                bucket.append(str(found[key]))
        self.scripts += tag == "script"
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "mark":
            self.marks.append((found.get("data-f") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "mark":
            self.marks.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "mark":
            for number in self.marks[-1]:
                self.covered[number] = self.covered.get(number, "") + data


def probe_html(page: str) -> HtmlProbe:
    probe = HtmlProbe()
    probe.feed(page)
    probe.close()
    return probe


def comment_anchors(path: Path) -> dict[int, str]:
    """Comment id → the text of the runs between its w:commentRangeStart and w:commentRangeEnd."""
    document = docx.Document(str(path))
    active: dict[int, list[str]] = {}
    done: dict[int, str] = {}
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            active[int(element.get(qn("w:id")))] = []
        elif element.tag == qn("w:commentRangeEnd"):
            cid = int(element.get(qn("w:id")))
            done[cid] = "".join(active.pop(cid))
        elif element.tag == qn("w:r"):
            for parts in active.values():
                parts.append(element.text)
    assert not active, "every commentRangeStart has its end"
    return done
