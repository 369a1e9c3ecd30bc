"""Pages for the rendering tests, and the browser processes of a crawler (not a test module)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from extractor.rendering import OWNER_ENV

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{name}</title>{head}</head>
<body><main><h1>{name}</h1>
<h2>Videos</h2><div id="videos">Loading...</div>
<h2>Programs</h2><div id="programs">Loading...</div>
<h2>Instructions</h2><ul><li>Stand tall with your feet hip-width apart.</li>
<li>Lower slowly and come back up.</li></ul>
</main>{body}</body></html>
"""

# Fills #videos and #programs from ENDPOINT after DELAY ms (the live site's behaviour).
FILL = """<script>
setTimeout(function () {{
  fetch("{endpoint}").then(function (r) {{
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  }}).then(function (d) {{
    document.getElementById("videos").outerHTML = "<div>" + d.videos.map(function (v) {{
      return '<iframe src="' + v + '" title="Demo"></iframe>'; }}).join("") + "</div>";
    document.getElementById("programs").outerHTML = "<ul>" + d.programs.map(function (p) {{
      return '<li><a href="' + p.url + '">' + p.name + "</a></li>"; }}).join("") + "</ul>";
  }});
}}, {delay});
</script>"""

DATA = {
    "videos": ["https://video.example/embed/abc"],
    "programs": [{"url": "/en/program/1a-core", "name": "Core basics"}],
}


def page(name: str, *, head: str = "", body: str = "") -> str:
    """An exercise page whose Videos and Programs hold only "Loading..."."""
    return PAGE.format(name=name, head=head, body=body)


def fill(endpoint: str, delay: int = 300) -> str:
    """The script that fills both sections from ``endpoint`` after ``delay`` ms."""
    return FILL.format(endpoint=endpoint, delay=delay)


def write(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` (path -> text) under ``root``."""
    for path, text in files.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def data_json() -> str:
    return json.dumps(DATA)


def browser_processes(owner: int) -> list[int]:
    """Pids of live browser processes started by process ``owner`` (their environment says)."""
    marker = f"{OWNER_ENV}={owner}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and marker in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def own_pid() -> int:
    return os.getpid()
