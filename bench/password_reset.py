"""Benchmark: does the password-reset answer's timing tell whether an account has the address?

    DATABASE_URL=postgres://root@127.0.0.1:5432/filmsite_bench \\
        .venv/bin/python bench/password_reset.py --requests 200

Posts the reset form through Django's test client (server time: middleware, view, the queue's
insert; no network) for known and unknown addresses, interleaved, each address and client
address once so that no rate limit answers instead. Prints the median of each and the gap.
The queued tasks are removed afterwards; the accounts made for the run stay for the next.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

# The project instead of bench/, whose http.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402


def known_addresses(count):
    users = get_user_model()
    emails = [f"bench-reset-{n}@example.org" for n in range(count)]
    for email in emails:
        if not users.objects.filter(email=email).exists():
            users.objects.create_user(email.split("@")[0], email, "a-long-bench-passphrase")
    return emails


def timed_post(client, url, email, address):
    start = time.perf_counter()
    response = client.post(url, {"email": email}, REMOTE_ADDR=address)
    elapsed = time.perf_counter() - start
    assert response.status_code == 302, (email, response.status_code)
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="in all, half of each kind")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    half = args.requests // 2
    known = known_addresses(half)
    run = time.time_ns()
    unknown = [f"nobody-{run}-{n}@example.org" for n in range(half)]
    client = Client()
    url = reverse("password_reset")
    # Warm: connections, URL resolving, the task's import; not timed.
    timed_post(client, url, f"warm-up-{run}@example.org", "10.255.255.1")
    before = DBTaskResult.objects.count()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(half):
        # Alternating which kind goes first, so neither always follows the other.
        pair = [("known", known[n]), ("unknown", unknown[n])]
        for kind, email in pair if n % 2 else reversed(pair):
            address = f"10.{n // 250}.{n % 250}.{1 if kind == 'known' else 2}"
            timings[kind].append(timed_post(client, url, email, address))
    queued = DBTaskResult.objects.count() - before
    DBTaskResult.objects.filter(task_path="filmsite.accounts.tasks.mail_password_reset").filter(
        args_kwargs__kwargs__email__in=known + unknown
    ).delete()
    medians = {kind: statistics.median(values) * 1000 for kind, values in timings.items()}
    print("| requests | known address (median) | unknown address (median) | gap |")
    print("|---|---|---|---|")
    print(
        f"| {args.requests} | {medians['known']:.2f} ms | {medians['unknown']:.2f} ms "
        f"| {abs(medians['known'] - medians['unknown']):.3f} ms |"
    )
    print(f"{queued} tasks queued, one per request, known address or not.", file=sys.stderr)


if __name__ == "__main__":
    main()
