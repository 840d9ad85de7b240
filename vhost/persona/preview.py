"""`vhost persona preview`: read the rundown and sample replies as the host would, without a show.

Authors hear a persona before it goes on air: text always, and with --say a WAV from
espeak-ng (the offline voice every machine has).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from vhost.errors import ConfigError, MissingTool
from vhost.persona.loader import did_you_mean
from vhost.persona.model import Persona
from vhost.persona.templates import TemplateError, render
from vhost.persona.variables import sample_variables
from vhost.plays.preview import play_preview
from vhost.text.fold import has_cjk


def _clock(s: float) -> str:
    n = round(s)
    return f"{n // 3600:d}:{n % 3600 // 60:02d}:{n % 60:02d}" if n >= 3600 else f"{n // 60:02d}:{n % 60:02d}"


def preview_lines(p: Persona, segment: str | None = None, product: str | None = None) -> list[tuple[str, str | None]]:
    """(display line, spoken text or None) in show order; spoken text is what --say reads."""
    segs = p.rundown.segments
    if segment is not None and all(s.id != segment for s in segs):
        raise ConfigError(f"no segment '{segment}' in {p.id}", fix=did_you_mean(segment, [s.id for s in segs]).strip(" ()"))
    if product is not None and p.product(product) is None:
        raise ConfigError(f"no product '{product}' in {p.id}", fix=did_you_mean(product, [x.id for x in p.products]).strip(" ()"))
    out: list[tuple[str, str | None]] = []
    loops = "loops" if p.rundown.loop else "runs once"
    out.append((f"{p.identity.shown_name} ({p.id}): rundown {_clock(p.rundown.total_s)}, {loops}", None))
    t = 0.0
    for s in segs:
        start, t = t, t + s.duration_s
        if (segment is not None and s.id != segment) or (product is not None and s.product != product):
            continue
        prod = p.product(s.product)
        what = f" · {prod.name}" if prod else ""
        title = f" {s.title}" if s.title else ""
        out.append((f"\n[{_clock(start)}-{_clock(t)}] {s.id} ({s.kind}){title}{what} · chat: {s.chat}", None))
        out += play_preview(p, s)
        for label, lines in (("", s.script), ("quiet: ", s.quiet)):
            for line in lines:
                text = _render(p, line, "segment", prod, s)
                out.append((f"  {label}{text}", text))
    if segment is None:
        out.append(("\nreplies:", None))
        stage = p.product(product) if product else (p.products[0] if p.products else None)
        for r in p.replies:
            prod = p.product(r.product) or stage
            trigger = r.keywords[0] if r.keywords else f"/{r.regex}/"
            text = _render(p, r.reply, "reply", prod, None)
            out.append((f"  「{trigger}」 → {text}", text))
        out.append(("\nthanks:", None))
        for tier in sorted(p.thanks, key=lambda x: x.min_cny):
            text = _render(p, tier.template, "thanks", None, None)
            out.append((f"  ≥ {tier.min_cny:g} CNY: {text}", text))
    return out


def _render(p: Persona, line: str, context: str, prod: object, seg: object) -> str:
    try:
        return render(line, sample_variables(p, context, product=prod, segment=seg))  # type: ignore[arg-type]
    except TemplateError as e:
        return f"<{e.message}>"


def preview_text(p: Persona, segment: str | None = None, product: str | None = None) -> str:
    return "\n".join(d for d, _ in preview_lines(p, segment, product))


def _voice_for(p: Persona, text: str) -> tuple[str, str]:
    lang = "zh" if has_cjk(text) else "en"
    return lang, (p.voice.espeak.zh if lang == "zh" else p.voice.espeak.en)


async def _synth_backend(p: Persona, texts: list[str]) -> tuple[np.ndarray, int]:
    from vhost.tts.base import VoiceSpec
    from vhost.tts.espeak import EspeakTTS

    tts = EspeakTTS(pitch=p.voice.espeak.pitch)
    chunks: list[np.ndarray] = []
    rate = 22050
    try:
        for text in texts:
            lang, voice = _voice_for(p, text)
            speech = await tts.synthesize(text, VoiceSpec(lang=lang, voice=voice, speed_wpm=p.voice.espeak.speed))
            rate = speech.sample_rate
            chunks += [speech.pcm.astype(np.int16), np.zeros(int(rate * 0.35), dtype=np.int16)]
    finally:
        await tts.aclose()
    return (np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)), rate


def _synth_cli(p: Persona, texts: list[str], out: Path) -> None:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise MissingTool("espeak-ng is not installed", fix="sudo apt-get install espeak-ng")
    _, voice = _voice_for(p, " ".join(texts))
    subprocess.run([exe, "-v", voice, "-s", str(p.voice.espeak.speed), "-w", str(out), "--stdin"],
                   input="\n".join(texts).encode(), check=True, capture_output=True, timeout=120)


def say(p: Persona, texts: list[str], out: Path | None = None) -> Path:
    """Synthesize the lines to one WAV (espeak-ng) and return its path."""
    if out is None:
        fd, name = tempfile.mkstemp(prefix=f"vhost-preview-{p.id}-", suffix=".wav")
        os.close(fd)
        out = Path(name)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        pcm, rate = asyncio.run(_synth_backend(p, texts))
    except ImportError:
        _synth_cli(p, texts, out)
        return out
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return out

