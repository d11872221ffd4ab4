"""Opens micgraph reports in headless Chromium and checks them as a reader would see them.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: commands on
its file descriptor 3, replies and events on 4, each message JSON ended by a NUL byte), so
nothing but the Python standard library and Debian's chromium is needed.

For each report: any console error, uncaught exception or failed request fails it, and so does
any request other than the page itself (a report makes no request of any kind); after the
scripts ran, the sections asked for are present, the product table has rows, a click on a
column header sorts the rows by that column (ascending, then descending on a second click),
a collapsed explanation chain expands on a click, printing shows every level of every chain,
pointing at a node of the picture shows its fields. A screenshot of the page as first shown is
written beside the report (REPORT.png).

Usage: report_browser.py CHROMIUM MANIFEST [--screenshot WIDTHxHEIGHT]
MANIFEST: one report a line, `PATH SECTION,SECTION,...` (the section ids that must exist).
Exit code 0 when every report passes, 1 otherwise.
"""

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    """One headless Chromium and its DevTools pipe."""

    def __init__(self, chromium, width, height):
        self.profile = tempfile.mkdtemp(prefix="micgraph-chromium-")
        commands_read, self.commands = os.pipe()
        self.replies, replies_write = os.pipe()
        # Chromium's ends moved above 10, clear of the 3 and 4 they are redirected to.
        moved = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_read, replies_write)]
        os.close(commands_read)
        os.close(replies_write)
        commands_read, replies_write = moved
        flags = [
            "--headless", "--disable-gpu", "--no-sandbox", "--remote-debugging-pipe",
            "--user-data-dir=" + self.profile, "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--disable-component-update", "--disable-default-apps", "--mute-audio",
            "--hide-scrollbars", f"--window-size={width},{height}", "about:blank",
        ]
        # bash (dash takes single-digit descriptors only) puts the pipe ends on descriptors 3 and 4, where Chromium expects them.
        script = f'exec "$0" "$@" 3<&{commands_read} 4>&{replies_write} {commands_read}<&- {replies_write}>&-'
        self.process = subprocess.Popen(
            ["bash", "-c", script, chromium] + flags, pass_fds=(commands_read, replies_write),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.profile, "stderr.txt"), "wb"))
        os.close(commands_read)
        os.close(replies_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self.commands, self.replies):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self.replies], [], [], remaining)
            if ready:
                chunk = os.read(self.replies, 1 << 20)
                if not chunk:
                    with open(os.path.join(self.profile, "stderr.txt"), errors="replace") as err:
                        said = err.read()[-600:]
                    raise RuntimeError(f"Chromium closed its DevTools pipe; it said: {said}")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method, session, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event["method"] == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            message = self._read_message(deadline)
            if "method" in message:
                self.events.append(message)


class Page:
    """The tab that shows the reports, one after the other."""

    def __init__(self, browser, width, height):
        self.browser = browser
        self.target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget",
                                    {"targetId": self.target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def send(self, method, params=None):
        return self.browser.send(method, params, self.session)

    def open(self, url):
        self.send("Page.navigate", {"url": url})
        self.browser.wait_event("Page.loadEventFired", self.session)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails'].get('text')}: {expression[:80]}")
        return result["result"].get("value")

    def centre(self, selector):
        """Scrolls the element into view; its centre in the viewport, or None."""
        return self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: 'center', inline: 'center'}});
            const r = e.getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2];
        }})()""")

    def click(self, selector):
        point = self.centre(selector)
        if point is None:
            raise AssertionError(f"nothing to click at {selector}")
        x, y = point
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def point_at(self, selector):
        point = self.centre(selector)
        if point is None:
            raise AssertionError(f"nothing to point at: {selector}")
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": point[0], "y": point[1]})

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))

    def problems(self, page_url):
        """Console errors, exceptions and requests seen on this tab so far."""
        found = []
        keep = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                keep.append(event)
                continue
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                found.append(f"console {params['type']}: {text}")
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                found.append("uncaught exception: " +
                             details.get("exception", {}).get("description", details.get("text", "")))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                found.append(f"log error ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
            elif method == "Network.loadingFailed":
                found.append(f"failed request: {params.get('errorText')} ({params.get('type')})")
            elif method == "Network.requestWillBeSent":
                url = params.get("request", {}).get("url", "")
                if url != page_url:
                    found.append(f"request of {url[:200]}")
        self.browser.events = keep
        return found


SORT_CHECK = """(() => {
  const rows = Array.from(document.querySelectorAll(%(table)s + ' tbody tr'));
  const values = rows.map(r => {
    const c = r.cells[%(column)d];
    const v = c.getAttribute('data-v');
    return v !== null ? parseFloat(v) : c.textContent.trim().toLowerCase();
  });
  const header = document.querySelector(%(table)s + ' thead th:nth-child(%(child)d)');
  return [values, header.getAttribute('aria-sort')];
})()"""


def check_sorting(page, table, column, label, both=True):
    """Clicks the header of `column`: ascending, then (both) descending on a second click."""
    for direction in ("ascending", "descending") if both else ("ascending",):
        page.click(f"{table} thead th:nth-child({column + 1})")
        values, header = page.evaluate(
            SORT_CHECK % {"table": json.dumps(table), "column": column, "child": column + 1})
        wanted = sorted(values, reverse=direction == "descending")
        if values != wanted or header != direction:
            raise AssertionError(f"{label}: after a click {direction} wanted, got {values[:8]} (aria-sort {header})")


def check_report(page, path, sections, screenshot):
    page_url = "file://" + os.path.abspath(path)
    page.problems(page_url)  # what the previous report left
    page.open(page_url)
    if screenshot:  # as the reader first sees it, before the clicks below
        page.screenshot(os.path.splitext(path)[0] + ".png")
    missing, rows, has_chain, has_picture = page.evaluate(f"""[
        {json.dumps(sections)}.filter(id => !document.getElementById(id)),
        document.querySelectorAll('#products-table tbody tr').length,
        !!document.querySelector('#chains details.chain'),
        !!document.querySelector('.picture g.node [data-fields]')]""")
    if missing:
        raise AssertionError(f"sections missing: {missing}")
    if not rows:
        raise AssertionError("the product table has no rows")
    check_sorting(page, "#products-table", 5, "products by loss")
    check_sorting(page, "#products-table", 1, "products by country", both=False)
    checked = ["rows", "sorting"]
    if has_chain:
        # checkVisibility: the content of a closed <details> is laid out but not shown.
        chain_state = """(() => {
            const d = document.querySelector('#chains details.chain');
            return [document.querySelectorAll('#chains details[open]').length, d.open,
                    d.querySelector('.tree').checkVisibility()];
        })()"""
        page.click("#collapse-all")
        state = page.evaluate(chain_state)
        if state != [0, False, False]:
            raise AssertionError(f"'collapse all' left chains open or shown: {state}")
        page.click("#chains details.chain > summary")
        state = page.evaluate(chain_state)
        if state != [1, True, True]:
            raise AssertionError(f"a click on a collapsed chain did not expand it (alone): {state}")
        checked.append("chain expands")
        # Printed, every level of every chain shows and the navigation does not.
        page.send("Emulation.setEmulatedMedia", {"media": "print"})
        printed = page.evaluate("""[
            Array.from(document.querySelectorAll('#chains details > ul, #chains .tree'))
                .every(e => e.checkVisibility()),
            document.querySelector('nav').checkVisibility()]""")
        page.send("Emulation.setEmulatedMedia", {"media": ""})
        if printed != [True, False]:
            raise AssertionError(f"printed, chains shown and navigation hidden: {printed}")
        checked.append("print")
    if has_picture:
        page.point_at(".picture g.node [data-fields] polygon, .picture g.node [data-fields] ellipse, "
                      ".picture g.node [data-fields] path")
        shown = page.evaluate("""(() => {
            const h = document.getElementById('hover');
            return [getComputedStyle(h).display, h.textContent];
        })()""")
        if shown[0] == "none" or not shown[1]:
            raise AssertionError(f"pointing at a node of the picture showed no fields: {shown}")
        checked.append("hover")
    problems = page.problems(page_url)
    if problems:
        raise AssertionError("; ".join(problems[:5]))
    return checked


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    chromium, manifest = sys.argv[1], sys.argv[2]
    size = (1280, 800)
    if "--screenshot" in sys.argv:
        width, height = sys.argv[sys.argv.index("--screenshot") + 1].split("x")
        size = (int(width), int(height))
    reports = []
    with open(manifest) as lines:
        for line in lines:
            if line.strip():
                path, _, sections = line.strip().partition(" ")
                reports.append((path, [s for s in sections.split(",") if s]))
    browser = Browser(chromium, *size)
    failures = 0
    try:
        page = Page(browser, *size)
        for path, sections in reports:
            try:
                checked = check_report(page, path, sections, True)
                print(f"ok   {os.path.basename(path)}: {', '.join(checked)}")
            except Exception as failure:  # one report's failure does not stop the others
                failures += 1
                print(f"FAIL {os.path.basename(path)}: {failure}")
    finally:
        browser.close()
    print(f"{len(reports)} reports, {failures} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
