"""An S3-compatible server on loopback (moto's) and a bucket set up as production's should be.

Used by the tests (tests/helpers/s3.py) and by the local cluster (scripts/cluster.py). The
bucket gets deploy/s3-public-read.json: anyone may read objects under the public prefix,
nothing else; the private prefix is reachable only with credentials or a signed URL.
"""

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3

POLICY = Path(__file__).resolve().parent.parent / "deploy" / "s3-public-read.json"
REGION = "us-east-1"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"nothing answers at {url}") from None
            time.sleep(0.1)


def start_moto(port, log=subprocess.DEVNULL):
    """moto's S3 server on 127.0.0.1:`port`; returns the process once it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a Ctrl-C in the terminal reaches only whoever started it
    )
    wait_for(f"http://127.0.0.1:{port}/moto-api/", process)
    return process


@contextlib.contextmanager
def moto_server():
    """moto on a free loopback port for the length of the block; yields its address."""
    port = free_port()
    process = start_moto(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def client(endpoint, access_key, secret_key):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
    )


def make_bucket(s3, bucket, public_location="media"):
    """Create `bucket` (if missing) with the public-read policy for `public_location`/."""
    existing = {item["Name"] for item in s3.list_buckets().get("Buckets", ())}
    if bucket not in existing:
        s3.create_bucket(Bucket=bucket)
    policy = POLICY.read_text().replace("BUCKET", bucket).replace("PUBLIC", public_location)
    s3.put_bucket_policy(Bucket=bucket, Policy=policy)
