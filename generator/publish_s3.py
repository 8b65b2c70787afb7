"""`publish: {s3: ...}`: releases in an S3-compatible bucket, and one
pointer object that names the live one.

    <prefix>releases/<release>/<file>   one whole build per release (a CDN's origin path)
    <prefix>records/<release>.json      sha256 and size of every file of a release, written once it is whole
    <prefix>current.json                the live release: {"release": ..., "path": ...}
    <prefix>releases.json               the stack of published releases, oldest first

A publish uploads the files of its release that the bucket does not already
hold (an object counts as held when its size, Content-Type, Cache-Control
and the sha256 stored with it match; every PUT carries Content-MD5, so the
store refuses bytes damaged on the way), checks every object of the release
against the manifest's sha256, writes the record, and only then switches
the pointer with one PUT. S3 writes each object atomically and reads after a
write see it, but has no multi-object transaction: the pointer is the only
thing switched, so a CDN whose origin path is set from it, or an edge
function that reads it, serves one whole release per request. A publish
killed anywhere leaves the pointer on a whole release; the next run uploads
what is missing and finishes. Rollback checks the previous release against
its record before pointing at it. Pruning removes only releases noticegen
named (`v<version>-<hash12>`) beyond `keep`, never the live one, and never
any other key under the prefix.

Credentials come from the environment (boto3's chain: AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance role...), never from
sites.yml. One publish per target at a time on one machine (the caller holds
a lock in .noticegen/); across machines CI's concurrency group must
serialise them, as S3 has no lock that every store honours.
"""
from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import faults
from .errors import PublishError
from .sites import S3Location

POINTER = "current.json"
STACK = "releases.json"
RELEASES = "releases/"
RECORDS = "records/"
RELEASE = re.compile(r"^v[0-9A-Za-z.+-]+-[0-9a-f]{12}$")  # publish.release_id's names
WORKERS = 8  # uploads and checks in flight at once

# Release objects never change under their key, but a visitor's URL
# (/privacy/index.html) stays the same from release to release: only files
# whose name holds their content hash may be cached for good; the rest must
# be revalidated, so that a switch shows at once.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"
POINTER_CACHE = "no-cache"
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")

# Fixed, not mimetypes (which reads the machine's /etc/mime.types).
TYPES = {
    "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
    "json": "application/json", "map": "application/json", "webmanifest": "application/manifest+json",
    "xml": "application/xml", "txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
    "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
    "pdf": "application/pdf", "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
    "gz": "application/gzip", "zip": "application/zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
NAMED_TYPES = {"feed.xml": "application/atom+xml; charset=utf-8"}


def content_type(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return NAMED_TYPES.get(name) or TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def cache_control(path: str) -> str:
    return IMMUTABLE if FINGERPRINTED.search(path) else REVALIDATE


def publish_s3(domain: str, location: S3Location, folder: Path, release: str, keep: int, entry: dict,
               known: set[str] | None = None) -> str:
    """Upload `folder` (whose files must hash to the manifest `entry`) as
    `release` and switch the pointer to it; never over a live version that
    `known` (this checkout's versions) lacks: that one is newer."""
    from .publish import refuse_older

    store = Store(domain, location)
    files = entry["files"]
    sizes = {path: (folder / path).stat().st_size for path in files}
    current, stack, note = _state(store)
    refuse_older(location.url, current, release, known)
    base = f"{RELEASES}{release}/"
    extra = sorted(set(store.names(base)) - {base + path for path in files})
    todo = _not_held(store, release, files, sizes, strict=True)
    _upload(store, folder, base, todo, files)
    if extra:  # not part of this build, but served from its origin path: noticegen's own folder
        store.delete(extra)
    damaged = _not_held(store, release, {path: files[path] for path in todo}, sizes, strict=True)
    if damaged:
        raise PublishError(f"{domain}: {location.url}{base}{damaged[0]} does not hold what was just uploaded "
                           f"({len(damaged)} object(s)); the pointer was not switched: publish again")
    _write_record(store, release, entry, sizes)
    repaired = len(todo) + len(extra)
    if current == release and stack[-1:] == [release]:
        if repaired:
            return note + f"{release} is current; repaired {repaired} of its objects in {location.url}"
        return note + f"{release} is already current; nothing to do"
    faults.point("before-switch")
    store.put_json(POINTER, _pointer(store, release, entry["version"]), POINTER_CACHE)
    faults.point("after-switch")
    stack = [r for r in stack if r != release] + [release]
    store.put_json(STACK, {"releases": stack[-keep:]})
    pruned = _prune(store, stack[-keep:], release)
    return note + (f"published {release} to {location.url} ({len(todo)} of {len(files)} files uploaded"
                   + (f", {pruned} old release(s) removed)" if pruned else ")"))


def rollback_s3(domain: str, location: S3Location) -> str:
    """Point back at the previous release, once it is checked to be whole."""
    store = Store(domain, location)
    current, stack, note = _state(store)
    if len(stack) < 2:
        raise PublishError(f"{domain}: {location.url}: no previous release to roll back to")
    previous = stack[-2]
    record = _read_record(store, previous)
    if record is None:
        raise PublishError(f"{domain}: {location.url}{RECORDS}{previous}.json is missing or damaged, so release "
                           f"{previous} cannot be checked: rebuild that version and publish it instead of rolling back")
    files = {path: value["sha256"] for path, value in record["files"].items()}
    sizes = {path: value["size"] for path, value in record["files"].items()}
    damaged = _not_held(store, previous, files, sizes, strict=False)
    if damaged:
        more = f" and {len(damaged) - 1} more" if len(damaged) > 1 else ""
        raise PublishError(f"{domain}: {location.url}{RELEASES}{previous}/ no longer holds what was published "
                           f"({damaged[0]}{more} missing or changed): rebuild that version and publish it "
                           "instead of rolling back")
    faults.point("before-switch")
    store.put_json(POINTER, _pointer(store, previous, record.get("version", "")), POINTER_CACHE)
    faults.point("after-switch")
    store.put_json(STACK, {"releases": stack[:-1]})
    return note + f"rolled back from {stack[-1]} to {previous}"


def _pointer(store: Store, release: str, version: str) -> dict:
    return {"release": release, "path": f"{store.prefix}{RELEASES}{release}/", "version": version,
            "site": store.domain, "switched": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def _not_held(store: Store, release: str, files: dict[str, str], sizes: dict[str, int], strict: bool) -> list[str]:
    """The files of `release` that the bucket lacks or holds otherwise than
    `files` (sha256) and `sizes` say; `strict` also compares the headers."""
    base = f"{RELEASES}{release}/"
    listed = set(store.names(base)) if files else set()
    present = [path for path in sorted(files) if base + path in listed]
    with ThreadPoolExecutor(WORKERS) as pool:
        heads = dict(zip(present, pool.map(lambda path: store.head(base + path), present)))
    return [path for path in sorted(files) if not _holds(heads.get(path), path, files[path], sizes[path], strict)]


def _holds(head: dict | None, path: str, sha256: str, size: int, strict: bool) -> bool:
    if head is None or head.get("Metadata", {}).get("sha256") != sha256 or head.get("ContentLength") != size:
        return False
    return not strict or (head.get("ContentType"), head.get("CacheControl")) == (content_type(path), cache_control(path))


def _upload(store: Store, folder: Path, base: str, todo: list[str], files: dict[str, str]) -> None:
    def send(path: str) -> None:
        body = (folder / path).read_bytes()
        if hashlib.sha256(body).hexdigest() != files[path]:
            raise PublishError(f"{folder / path} changed while it was published: run `noticegen build`, "
                               "then publish again")
        store.put(base + path, body, content_type(path), cache_control(path), files[path])

    with ThreadPoolExecutor(WORKERS) as pool:
        for number, _ in enumerate(pool.map(send, todo)):
            if number == 3:
                faults.point("mid-upload")


def _write_record(store: Store, release: str, entry: dict, sizes: dict[str, int]) -> None:
    record = {"release": release, "version": entry["version"],
              "files": {path: {"sha256": digest, "size": sizes[path]} for path, digest in sorted(entry["files"].items())}}
    body = (json.dumps(record, indent=2, sort_keys=True) + "\n").encode()
    name = f"{RECORDS}{release}.json"
    if store.get(name) != body:
        store.put(name, body, "application/json", POINTER_CACHE)


def _read_record(store: Store, release: str) -> dict | None:
    try:
        record = json.loads(store.get(f"{RECORDS}{release}.json") or b"")
        if all(isinstance(v["sha256"], str) and isinstance(v["size"], int) for v in record["files"].values()):
            return record
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def _state(store: Store) -> tuple[str | None, list[str], str]:
    """The live release (from the pointer), the stack corrected for a run
    killed between switching the pointer and writing the stack (or rebuilt
    from the records when releases.json is damaged), and a note for the user
    about anything damaged."""
    note, current = "", None
    raw = store.get(POINTER)
    if raw is not None:
        try:
            current = json.loads(raw)["release"]
            if not isinstance(current, str) or not RELEASE.match(current):
                raise ValueError(f"{current!r} is not a release name")
        except (ValueError, KeyError, TypeError) as exc:
            current = None
            note += _keep_damaged(store, POINTER, raw, exc) + "it is replaced by this switch. "
    stack: list[str] = []
    raw = store.get(STACK)
    if raw is not None:
        try:
            stack = json.loads(raw)["releases"]
            if not isinstance(stack, list) or not all(isinstance(r, str) and RELEASE.match(r) for r in stack):
                raise ValueError("`releases` must be a list of release names")
        except (ValueError, KeyError, TypeError) as exc:
            stack = _stack_in_bucket(store, current)
            note += (_keep_damaged(store, STACK, raw, exc) + "rebuilt from the records in the bucket, oldest first: "
                     f"{', '.join(stack) or 'none'}. ")
            store.put_json(STACK, {"releases": stack})
    if current and stack[-1:] != [current]:
        stack = stack[: stack.index(current) + 1] if current in stack else stack + [current]
        store.put_json(STACK, {"releases": stack})
    return current, stack, note


def _keep_damaged(store: Store, name: str, raw: bytes, exc: Exception) -> str:
    store.put(f"{name}.damaged", raw, "application/octet-stream", POINTER_CACHE)
    line = getattr(exc, "lineno", 1)
    return f"{store.location.url}{name}:{line} was damaged ({exc}); kept as {name}.damaged and "


def _stack_in_bucket(store: Store, current: str | None) -> list[str]:
    """Releases that have a record, in the order their records were written, the live one last."""
    found = []
    for item in store.listing(RECORDS):
        name = item["Key"][len(store.prefix) + len(RECORDS):]
        if name.endswith(".json") and RELEASE.match(name[:-5]):
            found.append((item["LastModified"], name[:-5]))
    stack = [name for _, name in sorted(found)]
    if current in stack:
        stack.remove(current)
        stack.append(current)
    return stack


def _prune(store: Store, kept: list[str], live: str) -> int:
    """Releases noticegen named, beyond the kept ones; never the live one,
    never another key under the prefix. The record goes first, so a release
    half deleted by a killed run is never taken for a whole one."""
    keep = set(kept) | {live}
    folders = {name[len(RELEASES):-1] for name in store.folders(RELEASES)}
    records = {name[len(RECORDS):-5] for name in store.names(RECORDS) if name.endswith(".json")}
    doomed = sorted(name for name in (folders | records) - keep if RELEASE.match(name))
    for name in doomed:
        if name in records:
            store.delete([f"{RECORDS}{name}.json"])
        store.delete(store.names(f"{RELEASES}{name}/"))
    return len(doomed)


class Store:
    """The S3 calls noticegen makes under one prefix; every failure becomes
    one PublishError line that says what to do."""

    def __init__(self, domain: str, location: S3Location):
        self.domain, self.location, self.bucket, self.prefix = domain, location, location.bucket, location.prefix
        self.endpoint = location.endpoint or "the AWS endpoint"
        from botocore.config import Config

        with self.errors("find credentials"):
            session = _session()
            if session.get_credentials() is None:
                raise PublishError(f"{self.where}: no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                                   "(or AWS_PROFILE) in the environment, from your CI's secrets; "
                                   "notices/sites.yml never holds them")
            self.client = session.client("s3", endpoint_url=location.endpoint or None,
                                         region_name=location.region or None, config=Config(
                                             connect_timeout=10, read_timeout=60, retries={"mode": "standard"},
                                             max_pool_connections=WORKERS + 2,
                                             # Checksums only where S3 demands them: many S3-compatible
                                             # stores refuse the newer trailing checksums; every PUT
                                             # sends Content-MD5 instead, which all of them check.
                                             request_checksum_calculation="when_required",
                                             response_checksum_validation="when_required"))
            self.endpoint = location.endpoint or self.client.meta.endpoint_url

    @property
    def where(self) -> str:
        return f"{self.domain}: {self.location.url}"

    @contextlib.contextmanager
    def errors(self, doing: str):
        from botocore import exceptions as boto

        unreachable = (boto.EndpointConnectionError, boto.ConnectTimeoutError, boto.ReadTimeoutError,
                       boto.ConnectionClosedError, boto.ProxyConnectionError, boto.SSLError)
        try:
            yield
        except boto.ClientError as exc:
            raise PublishError(self._refusal(exc, doing)) from None
        except (boto.NoCredentialsError, boto.PartialCredentialsError) as exc:
            raise PublishError(f"{self.where}: cannot {doing}: {_line(exc)}: set AWS_ACCESS_KEY_ID and "
                               "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment") from None
        except unreachable as exc:
            raise PublishError(f"{self.where}: cannot reach {self.endpoint} to {doing} ({_line(exc)}): check "
                               "`endpoint:` in notices/sites.yml and the network, then publish again") from None
        except boto.NoRegionError:
            raise PublishError(f"{self.where}: no region for the S3 client: set `region:` in notices/sites.yml "
                               "or AWS_REGION in the environment") from None
        except boto.BotoCoreError as exc:
            raise PublishError(f"{self.where}: cannot {doing}: {_line(exc)}") from None

    def _refusal(self, exc, doing: str) -> str:
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?"))
        said = f"{code}: {_line(error.get('Message') or exc)}"
        if code == "NoSuchBucket":
            return (f"{self.where}: bucket {self.bucket} does not exist at {self.endpoint}: create it, or fix "
                    "`bucket:` (or `endpoint:`) in notices/sites.yml")
        if code in ("AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken",
                    "InvalidToken", "AllAccessDisabled", "InvalidClientTokenId"):
            return (f"{self.where}: the store refused to {doing} ({said}): check the AWS_* credentials in the "
                    f"environment, and that they may list, read, write and delete keys under {self.location.url}")
        if code in ("PermanentRedirect", "AuthorizationHeaderMalformed", "301", "IllegalLocationConstraintException"):
            return f"{self.where}: the bucket is in another region ({said}): set `region:` in notices/sites.yml"
        return f"{self.where}: the store refused to {doing} ({said})"

    def key(self, name: str) -> str:
        return self.prefix + name

    def get(self, name: str) -> bytes | None:
        from botocore.exceptions import ClientError

        with self.errors(f"read {self.key(name)}"):
            try:
                return self.client.get_object(Bucket=self.bucket, Key=self.key(name))["Body"].read()
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    return None
                raise

    def head(self, name: str) -> dict | None:
        from botocore.exceptions import ClientError

        with self.errors(f"check {self.key(name)}"):
            try:
                return self.client.head_object(Bucket=self.bucket, Key=self.key(name))
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                    return None
                raise

    def put(self, name: str, body: bytes, content_type: str, cache_control: str, sha256: str = "") -> None:
        md5 = base64.b64encode(hashlib.md5(body, usedforsecurity=False).digest()).decode()
        metadata = {"Metadata": {"sha256": sha256}} if sha256 else {}
        with self.errors(f"upload {self.key(name)}"):
            self.client.put_object(Bucket=self.bucket, Key=self.key(name), Body=body, ContentMD5=md5,
                                   ContentType=content_type, CacheControl=cache_control, **metadata)

    def put_json(self, name: str, data: dict, cache: str = POINTER_CACHE) -> None:
        self.put(name, (json.dumps(data, indent=2) + "\n").encode(), "application/json", cache)

    def listing(self, under: str, delimiter: str = "") -> list[dict]:
        """Objects (and, with a delimiter, common prefixes) under `under`."""
        found = []
        with self.errors(f"list {self.key(under)}"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.key(under), **({"Delimiter": delimiter} if delimiter else {}))
            for page in pages:
                found.extend(page.get("Contents", []))
                found.extend({"Prefix": p["Prefix"]} for p in page.get("CommonPrefixes", []))
        return found

    def names(self, under: str) -> list[str]:
        """Keys under `under`, relative to the prefix."""
        return [item["Key"][len(self.prefix):] for item in self.listing(under) if "Key" in item]

    def folders(self, under: str) -> list[str]:
        return [item["Prefix"][len(self.prefix):] for item in self.listing(under, "/") if "Prefix" in item]

    def delete(self, names: list[str]) -> None:
        for start in range(0, len(names), 1000):
            batch = names[start:start + 1000]
            with self.errors(f"delete {len(batch)} key(s) under {self.location.url}"):
                response = self.client.delete_objects(Bucket=self.bucket, Delete={
                    "Objects": [{"Key": self.key(name)} for name in batch], "Quiet": True})
            failed = response.get("Errors") or []
            if failed:
                raise PublishError(f"{self.where}: the store refused to delete {failed[0].get('Key')} "
                                   f"({failed[0].get('Code')}: {_line(failed[0].get('Message', ''))})"
                                   + (f" and {len(failed) - 1} more" if len(failed) > 1 else ""))


_LOADER = []  # botocore's data loader, which caches the parsed S3 model: one per process


def _session():
    """A new boto3 session (credentials are looked up afresh) that shares
    the parsed service model with the sessions before it."""
    import boto3
    import botocore.session

    core = botocore.session.Session()
    if _LOADER:
        core.register_component("data_loader", _LOADER[0])
    else:
        _LOADER.append(core.get_component("data_loader"))
    return boto3.session.Session(botocore_session=core)


def _line(value) -> str:
    return " ".join(str(value).split())
