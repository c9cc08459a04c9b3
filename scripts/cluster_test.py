"""The cluster test (`make cluster-test`): production's topology on this machine, tested
through the proxy as readers, editors and an operator would. It starts the cluster
(scripts/cluster.py), runs each check, prints what it measured, and stops everything.

Checks: TLS and the HTTP redirect; an editor signed in on one app server is signed in on the
other; an image and a PDF uploaded in the admin on one are read back through the other (with
the media headers, byte ranges, the admin's message after the redirect); a draft's PDF is
refused to the public and read by its editor, and public once published (at once, or at its
scheduled time by the task worker); comments posted through both servers meet one rate limit
(the proxy overwrites a forged X-Forwarded-For); one app server killed under load (5xx
counted, and answers cut off mid-body because that server was sending them at the instant it
died, which no proxy can retry; failover time from nginx's log); every database connection
dropped (pg_terminate_backend) and the next requests answered; a backup restored into a new
database and bucket and served by a new app server, search included. Exits 1 if a check fails.
"""

import http.client
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.cluster import RUN, Cluster, tls_context  # noqa: E402
from scripts.s3_local import make_bucket  # noqa: E402

SETUP = """
import json, secrets
from django.conf import settings
from django.contrib.auth.models import Group
from articles.models import Category, Topic
from members.models import Person, User
password = secrets.token_urlsafe(16)
user = User.objects.create_user("cluster-editor", password=password, is_staff=True)
user.groups.add(Group.objects.get(name="Editors"))
print(json.dumps({"password": password, "category": Category.objects.first().pk,
    "person": Person.objects.first().pk, "topic": Topic.objects.first().pk,
    "time_zone": settings.TIME_ZONE}))
"""

failures = []
CUT = 0  # the status recorded for an answer cut off mid-body


def check(condition, what):
    print(f"  {'ok ' if condition else 'FAIL'} {what}")
    if not condition:
        failures.append(what)


class Browser:
    """One reader or editor: cookies kept across requests and across ports (as a browser does
    for one host name), and requests sent from a chosen loopback address."""

    def __init__(self, cluster, source="127.0.0.1"):
        self.cluster, self.source, self.cookies = cluster, source, {}
        self.context = tls_context(cluster.certificate)

    def request(self, port, method, path, body=None, headers=None, timeout=30):
        connection = http.client.HTTPSConnection(
            "localhost", port, context=self.context, timeout=timeout,
            source_address=(self.source, 0),
        )  # fmt: skip
        headers = {"Host": f"localhost:{port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        response.body = data
        return response

    def get(self, port, path, **headers):
        return self.request(port, "GET", path, headers=headers)

    def post(self, port, path, fields, files=(), **headers):
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, filename, content_type, data in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Origin": f"https://localhost:{port}",
            "Referer": f"https://localhost:{port}{path}",
            **headers,
        }
        return self.request(port, "POST", path, body=body, headers=headers)


def field(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def demo_files():
    """A 1600×900 JPEG and a one-page PDF, as an editor would upload them."""
    import io

    import pypdf
    from PIL import Image

    jpeg, pdf = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (1600, 900), (40, 90, 140)).save(jpeg, "JPEG")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(612, 792)
    writer.write(pdf)
    return jpeg.getvalue(), pdf.getvalue()


def add_article(editor, port, setup, slug, title, jpeg, pdf, **overrides):
    """Write a memo with an image and a PDF in the admin through `port`, as an editor does:
    the response to the form's POST (a redirect when it is saved)."""
    form = editor.get(port, "/admin/articles/article/add/").body.decode()
    credits = re.search(r'name="([\w-]+)-0-person"', form)  # the credits inline's prefix
    credits = credits.group(1) if credits else "credits"
    fields = {
        "csrfmiddlewaretoken": field(form, "csrfmiddlewaretoken"),
        "title": title,
        "slug": slug,
        "category": setup["category"],
        "language": "en",
        "summary": "Uploaded through the proxy.",
        "body": "<p>Body.</p>",
        "image_alt": "A ridge",
        "image_credit": "",
        "memo_number": "",
        "external_url": "",
        "status": "published",
        "comments_open": "on",
        "published_at_0": "2020-11-02",
        "published_at_1": "09:00:00",
        f"{credits}-TOTAL_FORMS": "1",
        f"{credits}-INITIAL_FORMS": "0",
        f"{credits}-0-person": setup["person"],
        f"{credits}-0-order": "0",
        "tagged_topics-TOTAL_FORMS": "1",
        "tagged_topics-INITIAL_FORMS": "0",
        "tagged_topics-0-tag": setup["topic"],
        **overrides,
    }
    files = [
        ("image", "ridge.jpg", "image/jpeg", jpeg),
        ("pdf", "memo.pdf", "application/pdf", pdf),
    ]
    return editor.post(port, "/admin/articles/article/add/", fields, files)


def sign_in_on_one_and_use_the_other(cluster, setup):
    print("Sessions: sign in on app server 1, continue on app server 2")
    a, b = cluster.pinned_ports
    editor = Browser(cluster)
    login = editor.get(a, "/admin/login/?next=/admin/").body.decode()
    done = editor.post(
        a,
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": field(login, "csrfmiddlewaretoken"),
            "username": "cluster-editor",
            "password": setup["password"],
            "next": "/admin/",
        },
    )
    check(done.status == 302 and done.getheader("Location") == "/admin/", "signed in on server 1")
    index = editor.get(b, "/admin/")
    check(
        index.status == 200 and "cluster-editor" in index.body.decode(),
        "server 2 knows the editor (session in the shared database)",
    )
    return editor


def upload_on_one_read_on_the_other(cluster, setup, editor):
    print("Media: upload an image and a PDF on server 1, read them through server 2")
    a, b = cluster.pinned_ports
    jpeg, pdf = demo_files()
    slug = f"cluster-memo-{secrets.token_hex(3)}"
    saved = add_article(editor, a, setup, slug, "Cluster memo on glaciology", jpeg, pdf)
    check(saved.status == 302, f"article saved on server 1 ({saved.status})")
    after = editor.get(b, saved.getheader("Location") or "/admin/").body.decode()
    check("was added successfully" in after, "its message shown by server 2 (cookie messages)")
    reader = Browser(cluster)
    page = reader.get(b, f"/articles/{slug}/").body.decode()
    origin = f"https://localhost:{cluster.https_port}"
    pdf_url = re.search(rf'{re.escape(origin)}/media/memos/[^"]+\.pdf', page)
    image_url = re.search(rf'{re.escape(origin)}/media/renditions/[^"]+\.jpg', page)
    check(bool(pdf_url and image_url), "the page on server 2 links the PDF and the renditions")
    if not (pdf_url and image_url):
        return slug, pdf
    path = urllib.parse.urlsplit(pdf_url.group(0)).path
    got = reader.get(b, path)
    check(got.status == 200 and got.body == pdf, "the PDF read back through server 2")
    check(
        got.getheader("Content-Type") == "application/pdf"
        and got.getheader("Content-Disposition") == "attachment"
        and got.getheader("X-Content-Type-Options") == "nosniff"
        and got.getheader("Content-Security-Policy") == "default-src 'none'; sandbox",
        "served as a download with nosniff and the sandbox CSP",
    )
    part = reader.get(b, path, Range="bytes=0-4")
    check(part.status == 206 and part.body == b"%PDF-", "byte range: 206")
    picture = reader.get(b, urllib.parse.urlsplit(image_url.group(0)).path)
    check(
        picture.status == 200 and picture.body[:3] == b"\xff\xd8\xff"
        and picture.getheader("Content-Disposition") is None,
        "rendition made on upload, shown inline",
    )  # fmt: skip
    private = reader.get(b, "/media/../private/x")
    check(private.status in (400, 404), "nothing outside the public prefix through /media/")
    return slug, pdf


def drafts_files_are_private_until_publication(cluster, setup, editor):
    print("Unpublished files: a draft's PDF refused to the public, served after publication")
    a, b = cluster.pinned_ports
    jpeg, pdf = demo_files()
    slug = f"cluster-draft-{secrets.token_hex(3)}"
    saved = add_article(
        editor, a, setup, slug, "Cluster draft", jpeg, pdf, status="draft", _continue="1"
    )
    change = re.search(r"/admin/articles/article/(\d+)/change/", saved.getheader("Location") or "")
    check(saved.status == 302 and bool(change), f"draft saved on server 1 ({saved.status})")
    if not change:
        return
    reader = Browser(cluster)
    check(reader.get(b, f"/articles/{slug}/").status == 404, "the public gets 404 for the draft")
    preview = editor.get(b, f"/articles/{slug}/").body.decode()
    private = re.search(r'href="(/unpublished/memos/[^"?]+\.pdf)[^"]*"', preview)
    check(bool(private), "the editor's preview on server 2 links its PDF at /unpublished/…")
    if not private:
        return
    private = private.group(1)
    got = editor.get(a, private)
    check(
        got.status == 200 and got.body == pdf and got.getheader("Cache-Control") == "private, no-store"
        and got.getheader("Content-Security-Policy") == "default-src 'none'; sandbox",
        "the editor reads it (from the bucket's private prefix), never cached",
    )  # fmt: skip
    public_guess = private.replace("/unpublished/", "/media/", 1)
    check(
        reader.get(b, private).status == 404 and reader.get(b, public_guess).status == 404,
        "the public gets 404 at its address and at its would-be /media/ address",
    )
    changelist = editor.get(b, "/admin/articles/article/").body.decode()
    done = editor.post(
        b,
        "/admin/articles/article/",
        {
            "csrfmiddlewaretoken": field(changelist, "csrfmiddlewaretoken"),
            "action": "publish",
            "select_across": "0",
            "index": "0",
            "_selected_action": change.group(1),
        },
    )
    check(done.status == 302, f"published with the admin action on server 2 ({done.status})")
    page = reader.get(a, f"/articles/{slug}/")
    public = re.search(r'href="https://[^/"]+(/media/memos/[^"]+\.pdf)"', page.body.decode())
    served = reader.get(b, public.group(1)) if public else None
    check(
        page.status == 200 and served is not None and served.status == 200
        and served.body == pdf and "immutable" in (served.getheader("Cache-Control") or ""),
        "after publication the public reads it at /media/… (a year's Cache-Control)",
    )  # fmt: skip
    check(editor.get(a, private).status == 404, "the private copy is gone")

    # A scheduled memo: its PDF goes public when the task worker runs at its time.
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    when = datetime.now(ZoneInfo(setup["time_zone"])).replace(microsecond=0) + timedelta(seconds=6)
    slug = f"cluster-scheduled-{secrets.token_hex(3)}"
    saved = add_article(
        editor, a, setup, slug, "Cluster scheduled memo", jpeg, pdf,
        published_at_0=when.strftime("%Y-%m-%d"), published_at_1=when.strftime("%H:%M:%S"),
    )  # fmt: skip
    early = reader.get(b, f"/articles/{slug}/").status
    found, deadline = None, time.time() + 40
    while not found and time.time() < deadline:
        time.sleep(0.5)
        page = reader.get(b, f"/articles/{slug}/")
        link = re.search(r'href="https://[^/"]+(/media/memos/[^"]+\.pdf)"', page.body.decode())
        if page.status == 200 and link and reader.get(a, link.group(1)).status == 200:
            found = time.time()
    check(saved.status == 302 and early == 404, "a memo scheduled 6 s ahead: 404 to the public")
    check(bool(found), "its PDF is public once its time has come (the worker's scheduled task)")
    if found:
        print(f"  scheduled PDF public {found - when.timestamp():.1f} s after its publication time")


def comments_share_one_rate_limit(cluster, slug):
    print("Rate limit: comments through both servers count together")
    a, b = cluster.pinned_ports
    reader = Browser(
        cluster, source=f"127.0.{secrets.randbelow(250) + 1}.{secrets.randbelow(250) + 2}"
    )
    page = reader.get(a, f"/articles/{slug}/").body.decode()
    token = field(page, "token")
    time.sleep(3.2)  # COMMENTS_MIN_SECONDS: a reader takes a moment to write
    statuses = []
    for number in range(6):
        port = (a, b)[number % 2]
        response = reader.post(
            port,
            f"/articles/{slug}/comment/",
            {
                "name": "Cluster Reader",
                "email": "reader@example.org",
                "body": f"Remark number {number} on the memo.",
                "token": token,
                "homepage": "",
            },
            **{"X-Forwarded-For": f"198.51.100.{number}"},  # forged: the proxy overwrites it
        )
        statuses.append((port, response.status))
    print(f"  posts (server port, status): {statuses}")
    check(
        all(s in (200, 303) for _, s in statuses[:5]),
        "five comments accepted (COMMENTS_RATE 5/10m)",
    )
    check(
        statuses[5][1] == 429, "the sixth, on the other server, is refused (429): one shared limit"
    )


def kill_one_under_load(cluster, seconds=8.0, kill_at=2.5, threads=4):
    print(
        f"Failover: {threads} readers for {seconds:.0f} s; app server 1 killed (SIGKILL) at {kill_at} s"
    )
    paths = ["/", "/articles/", "/members/", "/podcasts/", "/events/", "/search/?q=security"]
    results, stop = [], time.monotonic() + seconds
    start = time.time()

    def reader(offset):
        browser = Browser(cluster)
        i = offset
        while time.monotonic() < stop:
            sent = time.time()
            try:
                status = browser.get(cluster.https_port, paths[i % len(paths)]).status
            except http.client.IncompleteRead:
                status = CUT  # the killed server was sending this answer: nginx cannot retry it
            except OSError:
                status = 599  # no answer at all
            results.append((sent, status))
            i += 1

    workers = [threading.Thread(target=reader, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    time.sleep(kill_at)
    killed = time.time()
    cluster.kill("app1")
    for worker in workers:
        worker.join()
    errors = [(t, s) for t, s in results if s >= 500]
    cut = [t for t, s in results if s == CUT]
    after = [s for t, s in results if t >= killed]
    noticed = rerouted = None
    dead = f"127.0.0.1:{cluster.app_ports[0]}"
    for line in (cluster.logs / "nginx-access.log").read_text().splitlines():
        parts = line.split()
        stamp, upstreams = float(parts[0]), parts[5]
        if stamp >= killed and int(parts[3]) == cluster.https_port and f"{dead}," in upstreams:
            noticed = noticed or stamp
            rerouted = (rerouted or 0) + 1
    print(
        f"  requests: {len(results)} ({len(after)} after the kill), 5xx: {len(errors)}, "
        f"cut off mid-answer by the kill: {len(cut)}"
    )
    if noticed:
        print(
            f"  failover: the balancer found server 1 dead {1000 * (noticed - killed):.0f} ms after "
            f"the kill and passed that request to server 2; {rerouted} request(s) retried so"
        )
    print(f"  elapsed {time.time() - start:.1f} s")
    check(not errors, "no 5xx while one app server died")
    check(
        len(cut) <= threads and all(t < killed for t in cut),
        "only answers already being sent at the instant of the kill were cut off",
    )
    check(noticed is not None, "nginx noticed the dead server and retried on the other")
    cluster.start_app(0)
    browser, back = Browser(cluster), False
    deadline = time.monotonic() + 10  # nginx tries a failed server again after fail_timeout (5 s)
    while not back and time.monotonic() < deadline:
        browser.get(cluster.https_port, "/healthz")
        back = f'"{dead}"' in (cluster.logs / "nginx-access.log").read_text().splitlines()[-1]
        time.sleep(0.2)
    check(back, "server 1 restarted and back in the rotation")
    return len(results), len(errors), len(cut), noticed and noticed - killed


def database_drops_connections(cluster):
    print("Database: every connection of the app servers terminated (pg_terminate_backend)")
    import subprocess

    result = subprocess.run(
        ["psql", f"{cluster.postgres}/postgres", "-qAtc",
         "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
         f"WHERE datname = '{cluster.database}' AND pid <> pg_backend_pid()"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    browser, statuses = Browser(cluster), []
    for port in cluster.pinned_ports * 5:
        statuses.append(browser.get(port, "/articles/").status)
    print(
        f"  terminated {result.stdout.strip()} connections; next {len(statuses)} requests: {statuses}"
    )
    check(
        all(s == 200 for s in statuses), "every request right after answered (pool replaced them)"
    )


def backup_and_restore(cluster, slug, pdf):
    print("Backup: pg_dump + the bucket, restored into a new database and bucket")
    archive = RUN / "backup.tar.gz"
    made = cluster.manage("backup", str(archive), capture=True)
    print(f"  {made.stdout.strip()}")
    restored_db, restored_bucket = f"{cluster.database}_restore", "ponars-restore"
    cluster.fresh_database(restored_db)
    make_bucket(cluster.s3(), restored_bucket)
    env = cluster.environment(database=restored_db, bucket=restored_bucket)
    done = cluster.manage("restore", str(archive), env=env, capture=True)
    print(f"  {done.stdout.strip()}")
    port = int(os.environ.get("CLUSTER_RESTORE_PORT", "8146"))
    cluster.start_app(0, env=env, port=port)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        forwarded = {
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
        }
        connection.request("GET", f"/articles/{slug}/", headers=forwarded)
        page = connection.getresponse()
        html = page.read().decode()
        connection.request("GET", "/search/?q=glaciology", headers=forwarded)
        found = connection.getresponse().read().decode()
        connection.close()
        check(
            page.status == 200 and "Cluster memo on glaciology" in html,
            "restored site serves the article",
        )
        check(f"/articles/{slug}/" in found, "restored search index finds it")
        s3 = cluster.s3()
        keys = [
            o["Key"]
            for o in s3.list_objects_v2(Bucket=restored_bucket, Prefix="media/memos/").get(
                "Contents", []
            )
            if f"/{slug}-" in o["Key"]
        ]
        check(
            len(keys) == 1
            and s3.get_object(Bucket=restored_bucket, Key=keys[0])["Body"].read() == pdf,
            "restored bucket holds the same PDF",
        )
    finally:
        cluster.kill(f"app-{port}")
        cluster.psql(f'DROP DATABASE IF EXISTS "{restored_db}" WITH (FORCE)')


def main():
    began = time.monotonic()
    cluster = Cluster()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    figures = None
    try:
        cluster.start(say=lambda text: print(f"cluster: {text}"))
        output = cluster.manage("shell", "-c", SETUP, capture=True).stdout
        setup = json.loads(output.strip().splitlines()[-1])
        print("TLS and redirects")
        plain = http.client.HTTPConnection("localhost", cluster.http_port, timeout=10)
        plain.request("GET", "/articles/", headers={"Host": "localhost"})
        moved = plain.getresponse()
        check(
            moved.status == 301 and moved.getheader("Location") == f"{cluster.origin}/articles/",
            "http:// is sent to https://",
        )
        home = Browser(cluster).get(cluster.https_port, "/")
        check(
            home.status == 200 and home.getheader("Strict-Transport-Security"), "https:// with HSTS"
        )
        try:
            refused = Browser(cluster).get(cluster.https_port, "/", Host="evil.example").status
        except http.client.RemoteDisconnected:
            refused = "closed"  # nginx's 444: no answer
        check(refused == "closed", "a Host that is not the site's gets no answer from nginx")
        editor = sign_in_on_one_and_use_the_other(cluster, setup)
        slug, pdf = upload_on_one_read_on_the_other(cluster, setup, editor)
        drafts_files_are_private_until_publication(cluster, setup, editor)
        comments_share_one_rate_limit(cluster, slug)
        figures = kill_one_under_load(cluster)
        database_drops_connections(cluster)
        backup_and_restore(cluster, slug, pdf)
    finally:
        pids = [p.pid for p in cluster.processes.values()]
        cluster.stop(say=lambda text: print(f"cluster: {text}"))
        alive = [pid for pid in pids if _alive(pid)]
        check(not alive, "stopped cleanly: no process left")
    if figures:
        requests, errors, cut, failover = figures
        print(
            f"cluster-test: {requests} requests under load, {errors} answered with a 5xx, "
            f"{cut} cut off by the kill, failover {1000 * failover:.0f} ms"
            if failover
            else "failover not seen"
        )
    print(f"cluster-test: {len(failures)} failed check(s) in {time.monotonic() - began:.0f} s")
    sys.exit(1 if failures else 0)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


if __name__ == "__main__":
    main()
