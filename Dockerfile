# vhost, CPU image: the same `make demo` / `make test` as on a developer machine.
#   docker build -t vhost .
#   docker run --rm -v "$PWD/out:/app/out" vhost                # the offline demo show
#   docker run --rm vhost make test
# CUDA variant: build FROM a CUDA runtime image with Python 3.11 (e.g. nvidia/cuda:12.x-runtime
# plus python3.11), install torch's CUDA build instead of the pinned CPU one
# (`pip install torch==2.13.0 --index-url <the CUDA wheel index>` before `make venv`),
# and run with `--gpus all`. vhost uses CUDA (bf16) automatically when torch sees a GPU.
FROM python:3.11-slim-bookworm

ENV DEBIAN_FRONTEND=noninteractive PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends make espeak-ng ffmpeg sox nginx libnginx-mod-rtmp chromium \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md Makefile ./
COPY vhost vhost
COPY server server
RUN make venv
COPY . .
RUN make model

EXPOSE 8080 8765 8766
# `vhost serve` answers /healthz; the probe is standard-library Python (no curl in the image).
# For the default `make demo` render there is no server: run it with --no-healthcheck, or
# use deploy/compose.yaml for a live show (restart policy, token as a secret, resume).
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
  CMD [".venv/bin/python", "-m", "vhost.healthcheck", "http://127.0.0.1:8080/healthz"]
# SIGTERM ends the show with every file complete within 3 s
STOPSIGNAL SIGTERM
CMD ["make", "demo"]
