"""The production topology on one machine, for trying and testing (`make cluster`).

    python scripts/cluster.py start   # in the foreground; Ctrl-C stops everything
    python scripts/cluster.py stop    # from another terminal (`make cluster-stop`)

Starts moto's S3 server on loopback (the media bucket), two gunicorn app servers, the task
worker and nginx (TLS with a certificate made for this machine, balancing over the two) on
the local PostgreSQL and Redis, which must be running. The database is made anew at each
start (moto keeps its bucket in memory, so files and rows begin together), with the demo
content. Everything lives in .cluster/ (certificate, nginx configuration, logs).

Variables (defaults in brackets): CLUSTER_DATABASE [ponars_cluster] on CLUSTER_POSTGRES
[postgres://postgres@127.0.0.1:5432], CLUSTER_REDIS_DB [1] on 127.0.0.1:6379,
CLUSTER_HTTPS_PORT [8443], CLUSTER_HTTP_PORT [8080], CLUSTER_APP_PORTS [8141,8142],
CLUSTER_PINNED_PORTS [8144,8145] (HTTPS through nginx to one app server each, for tests),
CLUSTER_S3_PORT [8150].
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.s3_local import client, make_bucket, start_moto, wait_for  # noqa: E402

RUN = ROOT / ".cluster"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
BUCKET = "ponars-media"
S3_KEYS = ("cluster-access-key", "cluster-secret-key")


def env_ports(name, default):
    return [int(p) for p in os.environ.get(name, default).split(",") if p.strip()]


class Cluster:
    def __init__(self):
        self.https_port = int(os.environ.get("CLUSTER_HTTPS_PORT", "8443"))
        self.http_port = int(os.environ.get("CLUSTER_HTTP_PORT", "8080"))
        self.app_ports = env_ports("CLUSTER_APP_PORTS", "8141,8142")
        self.pinned_ports = env_ports("CLUSTER_PINNED_PORTS", "8144,8145")
        self.s3_port = int(os.environ.get("CLUSTER_S3_PORT", "8150"))
        self.postgres = os.environ.get("CLUSTER_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        self.database = os.environ.get("CLUSTER_DATABASE", "ponars_cluster")
        self.redis_db = int(os.environ.get("CLUSTER_REDIS_DB", "1"))
        self.host = "localhost"
        self.origin = f"https://{self.host}:{self.https_port}"
        self.processes = {}  # name → Popen, each in its own process group
        self.logs = RUN / "logs"
        self.certificate = RUN / "tls" / "localhost.pem"

    # -- configuration ---------------------------------------------------------------

    def environment(self, database=None, bucket=BUCKET):
        """What each app server, the worker and manage.py get: production settings."""
        key_file = RUN / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
        return {
            **os.environ,
            "DJANGO_DEBUG": "",
            "DJANGO_SECRET_KEY": key_file.read_text(),
            "DJANGO_ALLOWED_HOSTS": self.host,
            "DJANGO_BEHIND_PROXY": "1",
            "SITE_URL": self.origin,
            "DATABASE_URL": f"{self.postgres}/{database or self.database}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{self.redis_db}",
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "S3_REGION": "us-east-1",
            "S3_ADDRESSING_STYLE": "path",
            "S3_ACCESS_KEY_ID": S3_KEYS[0],
            "S3_SECRET_ACCESS_KEY": S3_KEYS[1],
            "S3_CUSTOM_DOMAIN": f"{self.host}:{self.https_port}",
            "DJANGO_STATIC_ROOT": str(RUN / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "DJANGO_LOG_LEVEL": "WARNING",
        }

    def s3(self):
        return client(f"http://127.0.0.1:{self.s3_port}", *S3_KEYS)

    def certificate_files(self):
        """A self-signed certificate for localhost, made here once (never committed)."""
        key = self.certificate.with_suffix(".key")
        if not self.certificate.exists():
            self.certificate.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30"]
                + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(self.certificate)]
                + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                check=True,
                capture_output=True,
            )
        return self.certificate, key

    def nginx_config(self):
        """deploy/nginx/* with the {{…}} filled in, plus one pinned server per app server."""
        conf = RUN / "nginx"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "temp").mkdir(exist_ok=True)
        certificate, key = self.certificate_files()
        values = {
            "UPSTREAM_SERVERS": "\n    ".join(
                f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in self.app_ports
            ),
            "HTTP_PORT": str(self.http_port),
            "HTTPS_PORT": str(self.https_port),
            "SERVER_NAME": self.host,
            "HTTPS_ORIGIN": self.origin,
            "CERTIFICATE": str(certificate),
            "CERTIFICATE_KEY": str(key),
            "CONF_DIR": str(conf),
            "MEDIA": "s3",
            "S3_PUBLIC_ORIGIN": f"http://127.0.0.1:{self.s3_port}/{BUCKET}/media/",
            "MEDIA_ROOT": str(RUN / "media"),
        }
        for template in (ROOT / "deploy" / "nginx").glob("*.conf"):
            text = template.read_text()
            for name, value in values.items():
                text = text.replace("{{" + name + "}}", value)
            (conf / template.name).write_text(text)
        pinned = "".join(
            f"""
    upstream ponars_app_{port} {{ server 127.0.0.1:{port}; keepalive 8; }}
    server {{
        listen {pinned} ssl;
        server_name {self.host};
        ssl_certificate {certificate};
        ssl_certificate_key {key};
        client_max_body_size 320m;
        include {conf}/media-s3.conf;
        location / {{
            include {conf}/proxy-app.conf;
            proxy_pass http://ponars_app_{port};
        }}
    }}
"""
            for port, pinned in zip(self.app_ports, self.pinned_ports, strict=True)
        )
        main = f"""worker_processes 2;
pid {conf}/nginx.pid;
error_log {self.logs}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {conf}/temp/body;
    proxy_temp_path {conf}/temp/proxy;
    fastcgi_temp_path {conf}/temp/fastcgi;
    uwsgi_temp_path {conf}/temp/uwsgi;
    scgi_temp_path {conf}/temp/scgi;
    log_format cluster '$msec $status $request_method $server_port $uri '
                       '"$upstream_addr" "$upstream_status" $request_time';
    access_log {self.logs}/nginx-access.log cluster;
    include {conf}/ponars.conf;
{pinned}}}
"""
        (conf / "nginx.conf").write_text(main)
        return conf / "nginx.conf"

    # -- processes --------------------------------------------------------------------

    def spawn(self, name, args, env=None):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (kept open for the child)
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env or self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches only this script, which stops them in order
        )
        log.close()
        self.processes[name] = process
        (RUN / "pids").mkdir(exist_ok=True)
        (RUN / "pids" / name).write_text(str(process.pid))
        return process

    def manage(self, *args, env=None, capture=False):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env or self.environment(),
            check=True,
            text=True,
            capture_output=capture,
        )

    def psql(self, sql, database="postgres"):
        subprocess.run(
            ["psql", f"{self.postgres}/{database}", "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
            check=True,
            capture_output=True,
        )

    def fresh_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(f'CREATE DATABASE "{name}"')

    def start_app(self, index, env=None, port=None):
        port = port or self.app_ports[index]
        name = f"app{index + 1}" if env is None else f"app-{port}"
        process = self.spawn(
            name,
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "ponars.wsgi"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"]
            + ["--graceful-timeout", "10", "--access-logfile", "-"],
            env=env,
        )
        wait_for(f"http://127.0.0.1:{port}/healthz", process, seconds=60)
        return process

    def kill(self, name):
        """Kill a process group at once (SIGKILL): a crash, not a stop."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def start(self, say=print):
        check_tools()
        for folder in ("logs", "pids", "nginx"):
            shutil.rmtree(RUN / folder, ignore_errors=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        (RUN / "cluster.pid").write_text(str(os.getpid()))
        started = time.monotonic()
        say(f"S3 (moto) on 127.0.0.1:{self.s3_port} …")
        with open(self.logs / "s3.log", "ab") as log:
            self.processes["s3"] = start_moto(self.s3_port, log)
        (RUN / "pids").mkdir(exist_ok=True)
        (RUN / "pids" / "s3").write_text(str(self.processes["s3"].pid))
        make_bucket(self.s3(), BUCKET)
        say(f"Database {self.database} (new), migrations, demo content, static files …")
        self.fresh_database(self.database)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("seed_demo")
        self.manage("collectstatic", "--noinput", "-v0")
        say(f"App servers on 127.0.0.1:{', '.join(map(str, self.app_ports))}, task worker …")
        for index in range(len(self.app_ports)):
            self.start_app(index)
        self.spawn("worker", [PYTHON, "manage.py", "run_worker"])
        say(f"nginx on {self.origin}/ (and http://{self.host}:{self.http_port}/) …")
        nginx = self.spawn(
            "nginx", ["nginx", "-c", str(self.nginx_config()), "-g", "daemon off;"], env=os.environ
        )
        wait_for_tls(f"{self.origin}/healthz", self.certificate, nginx)
        say(
            f"Ready in {time.monotonic() - started:.0f} s: {self.origin}/ (certificate: {self.certificate})"
        )

    def stop(self, say=print):
        """Stop in order: nginx, then the app servers and worker (they finish what they
        have), then the S3 server. SIGTERM, then SIGKILL after 15 s."""
        order = ["nginx"] + [n for n in self.processes if n.startswith("app")] + ["worker", "s3"]
        order += [n for n in self.processes if n not in order]
        for name in order:
            process = self.processes.pop(name, None)
            if process is None:
                continue
            if process.poll() is None:
                signal_group(process.pid, signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    signal_group(process.pid, signal.SIGKILL)
                    process.wait()
            (RUN / "pids" / name).unlink(missing_ok=True)
        (RUN / "cluster.pid").unlink(missing_ok=True)
        say("Cluster stopped.")


def signal_group(pid, sig):
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def check_tools():
    missing = [tool for tool in ("nginx", "openssl", "psql", "redis-cli") if not shutil.which(tool)]
    if missing:
        sys.exit(
            f"Missing: {', '.join(missing)}. On Debian: apt-get install -y nginx openssl "
            "postgresql-client redis-tools"
        )
    try:
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], check=True, capture_output=True)
        subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=True)
    except subprocess.CalledProcessError:
        sys.exit("PostgreSQL and Redis must be running on 127.0.0.1 (5432, 6379).")


def tls_context(certificate):
    import ssl

    return ssl.create_default_context(cafile=str(certificate))


def wait_for_tls(url, certificate, process, seconds=30):
    context = tls_context(certificate)
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2, context=context).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"nothing answers at {url} (see .cluster/logs/)") from None
            time.sleep(0.2)


def run_in_foreground():
    cluster = Cluster()

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)  # `make cluster-stop`; Ctrl-C is SIGINT already
    try:
        cluster.start()
        print("Ctrl-C (or `make cluster-stop`) stops it.")
        while True:
            time.sleep(0.5)
            for name, process in list(cluster.processes.items()):
                if process.poll() is not None:
                    print(f"{name} exited ({process.returncode}); see .cluster/logs/{name}.log")
                    cluster.processes.pop(name)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cluster.stop()


def stop_from_outside():
    """Signal the running `start` (it stops its children); clean up after a dead one."""
    pid_file = RUN / "cluster.pid"
    if pid_file.exists():
        pid = int(pid_file.read_text())
        try:
            os.kill(pid, signal.SIGTERM)
            for _ in range(300):
                time.sleep(0.1)
                os.kill(pid, 0)
        except ProcessLookupError:
            pass
    for pid_path in (RUN / "pids").glob("*") if (RUN / "pids").exists() else ():
        signal_group(int(pid_path.read_text()), signal.SIGTERM)
        pid_path.unlink()
    pid_file.unlink(missing_ok=True)
    print(json.dumps({"stopped": True}))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "start":
        run_in_foreground()
    elif command == "stop":
        stop_from_outside()
    else:
        sys.exit(__doc__)
