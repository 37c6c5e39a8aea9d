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
message of a rerun. What it scores is about the least any page of the Advisor's size can score when drawn
with Streamlit's own elements.
A fourth, the Advisor's twin, has its structure without its content (`TWIN_APP`): its kinds of
widget, and its KPI in a fragment before the same pause. It is reported against the floor, as what
that structure costs before anything the Advisor itself draws or works out. A fifth, the component
twin (`COMPONENT_TWIN_APP`), is the twin with its input and its KPI as one custom component instead of
a Streamlit number field and an HTML element: what a Streamlit field itself costs a change. For every
app it also gives when the change's request leaves the browser.

Targets, against that floor (kept at 28 elements, however few the Advisor comes to show): the KPI
shows the new value <= 1.3x the floor's text; the whole page settles <= 2x the floor's settle. And a
fresh page load (a new browser context, the server warm) shows the KPIs in <= 1.5 s, measured from
the start of navigation; the floor's fresh load is given beside it. Each is measured at 1400x900 and
at a projector's 1024x768.

With --profile N, it says instead where the browser's time goes: N changes to the floor, the twin
and the Advisor each under Chromium's sampling profiler, from the Enter key to 250 ms after it (one
app after another, not in turns: a breakdown, not a ratio), and per change
the milliseconds of script by the frontend's module (react-dom, emotion-styled, purify, ...), of the
browser's own work outside script (style, layout, paint: "(program)") and of garbage collection.

Usage: .venv/bin/python bench/latency.py [--changes 15] [--loads 10] [--quiet-ms 400] [--sizes 1400x900,1024x768]
       .venv/bin/python bench/latency.py --profile 10
"""

from __future__ import annotations

import argparse
import contextlib
import functools
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
# The Advisor's structure without its content, as a further reference: the kinds of widget it shows
# (segmented controls, a select, buttons, closed expanders, pills, a text field, a download), about as
# many elements, and its KPI drawn in a fragment, with the input beside it, before the same 30 ms pause.
TWIN_APP = """\
import time
import streamlit as st

@st.fragment
def results():
    value = st.session_state.get("value", 1000)
    st.html(f'<div data-twin-kpi>Shown: {value}</div>')
    with st.sidebar:
        st.number_input("Value", value=1000, step=1000, key="value")
    time.sleep(0.03)

with st.sidebar:
    st.segmented_control("Language", ["EN", "NL"], default="EN")
    st.segmented_control("Show amounts in", ["USD", "EUR"], default="USD")
    st.selectbox("Sample partner", ["A", "B", "C"])
    st.button("Start with an empty partner")
    for group in range(6):
        st.expander(f"Group {group + 1}")
results()
with st.sidebar:
    for track in range(4):
        st.pills(f"Track {track + 1}", [f"Subtrack {track + 1}.{i + 1}" for i in range(4)],
                 selection_mode="multi", default=[f"Subtrack {track + 1}.1"])
st.text_input("Name")
st.button("Save")
st.download_button("Download", "text")
for i in range(12):
    st.text(f"Line {i + 1} of a page that does not change")
"""
TWIN_SHOWN = "[data-twin-kpi]"


def swapped(text: str, *pairs: tuple[str, str]) -> str:
    """`text` with each pair's first part replaced by its second, each found exactly once."""
    for old, new in pairs:
        if text.count(old) != 1:
            raise ValueError(f"not found once in the app's script: {old[:40]!r}")
        text = text.replace(old, new)
    return text


# The twin again, with its input and its KPI as one custom component (`st.components.v2`) instead of a
# Streamlit number field and an HTML element: what a Streamlit field itself costs a change. Its field
# sends the typed text on Enter; the KPI is written by the component's script.
COMPONENT_TWIN_APP = swapped(TWIN_APP, ("""    value = st.session_state.get("value", 1000)
    st.html(f'<div data-twin-kpi>Shown: {value}</div>')
    with st.sidebar:
        st.number_input("Value", value=1000, step=1000, key="value")
""", """    value = (st.session_state.get("box") or {}).get("value") or 1000
    BOX(data=f"Shown: {value}", key="box", on_value_change=lambda: None)
"""), ("import streamlit as st\n", """import streamlit as st
BOX = st.components.v2.component("box", isolate_styles=False,
    html='<div class="vip-twin-box"><input type="text" value="1000"></div><div data-twin-kpi></div>',
    js=\"\"\"export default function(c) {
  const field = c.parentElement.querySelector('input');
  field.onkeydown = (e) => { if (e.key === 'Enter') c.setStateValue('value', field.value); };
  c.parentElement.querySelector('[data-twin-kpi]').textContent = c.data;
}\"\"\")
"""))
COMPONENT_INPUT = ".vip-twin-box input"
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
  const m = {t0: null, shown: null, last: null, sent: null};
  window.__latency = m;
  if (!window.__latencySend) {  // when the change's request leaves the browser
    window.__latencySend = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      const now = window.__latency;
      if (now && now.t0 !== null && now.sent === null) now.sent = performance.now();
      return window.__latencySend.call(this, data);
    };
  }
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
  return {shown: m.shown - m.t0, settled: m.last - m.t0, sent: m.sent === null ? NaN : m.sent - m.t0}; }"""


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


@functools.cache
def _advisor_sample() -> tuple[Any, Any]:
    """The Advisor's first sample partner and its edition, read once: not again before every change."""
    return load_profile(ROOT / "sample_data" / "voorbeeld_netwerken.yaml", load_rules(ROOT / "rules"))


def advisor_expected(sales: int) -> str:
    """The KPI the Advisor must show once the sample's projected sales are `sales`: from the core."""
    profile, edition = _advisor_sample()
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


VIEWPORTS = ((1400, 900), (1024, 768))
SHOWN_SELECTOR = {"reference": REFERENCE_SHOWN, "floor": REFERENCE_SHOWN, "twin": TWIN_SHOWN, "component": TWIN_SHOWN,
                  "advisor": ADVISOR_KPI}
INPUT_SELECTOR = {**dict.fromkeys(("reference", "floor", "twin"), REFERENCE_INPUT), "component": COMPONENT_INPUT,
                  "advisor": ADVISOR_INPUT}


def app_scripts(tmp: Path) -> dict[str, Path]:
    """Each measured app's script, by name: the references written into `tmp`, then the Advisor."""
    scripts = {}
    for name, text in (("reference", REFERENCE_APP), ("floor", FLOOR_APP), ("twin", TWIN_APP),
                       ("component", COMPONENT_TWIN_APP)):
        scripts[name] = tmp / f"{name}_app.py"
        scripts[name].write_text(text)
    return {**scripts, "advisor": ROOT / "app.py"}


def fresh_load(browser: Any, url: str, selector: str, viewport: tuple[int, int]) -> float:
    """Milliseconds from the start of navigation in a new browser context (nothing cached, a new
    session) until `selector` is on screen."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="en-US")
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(selector, timeout=60_000, state="visible")
        shown: float = page.evaluate("() => performance.now()")
        return shown
    finally:
        context.close()


def browser_run(changes: int, loads: int, quiet_ms: int, viewport: tuple[int, int],
                warmup: int = 2) -> dict[str, dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, list[float]]] = {name: {"shown": [], "settled": [], "sent": [], "load": []}
                                                  for name in SHOWN_SELECTOR}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(server(script)) for name, script in app_scripts(Path(tmp)).items()}
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages = {name: browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, locale="en-US")
                 for name in urls}
        for name, page in pages.items():
            page.goto(urls[name])
            page.wait_for_selector(SHOWN_SELECTOR[name], timeout=60_000)
        pages["advisor"].wait_for_selector(INPUT_SELECTOR["advisor"], timeout=60_000)
        time.sleep(1.5)
        for i in range(warmup + changes):
            for name, page in pages.items():
                advisor = name == "advisor"
                value = (43000 if advisor else 2000) + 1000 * i
                expected = advisor_expected(value) if advisor else f"Shown: {value}"
                typed = type_in_input(page, INPUT_SELECTOR[name], value)
                times = change(page, typed, SHOWN_SELECTOR[name], expected, quiet_ms)
                if i >= warmup:
                    results[name]["shown"].append(times["shown"])
                    results[name]["settled"].append(times["settled"])
                    results[name]["sent"].append(times["sent"])
        for i in range(loads + 1):  # the first warms the server's caches for a new session
            for name in ("floor", "advisor"):
                ms = fresh_load(browser, urls[name], SHOWN_SELECTOR[name], viewport)
                if i:
                    results[name]["load"].append(ms)
        browser.close()
    return results


PROFILE_WINDOW_S = 0.25  # from the Enter key: every app has settled well within it
OUTSIDE_SCRIPT = ("(idle)", "(program)", "(garbage collector)")  # the profiler's names for time not in script


def profile_run(changes: int, viewport: tuple[int, int] = VIEWPORTS[0], warmup: int = 2) -> dict[str, dict[str, float]]:
    """Per app, the milliseconds a change spends in each frontend module (script, self time) and in
    the browser's own work, from the sampling profiler, averaged over `changes` changes."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        scripts = app_scripts(Path(tmp))
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name in ("floor", "twin", "advisor"):
            selector = INPUT_SELECTOR[name]
            with server(scripts[name]) as url:
                page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, locale="en-US")
                page.goto(url)
                page.wait_for_selector(selector, timeout=60_000)
                time.sleep(1.5)
                cdp = page.context.new_cdp_session(page)
                cdp.send("Profiler.enable")
                cdp.send("Profiler.setSamplingInterval", {"interval": 100})  # microseconds
                spent: dict[str, float] = {}
                for i in range(warmup + changes):
                    typed = type_in_input(page, selector, 50_000 + 1000 * i)
                    time.sleep(0.3)  # the typing's own rendering done before the clock starts
                    cdp.send("Profiler.start")
                    typed.press("Enter")
                    time.sleep(PROFILE_WINDOW_S)
                    profile = cdp.send("Profiler.stop")["profile"]
                    if i < warmup:
                        continue
                    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
                    for sample, delta_us in zip(profile["samples"], profile["timeDeltas"], strict=True):
                        frame = frames[sample]
                        module = frame["url"].rsplit("/", 1)[-1].split(".")[0] or frame["functionName"]
                        if frame["functionName"] in OUTSIDE_SCRIPT:
                            module = frame["functionName"]
                        spent[module] = spent.get(module, 0.0) + delta_us / 1000 / changes
                out[name] = spent
                page.close()
        browser.close()
    return out


def print_profile(spent: dict[str, dict[str, float]], top: int = 12) -> None:
    apps = list(spent.values())

    def row(label: str, ms: list[float]) -> None:
        print(f"{label:28} " + " ".join(f"{x:8.1f}" for x in ms))

    print(f"\nper change, ms, from the Enter key to {PROFILE_WINDOW_S * 1000:.0f} ms after it (sampling profiler)")
    print(f"{'':28} " + " ".join(f"{name:>8}" for name in spent))
    row("script, all modules", [sum(ms for m, ms in xs.items() if m not in OUTSIDE_SCRIPT) for xs in apps])
    for label, key in (("browser's own work (program)", "(program)"), ("garbage collection", "(garbage collector)")):
        row(label, [xs.get(key, 0.0) for xs in apps])
    print("script by module:")
    advisor = spent["advisor"]
    modules = sorted((m for m in advisor if m not in OUTSIDE_SCRIPT), key=lambda m: -advisor[m])
    for module in modules[:top]:
        row(f"  {module}", [xs.get(module, 0.0) for xs in apps])


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
    parser.add_argument("--loads", type=int, default=10, help="measured fresh page loads per app")
    parser.add_argument("--quiet-ms", type=int, default=400, help="no DOM change for this long = settled")
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in VIEWPORTS),
                        help="viewports to measure at, e.g. 1400x900,1024x768")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="instead: where the browser's time goes over N changes to each app")
    args = parser.parse_args()
    if args.profile:
        print_profile(profile_run(args.profile))
        return 0
    changes = max(15, args.changes)
    viewports = [(int(w), int(h)) for w, h in (size.split("x") for size in args.sizes.split(","))]

    def med(xs: list[float]) -> float:
        return statistics.median(xs)

    ok = True
    for viewport in viewports:
        browser = browser_run(changes, max(1, args.loads), args.quiet_ms, viewport)
        floor, advisor = browser["floor"], browser["advisor"]
        rows = [
            ("KPI shows the new value (vs the floor's text)", med(floor["shown"]), med(advisor["shown"]), 1.3),
            ("whole page settled (vs the floor's)", med(floor["settled"]), med(advisor["settled"]), 2.0),
            ("floor vs trivial app: text shows", med(browser["reference"]["shown"]), med(floor["shown"]), None),
            ("floor vs trivial app: page settled", med(browser["reference"]["settled"]), med(floor["settled"]), None),
            *((f"{label} vs floor: {what}", med(floor[key]), med(browser[name][key]), None)
              for label, name in (("twin", "twin"), ("component twin", "component"))
              for what, key in (("KPI shows", "shown"), ("page settled", "settled"))),
            ("fresh load, KPIs shown (vs the floor's)", med(floor["load"]), med(advisor["load"]), None),
        ]
        print(f"\n{viewport[0]}x{viewport[1]}: median of {changes} changes and {args.loads} fresh loads each, ms")
        print(f"{'':48} {'reference':>10} {'measured':>10} {'ratio':>7}  target")
        for label, ref_ms, got_ms, target in rows:
            ratio = got_ms / ref_ms if ref_ms else float("inf")
            verdict = ""
            if target is not None:
                verdict = f"<= {target}x  {'ok' if ratio <= target else 'MISSED'}"
                ok = ok and ratio <= target
            print(f"{label:48} {ref_ms:10.1f} {got_ms:10.1f} {ratio:6.2f}x  {verdict}")
        load_ok = med(advisor["load"]) <= 1500
        ok = ok and load_ok
        print(f"{'fresh load, KPIs shown: absolute':48} {'':10} {med(advisor['load']):10.1f} {'':7}  "
              f"<= 1500 ms  {'ok' if load_ok else 'MISSED'}")
        print("request sent, ms after the Enter key: " + ", ".join(
            f"{name} {med(times['sent']):.1f}" for name, times in browser.items()))
        for name, times in browser.items():
            for what, xs in times.items():
                if xs:
                    print(f"  {name:9} {what:7} [{', '.join(f'{x:.0f}' for x in xs)}]")

    server_side = apptest_run(changes)
    print(f"\nscript rerun (server, AppTest), ms: trivial app {med(server_side['reference']):.1f}, "
          f"Advisor {med(server_side['advisor']):.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
