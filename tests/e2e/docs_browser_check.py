# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Open the built codearts_build_job page in headless Chromium and check what a reader sees.

Usage: python tests/e2e/docs_browser_check.py SITE   (SITE: hack/docs.sh's BUILD/docsite; `make docs` runs this)

The page is served from a loopback HTTP server and read back as Chromium rendered it (--dump-dom), so the
check sees the DOM after the theme's scripts ran, not the file Sphinx wrote. What must be on it comes
from the module's own documentation (ansible-doc, through ANSIBLE_COLLECTIONS_PATH): every option in
the parameter table, every return value in the return value table, and the EXAMPLES text in the examples
section. A screenshot is written next to SITE for a human look.

Chromium is installed by tests/e2e/apt-install.sh when it is missing; when that is not possible, this
prints a line starting with "SKIPPED:" and exits 0.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

MODULE = "huaweicloud.codearts.codearts_build_job"
PAGE = "collections/huaweicloud/codearts/codearts_build_job_module.html"
# The sections of an antsibull-docs module page that the check reads.
SECTIONS = ("parameters", "examples", "return-values")
HERE = os.path.dirname(os.path.abspath(__file__))
CHROMIUM_TIMEOUT = 120


class PageReader(html.parser.HTMLParser):
    """The text of each section in SECTIONS and the element IDs inside it."""

    def __init__(self):
        super().__init__()
        self.open_sections = []
        self.text = {name: [] for name in SECTIONS}
        self.ids = {name: set() for name in SECTIONS}
        self.title = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        element_id = dict(attrs).get("id")
        if tag == "section":
            self.open_sections.append(element_id)
        elif tag == "title":
            self.in_title = True
        for name in self._inside():
            if element_id:
                self.ids[name].add(element_id)

    def handle_endtag(self, tag):
        if tag == "section" and self.open_sections:
            self.open_sections.pop()
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        for name in self._inside():
            self.text[name].append(data)

    def _inside(self):
        return [name for name in SECTIONS if name in self.open_sections]


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def return_paths(values, prefix=""):
    """Every return value as antsibull-docs anchors it: job, job/id, ..."""
    for name, spec in values.items():
        yield prefix + name
        yield from return_paths(spec.get("contains") or {}, prefix + name + "/")


def module_doc():
    output = subprocess.run(
        ["ansible-doc", "--json", "-t", "module", MODULE], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output)[MODULE]


def chromium():
    """The chromium binary, installed if need be; None (and why) when there is none."""
    if not shutil.which("chromium"):
        installer = subprocess.run(
            [os.path.join(HERE, "apt-install.sh"), "chromium", "chromium"], capture_output=True, text=True, check=False
        )
        if installer.returncode:
            return None, (installer.stderr.strip().splitlines() or ["apt-install.sh failed"])[-1]
    return shutil.which("chromium"), None


def run_chromium(binary, *args):
    with tempfile.TemporaryDirectory() as profile:
        # A fresh profile and no background traffic: the machine has no network beyond the loopback server.
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile,
            *args,
        ]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT).stdout


def serve(directory):
    """A loopback HTTP server for the site, in a daemon thread; returns it (its port is server_address[1])."""
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Chromium fetches a few dozen assets; only failures matter, and those show in the checks."""


def problems_on_page(dom, doc):
    page = PageReader()
    page.feed(dom)
    problems = []
    if MODULE not in "".join(page.title):
        problems.append("the page title %r does not name %s" % (squeeze("".join(page.title)), MODULE))
    for section in SECTIONS:
        if not page.text[section]:
            problems.append("no %s section" % section)
    parameters = squeeze("".join(page.text["parameters"]))
    for option in doc["doc"]["options"]:
        if "parameter-" + option not in page.ids["parameters"] or option not in parameters:
            problems.append("option %s is not in the parameter table" % option)
    examples = squeeze("".join(page.text["examples"]))
    if squeeze(doc["examples"]) not in examples:
        problems.append("the EXAMPLES text is not in the examples section")
    returns = squeeze("".join(page.text["return-values"]))
    for path in return_paths(doc["return"]):
        if "return-" + path not in page.ids["return-values"] or path.rsplit("/", 1)[-1] not in returns:
            problems.append("return value %s is not in the return value table" % path)
    return problems, len(doc["doc"]["options"]), len(list(return_paths(doc["return"])))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n", 2)[1])
    site = os.path.abspath(sys.argv[1])
    html_dir = os.path.join(site, "build", "html")
    if not os.path.isfile(os.path.join(html_dir, PAGE)):
        sys.exit("docs-check: %s is not in %s: build the site first (make docs)" % (PAGE, html_dir))
    start = time.monotonic()
    binary, why = chromium()
    if binary is None:
        print("SKIPPED: docs browser check: no Chromium (%s)" % why)
        return
    doc = module_doc()
    server = serve(html_dir)
    url = "http://127.0.0.1:%d/%s" % (server.server_address[1], PAGE)
    screenshot = os.path.join(site, "codearts_build_job_module.png")
    try:
        dom = run_chromium(binary, "--dump-dom", url)
        run_chromium(binary, "--hide-scrollbars", "--window-size=1280,2400", "--screenshot=" + screenshot, url)
    finally:
        server.shutdown()
    problems, options, returns = problems_on_page(dom, doc)
    with open(screenshot, "rb") as image:
        if image.read(8) != b"\x89PNG\r\n\x1a\n":
            problems.append("the screenshot %s is not a PNG" % screenshot)
    version = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    if problems:
        sys.exit("docs-check: FAILED: %s (%s):\n  %s" % (url, version, "\n  ".join(problems)))
    print(
        "docs-check: %s in %s shows all %d options, the examples and all %d return values (%.1fs); screenshot %s"
        % (PAGE, version, options, returns, time.monotonic() - start, screenshot)
    )


if __name__ == "__main__":
    main()
