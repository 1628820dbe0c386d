"""征求意见 (anonymous opinions through a link, import, classification, merging) and 谈心谈话 (talks and coverage)."""
