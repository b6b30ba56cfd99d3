"""`tools/find-python` picks the interpreter that `make` builds the virtual environment with."""

import os
import subprocess
import sys

from .conftest import ROOT

FIND = ROOT / "tools" / "find-python"


def find(tmp_path, **interpreters):
    """Run find-python with a PATH that holds only `interpreters` (name: a suitable one?)."""
    for name, suitable in interpreters.items():
        path = tmp_path / name
        if suitable:  # a real interpreter of a version that fits (this one)
            path.symlink_to(sys.executable)
        else:  # one that exists but is too old: its version check fails
            path.write_text("#!/bin/sh\nexit 1\n")
            path.chmod(0o755)
    env = {**os.environ, "PATH": str(tmp_path)}
    return subprocess.run(["/bin/sh", str(FIND)], env=env, capture_output=True, text=True)


def test_the_first_suitable_interpreter_in_order(tmp_path):
    found = find(tmp_path, **{"python3.13": True, "python3.12": True, "python3": True})
    assert (found.returncode, found.stdout) == (0, "python3.12\n")


def test_python3_when_it_fits(tmp_path):
    found = find(tmp_path, python3=True)
    assert (found.returncode, found.stdout) == (0, "python3\n")


def test_an_unsuitable_python_is_refused_with_the_versions_that_work(tmp_path):
    found = find(tmp_path, python3=False, **{"python3.11": False})
    assert found.returncode == 1 and found.stdout == ""
    assert "Python 3.11 to 3.13" in found.stderr
