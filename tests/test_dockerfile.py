"""The Dockerfile copies everything the running app reads (it cannot be built here, so this
is what keeps it from falling behind the code): every local package that app.py, pages/ and
what they import import, the catalogs and the Streamlit configuration."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copied() -> set[str]:
    """The first path of each COPY line, without a trailing slash."""
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    return {line.split()[1].rstrip("/") for line in lines if re.match(r"COPY\s", line)}


def local_imports(files) -> set[str]:
    """Top-level names imported by ``files`` that are this project's own folders or modules."""
    names = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {n for n in names if (ROOT / n).is_dir() or (ROOT / f"{n}.py").is_file()}


def test_the_image_has_every_package_the_app_imports():
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    reached, seen = local_imports(files), set()
    while reached - seen:   # follow the imports of the app's own packages too
        package = (reached - seen).pop()
        seen.add(package)
        reached |= local_imports(sorted((ROOT / package).rglob("*.py")))
    assert reached >= {"core", "ui"}, reached            # the walk found the app's packages
    assert "tests" not in reached and "bench" not in reached, reached
    assert reached <= copied(), f"imported but not copied into the image: {sorted(reached - copied())}"


def test_the_image_has_the_catalogs_the_configuration_and_the_pinned_packages():
    assert {"app.py", "pages", "locales", ".streamlit", "requirements.txt"} <= copied(), copied()
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --no-cache-dir -r requirements.txt" in text
    assert re.search(r'CMD \["streamlit", "run", "app.py"', text)
