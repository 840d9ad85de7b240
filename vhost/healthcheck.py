"""`python -m vhost.healthcheck [URL]`: the container's health probe (standard library only).

Exit 0 when URL (default http://127.0.0.1:8080/healthz) answers 200 within 3 s, else 1
with one line saying why. Docker's HEALTHCHECK and the compose file run it.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

DEFAULT = "http://127.0.0.1:8080/healthz"


def probe(url: str = DEFAULT, timeout: float = 3.0) -> tuple[bool, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200, f"{url}: {r.status}"
    except urllib.error.HTTPError as e:
        return False, f"{url}: {e.code}"
    except (OSError, ValueError) as e:
        return False, f"{url}: {getattr(e, 'reason', None) or e}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    ok, line = probe(args[0] if args else DEFAULT)
    print(line, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
