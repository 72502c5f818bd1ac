"""Weights and thresholds: defaults, YAML files, rescaling and the errors users see."""

from __future__ import annotations

import pytest

from chainnav.errors import ConfigError
from chainnav.security.nodes import node_adjacency, node_dependents, sensitivity_scenarios
from chainnav.security.params import SecurityParams, load_params, resolve_params


def test_defaults_sum_to_one():
    w = SecurityParams().chokepoint.normalized()
    assert w == pytest.approx({"foreign_share": 0.25, "foreign_concentration": 0.25, "local_weakness": 0.30,
                               "importance": 0.20})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("foreign_share: 1\nforeign_concentration: 1\nlocal_weakness: 1\nimportance: 1\n", 0.25),
        ("chokepoint:\n  importance: 3\n  foreign_share: 1\n  foreign_concentration: 0\n  local_weakness: 0\n", 0.75),
    ],
)
def test_yaml_weights(tmp_path, text, expected):
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_params(path).chokepoint.normalized()["importance"] == pytest.approx(expected)


def test_yaml_thresholds(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("strong_rta: 1.5\nwindow_years: 3\n", encoding="utf-8")
    p = load_params(path)
    assert (p.strong_rta, p.window_years, p.min_local) == (1.5, 3, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foreign_share: -1\n", "greater than or equal to 0"),
        ("foreign_share: 0\nforeign_concentration: 0\nlocal_weakness: 0\nimportance: 0\n", "sum to 0"),
        ("strong_rat: 2\n", "strong_rat"),
        ("- 1\n- 2\n", "expected a mapping"),
        ("a: [", "not valid YAML"),
    ],
)
def test_bad_weight_files(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_params(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="--weights"):
        load_params(tmp_path / "none.yaml")


def test_resolve_params_from_a_mapping():
    assert resolve_params({"importance": 1, "foreign_share": 1, "foreign_concentration": 0,
                           "local_weakness": 0}).chokepoint.normalized()["importance"] == 0.5
    assert resolve_params({"min_local": 7}).min_local == 7


def test_sensitivity_scenarios_clip_and_rescale():
    rows = sensitivity_scenarios({"foreign_share": 0.05, "foreign_concentration": 0.25, "local_weakness": 0.5,
                                  "importance": 0.2}, 0.1).to_pylist()
    down = next(r for r in rows if r["scenario"] == "foreign_share -0.10")
    assert down["w_foreign_share"] == 0.0  # clipped at 0, the rest rescaled by 1 / 0.95
    assert down["w_local_weakness"] == pytest.approx(0.5 / 0.95)


def test_structure_dependents_and_neighbours():
    import pyarrow as pa

    t = pa.table({
        "node_id": ["a", "a1", "a2", "m", "d"],
        "parent_id": [None, "a", "a", None, None],
        "segment": ["upstream", "upstream", "upstream", "midstream", "downstream"],
    })
    deps = {r["node_id"]: r["dependents"] for r in node_dependents(t).to_pylist()}
    assert deps == {"a": 2, "a1": 3, "a2": 3, "m": 1, "d": 0}
    pairs = set(zip(*node_adjacency(t).to_pydict().values(), strict=True))
    assert pairs == {("a", "a1"), ("a1", "a"), ("a", "a2"), ("a2", "a"), ("a1", "a2"), ("a2", "a1")}
