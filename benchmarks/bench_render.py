"""What the reader gets from the sample day: HTML bytes, page height in a real browser, and render time.

    python benchmarks/bench_render.py [SOURCES...] [--repeat 5]

Side by side in one run: compact (the default) with and without charts, and --full without charts
(the layout before the compact default). Times are wall and CPU seconds of the render stage alone
(charts drawn and inlined, CSS inlined) and of the whole `digest brief --format html` process.
Page heights come from headless Chromium (skipped when it is not installed) at 800 and 400 px.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.brief import build_briefing  # noqa: E402
from digest.ingest import read_sources  # noqa: E402
from digest.render import render  # noqa: E402

DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
FRAME = ('<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{src}" style="width:{width}px;'
         'height:900px;border:0"></iframe><script>document.getElementById("f").addEventListener("load", '
         'function () {{ var out = document.createElement("pre"); out.id = "probe"; '
         'out.textContent = this.contentDocument.documentElement.scrollHeight; '
         'document.body.appendChild(out); }});</script></body></html>')


def page_height(page: Path, width: int, work: Path) -> int | None:
    """The page's height as Chromium lays it out in a frame `width` px wide."""
    if shutil.which("chromium") is None:
        return None
    frame = work / f"frame-{width}-{page.stem}.html"
    frame.write_text(FRAME.format(src=page.as_uri(), width=width), encoding="utf-8")
    run = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                          "--allow-file-access-from-files", f"--user-data-dir={work / f'profile-{width}'}",
                          "--window-size=900,900", "--virtual-time-budget=5000", "--dump-dom", frame.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r'<pre id="probe">(\d+)</pre>', run.stdout)
    return int(found.group(1)) if found else None


def timed(task, repeat: int) -> tuple[float, float, object]:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = task()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", default=[str(ROOT / "samples")])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    articles = read_sources(args.sources).articles
    briefing = build_briefing(articles)
    from digest.charts import briefing_charts

    start = time.perf_counter()
    briefing_charts(briefing)  # the first call pays matplotlib's import
    first_charts = time.perf_counter() - start

    variants = {
        "compact + charts": lambda: render(briefing, "html", charts=briefing_charts(briefing)),
        "compact, --no-charts": lambda: render(briefing, "html"),
        "--full --no-charts": lambda: render(briefing, "html", full=True),
    }
    work = Path(tempfile.mkdtemp(prefix="bench-render-"))
    print(f"{len(articles)} articles, {len(briefing.stories)} stories; first chart call (imports matplotlib) "
          f"{first_charts:.2f} s wall")
    print(f"{'layout':22} {'bytes':>8} {'no-chart bytes':>14} {'render wall':>11} {'cpu':>6} "
          f"{'800px':>7} {'400px':>7}")
    for name, task in variants.items():
        wall, cpu, document = timed(task, args.repeat)
        page = work / (re.sub(r"\W+", "-", name).strip("-") + ".html")
        page.write_text(document, encoding="utf-8")
        size, bare = len(document.encode()), len(DATA_URI.sub("", document).encode())
        heights = [page_height(page, width, work) for width in (800, 400)]
        shown = [f"{h:,}" if h else "–" for h in heights]
        print(f"{name:22} {size:>8,} {bare:>14,} {wall:>10.3f}s {cpu:>5.2f}s {shown[0]:>7} {shown[1]:>7}")

    command = [sys.executable, "-m", "digest", "brief", *args.sources, "--format", "html", "--no-history",
               "-o", str(work / "cli.html")]
    walls = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        walls.append(time.perf_counter() - start)
    print(f"whole process `digest brief {' '.join(args.sources)} --format html`: median {statistics.median(walls):.2f} s "
          f"wall over {args.repeat} runs")


if __name__ == "__main__":
    main()
