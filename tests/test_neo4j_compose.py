"""docker-compose.yml, the Dockerfile and .env.example, checked as files (no Docker engine is needed):
what a user relies on when running ``docker compose up``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_neo4j_5_community_with_a_volume_a_health_check_and_credentials_from_the_environment() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5")
    assert "community" in neo4j["image"]
    volume, _, mount = neo4j["volumes"][0].partition(":")
    assert mount == "/data"
    assert volume in compose()["volumes"]
    assert neo4j["environment"]["NEO4J_AUTH"] == "${NEO4J_USER:-neo4j}/${NEO4J_PASSWORD:-change-me-please}"
    check = neo4j["healthcheck"]
    assert check["test"][0] == "CMD-SHELL"
    assert "cypher-shell" in check["test"][1]
    assert "RETURN 1" in check["test"][1]
    assert {"interval", "timeout", "retries"} <= set(check)


def test_the_api_waits_for_neo4j_loads_the_reference_data_and_serves_on_8000() -> None:
    api = compose()["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert api["environment"]["CAACGRAPH_STORE"] == "bolt://neo4j:7687"
    assert api["environment"]["NEO4J_PASSWORD"] == "${NEO4J_PASSWORD:-change-me-please}"
    command = " ".join(api["command"])
    assert command.index("caacgraph load --reference") < command.index("caacgraph serve --host 0.0.0.0 --port 8000")
    assert api["ports"] == ["${CAACGRAPH_BIND:-127.0.0.1}:${CAACGRAPH_PORT:-8000}:8000"]


def test_env_example_sets_every_variable_the_compose_file_reads() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    used = dict(re.findall(r"\$\{(\w+):-([^}]*)\}", text))
    example = env_example()
    assert set(used) == set(example)
    assert all(example[name] == default for name, default in used.items())
    assert len(example["NEO4J_PASSWORD"]) >= 8  # Neo4j refuses shorter passwords
    assert example["NEO4J_USER"] == "neo4j"  # the only user NEO4J_AUTH may set


def test_dockerfile_builds_from_python_3_11_slim_with_the_reference_data() -> None:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    assert lines[[line.startswith("FROM") for line in lines].index(True)] == "FROM python:3.11-slim"
    copies = [line.split()[1] for line in lines if line.startswith("COPY")]
    assert "data/reference" in copies
    for source in copies:
        if "[" not in source:
            assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which is not in the repository"
    assert any("pip install ." in line for line in lines)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignored
    assert ".env" in ignored
    assert "data" not in ignored
