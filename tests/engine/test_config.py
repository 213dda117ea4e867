"""scopelint.config: finding and validating the configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from scopelint.config import Config, ConfigError, find_config, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(start: Path, explicit: Path | None = None) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(start, explicit)
    return str(info.value)


FULL_TOML = """
[project]
name = "demo"

[tool.scopelint]
select = ["SL101", "id-token-bearer"]
ignore = ["SL102"]
exclude = ["generated/", "*_pb2.py"]
custom-domains = ["Login.Example.com", "auth.example.org."]
rule-packs = ["packs/extra.yaml"]

[tool.scopelint.per-file-ignores]
"tests/**" = ["SL101"]
"scripts/*.py" = ["SL102", "SL103"]
"""


def test_defaults_when_no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(tmp_path)
    assert config == Config(root=tmp_path)
    assert config.source is None
    assert config.select is None
    assert config.ignore == ()
    assert config.exclude == ()
    assert config.per_file_ignores == {}
    assert config.ignored_for("a.py") == frozenset()


def test_pyproject_all_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "pyproject.toml", FULL_TOML)
    config = load_config(tmp_path)
    assert config.source == path
    assert config.root == tmp_path
    assert config.select == ("SL101", "id-token-bearer")
    assert config.ignore == ("SL102",)
    assert config.exclude == ("generated/", "*_pb2.py")
    assert config.custom_domains == ("login.example.com", "auth.example.org")
    assert config.rule_packs == (tmp_path / "packs" / "extra.yaml",)
    assert config.per_file_ignores == {
        "tests/**": ("SL101",),
        "scripts/*.py": ("SL102", "SL103"),
    }


def test_yaml_all_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / ".scopelint.yaml",
        "select: [SL101]\n"
        "ignore: []\n"
        "exclude: [vendor/]\n"
        "custom-domains: [id.example.com]\n"
        "rule-packs: [/abs/pack.yaml]\n"
        "per-file-ignores:\n"
        "  'tests/*': [SL101]\n",
    )
    config = load_config(tmp_path)
    assert config.source == tmp_path / ".scopelint.yaml"
    assert config.select == ("SL101",)
    assert config.exclude == ("vendor/",)
    assert config.custom_domains == ("id.example.com",)
    assert config.rule_packs == (Path("/abs/pack.yaml"),)
    assert config.per_file_ignores == {"tests/*": ("SL101",)}


def test_empty_yaml_is_defaults(tmp_path: Path) -> None:
    write(tmp_path / ".scopelint.yaml", "# nothing yet\n")
    config = load_config(tmp_path)
    assert config.source == tmp_path / ".scopelint.yaml"
    assert config.select is None and config.ignore == ()


def test_empty_select_selects_nothing(tmp_path: Path) -> None:
    write(tmp_path / ".scopelint.yaml", "select: []\n")
    assert load_config(tmp_path).select == ()


def test_search_goes_upward(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.scopelint]\nignore = ['SL101']\n")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep) == path
    config = load_config(deep)
    assert config.root == tmp_path
    assert config.ignore == ("SL101",)


def test_nearest_directory_wins(tmp_path: Path) -> None:
    write(tmp_path / ".scopelint.yaml", "ignore: [OUTER]\n")
    inner = write(tmp_path / "sub" / "pyproject.toml", "[tool.scopelint]\nignore = ['INNER']\n")
    assert find_config(tmp_path / "sub") == inner
    assert load_config(tmp_path / "sub").ignore == ("INNER",)


def test_yaml_wins_over_pyproject_in_one_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.scopelint]\nignore = ['TOML']\n")
    yaml_path = write(tmp_path / ".scopelint.yaml", "ignore: [YAML]\n")
    assert find_config(tmp_path) == yaml_path
    assert load_config(tmp_path).ignore == ("YAML",)


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / "pyproject.toml", "[tool.scopelint]\nignore = ['OUTER']\n")
    # Mentions scopelint (so it gets parsed) but has no [tool.scopelint] table.
    write(
        tmp_path / "sub" / "pyproject.toml",
        "[project]\nname = 'x'\ndependencies = ['scopelint']\n[tool.black]\nline-length = 99\n",
    )
    assert find_config(tmp_path / "sub") == outer
    assert load_config(tmp_path / "sub").ignore == ("OUTER",)


def test_broken_unrelated_pyproject_does_not_stop_the_search(tmp_path: Path) -> None:
    outer = write(tmp_path / ".scopelint.yaml", "ignore: [OUTER]\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project\nname = \n")
    assert find_config(tmp_path / "sub") == outer


def test_find_config_none(tmp_path: Path) -> None:
    # tmp_path's ancestors (e.g. /tmp) hold no scopelint configuration.
    assert find_config(tmp_path) is None


def test_explicit_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", "ignore: [NEAR]\n")
    explicit = write(tmp_path / "conf" / "ci.yaml", "ignore: [EXPLICIT]\n")
    config = load_config(tmp_path, Path("conf/ci.yaml"))
    assert config.ignore == ("EXPLICIT",)
    assert config.source == explicit
    assert config.root == tmp_path / "conf"


def test_explicit_config_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert error_of(tmp_path, Path("missing.yaml")) == "missing.yaml: no such file"


def test_explicit_pyproject_without_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert error_of(tmp_path, Path("pyproject.toml")) == ("pyproject.toml: no [tool.scopelint] table")


def test_unknown_key_with_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", "selct: [SL101]\n")
    assert error_of(tmp_path) == (
        ".scopelint.yaml: unknown key 'selct', did you mean 'select'? "
        "(known: custom-domains, exclude, ignore, languages, per-file-ignores, rule-packs, select)"
    )


def test_unknown_key_underscore_spelling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", "[tool.scopelint]\nper_file_ignores = {}\n")
    message = error_of(tmp_path)
    assert message.startswith("pyproject.toml: [tool.scopelint] unknown key 'per_file_ignores'")
    assert "did you mean 'per-file-ignores'?" in message


def test_unknown_key_without_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", "zzzzzz: 1\n")
    message = error_of(tmp_path)
    assert message.startswith(".scopelint.yaml: unknown key 'zzzzzz' (known: ")
    assert "did you mean" not in message


def test_wrong_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", "[tool.scopelint]\nselect = 3\n")
    assert error_of(tmp_path) == ("pyproject.toml: [tool.scopelint] select: expected a list of strings, got int")


def test_wrong_item_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", "ignore: [SL101, 7]\n")
    assert error_of(tmp_path) == (".scopelint.yaml: ignore: expected a list of strings, item 1 is int")


def test_single_string_is_not_a_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", "exclude: build/\n")
    assert error_of(tmp_path) == (".scopelint.yaml: exclude: expected a list of strings, got string")


def test_per_file_ignores_wrong_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", "per-file-ignores: [SL101]\n")
    assert error_of(tmp_path) == (
        ".scopelint.yaml: per-file-ignores: expected a table of pattern = list of codes, got list"
    )
    write(tmp_path / ".scopelint.yaml", "per-file-ignores:\n  'tests/*': SL101\n")
    assert error_of(tmp_path) == (".scopelint.yaml: per-file-ignores 'tests/*': expected a list of strings, got string")


def test_top_level_yaml_must_be_a_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", "- select\n")
    assert error_of(tmp_path) == (".scopelint.yaml: expected a mapping of settings at the top level, got list")


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("https://login.example.com", "drop the scheme"),
        ("login.example.com/authorize", "drop the path"),
        ("login.example.com:443", "drop the port"),
        ("bad_host.example.com", "not a valid host name"),
        ("-leading.example.com", "not a valid host name"),
        ("a..b", "not a valid host name"),
    ],
)
def test_custom_domains_must_be_host_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", f"custom-domains: ['{entry}']\n")
    assert error_of(tmp_path) == (
        f".scopelint.yaml: custom-domains: expected a host name like 'login.example.com', got '{entry}' ({problem})"
    )


def test_malformed_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", "[tool.scopelint]\nselect = [1,,]\nignore = []\n")
    message = error_of(tmp_path)
    assert message.startswith("pyproject.toml: invalid TOML: ")
    assert "line" in message
    assert "\n" not in message


def test_malformed_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".scopelint.yaml", "select: [SL101\nignore: x\n")
    message = error_of(tmp_path)
    assert message.startswith(".scopelint.yaml: invalid YAML at line ")
    assert "\n" not in message


def test_yaml_python_tag_is_refused_and_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    # With yaml.load/unsafe_load this would create `marker`.
    write(
        tmp_path / ".scopelint.yaml",
        f"select: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]\n",
    )
    message = error_of(tmp_path)
    assert message.startswith(
        ".scopelint.yaml: YAML tag '!!python/object/apply:pathlib.Path.touch' at line 1 is not allowed"
    )
    assert not marker.exists()


def test_yaml_os_system_tag_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "ran"
    write(
        tmp_path / ".scopelint.yaml",
        f"ignore: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    assert "YAML tag '!!python/object/apply:os.system'" in error_of(tmp_path)
    assert not marker.exists()


def test_ignored_for_per_file_ignores(tmp_path: Path) -> None:
    config = Config(
        root=tmp_path,
        per_file_ignores={
            "tests/**": ("SL101",),
            "*.pyi": ("SL102",),
            "/scripts/": ("id-token-bearer",),
        },
    )
    assert config.ignored_for("tests/unit/test_a.py") == frozenset({"SL101"})
    assert config.ignored_for("tests/stubs/a.pyi") == frozenset({"SL101", "SL102"})
    assert config.ignored_for("scripts/deploy.py") == frozenset({"id-token-bearer"})
    # Anchored pattern: a nested scripts/ directory does not match.
    assert config.ignored_for("src/scripts/deploy.py") == frozenset()
    assert config.ignored_for("src/app.py") == frozenset()


def test_ignored_for_from_loaded_config(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", FULL_TOML)
    config = load_config(tmp_path)
    assert config.ignored_for("tests/test_x.py") == frozenset({"SL101"})
    assert config.ignored_for("scripts/run.py") == frozenset({"SL102", "SL103"})
    assert config.ignored_for("scripts/sub/run.py") == frozenset()


def test_exclude_spec_matches_relative_to_root(tmp_path: Path) -> None:
    config = Config(root=tmp_path, exclude=("generated/", "*_pb2.py"))
    assert config.exclude_spec.match_file("a/generated/x.py")
    assert config.exclude_spec.match_file("api_pb2.py")
    assert not config.exclude_spec.match_file("src/app.py")
