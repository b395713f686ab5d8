"""``leitstern forecast ...`` end to end, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from leitstern.engines.forecast.cli import main

from .helpers import shared_file


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.shared_data
def test_how_many_prints_a_table_and_a_histogram(capsys):
    path = shared_file("numpy_prs.csv")
    code, out, _ = run(capsys, "how-many", str(path), "--days", "30", "--as-of", "2026-08-20")
    assert code == 0
    assert "plain" in out and "calibrated" in out and "#" in out
    assert "85%" in out and "smaller the number" in out


@pytest.mark.shared_data
def test_how_many_json_has_the_documented_keys(capsys):
    path = shared_file("numpy_prs.csv")
    code, out, _ = run(
        capsys, "how-many", str(path), "--days", "30", "--as-of", "2026-08-20", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert set(data["plain"]) == {"50", "70", "85", "95"}
    assert all(isinstance(v, int) for v in data["calibrated"].values())
    assert data["plain"]["85"] <= data["plain"]["50"]
    assert data["window"] == {
        "start": "2026-02-22", "end": "2026-08-20", "days": 180, "samples": 180,
        "days_with_completions": 151, "items": 606,
    }  # fmt: skip
    # numpy merged twice as much in its last ten weeks as before (16 against 35 a week)
    assert [w["code"] for w in data["warnings"]] == ["throughput_shift"]
    assert set(data["hit_rates"]) == {"plain", "calibrated"}


@pytest.mark.shared_data
def test_when_json_gives_days_and_dates(capsys):
    path = shared_file("pytest_prs.csv")
    code, out, _ = run(
        capsys, "when", str(path), "--items", "40", "--as-of", "2026-08-20", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert set(data["plain"]["85"]) == {"days", "date"}
    assert data["plain"]["85"]["days"] >= data["plain"]["50"]["days"]
    assert data["calibrated"]["95"]["days"] >= data["plain"]["95"]["days"]


@pytest.mark.shared_data
def test_chance_and_monte_carlo_with_a_seed(capsys):
    path = shared_file("pytest_prs.csv")
    args = ["chance", str(path), "--items", "40", "--by", "2026-10-15", "--as-of", "2026-08-20",
            "--engine", "montecarlo", "--trials", "20000", "--seed", "3", "--json"]  # fmt: skip
    first = json.loads(run(capsys, *args)[1])
    second = json.loads(run(capsys, *args)[1])
    assert first["probability"] == second["probability"]
    assert 0 < first["probability"] < 1


@pytest.mark.shared_data
def test_scenario_options_are_accepted(capsys):
    path = shared_file("kafka_jira.csv")
    code, out, _ = run(
        capsys, "when", str(path), "--items", "60", "--as-of", "2024-10-20", "--working-days",
        "--holiday", "2024-12-24,2024-12-25", "--split", "1-1.3", "--adjust", "2024-12-01:0.8",
        "--window", "90", "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    assert data["scenario"]["working_days"] and data["scenario"]["split"] == [1.0, 1.3]


@pytest.mark.shared_data
def test_backtest_json_reports_hit_rates_as_fractions(capsys):
    path = shared_file("kafka_jira.csv")
    code, out, _ = run(capsys, "backtest", str(path), "--as-of", "2024-10-20", "--json")
    data = json.loads(out)
    assert code == 0
    assert 0 < data["hit_rates"]["plain"]["85"] < 1
    assert data["cuts"] and "crps" in data


@pytest.mark.shared_data
def test_cycle_time_needs_start_dates(capsys, tmp_path: Path):
    f = tmp_path / "items.csv"
    f.write_text("key;started;done\nA;01.11.2026;05.11.2026\nB;02.11.2026;03.11.2026\n")
    code, out, _ = run(capsys, "cycle-time", str(f), "--as-of", "2026-11-20")
    assert code == 0 and "finished within" in out
    code, _, err = run(capsys, "cycle-time", str(shared_file("flask_prs.csv")))
    assert code == 2 and "start date" in err


@pytest.mark.parametrize(
    ("content", "args", "needle"),
    [
        ("item,done\nA,2026-01-05\nB,someday\n", ["how-many", "--days", "5"], "row 3"),
        ("item,done\nA,2026-01-05\n", ["when", "--items", "0"], "at least 1"),
        ("item,done\nA,2026-01-05\n", ["when", "--items", "5", "--done", "5"], "already met"),
        ("name,colour\nx,red\n", ["how-many", "--days", "5"], "No column"),
        ("item,done\nA,2026-01-05\n", ["how-many", "--days", "5", "--as-of", "2099-01-01"],
         "future"),
    ],
)  # fmt: skip
def test_errors_exit_with_status_2_and_say_why(capsys, tmp_path, content, args, needle):
    f = tmp_path / "in.csv"
    f.write_text(content)
    code, _, err = run(capsys, args[0], str(f), *args[1:])
    assert code == 2
    assert needle in err


def test_skip_invalid_goes_on_and_warns(capsys, tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("item,done\n" + "".join(f"I{i},2026-10-{i:02d}\n" for i in range(1, 29)) + "X,?\n")
    code, out, _ = run(
        capsys, "how-many", str(f), "--days", "5", "--as-of", "2026-10-30", "--skip-invalid"
    )
    assert code == 0 and "warning: Row 30" in out


def test_json_errors_are_machine_readable(capsys, tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("item,done\nA,2026-01-05\n")
    code, out, _ = run(capsys, "when", str(f), "--items", "0", "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "invalid_items"


@pytest.mark.shared_data
def test_the_leitstern_command_dispatches_to_the_engine():
    path = shared_file("flask_prs.csv")
    out = subprocess.run(
        [sys.executable, "-m", "leitstern.cli", "forecast", "how-many", str(path), "--days", "30",
         "--as-of", "2026-03-24", "--json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "plain" in json.loads(out.stdout)
