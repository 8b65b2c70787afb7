"""Benchmark: `noticegen notify` with many recipients.

A copy of the shipped project gets a significant version 6 and is built;
then the real command runs in its own process, as a user runs it:

  1. a dry run for 100 and for 10,000 recipients (target: 10,000 under 5 s
     and 200 MB), with templates that do not name the recipient (the
     default emails greet by name, so both kinds are measured);
  2. a real send of 1,000 emails to an SMTP server (aiosmtpd) on loopback.

Prints wall time and peak memory of each run and the ratios between them,
measured in one run; asserts nothing; not run by `make test`.

    .venv/bin/python benchmarks/notify_recipients.py [--recipients 10000]
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE = "www.compucom.com"


def git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-02-01T12:00:00+00:00",
           "GIT_COMMITTER_DATE": "2026-02-01T12:00:00+00:00"}
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", *args], cwd=folder,
                   env=env, check=True, capture_output=True)


def project_with_a_significant_version(folder: Path) -> Path:
    for name in ("notices", "theme"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "Notice")
    sharing = folder / "notices" / "070-sharing.md"
    sharing.write_text(sharing.read_text().replace("will not sell, rent or lease", "may sell, rent or lease"))
    meta = folder / "notices" / "notice.yml"
    text = meta.read_text()
    text = text.replace('version: "5"', 'version: "6"').replace("effective: 2023-01-01", "effective: 2030-01-01")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("published:"))
    meta.write_text(text)
    git(folder, "commit", "-qam", "Version 6")
    noticegen(folder, "build")
    return folder


def noticegen(folder: Path, *args: str, env: dict | None = None) -> tuple[float, float]:
    """Run the CLI in its own process: (seconds, peak MB)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    error = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"noticegen {' '.join(args)} failed: {error}")
    return elapsed, usage.ru_maxrss / 1024


def recipients(folder: Path, count: int) -> Path:
    path = folder / f"people-{count}.csv"
    path.write_text("email,name\n" + "".join(f"person{n}@example.com,Person {n}\n" for n in range(count)))
    return path


def impersonal_templates(folder: Path) -> None:
    """Templates that do not greet by name: rendered once for everyone."""
    target = folder / "notices" / "notifications"
    target.mkdir(exist_ok=True)
    for name in ("email.txt", "email.html"):
        text = (REPO / "generator" / "data" / "notifications" / name).read_text()
        text = text.replace("{% if recipient.name %}Dear {{ recipient.name }},{% else %}Hello,{% endif %}", "Hello,")
        (target / name).write_text(text)


def smtp_server():
    from aiosmtpd.controller import Controller

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.count += 1
            return "250 OK"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port, Sink


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--send", type=int, default=1_000, help="emails really sent to a loopback server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="noticegen-bench-notify-") as work:
        folder = project_with_a_significant_version(Path(work))
        small, large = recipients(folder, 100), recipients(folder, args.recipients)
        dry = ["notify", "--version", "6", "--site", SITE]
        rows = []
        for kind in ("greets by name", "same for all"):
            if kind == "same for all":
                impersonal_templates(folder)
                git(folder, "add", "-A")
                git(folder, "commit", "-qm", "Templates")
                noticegen(folder, "build")
            for path, count in ((small, 100), (large, args.recipients)):
                seconds, megabytes = noticegen(folder, *dry, "--recipients", str(path))
                rows.append((f"dry run, {count:,} recipients, templates {kind}", seconds, megabytes))
        controller, port, sink = smtp_server()
        try:
            sent = recipients(folder, args.send)
            seconds, megabytes = noticegen(folder, *dry, "--recipients", str(sent), "--send",
                                           env={"NOTICEGEN_SMTP_URL": f"smtp://127.0.0.1:{port}"})
            rows.append((f"send, {args.send:,} emails to loopback SMTP ({sink.count:,} received)", seconds,
                         megabytes))
        finally:
            controller.stop()
    width = max(len(name) for name, _, _ in rows)
    for name, seconds, megabytes in rows:
        print(f"{name:<{width}}  {seconds:6.2f} s  {megabytes:6.0f} MB")
    for index in (0, 2):
        (_, small_s, small_mb), (name, large_s, large_mb) = rows[index], rows[index + 1]
        print(f"{name}: {large_s / small_s:.1f}x the time and {large_mb / small_mb:.2f}x the memory of 100")
    print(f"send: {rows[-1][1] / args.send * 1000:.1f} ms an email")


if __name__ == "__main__":
    main()
