"""Install Neo4j Community 5.26, APOC core and GDS 2.13 from Maven Central with ``mvn``.

Why the server is assembled from artifacts: Maven Central carries no ``neo4j-community-*-unix.tar.gz``
(``org.neo4j.assembly:neo4j-community:<v>:tar.gz:unix`` does not resolve), and the
``neo4j-community-standalone`` POM's parent is not published. The standalone POM does name the
community server's modules and entry point, so we resolve ``org.neo4j:neo4j`` (the community DBMS,
which holds ``org.neo4j.server.CommunityEntryPoint``), ``neo4j-bootcheck`` (the admin entry point used
to set the initial password) and the Browser into ``lib/``, exactly as the distribution does.

GDS has no ready plugin jar on Maven Central, only its open modules. ``org.neo4j.gds:proc`` (the
procedures), ``opengds-extension`` (the kernel extension that registers GDS's injectable components),
``open-write-services`` and ``proc-sysinfo`` - the modules the official open packaging bundles - go
with their third-party dependencies into ``plugins/``, leaving out every groupId:artifactId that
``lib/`` already has. APOC core (``apoc-core`` + ``apoc-common``) goes there too.

Layout under ``$GRAPHCLI_HOME``::

    dist/neo4j-<version>/lib, plugins, install.json    (one folder per installed version)
    conf/neo4j.conf  data/  logs/  run/  credentials     (shared across versions: data survives upgrades)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from pathlib import Path

from graphcli.model.errors import ServerError
from graphcli.model.progress import Messages, silent

NEO4J_SERIES = "5.26"
GDS_SERIES = "2.13"
APOC_SERIES = "5.26"
BROWSER_FALLBACK = "5.24.0"
JAVA_HINT = "install a JDK 17 and Maven: `apt-get install -y openjdk-17-jdk-headless maven`"


@dataclass(frozen=True)
class Installation:
    """What is installed in one ``dist/neo4j-<version>`` folder."""

    root: Path
    neo4j: str
    gds: str
    apoc: str
    browser: str

    @property
    def lib(self) -> Path:
        return self.root / "lib"

    @property
    def plugins(self) -> Path:
        return self.root / "plugins"

    @property
    def classpath(self) -> str:
        """The JVM class path, plugins first as Neo4j's own launcher puts them."""
        return f"{self.plugins}/*:{self.lib}/*"


def find_installation(home: Path, version: str | None = None) -> Installation | None:
    """The installed server for ``version`` (newest installed when None), or None."""
    dist = home / "dist"
    candidates = sorted(dist.glob("neo4j-*/install.json"), key=lambda p: _version_key(p.parent.name[6:]))
    for manifest in reversed(candidates):
        data = json.loads(manifest.read_text())
        if version is None or data["neo4j"] == version:
            return Installation(
                root=manifest.parent, **{k: data[k] for k in ("neo4j", "gds", "apoc", "browser")}
            )
    return None


def check_prerequisites() -> None:
    """Java 17+ and mvn must be on PATH; say which apt packages give them if not."""
    java = shutil.which("java")
    if not java:
        raise ServerError("Java is not installed", hint=JAVA_HINT)
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)', out)
    if not match or int(match.group(1)) < 17:
        raise ServerError(
            f"Neo4j 5.26 needs Java 17 or newer; found: {out.splitlines()[0] if out else '?'}", hint=JAVA_HINT
        )
    if not shutil.which("mvn"):
        raise ServerError("Maven (mvn) is not installed", hint=JAVA_HINT)


def install(home: Path, version: str | None = None, progress: Messages | None = None) -> Installation:
    """Install Neo4j (newest resolvable 5.26 patch unless ``version`` pins one), GDS, APOC, Browser.

    Idempotent: an existing complete installation of the chosen version is returned untouched.
    """
    say = progress or silent
    if version is not None and not version.startswith(NEO4J_SERIES + "."):
        raise ServerError(f"graphcli supports Neo4j {NEO4J_SERIES}.x, not {version}")
    existing = find_installation(home, version)
    if existing is not None:
        return existing
    check_prerequisites()
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o700)  # private: data, logs and credentials live here (see ManagedServer.secure_home)
    build = home / "build"
    build.mkdir(parents=True, exist_ok=True)

    say(f"resolving Neo4j {version or NEO4J_SERIES + '.x'}")
    neo4j_version = version or _newest_resolvable(build, "org.neo4j", "neo4j", NEO4J_SERIES)
    gds_version = _newest_resolvable(build, "org.neo4j.gds", "proc", GDS_SERIES)
    apoc_version = _newest_resolvable(
        build, "org.neo4j.procedure", "apoc-core", APOC_SERIES, at_most=neo4j_version
    )
    browser_version = _newest_resolvable(
        build, "org.neo4j.client", "neo4j-browser", "5", fallback=BROWSER_FALLBACK
    )

    root = home / "dist" / f"neo4j-{neo4j_version}"
    staging = root.with_name(root.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    lib, plugins = staging / "lib", staging / "plugins"

    say(f"downloading Neo4j {neo4j_version} and the Browser into lib/")
    copy_dependencies(
        build / "server",
        lib,
        [
            ("org.neo4j", "neo4j", neo4j_version),
            ("org.neo4j", "neo4j-bootcheck", neo4j_version),
            ("org.neo4j.client", "neo4j-browser", browser_version),
        ],
    )
    say(f"downloading GDS {gds_version} and APOC {apoc_version} into plugins/")
    copy_dependencies(
        build / "plugins",
        plugins,
        [
            ("org.neo4j.gds", "proc", gds_version),
            ("org.neo4j.gds", "opengds-extension", gds_version),
            ("org.neo4j.gds", "open-write-services", gds_version),
            ("org.neo4j.gds", "proc-sysinfo", gds_version),
            ("org.neo4j.procedure", "apoc-core", apoc_version),
            ("org.neo4j.procedure", "apoc-common", apoc_version),
        ],
    )
    removed = _drop_jars_in(plugins, already_in=lib)
    say(f"left {len(removed)} jars out of plugins/ that lib/ already ships")

    manifest = Installation(root, neo4j_version, gds_version, apoc_version, browser_version)
    (staging / "install.json").write_text(
        json.dumps({k: v for k, v in asdict(manifest).items() if k != "root"})
    )
    shutil.rmtree(root, ignore_errors=True)
    staging.rename(root)
    return manifest


def _newest_resolvable(
    build: Path,
    group: str,
    artifact: str,
    series: str,
    at_most: str | None = None,
    fallback: str | None = None,
) -> str:
    """Newest version in ``series`` that Maven can actually download (metadata may list more)."""
    versions = [
        v
        for v in _listed_versions(build, group, artifact)
        if (v == series or v.startswith(series + "."))
        and re.fullmatch(r"[\d.]+", v)
        and (at_most is None or _version_key(v) <= _version_key(at_most))
    ]
    for candidate in sorted(versions, key=_version_key, reverse=True):
        if _mvn_ok(
            build, ["dependency:get", f"-Dartifact={group}:{artifact}:{candidate}:pom", "-Dtransitive=false"]
        ):
            return candidate
    if fallback:
        return fallback
    raise ServerError(
        f"no {group}:{artifact} {series}.x could be resolved from Maven Central",
        hint="check the network and `mvn -v`; pin one with --version",
    )


def _listed_versions(build: Path, group: str, artifact: str) -> list[str]:
    """The versions Maven's repository metadata lists.

    Resolving the ``RELEASE`` meta-version makes Maven fetch ``maven-metadata.xml`` into the local
    repository (an open version range would make it walk every version instead, which takes minutes).
    """
    _mvn_ok(build, ["dependency:get", f"-Dartifact={group}:{artifact}:RELEASE:pom", "-Dtransitive=false"])
    local_repo = _local_repository(build)
    found: set[str] = set()
    for meta in (local_repo / group.replace(".", "/") / artifact).glob("maven-metadata*.xml"):
        found.update(v.text for v in ET.parse(meta).getroot().iter("version") if v.text)
    return sorted(found, key=_version_key)


def copy_dependencies(
    workdir: Path, target: Path, roots: list[tuple[str, str, str]], transitive: bool = True
) -> None:
    """Download the jars ``roots`` (groupId, artifactId, version) name, with their runtime dependencies
    unless ``transitive`` is False, into ``target`` (named with their groupId), through a pom written in
    ``workdir``. Raises ServerError with mvn's first errors when one cannot be resolved."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "pom.xml").write_text(_pom(workdir.name, roots))
    target.mkdir(parents=True, exist_ok=True)
    args = [
        "dependency:copy-dependencies",
        f"-DoutputDirectory={target}",
        "-Dmdep.prependGroupId=true",
        "-DincludeScope=runtime",
        f"-DexcludeTransitive={str(not transitive).lower()}",
    ]
    if not _mvn_ok(workdir, args):
        log = (workdir / "mvn.log").read_text(errors="replace").splitlines()
        errors = [line for line in log if "[ERROR]" in line][:3]
        raise ServerError(
            f"mvn could not download {', '.join(a for _, a, _ in roots)}: "
            + (" / ".join(errors) or "see " + str(workdir / "mvn.log"))
        )


def _drop_jars_in(plugins: Path, already_in: Path) -> list[str]:
    """Remove plugin jars whose groupId.artifactId the server's lib/ already has (any version)."""
    shipped = {_artifact_key(j.name) for j in already_in.glob("*.jar")}
    removed = []
    for jar in plugins.glob("*.jar"):
        if _artifact_key(jar.name) in shipped:
            jar.unlink()
            removed.append(jar.name)
    return removed


def _artifact_key(jar_name: str) -> str:
    """``org.neo4j.gds.proc-2.13.9.jar`` -> ``org.neo4j.gds.proc`` (files named with prependGroupId)."""
    return re.sub(r"-\d[^-]*(-[A-Za-z]+)?\.jar$", "", jar_name)


def _mvn_ok(workdir: Path, goals: list[str]) -> bool:
    workdir.mkdir(parents=True, exist_ok=True)
    with open(workdir / "mvn.log", "w") as log:
        proc = subprocess.run(
            ["mvn", "-B", "-ntp", "-Dstyle.color=never", *goals],
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    return proc.returncode == 0


def _local_repository(build: Path) -> Path:
    proc = subprocess.run(
        [
            "mvn",
            "-B",
            "-q",
            "-Dstyle.color=never",
            "help:evaluate",
            "-Dexpression=settings.localRepository",
            "-DforceStdout",
        ],
        cwd=build,
        capture_output=True,
        text=True,
        check=False,
    )
    path = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout).strip() if proc.returncode == 0 else ""
    return Path(path) if path else Path("~/.m2/repository").expanduser()


def _pom(name: str, deps: list[tuple[str, str, str]], packaging: str = "pom", dep_type: str = "jar") -> str:
    body = "".join(
        f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>"
        f"<type>{dep_type}</type></dependency>"
        for g, a, v in deps
    )
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        f"<groupId>graphcli.install</groupId><artifactId>{name}</artifactId><version>1</version>"
        f"<packaging>{packaging}</packaging><dependencies>{body}</dependencies></project>\n"
    )


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.-]", version))
