"""The production stack as files (no Docker engine runs here): docker-compose.yml, the Dockerfiles, .env.example,
Rasa's production endpoints and the proxy. Every service, port, volume and variable the code reads is declared, the
commands are the project's entry points, and the hub refuses to start in production with default secrets."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosk_api import config
from tools.stack import KEEP_ALIVE_SECONDS, REPO_DIR

COMPOSE = yaml.safe_load((REPO_DIR / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
ONE_OFF = {"migrate", "train"}
# What the code reads that the stack deliberately leaves to its default, and why.
LEFT_TO_DEFAULT = {
    "RASA_PORT": "development only: RASA_URL is set instead",
    "ACTION_SERVER_PORT": "development only: ACTION_SERVER_URL is set instead",
    "KIOSK_API_PORT": "set in the image (8000)",
    "KIOSK_API_HOST": "set in the image (0.0.0.0)",
    "LOCALES_DIR": "set in the image",
    "STAFF_ADMIN_PASSWORD": "only for `create_admin` run by hand",
    "TELEGRAM_API_URL": "tests point it at the fake Bot API; production uses Telegram's",
    "TELEGRAM_FILE_URL": "tests point it at the fake Bot API; production uses Telegram's",
    "TELEGRAM_TIMEOUT_SECONDS": "the default (10 s) suits Telegram",
    "TELEGRAM_WEBHOOK_PORT": "set in docker-compose.yml for the gateway",
}
READS = re.compile(r"os\.environ(?:\.get\(|\[)\"([A-Z_]+)\"")
REFERENCE = re.compile(r"\$\{([A-Z_]+)\}")


def variables_read(*directories: str) -> set[str]:
    """Every environment variable the Python code under some directories reads."""
    found = set()
    for directory in directories:
        for path in (REPO_DIR / directory).rglob("*.py"):
            found |= set(READS.findall(path.read_text(encoding="utf-8")))
    return found


def environment(service: str) -> dict[str, Any]:
    return SERVICES[service].get("environment") or {}


def dockerfile(path: str) -> str:
    # Continuation lines joined, so each instruction is one line.
    return (REPO_DIR / path).read_text(encoding="utf-8").replace("\\\n", " ")


def instructions(path: str, name: str) -> list[str]:
    return [line.split(None, 1)[1] for line in dockerfile(path).splitlines() if line.startswith(f"{name} ")]


def test_the_stack_has_every_part_with_health_checks_and_restart_policies() -> None:
    assert {"postgres", "redis", "rasa", "actions", "kiosk_api", "proxy", "telegram", "migrate", "train"} <= set(
        SERVICES
    )
    for name, service in SERVICES.items():
        if name in ONE_OFF:
            continue
        assert service.get("restart") == "unless-stopped", name
        if "profiles" not in service:
            assert service.get("healthcheck"), name


def test_the_hub_is_healthy_while_it_answers_even_with_rasa_still_loading() -> None:
    # Named by an independent try: the hub's container healthcheck read /api/health, which answers 503 while Rasa is
    # down (as it is for a minute at every start); the proxy waits for a healthy hub, so a Rasa that never loads would
    # have kept the staff console and the kiosk's programmes, which work without it, unreachable.
    for name in ("kiosk_api", "proxy"):
        check = " ".join(SERVICES[name]["healthcheck"]["test"])
        assert "/api/health/live" in check, name


def test_the_hub_runs_several_replicas_behind_one_published_port() -> None:
    assert SERVICES["kiosk_api"]["deploy"]["replicas"] >= 2
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    proxy = (REPO_DIR / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "http://kiosk_api:8000" in proxy and "resolver 127.0.0.11" in proxy and "proxy_buffering off" in proxy


def test_every_volume_is_named_and_declared() -> None:
    declared = set(COMPOSE["volumes"])
    for name, service in SERVICES.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (REPO_DIR / source).exists(), f"{name}: {source}"
            else:
                assert source in declared, f"{name}: {source}"
    assert {"pgdata", "models"} <= declared


def test_every_variable_the_code_reads_is_set_or_deliberately_left_to_its_default() -> None:
    hub = set(environment("kiosk_api")) | set(environment("telegram"))
    hub |= {name for line in instructions("Dockerfile", "ENV") for name in re.findall(r"([A-Z_]+)=", line)}
    missing = variables_read("kiosk_api") - hub - set(LEFT_TO_DEFAULT)
    assert not missing, f"the hub reads {missing}, which docker-compose.yml does not set"
    bot = set(environment("actions"))
    assert not variables_read("bot/actions") - bot - set(LEFT_TO_DEFAULT)
    endpoints = (REPO_DIR / "bot" / "endpoints.production.yml").read_text(encoding="utf-8")
    settings = "\n".join(line for line in endpoints.splitlines() if not line.lstrip().startswith("#"))
    assert set(REFERENCE.findall(settings)) <= set(environment("rasa"))


def test_every_setting_is_documented_in_the_example_and_used() -> None:
    example = (REPO_DIR / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    referenced = set(REFERENCE.findall((REPO_DIR / "docker-compose.yml").read_text(encoding="utf-8")))
    assert referenced == documented
    for line in example.splitlines():
        if "=" in line and not line.startswith("#"):
            # Each setting has its comment: the line before it is one.
            before = example.splitlines()[example.splitlines().index(line) - 1]
            assert before.startswith("#"), line


def test_the_commands_are_the_projects_entry_points() -> None:
    hub_command = SERVICES["kiosk_api"]["command"]
    module, app = hub_command[hub_command.index("uvicorn") + 1].split(":")
    assert hasattr(importlib.import_module(module), app)
    [dockerfile_command] = instructions("Dockerfile", "CMD")
    assert yaml.safe_load(dockerfile_command) == hub_command
    # Idle connections outlive every caller's (a request must never meet a connection being closed), as in the tests.
    assert hub_command[hub_command.index("--timeout-keep-alive") + 1] == str(KEEP_ALIVE_SECONDS)
    assert SERVICES["migrate"]["command"] == ["alembic", "upgrade", "head"]
    telegram = SERVICES["telegram"]["command"]
    assert telegram[:2] == ["python", "-m"] and (REPO_DIR / telegram[2].replace(".", "/") / "__main__.py").exists()
    actions = SERVICES["actions"]["command"]
    assert actions[:2] == ["run", "actions"] and (REPO_DIR / "bot" / actions[actions.index("--actions") + 1]).is_dir()
    rasa = SERVICES["rasa"]["command"]
    model = rasa[rasa.index("--model") + 1]
    assert any(model.startswith(volume.split(":")[1]) for volume in SERVICES["rasa"]["volumes"])
    assert rasa[rasa.index("--endpoints") + 1] == "endpoints.production.yml"


def test_the_images_build_from_files_that_exist() -> None:
    [base] = instructions("bot/Dockerfile", "FROM")
    pinned = re.search(r"rasa==([\d.]+)", (REPO_DIR / "bot" / "requirements.txt").read_text(encoding="utf-8"))
    assert base == f"rasa/rasa:{pinned.group(1)}"
    for path in ("Dockerfile", "bot/Dockerfile"):
        for copy in instructions(path, "COPY"):
            sources = [part for part in copy.split()[:-1] if not part.startswith("--")]
            for source in sources:
                assert (REPO_DIR / source).exists(), f"{path}: COPY {source}"
    packages = re.search(r"include = \[(.*?)\]", (REPO_DIR / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    copied = {copy.split()[0] for copy in instructions("Dockerfile", "COPY")}
    assert set(re.findall(r'"(\w+)\*"', packages)) <= copied, "every package of the hub goes into its image"


def test_rasa_keeps_trackers_in_postgresql_and_locks_in_redis() -> None:
    endpoints = yaml.safe_load((REPO_DIR / "bot" / "endpoints.production.yml").read_text(encoding="utf-8"))
    # Rasa's SQL store, handing Rasa a view of each conversation (bot/components/tracker_stores.py); the image has
    # the components on its path.
    store = endpoints["tracker_store"]
    assert store["type"] == "components.tracker_stores.BoundedSQLTrackerStore" and store["dialect"] == "postgresql"
    components = (REPO_DIR / "bot" / "components" / "tracker_stores.py").read_text(encoding="utf-8")
    assert "class BoundedSQLTrackerStore(SQLTrackerStore)" in components
    dockerfile = (REPO_DIR / "bot" / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY --chown=1001 bot/components components" in dockerfile
    assert endpoints["lock_store"]["type"] == "redis"
    init = (REPO_DIR / "deploy" / "postgres-init.sh").read_text(encoding="utf-8")
    assert "RASA_TRACKER_DB" in init and environment("postgres")["RASA_TRACKER_DB"] == "${RASA_TRACKER_DB}"


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Settings read afresh with APP_ENV=production and the given variables."""

    def read(**variables: str) -> config.Settings:
        monkeypatch.setenv("APP_ENV", "production")
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        config.get_settings.cache_clear()
        return config.get_settings()

    yield read
    config.get_settings.cache_clear()


def example_settings() -> dict[str, str]:
    example = (REPO_DIR / ".env.example").read_text(encoding="utf-8")
    values = dict(re.findall(r"^([A-Z_]+)=(.*)$", example, flags=re.MULTILINE))
    return {
        "HUB_INTERNAL_TOKEN": values["HUB_INTERNAL_TOKEN"],
        "DATABASE_URL": f"postgresql+psycopg://kentro:{values['POSTGRES_PASSWORD']}@db/kentro",
        "SECURE_COOKIES": "true",
    }


def test_production_refuses_the_example_secrets(production: Any) -> None:
    with pytest.raises(config.InsecureSettings, match="HUB_INTERNAL_TOKEN.*database password"):
        production(**example_settings()).check_production()
    with pytest.raises(config.InsecureSettings, match="PostgreSQL.*SECURE_COOKIES"):
        insecure = production(HUB_INTERNAL_TOKEN="x" * 40, DATABASE_URL="sqlite:///hub.db", SECURE_COOKIES="false")
        insecure.check_production()


def test_production_starts_with_real_secrets(production: Any) -> None:
    settings = production(
        HUB_INTERNAL_TOKEN="4f0c1e9a7b2d48e6a1c3f5b7d9e0a2c4",
        DATABASE_URL="postgresql+psycopg://kentro:Vt9q2LxP7mZr4Kw8@db/kentro",
        SECURE_COOKIES="true",
    )
    settings.check_production()
    from kiosk_api.main import create_app

    assert create_app().title


def test_the_images_have_no_secret_baked_in() -> None:
    for path in (Path("Dockerfile"), Path("bot/Dockerfile")):
        text = dockerfile(str(path))
        assert not re.search(r"(PASSWORD|TOKEN|SECRET)\s*=", text), path


def test_the_proxy_keeps_the_bots_own_routes_inside_the_stack() -> None:
    # Found while the API guide was written: /nlg (Rasa's NLG endpoint, which takes no token) was reachable from
    # outside through nginx. Rasa and the action server call the hub directly (kiosk_api:8000), never through nginx.
    proxy = (REPO_DIR / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    closed = re.findall(r"location\s+(=?\s*\S+)\s*\{\s*return 404;\s*\}", proxy)
    assert {location.replace(" ", "") for location in closed} >= {"=/nlg", "/api/internal/"}


def test_telegrams_webhook_reaches_the_gateway_through_the_proxy() -> None:
    # Found while the deployment guide was written: in webhook mode nothing led to the gateway's port.
    proxy = (REPO_DIR / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    block = re.search(r"location\s*=\s*/telegram\s*\{(.*?)\}", proxy, re.S)
    assert block and "http://telegram:8443" in block.group(1) and "proxy_pass" in block.group(1)
    gateway = SERVICES["telegram"]["environment"]
    assert gateway["TELEGRAM_WEBHOOK_LISTEN"] == "0.0.0.0" and gateway["TELEGRAM_WEBHOOK_PORT"] == "8443"


def test_a_learning_run_works_in_production_and_what_was_learned_survives_a_retraining() -> None:
    """Issue 24: the hub's image has no Rasa, so the learner service (the bot's image) trains, measures and serves
    what reviewers taught; the hub finds it at LEARNER_URL. What was learned is kept in a volume that the `train`
    profile's training reads too, so that retraining after an upgrade does not forget it."""
    learner = SERVICES["learner"]
    assert learner["image"] == SERVICES["rasa"]["image"]
    # The image's entry point is `rasa`; the learner is a script of the project's, in the image's working directory.
    assert learner["entrypoint"] == ["python", "learn.py"] and learner["command"][0] == "serve"
    assert (REPO_DIR / "bot" / "learn.py").exists()
    assert environment("kiosk_api")["LEARNER_URL"] == "http://learner:5066"
    assert "--port" in learner["command"] and learner["command"][learner["command"].index("--port") + 1] == "5066"
    assert {"HUB_INTERNAL_TOKEN", "RASA_URL"} <= set(learner["environment"])
    # It replaces the model Rasa serves (Rasa reads the same volume) and keeps what was learned where training reads.
    assert "models:/app/models" in learner["volumes"]
    assert "learned:/app/data/learned" in learner["volumes"]
    assert any(volume.startswith("learned:/app/data/learned") for volume in SERVICES["train"]["volumes"])
    # The bot's image carries what the learner runs: its script, the gate, the evaluation and the held-out sets.
    # Their mount points exist in the image, made by its user, so a new volume is the user's to write in.
    assert any("models" in run and "data/learned" in run for run in instructions("bot/Dockerfile", "RUN"))
    copied = " ".join(instructions("bot/Dockerfile", "COPY"))
    for needed in ("bot/learn.py", "bot/gate.py", "bot/evaluate.py", "tests/data/nlu_heldout.csv",
                   "tests/data/nlu_independent.csv"):  # fmt: skip
        assert needed in copied, needed
