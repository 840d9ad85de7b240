"""A real RTMP server for tests: Debian's nginx with libnginx-mod-rtmp on 127.0.0.1,
a temp config on a free port, every published stream recorded (`record all`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

MODULE = Path("/usr/lib/nginx/modules/ngx_rtmp_module.so")

CONF = """\
load_module {module};
{user}
worker_processes 1;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
rtmp {{
    server {{
        listen 127.0.0.1:{port};
        chunk_size 4096;
        application live {{
            live on;
            record all;
            record_path {root}/rec;
            record_unique off;
        }}
    }}
}}
"""


def available() -> bool:
    return shutil.which("nginx") is not None and MODULE.exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RtmpServer:
    """`with RtmpServer(tmp) as srv: push to srv.url("test"); srv.stop(); read srv.recording("test")`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    def url(self, stream: str = "test") -> str:
        return f"rtmp://127.0.0.1:{self.port}/live/{stream}"

    def recording(self, stream: str = "test") -> Path:
        return self.root / "rec" / f"{stream}.flv"

    def start(self) -> None:
        (self.root / "rec").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        user = "user root;" if os.geteuid() == 0 else ""
        conf = self.root / "nginx.conf"
        conf.write_text(CONF.format(module=MODULE, user=user, root=self.root, port=self.port))
        pid = self.root / "nginx.pid"
        self._proc = subprocess.Popen(
            ["nginx", "-p", str(self.root), "-c", str(conf), "-g", f"daemon off; pid {pid};"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                err = self._proc.stderr.read().decode() if self._proc.stderr else ""
                raise RuntimeError(f"nginx exited: {err.strip()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx-rtmp did not start listening")

    def stop(self) -> None:
        """Graceful quit, so every recording is closed and complete."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def __enter__(self) -> RtmpServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
