"""Running Arelle offline in tests: the bundled taxonomy package as a zip, and a runner
that keeps Arelle's cache and config in a temporary HOME and reads its XML log."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree

ARELLE = shutil.which("arelleCmdLine") or str(Path(sys.executable).parent / "arelleCmdLine")


def package_zip(dest: Path) -> Path:
    """The bundled taxonomy package as a zip for `--packages`."""
    from finmodel.taxonomy import package_zip as _package_zip

    return Path(_package_zip(dest))


class Arelle:
    def __init__(self, workdir: Path, package: Path) -> None:
        self.workdir = workdir
        self.package = package
        self.runs = 0
        self.env = dict(os.environ, HOME=str(workdir / "home"), XDG_CONFIG_HOME=str(workdir / "config"))
        (workdir / "home").mkdir(exist_ok=True)
        (workdir / "config").mkdir(exist_ok=True)

    def run(self, *args: str) -> tuple[int, list[tuple[str, str, str]]]:
        """Run arelleCmdLine offline with our package; (exit code, [(level, code, message)])."""
        self.runs += 1
        log = self.workdir / f"arelle-log-{self.runs}.xml"
        cmd = [ARELLE, "--workOffline", f"--packages={self.package}", *args, f"--logFile={log}"]
        proc = subprocess.run(cmd, env=self.env, cwd=self.workdir, capture_output=True, text=True, timeout=600)
        entries = []
        if log.exists():
            for entry in etree.parse(str(log)).getroot().iter("entry"):
                entries.append((entry.get("level") or "", entry.get("code") or "",
                                "".join(entry.findtext("message") or "")))
        return proc.returncode, entries


def problems(entries):
    return [e for e in entries if e[0] not in ("info", "debug", "status")]


