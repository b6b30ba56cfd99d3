"""Run notebooks the way a student would, each alone in an empty folder.

    <clean python> tests/run_notebooks.py PACKAGE_ZIP NOTEBOOK...

Runs in the clean environment of tests/test_notebooks.py (torch, matplotlib,
ipykernel and nbclient only), so it imports nothing else. For each notebook it
prints one JSON line: its path, and either the text each code cell printed or
the cell that failed.
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def printed(cell):
    """The text a code cell printed (streams and plain results; not images)."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}\n")
        elif "text/plain" in output.get("data", {}) and len(output.data) == 1:
            parts.append(output.data["text/plain"] + "\n")
    return "".join(parts)


def run(package, path):
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(package, Path(folder) / "autograd_book.zip")
        client = NotebookClient(nb, timeout=300, kernel_name="python3")
        with client.setup_kernel(cwd=folder):
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as err:
                    return {
                        "notebook": str(path),
                        "failed": f"cell {index}: {err.ename}: {err.evalue}",
                    }
    return {
        "notebook": str(path),
        "printed": [printed(c) for c in nb.cells if c.cell_type == "code"],
    }


if __name__ == "__main__":
    for notebook in sys.argv[2:]:
        print(json.dumps(run(sys.argv[1], notebook)), flush=True)
