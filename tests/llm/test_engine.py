"""Engine choice for `--llm local`, its spec options, and the thread plan."""

from __future__ import annotations

import pytest

from tests.llm.ggufs import write_gguf
from vhost.errors import ConfigError
from vhost.llm import engine
from vhost.llm.engine import parse_local_spec, pick_engine, plan_threads


def test_spec_options():
    s = parse_local_spec("local:qwen2.5-coder-0.5b?engine=transformers&threads=1&batch_threads=2&ctx=2048")
    assert (s.model, s.engine, s.threads, s.batch_threads, s.ctx) == ("qwen2.5-coder-0.5b", "transformers", 1, 2, 2048)
    assert parse_local_spec("local") == engine.LocalSpec()
    assert parse_local_spec("local:?engine=llamacpp").engine == "llamacpp"


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        ("local:x?engine=onnx", "unknown engine 'onnx'"),
        ("local:x?thread=2", "unknown option 'thread'"),
        ("local:x?threads=0", "threads must be"),
        ("local:x?ctx=lots", "ctx must be"),
    ],
)
def test_bad_spec_options_are_one_line_errors(spec, needle):
    with pytest.raises(ConfigError, match=needle):
        parse_local_spec(spec)


def test_engine_follows_the_model_and_the_machine(tmp_path, monkeypatch):
    gguf = write_gguf(tmp_path / "m.gguf")
    folder = tmp_path / "hf"
    folder.mkdir()
    assert pick_engine(str(gguf))[0] == "llamacpp"
    assert pick_engine(str(folder))[0] == "transformers"
    monkeypatch.setattr(engine, "cuda_available", lambda: False)
    monkeypatch.setattr(engine, "binding_available", lambda: True)
    assert pick_engine("qwen2.5-coder-1.5b") == ("llamacpp", "CPU: llama.cpp runs the GGUF weights directly")
    monkeypatch.setattr(engine, "cuda_available", lambda: True)
    assert pick_engine("qwen2.5-coder-1.5b") == ("transformers", "CUDA GPU (bf16)")
    assert pick_engine("qwen2.5-coder-1.5b", "llamacpp") == ("llamacpp", "asked for")


def test_without_the_binding_cpu_falls_back_and_asking_for_it_says_how_to_install(monkeypatch):
    monkeypatch.setattr(engine, "cuda_available", lambda: False)
    monkeypatch.setattr(engine, "binding_available", lambda: False)
    eng, why = pick_engine("qwen2.5-coder-1.5b")
    assert eng == "transformers" and "xllamacpp" in why
    with pytest.raises(ConfigError, match=r"pip install 'vhost\[local\]'"):
        pick_engine("qwen2.5-coder-1.5b", "llamacpp")


def test_the_binding_is_installed_here():
    assert engine.binding_available()  # `make venv` installs the `local` extra


@pytest.mark.parametrize(("cores", "decode", "batch"), [(1, 1, 1), (2, 1, 2), (4, 3, 4), (8, 6, 7), (32, 30, 31)])
def test_decode_leaves_the_audio_path_its_cores(cores, decode, batch, monkeypatch):
    monkeypatch.delenv("VHOST_LLM_THREADS", raising=False)
    plan = plan_threads(cores)
    assert (plan.decode, plan.batch) == (decode, batch)
    assert plan.decode <= max(1, cores - plan.reserved)


def test_thread_overrides(monkeypatch):
    monkeypatch.setenv("VHOST_LLM_THREADS", "2,2")
    assert (plan_threads(2).decode, plan_threads(2).batch) == (2, 2)
    assert plan_threads(2, decode=1, batch=1).decode == 1  # the spec wins over the environment
    monkeypatch.setenv("VHOST_LLM_THREADS", "two")
    with pytest.raises(ConfigError, match="VHOST_LLM_THREADS"):
        plan_threads(2)


def test_usable_cores_respects_affinity():
    import os

    assert 1 <= engine.usable_cores() <= len(os.sched_getaffinity(0))
