# vhost: `make demo` runs a real offline show, `make test` runs the suite.
# Both install what they need on a fresh machine (system packages, .venv, the model).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MODEL  ?= qwen2.5-coder-1.5b
SYSPKG := espeak-ng ffmpeg nginx libnginx-mod-rtmp chromium sox
export PYTHONUNBUFFERED := 1
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test test-fast bench lint sysdeps venv model models-test voices clean

sysdeps:
	@missing=""; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v ffmpeg >/dev/null || missing="$$missing ffmpeg"; \
	command -v nginx >/dev/null || missing="$$missing nginx"; \
	[ -e /usr/lib/nginx/modules/ngx_rtmp_module.so ] || missing="$$missing libnginx-mod-rtmp"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v sox >/dev/null || missing="$$missing sox"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	$(MAKE) sysdeps
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[all,dev]'
	touch $(STAMP)

venv: $(STAMP)

model: $(STAMP)
	$(PY) -m vhost models prepare $(MODEL)
	$(PY) -m vhost voices prepare

voices: $(STAMP)
	$(PY) -m vhost voices prepare

models-test: $(STAMP)
	$(PY) -m vhost models prepare qwen2.5-coder-1.5b
	$(PY) -m vhost models prepare qwen2.5-coder-0.5b
	$(PY) -m vhost voices prepare
	$(PY) -m vhost models prepare whisper-base

demo: model
	rm -rf out/demo  # a show folder is never overwritten by vhost itself: the demo starts afresh
	$(PY) -m vhost run --persona personas/tech_reviewer.yaml \
	  --source replay:personas/samples/tech_chat.jsonl \
	  --out out/demo --duration 90 --fast

test: models-test
	VHOST_REQUIRE_MODEL=1 $(PY) -m pytest -q -p no:cacheprovider

test-fast: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider -m "not model"

bench: models-test
	$(PY) -m tests.bench.run

lint: $(STAMP)
	$(VENV)/bin/ruff check vhost server tests
	$(VENV)/bin/mypy

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
