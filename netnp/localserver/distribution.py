"""The local Neo4j distribution: Neo4j, APOC, GDS and the Browser, from Maven Central.

``pom.xml`` beside this file lists them. :func:`ensure_distribution` resolves that
pom with Maven into a per-user cache folder named after the pom's hash, once:
a second call finds the folder complete and runs nothing, so a second start
downloads nothing. Maven's own ``~/.m2`` repository is a second cache, so even a
new distribution folder is copied from disk when the jars are already there.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from netnp.errors import ServerError

POM = Path(__file__).with_name("pom.xml")
#: Jars of these groups hold procedures and functions: Neo4j scans them in plugins/.
PLUGIN_GROUPS = ("org.neo4j.gds.", "org.neo4j.procedure.")
_COMPLETE = "netnp-distribution.complete"
_NETWORK_TROUBLE = re.compile(
    r"UnknownHostException|Connection refused|Connect timed out|Network is unreachable|"
    r"Could not transfer|transfer failed|No route to host|connect timed out",
    re.IGNORECASE,
)


def cache_root() -> Path:
    """``$NETNP_CACHE_DIR``, else ``$XDG_CACHE_HOME/netnp``, else ``~/.cache/netnp``."""
    if os.environ.get("NETNP_CACHE_DIR"):
        return Path(os.environ["NETNP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "netnp"


def versions(pom: Path = POM) -> dict[str, str]:
    """The versions the pom pins: neo4j, apoc, gds and browser."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    props = ET.parse(pom).getroot().find("m:properties", ns)
    assert props is not None
    out = {}
    for child in props:
        tag = child.tag.split("}", 1)[1]
        if tag.endswith(".version") and not tag.startswith("project"):
            out[tag.removesuffix(".version")] = (child.text or "").strip()
    return out


@dataclass(frozen=True)
class Distribution:
    """A resolved distribution: ``lib/`` (the server) and ``plugins/`` (APOC, GDS)."""

    root: Path

    @property
    def lib(self) -> Path:
        return self.root / "lib"

    @property
    def plugins(self) -> Path:
        return self.root / "plugins"

    @property
    def classpath(self) -> str:
        return f"{self.lib}/*{os.pathsep}{self.plugins}/*"

    @property
    def complete(self) -> bool:
        return (self.root / _COMPLETE).is_file()


def distribution_dir(pom: Path = POM) -> Path:
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()[:12]
    v = versions(pom)
    return cache_root() / f"neo4j-{v['neo4j']}-gds-{v['gds']}-{digest}"


def require_tool(name: str, purpose: str, install_hint: str) -> str:
    path = shutil.which(name)
    if not path:
        raise ServerError(f"{name} is not installed; it is needed {purpose}: {install_hint}, or set NEO4J_URI to use another server")
    return path


def java_major_version(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise ServerError(f"could not read the Java version from `{java} -version`")
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 and match.group(2) else major


def find_java() -> str:
    """The ``java`` to run Neo4j with: ``$JAVA_HOME/bin/java`` or the one on PATH, 17 or 21."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home and (Path(java_home) / "bin" / "java").exists() else None
    java = java or require_tool("java", "to run the local Neo4j", "install Java 17 (apt-get install openjdk-17-jre-headless)")
    major = java_major_version(java)
    if major not in (17, 21):
        raise ServerError(f"Neo4j 5.26 runs on Java 17 or 21, but {java} is Java {major}; set JAVA_HOME to a Java 17 or 21")
    return java


def ensure_distribution(
    pom: Path = POM, on_download: Callable[[str], None] | None = None
) -> Distribution:
    """The distribution for ``pom``, resolved with Maven unless already cached.

    Parameters
    ----------
    pom : Path
        The Maven project that lists the jars.
    on_download : callable, optional
        Called with each artifact name Maven downloads, for a progress display.
    """
    dist = Distribution(distribution_dir(pom))
    if dist.complete:
        return dist
    mvn = require_tool("mvn", "once, to fetch Neo4j from Maven Central", "install Maven (apt-get install maven)")
    staging = dist.root.with_name(dist.root.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cmd = [
        mvn, "--batch-mode", *(["--no-transfer-progress"] if on_download is None else []),
        "-f", str(pom),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={staging / 'lib'}",
        "-Dmdep.prependGroupId=true",
        "-DincludeScope=runtime",
    ]
    output: list[str] = []
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        output.append(line.rstrip())
        if on_download and "Downloaded from" in line:
            on_download(line.rsplit("/", 1)[-1].split(" ")[0])
    code = proc.wait()
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        errors = [line.removeprefix("[ERROR] ") for line in output if line.startswith("[ERROR]") and line.strip() != "[ERROR]"]
        first = errors[0] if errors else (output[-1] if output else f"exit code {code}")
        if any(_NETWORK_TROUBLE.search(line) for line in output):
            raise ServerError(
                "cannot download Neo4j from Maven Central (is the network up, or a proxy needed in "
                f"~/.m2/settings.xml?): {first}"
            )
        raise ServerError(f"Maven could not resolve the local Neo4j distribution: {first}")
    (staging / "plugins").mkdir()
    for jar in (staging / "lib").iterdir():
        if jar.name.startswith(PLUGIN_GROUPS):
            jar.rename(staging / "plugins" / jar.name)
    (staging / _COMPLETE).write_text("\n".join(f"{k}={v}" for k, v in versions(pom).items()) + "\n")
    shutil.rmtree(dist.root, ignore_errors=True)
    staging.rename(dist.root)
    return dist
