"""What the upload page accepts (.docx and .txt), said once: the form's help, the file chooser and the errors.

The core reads more formats (PDF, .doc, RTF … through converters); the web takes only these two,
so an error must never suggest a format this page then refuses.
"""

from __future__ import annotations

from mingjing_web.errors import UploadError

ACCEPT = ".docx,.txt"
FORMATS_TEXT = "Word（.docx）或文本（.txt，UTF-8/GBK 均可）"
_KIND_NAMES = {
    "pdf": "PDF 文件",
    "doc": "旧版 Word/WPS 文件（.doc/.wps）",
    "rtf": "RTF 文件",
    "odt": "ODT 文件",
    "excel": "Excel 表格",
    "powerpoint": "PowerPoint 演示文稿",
    "html": "网页文件",
    "zip": "压缩包",
    "zip-broken": "损坏的压缩文件",
    "ole": "Office 二进制文件",
    "ole-encrypted": "加密的 Word 文件",
}
# Words in a core message that name formats this page does not take.
_OTHER_FORMATS = ("PDF", ".doc/", ".wps", "RTF", "ODT", "LibreOffice")


def upload_kind_check(*, data: bytes, filename: str) -> None:
    """Refuse, before any reading or conversion, content that is not a .docx or text file."""
    from mingjing.facade import sniff

    # A zip's directory is at its end, so a .docx is sniffed whole (only the directory is read); other
    # content is classified from its first bytes.
    found = sniff(data if data[:2] == b"PK" else data[: 4 * 1024 * 1024])
    if found.kind in ("docx", "docx-broken", "text"):
        return
    what = found.detail if found.kind in ("image", "binary") and found.detail else _KIND_NAMES.get(found.kind)
    what = what or "不支持的文件"
    hint = (
        "请在 WPS 或 Word 中另存为 .docx 后再上传"
        if found.kind in ("pdf", "doc", "rtf", "odt", "ole")
        else "请选择写好的对照检查材料"
    )
    if found.kind == "ole-encrypted":
        hint = "请先在 Word 中取消密码保护，再另存为 .docx 上传"
    raise UploadError(f"“{filename}”是{what}，本页只接受{FORMATS_TEXT}：{hint}。")


def upload_error_text(message: str) -> str:
    """A reader's message, unless it recommends a format this page refuses (then ours)."""
    if any(word in message for word in _OTHER_FORMATS):
        return f"文件无法读取，本页只接受{FORMATS_TEXT}：请另存为其中一种格式后再上传。"
    return message
