"""How instant the Advisor feels, measured against a trivial Streamlit app on the same machine.

In one run, in headless Chromium:
  (a) a reference app: one number input and one text that shows its value;
  (b) the Advisor (app.py, on its first sample partner): a projected sales figure is changed.
For each change the browser records, from the Enter key that commits the new value, the time until
the figure on screen shows the new value (the text; the "Estimated rebate now" KPI) and until the
whole page has settled (the last DOM change before a quiet spell). Changes alternate between the
two apps so that machine load hits both alike; the median of --changes changes each is reported.
Then both apps' server-side rerun time is measured with AppTest. Ratios are advisor / reference.

A third app is measured alongside as a floor: the reference with 26 lines of static text below it, as
many elements (28) as the Advisor has on screen. Nothing in it but the text changes, yet the browser
pays for every element on every rerun: Streamlit's frontend renders the whole page again for each
message of a rerun. What it scores is about the least any page of the Advisor's size can score.

Targets: KPI update <= 1.3x the trivial app; page settled <= 2.5x.

Usage: .venv/bin/python bench/latency.py [--changes 15] [--quiet-ms 400]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vip.calc.engine import assess  # noqa: E402
from vip.io.rules import load_profile, load_rules  # noqa: E402
from vip.present.explain import Fmt  # noqa: E402

REFERENCE_APP = """\
import streamlit as st

value = st.number_input("Value", value=1000, step=1000, key="value")
st.text(f"Shown: {value}")
"""
FLOOR_APP = REFERENCE_APP + """\
for i in range(26):
    st.text(f"Line {i + 1} of a page that does not change")
"""
REFERENCE_INPUT = ".st-key-value input"
REFERENCE_SHOWN = '[data-testid="stText"]'
ADVISOR_SUBTRACK = "express_en"  # its projected sales are changed; its rebate counts in the estimate
ADVISOR_INPUT = f".st-key-in-sales-{ADVISOR_SUBTRACK}-en input"  # number fields end in the language
ADVISOR_KPI = '[data-kpi="now"] .vip-kpi-value'
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

# Installed before each change; the Enter key that commits the value starts the clock.
WATCH_JS = """([selector, expected]) => {
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const m = {t0: null, shown: null, last: null};
  window.__latency = m;
  const check = () => {
    if (m.shown !== null) return;
    const el = document.querySelector(selector);
    if (el && norm(el.textContent) === expected) m.shown = performance.now();
  };
  m.observer = new MutationObserver(() => {
    if (m.t0 === null) return;
    m.last = performance.now();
    check();
  });
  m.observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && m.t0 === null) { m.t0 = performance.now(); m.last = m.t0; }
  }, {capture: true, once: true});
}"""
QUIET_JS = "(quiet) => window.__latency.shown !== null && performance.now() - window.__latency.last > quiet"
RESULT_JS = """() => { const m = window.__latency; m.observer.disconnect();
  return {shown: m.shown - m.t0, settled: m.last - m.t0}; }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(script: Path) -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"streamlit did not start for {script}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def advisor_expected(sales: int) -> str:
    """The KPI the Advisor must show once the sample's projected sales are `sales`: from the core."""
    editions = load_rules(ROOT / "rules")
    profile, edition = load_profile(ROOT / "sample_data" / "voorbeeld_netwerken.yaml", editions)
    changed = profile.model_copy(update={"projected_sales": {**profile.projected_sales,
                                                             ADVISOR_SUBTRACK: Decimal(sales)}})
    return " ".join(Fmt("en").money(assess(changed, edition).estimated_rebate).split())


def type_in_input(page: Any, selector: str, value: int) -> Any:
    """Type a value into a number input; the Enter key that commits it is left to the caller."""
    box = page.locator(selector).first
    box.fill(str(value))
    return box


def change(page: Any, typed: Any, shown_selector: str, expected: str, quiet_ms: int) -> dict[str, float]:
    """Commit what was typed with Enter; the times until `expected` shows and the page settles."""
    page.evaluate(WATCH_JS, [shown_selector, expected])
    typed.press("Enter")
    page.wait_for_function(QUIET_JS, arg=quiet_ms, timeout=30_000, polling=50)
    times: dict[str, float] = page.evaluate(RESULT_JS)
    return times


def browser_run(changes: int, quiet_ms: int, warmup: int = 2) -> dict[str, dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, list[float]]] = {name: {"shown": [], "settled": []}
                                                  for name in ("reference", "floor", "advisor")}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        scripts = {"reference": Path(tmp) / "reference_app.py", "floor": Path(tmp) / "floor_app.py"}
        scripts["reference"].write_text(REFERENCE_APP)
        scripts["floor"].write_text(FLOOR_APP)
        scripts["advisor"] = ROOT / "app.py"
        urls = {name: stack.enter_context(server(script)) for name, script in scripts.items()}
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages = {name: browser.new_page(viewport={"width": 1400, "height": 900}, locale="en-US") for name in urls}
        for name, page in pages.items():
            page.goto(urls[name])
            page.wait_for_selector(ADVISOR_KPI if name == "advisor" else REFERENCE_SHOWN, timeout=60_000)
        pages["advisor"].wait_for_selector(ADVISOR_INPUT, timeout=60_000)
        time.sleep(1.5)
        for i in range(warmup + changes):
            for name, page in pages.items():
                if name == "advisor":
                    value = 43000 + 1000 * i
                    typed = type_in_input(page, ADVISOR_INPUT, value)
                    times = change(page, typed, ADVISOR_KPI, advisor_expected(value), quiet_ms)
                else:
                    value = 2000 + 1000 * i
                    typed = type_in_input(page, REFERENCE_INPUT, value)
                    times = change(page, typed, REFERENCE_SHOWN, f"Shown: {value}", quiet_ms)
                if i >= warmup:
                    results[name]["shown"].append(times["shown"])
                    results[name]["settled"].append(times["settled"])
        browser.close()
    return results


def apptest_run(changes: int) -> dict[str, list[float]]:
    """Server-side time of one rerun after a change: the script's own run time, measured inside
    AppTest's script runner (AppTest's polling overhead left out)."""
    import streamlit.runtime.scriptrunner.script_runner as runner
    from streamlit.testing.v1 import AppTest

    spent: list[float] = []
    original = runner.exec_func_with_error_handling  # type: ignore[attr-defined]

    def timed(func: Any, ctx: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(func, ctx)
        finally:
            spent.append((time.perf_counter() - start) * 1000)

    runner.exec_func_with_error_handling = timed  # type: ignore[attr-defined]
    out: dict[str, list[float]] = {"reference": [], "advisor": []}
    try:
        ref = AppTest.from_string(REFERENCE_APP, default_timeout=60).run()
        os.chdir(ROOT)
        adv = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        for i in range(changes + 2):
            spent.clear()
            ref.number_input(key="value").set_value(5000 + 1000 * i).run()
            ref_ms = spent[-1]
            adv.run()  # a full run first: after a fragment rerun AppTest's tree holds the fragment only
            spent.clear()
            adv.text_input(key=f"in.sales.{ADVISOR_SUBTRACK}.en").input(str(50000 + 1000 * i)).run()
            adv_ms = sum(spent)  # the callback's run, stopped for the rerun, and the results' run
            if i >= 2:
                out["reference"].append(ref_ms)
                out["advisor"].append(adv_ms)
    finally:
        runner.exec_func_with_error_handling = original  # type: ignore[attr-defined]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=15, help="measured changes per app (at least 15)")
    parser.add_argument("--quiet-ms", type=int, default=400, help="no DOM change for this long = settled")
    args = parser.parse_args()
    changes = max(15, args.changes)

    browser = browser_run(changes, args.quiet_ms)
    server_side = apptest_run(changes)

    def med(xs: list[float]) -> float:
        return statistics.median(xs)

    rows = [
        ("KPI / text shows the new value (browser)", med(browser["reference"]["shown"]),
         med(browser["advisor"]["shown"]), 1.3),
        ("whole page settled (browser)", med(browser["reference"]["settled"]), med(browser["advisor"]["settled"]), 2.5),
        ("script rerun (server, AppTest)", med(server_side["reference"]), med(server_side["advisor"]), None),
        ("floor: 28 elements, text shows (browser)", med(browser["reference"]["shown"]),
         med(browser["floor"]["shown"]), None),
        ("floor: 28 elements, page settled (browser)", med(browser["reference"]["settled"]),
         med(browser["floor"]["settled"]), None),
    ]
    print(f"median of {changes} changes each, milliseconds")
    print(f"{'':44} {'reference':>10} {'other':>10} {'ratio':>7}  target")
    ok = True
    for label, ref_ms, adv_ms, target in rows:
        ratio = adv_ms / ref_ms if ref_ms else float("inf")
        verdict = ""
        if target is not None:
            verdict = f"<= {target}x  {'ok' if ratio <= target else 'MISSED'}"
            ok = ok and ratio <= target
        print(f"{label:44} {ref_ms:10.1f} {adv_ms:10.1f} {ratio:6.2f}x  {verdict}")
    for name, times in browser.items():
        shown = ", ".join(f"{x:.0f}" for x in times["shown"])
        settled = ", ".join(f"{x:.0f}" for x in times["settled"])
        print(f"  {name}: shown [{shown}]\n  {' ' * len(name)}  settled [{settled}]")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
