"""Benchmark scripts, run from the checkout (`.venv/bin/python bench/NAME.py`)."""
