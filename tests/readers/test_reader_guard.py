"""Running a converter under the guard: stdin in, capped output, deadline, memory and CPU limits."""

from __future__ import annotations

import sys
import time

import pytest

from mingjing.errors import LimitExceededError
from mingjing.readers import DEFAULT_LIMITS, convert
from mingjing.readers.limits import ReadLimits


def _tool(seconds: float = 10, memory: int = 0, output: int = 0) -> convert.ToolLimits:
    return convert.ToolLimits("测试工具", seconds, memory, output, 0)


def test_stdin_goes_in_and_stdout_comes_back_whole() -> None:
    data = bytes(range(256)) * 4000  # more than a pipe buffer both ways
    result = convert.run_tool(["cat"], limits=_tool(), name="x", stdin=data)
    assert result.returncode == 0 and result.stdout == data


def test_output_past_the_cap_stops_the_tool() -> None:
    started = time.monotonic()
    with pytest.raises(convert._OutputTooLarge):
        convert.run_tool(["yes"], limits=_tool(output=100_000), name="x")
    assert time.monotonic() - started < 3


def test_deadline_kills_the_tool_and_names_the_limit() -> None:
    started = time.monotonic()
    with pytest.raises(LimitExceededError, match="超时") as caught:
        convert.run_tool(["sleep", "20"], limits=_tool(seconds=0.5), name="x")
    assert caught.value.limit == "converter_seconds"
    assert time.monotonic() - started < 3


def test_memory_limit_applies_to_the_tool() -> None:
    hog = [sys.executable, "-c", "b = bytearray(400 * 1024 * 1024); print(len(b))"]
    limited = convert.run_tool(hog, limits=_tool(memory=200 << 20), name="x")
    assert limited.returncode != 0 and b"MemoryError" in limited.stderr
    free = convert.run_tool(hog, limits=_tool(), name="x")
    assert free.returncode == 0 and free.stdout.strip() == str(400 * 1024 * 1024).encode()


@pytest.mark.parametrize(("depth", "refused"), [(100, False), (101, True)])
def test_rtf_depth(depth: int, refused: bool) -> None:
    data = b"{\\rtf1 " + b"{\\b " * (depth - 1) + b"x" + b"}" * depth + b"\\{" * 500
    limits = ReadLimits(max_rtf_depth=DEFAULT_LIMITS.max_rtf_depth)
    if refused:
        with pytest.raises(LimitExceededError, match="嵌套过深"):
            convert.check_rtf_depth(data, limits=limits, name="a.rtf")
    else:
        convert.check_rtf_depth(data, limits=limits, name="a.rtf")
