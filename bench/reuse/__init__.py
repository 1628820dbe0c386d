"""Accuracy and speed benchmarks for copy detection (mingjing.reuse). Run the scripts, not pytest."""
