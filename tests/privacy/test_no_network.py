"""Nothing leaves the computer: the recording analysis and the live app, with the real MediaPipe model,
make no network contact.

Each run happens under ``strace -f`` inside an empty network namespace (``unshare -n``; ``unshare -rn``
when not root), so nothing could leave even if a release tried. strace still logs the attempt: any
``connect``/``sendto``/``sendmsg`` to an IPv4 or IPv6 address other than loopback fails the test. A DNS
lookup shows up as such a connect to the name server (port 53), even though the empty namespace makes it
fail. (Connections to the name service cache daemon's Unix socket are not counted: glibc asks it for user
names too.) mediapipe 1.x and 0.10.35 fail it: their libmediapipe carries a telemetry uploader that looks up play.googleapis.com on every run
(pyproject.toml explains the pin).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "plank__clean__side__a.mp4"
HEADLESS = REPO / "tests" / "app" / "headless_session.py"

# One line of strace output per network call; the address family and address are what matter.
_CALL = re.compile(r"\b(connect|sendto|sendmsg)\((.*)")
_INET = re.compile(r'sa_family=AF_INET6?, .*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")')
_LOOPBACK = re.compile(r"^(127\.|::1$|::ffff:127\.)")


def network_attempts(strace_log: str) -> list[str]:
    """The lines of an strace log that try to reach another machine (or resolve a name to do so)."""
    bad = []
    for line in strace_log.splitlines():
        m = _CALL.search(line)
        if not m:
            continue
        args = m.group(2)
        addr = _INET.search(args)
        if addr and not _LOOPBACK.match(addr.group(1) or addr.group(2) or ""):
            bad.append(line)
        elif "sa_family=AF_INET" in args and not addr:
            bad.append(line)  # an address strace could not print: not provably loopback
    return bad


def _isolated(cmd: list[str], log: Path, env: dict, timeout_s: float) -> subprocess.CompletedProcess:
    if not shutil.which("strace") or not shutil.which("unshare"):
        pytest.fail("strace and unshare are needed (scripts/setup.sh installs strace)")
    ns = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    trace = ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(log)]
    return subprocess.run(ns + trace + cmd, env=env, capture_output=True, text=True, timeout=timeout_s)


def test_the_parser_sees_what_mediapipe_1x_did():
    """The log lines mediapipe 1.2.2 produced (its telemetry's DNS lookups) are caught; loopback is not."""
    log = "\n".join([
        '4284  connect(7, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
        '4284  connect(7, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = -1',
        '4290  sendto(9, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "2a00:1450::1", &sin6_addr), sin6_scope_id=0}, 28) = -1',
        '4300  connect(5, {sa_family=AF_INET, sin_port=htons(6000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        '4301  connect(5, {sa_family=AF_UNIX, sun_path="/tmp/.X11-unix/X0"}, 20) = 0',
        '4302  sendto(5, "abc", 3, MSG_NOSIGNAL, NULL, 0) = 3',
    ])
    bad = network_attempts(log)
    assert len(bad) == 2
    assert all(("10.255" in b) or ("2a00" in b) for b in bad)


@pytest.mark.needs_model
@pytest.mark.slow
def test_analyze_makes_no_network_contact(tmp_path):
    env = {**os.environ, "POSECHECK_DATA_DIR": str(tmp_path / "data")}
    log = tmp_path / "strace.log"
    out = _isolated([sys.executable, "-m", "posecheck", "analyze", str(FIXTURE), "-e", "plank", "--model", "lite",
                     "--end", "3", "--json", str(tmp_path / "r.json")], log, env, timeout_s=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert (tmp_path / "r.json").is_file()
    assert network_attempts(log.read_text()) == []


@pytest.mark.needs_model
@pytest.mark.slow
@pytest.mark.gui
def test_live_app_makes_no_network_contact(tmp_path):
    """The desktop app's live path (worker thread, real model, recorder, session library) on a video."""
    env = {**os.environ, "POSECHECK_DATA_DIR": str(tmp_path / "data"), "POSECHECK_CONFIG_DIR": str(tmp_path / "cfg"),
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    log = tmp_path / "strace.log"
    out = _isolated([sys.executable, str(HEADLESS), str(FIXTURE), "0", "--speed", "4", "--real-model", "lite"],
                    log, env, timeout_s=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "started" in out.stdout
    sessions = list((tmp_path / "data").rglob("meta.json"))
    assert sessions, "the live run recorded no session"
    assert network_attempts(log.read_text()) == []
