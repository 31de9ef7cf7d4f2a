"""The pasted-article path (`digest summarize < article`) imports only what summarising one article
needs: a person waits for every module it loads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Needed elsewhere (grouping, fetching, feeds, pages, rendering, several articles' summary, the
# integer program, Dask, the extraction scan), never for one pasted article: nupunkt and the stemmers are what
# summarising one article needs (digest.summarizers.single is plain Python; the bare sumy package
# is there only for its stop-word files).
NOT_NEEDED = ("numpy", "sumy.summarizers", "sumy.nlp", "sumy.models", "sklearn", "scipy", "trafilatura", "feedparser", "requests", "dask", "distributed",
              "matplotlib", "nltk", "datasketch", "jinja2", "markdown", "css_inline", "lxml", "dateutil",
              "pycountry", "countryinfo", "ahocorasick", "digest.group", "digest.extract", "digest.render", "digest.labels")

ARTICLE = """Rescuers pulled survivors from collapsed buildings in the port city on Tuesday.

Officials said the storm brought winds of more than 150 kilometres an hour and flooded the harbour.
The regional governor said emergency shelters had opened in twelve schools across the province.
Power was cut to most of the city overnight, and the airport stayed closed on Wednesday morning.
Forecasters said the storm would weaken as it moved inland over the mountains later in the week.
Aid agencies said clean water was the most urgent need in the districts near the harbour.
"""

PROBE = """
import json, sys
sys.argv = ["digest", "summarize", "--sentences", "2"]
from digest.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def test_pasted_article_path_imports_no_heavy_module():
    done = subprocess.run([sys.executable, "-c", PROBE], input=ARTICLE, capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    assert "storm" in done.stdout or "harbour" in done.stdout  # it did summarise
    loaded = set(report["modules"])
    heavy = sorted(m for m in NOT_NEEDED if m in loaded or any(x.startswith(m + ".") for x in loaded))
    assert heavy == []
    assert "digest.summarizers.single" in loaded  # the probe sees real imports: the summarizer's own is there
