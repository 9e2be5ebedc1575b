"""Update the window's translations: collect the texts, compile what translators wrote.

    ./dev translations          lupdate + lrelease; lists what is left to translate

``pyside6-lupdate`` reads every ``tr()``/``translate()`` text under ``syncdesk/ui`` into
``resources/translations/syncdesk_<lang>.ts`` (keeping the translations already there,
dropping texts the code no longer has); English gets only the texts with plural forms.
``pyside6-lrelease`` compiles each ``.ts`` into ``syncdesk/ui/translations/*.qm``, the
files the window loads. Edit the ``.ts`` files with ``pyside6-linguist`` or by hand.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "syncdesk" / "ui"
TS_DIR = ROOT / "resources" / "translations"
QM_DIR = SOURCES / "translations"
#: language → lupdate options (English carries only its plural forms)
LANGUAGES = {"nl": [], "en": ["-pluralonly"]}


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def ts_path(language: str) -> Path:
    return TS_DIR / f"syncdesk_{language}.ts"


def qm_path(language: str) -> Path:
    return QM_DIR / f"syncdesk_{language}.qm"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.glob("*.py"))


def lupdate(language: str, target: Path) -> None:
    cmd = [tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none"]
    cmd += [*LANGUAGES[language], "-target-language", language, *sources(), "-ts", str(target)]
    subprocess.run(cmd, cwd=ROOT, check=True)


def lrelease(source: Path, target: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(source), "-qm", str(target)], check=True)


def unfinished(path: Path) -> list[str]:
    """The source texts of ``path`` without a finished translation, as ``context: text``."""
    out = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else list(translation.iter("numerusform"))
            texts = (
                [f.text for f in forms]
                if forms
                else [None if translation is None else translation.text]
            )
            if (
                translation is None
                or translation.get("type") in {"unfinished", "vanished"}
                or not all(texts)
            ):
                out.append(f"{name}: {message.findtext('source', '')}")
    return out


def main() -> int:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    QM_DIR.mkdir(parents=True, exist_ok=True)
    status = 0
    for language in LANGUAGES:
        lupdate(language, ts_path(language))
        lrelease(ts_path(language), qm_path(language))
        todo = unfinished(ts_path(language))
        print(f"{ts_path(language).relative_to(ROOT)}: {len(todo)} text(s) to translate")
        for line in todo[:50]:
            print(f"    {line}")
        status = status or (1 if todo else 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
