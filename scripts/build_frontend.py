"""Copy the pinned NHS.UK frontend build from node_modules into var/frontend.

Only the compiled CSS, JS and images are copied. Font faces that point at another host are
removed so that no page ever asks an outside server for anything (the design system falls
back to Arial).
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NHSUK_DIST = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
TARGET = ROOT / "var" / "frontend"

REMOTE_FONT_FACE = re.compile(r"@font-face\{[^}]*url\(https?://[^}]*\}")
SOURCE_MAP_COMMENT = re.compile(r"/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+")


def _copy_text(source, target, *patterns):
    text = source.read_text(encoding="utf-8")
    for pattern in patterns:
        text = pattern.sub("", text)
    target.write_text(text, encoding="utf-8")
    return text


def build():
    if not NHSUK_DIST.is_dir():
        sys.exit("node_modules is missing: run `npm ci` first (make does this for you).")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    css = _copy_text(
        NHSUK_DIST / "nhsuk-frontend.min.css",
        TARGET / "nhsuk-frontend.min.css",
        REMOTE_FONT_FACE,
        SOURCE_MAP_COMMENT,
    )
    if re.search(r"url\(\s*['\"]?https?://", css):
        sys.exit("The NHS.UK stylesheet still refers to another host; update build_frontend.py.")
    _copy_text(NHSUK_DIST / "nhsuk-frontend.min.js", TARGET / "nhsuk-frontend.min.js", SOURCE_MAP_COMMENT)
    shutil.copytree(NHSUK_DIST / "assets" / "images", TARGET / "images")
    shutil.copy2(NHSUK_DIST / "assets" / "manifest.json", TARGET / "manifest.json")
    print(f"Front-end assets ready in {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    build()
