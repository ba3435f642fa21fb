"""The image's HEALTHCHECK (`python -m filmsite.healthcheck`), which CI runs as it is.

Exits 0 when http://127.0.0.1:$PORT/healthz answers 200, else 1 with the reason on stderr.
"""

import os
import sys
import urllib.request


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    # No proxy: a container's HTTP_PROXY must not carry a request to itself elsewhere.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=4) as response:
            status = response.status
    except OSError as error:  # URLError and HTTPError (4xx, 5xx) are OSErrors
        print(f"{url}: {error}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"{url}: answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
