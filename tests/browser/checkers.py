"""The Nu HTML checker (vnu) and axe-core, from the npm packages of package.json (`npm ci`).

Neither downloads anything when it runs: vnu is a jar run by the machine's Java, axe-core a
script put into the page under test.
"""

import json
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Every rule axe runs by default, and WCAG 2.2's target size (24 px), which it leaves off.
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}, "resultTypes": ["violations"]}
# The quick compiler only (a run this short is over before the optimising one pays): about half
# the time; its deeper stacks need more than the 1 MB default for vnu's schema.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss16m"]
MISSING = "not installed: run `make test-browser` (it runs `npm ci`)"


def vnu_errors(pages):
    """{url: [error, …]} for {url: served HTML}: every page in one java run (the JVM's start
    is most of its time)."""
    assert VNU_JAR.exists(), f"{VNU_JAR} {MISSING}"
    java = shutil.which("java")
    assert java, "no java on PATH (apt-get install default-jre-headless)"
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (url, html) in enumerate(pages.items()):
            path = pathlib.Path(folder, f"page-{number}.html")
            path.write_bytes(html)
            files[path.as_uri().removeprefix("file://")] = url
        run = subprocess.run(
            [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
            + list(files),
            capture_output=True,
            check=True,
        )
    found = {url: [] for url in pages}
    for message in json.loads(run.stderr)["messages"]:
        if message["type"] not in {"error", "non-document-error"}:
            continue
        url = files[message["url"].removeprefix("file:")]
        where = f"line {message.get('lastLine', '?')}"
        found[url].append(f"{where}: {message['message']} [{message.get('extract', '')}]")
    return found


def axe_violations(page):
    """axe-core's violations on the page as it is now, one line each with what it found."""
    assert AXE_JS.exists(), f"{AXE_JS} {MISSING}"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # The site's Content-Security-Policy allows no such script: the browser context is made
        # with bypass_csp=True (Playwright's option), for the checker's script only.
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})")
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} — "
        + "; ".join(
            f"{' '.join(node['target'][0] if isinstance(node['target'][0], list) else node['target'])}"
            f" {node['failureSummary'].splitlines()[-1].strip()}"
            for node in rule["nodes"][:5]
        )
        for rule in result["violations"]
    ]
