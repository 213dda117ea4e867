"""The module graph of a run: which file an import names, and which files belong together.

Imports are resolved to files of the run the way the language does: Python absolute and
relative imports, packages (`__init__.py`), `src/` layouts; JavaScript and TypeScript
relative specifiers with their extensions (`./api` -> `api.ts`, `./api.js` -> `api.ts`),
index files, `require`. An import that names no file of the run is a library
(`requests.get`, `auth0-js`'s `WebAuth`).

Files belong together (an *app*) when they are linked: by an import, a template a view
renders, a script a page loads, the folder they are in, or a project root they share (a
folder below the run's own with `package.json`, `pyproject.toml`, `setup.py`, `setup.cfg`,
`requirements.txt` or `manage.py`). What is joined
by name only (a session or storage key, a registered client's name, a token the browser
posts back) is joined inside an app, never across apps: a check of a monorepo reports what
the checks of its apps report.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from scopelint.facts.program import Import, Program

PROJECT_MARKERS = ("package.json", "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "manage.py")
_JS_EXTENSIONS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
_TEMPLATE_DIRS = ("templates", "template", "views")


class ModuleGraph:
    def __init__(self, programs: Iterable[Program], markers: Iterable[str] = (), others: Iterable[str] = ()) -> None:
        """`others`: files of the run not lowered (the prefilter dismissed them): imports
        resolve to them too, to tell which of them the programs need (`needed_files`)."""
        self.programs: dict[str, Program] = {p.path: p for p in programs}
        self.files: set[str] = {*self.programs, *others}
        self._python: dict[str, list[str]] = {}  # dotted suffix -> module paths (files and folders)
        folders: set[str] = set()
        for path in self.files:
            if path.endswith((".py", ".pyi")):
                for name in _dotted_suffixes(path):
                    self._python.setdefault(name, []).append(path)
                folder = posixpath.dirname(path)
                while folder and folder not in folders:  # namespace packages have no __init__.py
                    folders.add(folder)
                    folder = posixpath.dirname(folder)
        for folder in sorted(folders):
            for name in _dotted_suffixes(folder + ".py"):
                if folder + "/__init__.py" not in self.files:
                    self._python.setdefault(name, []).append(folder)
        self._by_basename: dict[str, list[str]] = {}
        for path in self.files:
            self._by_basename.setdefault(posixpath.basename(path), []).append(path)
        self._roots = sorted({posixpath.dirname(m) for m in markers}, key=len, reverse=True)
        self._resolved: dict[tuple[str, int], tuple[str, str | None] | None] = {}
        self._app: dict[str, int] = {}
        self._settings_candidates: list[str] | None = None
        self._settings_of: dict[str, str | None] = {}  # a file -> its nearest settings module
        self._globals: dict[str, list[str]] | None = None  # global name -> the scripts defining it

    def add_program(self, program: Program) -> None:
        """A file of the run (one of `others`) lowered after all: its imports are followed too."""
        self.programs[program.path] = program
        self.files.add(program.path)
        self._app = {}
        self._globals = None

    # ------------------------------------------------------------------ imports
    def resolve(self, path: str, index: int) -> tuple[str, str | None] | None:
        """(the file an import names, the name imported from it or None for the whole
        module), or None when the import names no file of the run."""
        key = (path, index)
        if key not in self._resolved:
            program = self.programs[path]
            imported = program.imports[index]
            if program.language == "python":
                self._resolved[key] = self._python_import(path, imported)
            else:
                self._resolved[key] = self._script_import(path, imported)
        return self._resolved[key]

    def resolve_import(self, path: str, imported: Import) -> tuple[str, str | None] | None:
        """`resolve` for an import that is not among a program's (`imports_in` a file's text)."""
        if path.endswith((".py", ".pyi")):
            return self._python_import(path, imported)
        return self._script_import(path, imported)

    def _python_import(self, path: str, imported: Import) -> tuple[str, str | None] | None:
        if imported.level:
            package = posixpath.dirname(path)
            for _ in range(imported.level - 1):
                package = posixpath.dirname(package)
            base = posixpath.join(package, *imported.module.split(".")) if imported.module else package
            candidates = [base]
        else:
            candidates = list(self._closest(path, self._python.get(imported.module, [])))
        for module in candidates:
            if imported.name is not None:
                # `from pkg import name`: a submodule pkg/name.py, else a name of pkg
                submodule = self._python_file(posixpath.join(_strip_py(module), imported.name))
                if submodule is not None:
                    return submodule, None
            found = self._python_file(_strip_py(module))
            if found is not None:
                return found, imported.name
            if imported.name is None and module in self._python.get(imported.module, []):
                return None  # a namespace package imported as a whole: nothing to follow
        return None

    def _python_file(self, stem: str) -> str | None:
        for candidate in (stem + ".py", stem + ".pyi", posixpath.join(stem, "__init__.py")):
            if candidate in self.files:
                return candidate
        return None

    def _closest(self, path: str, paths: list[str]) -> list[str]:
        """Files that may be the module, the one nearest to the importing file first."""
        here = posixpath.dirname(path).split("/")
        return sorted(paths, key=lambda p: (-_shared(here, posixpath.dirname(p).split("/")), p))

    def _script_import(self, path: str, imported: Import) -> tuple[str, str | None] | None:
        specifier = imported.module
        name = "default" if imported.default else imported.name
        if specifier.startswith(("./", "../", "/")):
            base = posixpath.normpath(posixpath.join(posixpath.dirname(path), specifier))
        elif specifier.startswith(("@/", "~/")):  # the usual alias of a project's src/
            root = self.root_of(path) or ""
            base = posixpath.normpath(posixpath.join(root, "src", specifier[2:]))
        else:
            return None  # a package: a library
        found = self._script_file(base)
        return (found, name) if found is not None else None

    def _script_file(self, base: str) -> str | None:
        if base in self.files:
            return base
        stem, extension = posixpath.splitext(base)
        if extension in (".js", ".jsx", ".mjs", ".cjs"):  # TypeScript's `import "./x.js"` of x.ts
            for ext in _JS_EXTENSIONS:
                if stem + ext in self.files:
                    return stem + ext
        for ext in _JS_EXTENSIONS:
            if base + ext in self.files:
                return base + ext
        for ext in _JS_EXTENSIONS:
            candidate = posixpath.join(base, "index" + ext)
            if candidate in self.files:
                return candidate
        return None

    def specifier(self, path: str, specifier: str) -> str | None:
        """The file a JavaScript module specifier of `path` names (`export * from "./x"`)."""
        found = self._script_import(path, Import(specifier, None))
        return found[0] if found is not None else None

    def submodule(self, package: str, name: str) -> str | None:
        """`pkg/name.py` (or `pkg/name/__init__.py`) of the package whose `__init__.py` is `package`."""
        return self._python_file(posixpath.join(posixpath.dirname(package), name))

    def reference(self, path: str, name: str) -> str | None:
        """The file a program refers to by name: a template a view renders
        (`render_template("profile.html")`), a script a page loads (`<script src=...>`)."""
        name = name.split("?", 1)[0].split("#", 1)[0]
        if not name or "://" in name or name.startswith("//"):
            return None
        if name.startswith("/"):
            name = name.lstrip("/")
        here = posixpath.dirname(path)
        direct = posixpath.normpath(posixpath.join(here, name))
        if direct in self.files:
            return direct
        candidates = [
            p for p in self._by_basename.get(posixpath.basename(name), []) if p.endswith("/" + name) or p == name
        ]
        if not candidates:
            return None
        return self._closest(path, candidates)[0]

    def _framework_settings(self, path: str, program: Program) -> str | None:
        """`from django.conf import settings`: the settings module of the project, the one
        nearest to the file (a project's settings are what its views read)."""
        if program.language != "python":
            return None
        if not any(i.module == "django.conf" and i.name == "settings" for i in program.imports):
            return None
        return self.settings_module(path)

    def settings_module(self, path: str) -> str | None:
        """The settings module nearest to `path` (settings.py, or a settings package's module)."""
        if path in self._settings_of:
            return self._settings_of[path]
        if self._settings_candidates is None:
            self._settings_candidates = [
                p
                for p in self.files
                if p.endswith(("/settings.py", "/settings/__init__.py"))
                or p == "settings.py"
                or "/settings/" in p
                and p.endswith(".py")
            ]
        candidates = self._settings_candidates
        found = self._settings_of[path] = self._closest(path, candidates)[0] if candidates else None
        return found

    def needed_files(self, path: str) -> list[str]:
        """The files a program's code reaches: its imports, the templates and scripts it names,
        its framework's settings."""
        program = self.programs[path]
        found = [target[0] for index in range(len(program.imports)) if (target := self.resolve(path, index))]
        found += [file for name in program.references if (file := self.reference(path, name))]
        settings = self._framework_settings(path, program)
        return [*found, settings] if settings is not None else found

    def script_globals(self, path: str, name: str) -> list[str]:
        """The other classic scripts of the app of `path` that define the global `name`
        (pages load them side by side: a function of auth.js called from garden.js)."""
        if self._globals is None:
            self._globals = {}
            for other, program in sorted(self.programs.items()):
                for defined in program.globals:
                    self._globals.setdefault(defined, []).append(other)
        app = self.app_of(path)
        return [p for p in self._globals.get(name, []) if p != path and self.app_of(p) == app]

    # ------------------------------------------------------------------ apps
    def root_of(self, path: str) -> str | None:
        """The project root holding `path`: the nearest folder with a project marker."""
        for root in self._roots:
            if root == "" or path.startswith(root + "/"):
                return root
        return None

    def app_of(self, path: str) -> int:
        if not self._app:
            self._app = self._apps()
        return self._app.get(path, -1)

    def _apps(self) -> dict[str, int]:
        parent = {path: path for path in self.programs}

        def find(path: str) -> str:
            while parent[path] != path:
                parent[path] = parent[parent[path]]
                path = parent[path]
            return path

        def link(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        for path in self.programs:
            for needed in self.needed_files(path):
                if needed in parent:
                    link(path, needed)
        by_root: dict[str, str] = {}
        for path in self.programs:
            # files of one project root, and files of one folder, are one app
            for root in (self.root_of(path), "dir:" + posixpath.dirname(path)):
                if root is None or root == "":  # a marker at the top of the run: the run itself
                    continue
                if root in by_root:
                    link(path, by_root[root])
                else:
                    by_root[root] = path
        numbers: dict[str, int] = {}
        return {path: numbers.setdefault(find(path), len(numbers)) for path in sorted(self.programs)}


def _strip_py(path: str) -> str:
    for suffix in ("/__init__.py", ".py", ".pyi"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _dotted_suffixes(path: str) -> list[str]:
    """`src/app/auth.py` -> ["auth", "app.auth", "src.app.auth"]; a package's `__init__.py`
    is the package: `app/__init__.py` -> ["app"]."""
    parts = _strip_py(path).split("/")
    return [
        ".".join(parts[start:])
        for start in range(len(parts) - 1, -1, -1)
        if all(p.isidentifier() for p in parts[start:])
    ]


def _shared(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


# `from ..x.y import (a, b)`, `import x.y as z, w`
_PYTHON_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]*))", re.MULTILINE
)
# `import x from "./y"`, `export * from "./y"`, `require("./y")`, `import("./y")`
_SCRIPT_IMPORT = re.compile(r"""(?:\bfrom|\bimport|\brequire[ \t]*\(|\bimport[ \t]*\()[ \t]*(['"])([^'"\n]+)\1""")


def imports_in(path: str, text: str) -> list[Import]:
    """The imports of a file read off its text, without lowering it: which files of the run a
    file the prefilter dismissed needs. Over-approximate (an import in a string counts); the
    file is then analysed, which decides nothing by itself."""
    if not path.endswith((".py", ".pyi")):
        return [Import(match.group(2), None) for match in _SCRIPT_IMPORT.finditer(text)]
    found = []
    for match in _PYTHON_IMPORT.finditer(text):
        dots, module, names, plain = match.groups()
        if plain is not None:
            found += [Import(name.split(" as ")[0].strip(), None) for name in plain.split(",")]
        else:
            for name in names.strip("()").split(","):
                found.append(Import(module or "", name.split(" as ")[0].strip() or None, len(dots or "")))
    return found
