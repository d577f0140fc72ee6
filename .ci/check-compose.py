"""Checks docker/compose.yaml without Docker: its shape, and that it runs what the k8s bundle runs.

Usage: python3 .ci/check-compose.py

docker compose cannot run here (no Docker). This reads the file as YAML and checks: the services
(postgres, kafka, kafka-topic, news-ingest) and the named volume; a health check on every
long-running service; the start order through depends_on conditions; and against the k8s bundle
(the dev overlay rendered by .ci/kustomize_lite.py): the image and tag, the settings and Secret
files, the feed-list mount at INGEST_FEEDS_FILE, the ports, the user, the read-only root and
writable /tmp, dropped capabilities, the grace period, the memory limit, the JVM settings the
image carries, the topic, and the database credentials against the JDBC URL.
"""
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
import kustomize_lite  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
COMPOSE = os.path.join(ROOT, "docker", "compose.yaml")
DOCKERFILE = os.path.join(ROOT, "docker", "Dockerfile")
BASE = os.path.join(ROOT, "k8s", "base")
DEV = os.path.join(ROOT, "k8s", "overlays", "dev")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def env_file(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def resolve(relative):
    """A path in compose.yaml, relative to docker/ as Compose reads it."""
    return os.path.normpath(os.path.join(os.path.dirname(COMPOSE), relative))


def deployment_container():
    documents = kustomize_lite.render(DEV)
    deployment = next(d for d in documents if d["kind"] == "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    return pod, pod["containers"][0]


def check_shape(compose):
    services = compose.get("services") or {}
    check(set(services) == {"postgres", "kafka", "kafka-topic", "news-ingest"},
          f"services must be postgres, kafka, kafka-topic, news-ingest; found {sorted(services)}")
    for name in ("postgres", "kafka", "news-ingest"):
        test = ((services.get(name) or {}).get("healthcheck") or {}).get("test")
        check(isinstance(test, list) and test and test[0] in ("CMD", "CMD-SHELL"), f"{name}: needs a healthcheck with a CMD or CMD-SHELL test")
    expected = {
        "kafka-topic": {"kafka": "service_healthy"},
        "news-ingest": {"postgres": "service_healthy", "kafka-topic": "service_completed_successfully"},
    }
    for name, conditions in expected.items():
        depends = (services.get(name) or {}).get("depends_on") or {}
        for dependency, condition in conditions.items():
            check(isinstance(depends, dict) and (depends.get(dependency) or {}).get("condition") == condition,
                  f"{name}: depends_on {dependency} must have condition {condition}")
    volumes = compose.get("volumes") or {}
    check("postgres-data" in volumes, "the named volume postgres-data must be declared")
    check("postgres-data:/var/lib/postgresql/data" in (services.get("postgres") or {}).get("volumes", []),
          "postgres must keep its data in the named volume postgres-data")
    return services


def check_against_k8s(services):
    service = services.get("news-ingest") or {}
    pod, container = deployment_container()
    kustomization = yaml.safe_load(open(os.path.join(BASE, "kustomization.yaml"), encoding="utf-8"))
    tag = next(i["newTag"] for i in kustomization["images"] if i["name"] == "news-ingest")
    check(service.get("image") == f"news-ingest:{tag}", f"news-ingest: image must be news-ingest:{tag} as in k8s/base/kustomization.yaml")
    check(container["image"] == f"news-ingest:{tag}", f"the rendered dev Deployment runs {container['image']}, not news-ingest:{tag}")
    build = service.get("build") or {}
    check(resolve(build.get("context", ".")) == ROOT and build.get("dockerfile") == "docker/Dockerfile",
          "news-ingest: build must be the repository root with docker/Dockerfile")

    files = [resolve(f) for f in service.get("env_file", [])]
    check(files == [os.path.join(BASE, "settings.env"), os.path.join(DEV, "secret.env")],
          "news-ingest: env_file must be k8s/base/settings.env, then k8s/overlays/dev/secret.env")
    settings = env_file(os.path.join(BASE, "settings.env"))
    secret = env_file(os.path.join(DEV, "secret.env"))
    environment = service.get("environment") or {}
    deployment_env = {e["name"]: e.get("value") for e in container.get("env", [])}
    for name in ("QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT"):
        check(str(environment.get(name)) == deployment_env.get(name), f"news-ingest: {name} must be {deployment_env.get(name)} as in the Deployment")
    check(environment.get("KAFKA_BOOTSTRAP_SERVERS") == "kafka:9092", "news-ingest: KAFKA_BOOTSTRAP_SERVERS must be kafka:9092")
    check(set(environment) <= {"KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT"},
          f"news-ingest: settings beyond the k8s bundle's: {sorted(set(environment) - {'KAFKA_BOOTSTRAP_SERVERS', 'QUARKUS_HTTP_PORT', 'QUARKUS_MANAGEMENT_PORT'})}")
    # The Deployment repeats the image's JVM settings; compose takes them from the image.
    dockerfile = open(DOCKERFILE, encoding="utf-8").read()
    for name in ("JAVA_OPTS_APPEND", "MALLOC_ARENA_MAX"):
        check(re.search(rf'{name}="?{re.escape(deployment_env.get(name) or "?")}"?\s', dockerfile),
              f"docker/Dockerfile's {name} differs from the Deployment's ({deployment_env.get(name)})")

    feeds_dir = os.path.dirname(settings["INGEST_FEEDS_FILE"])
    check(f"../k8s/base/feeds.yaml:{settings['INGEST_FEEDS_FILE']}:ro" in service.get("volumes", []),
          f"news-ingest: k8s/base/feeds.yaml must be mounted read-only at INGEST_FEEDS_FILE ({settings['INGEST_FEEDS_FILE']})")
    check(any(m["mountPath"] == feeds_dir for m in container["volumeMounts"]), f"the Deployment mounts no feed list at {feeds_dir}")
    ports = {c["containerPort"] for c in container["ports"]}
    published = {int(p.rsplit(":", 1)[1]) for p in service.get("ports", [])}
    check(published == ports, f"news-ingest: ports {sorted(published)} differ from the Deployment's {sorted(ports)}")

    security = pod["securityContext"]
    check(service.get("user") == f"{security['runAsUser']}:{security['runAsGroup']}", "news-ingest: user must be the Deployment's runAsUser:runAsGroup")
    check(service.get("read_only") is True and container["securityContext"]["readOnlyRootFilesystem"], "news-ingest: read_only must match readOnlyRootFilesystem")
    check("/tmp" in service.get("tmpfs", []) and any(m["mountPath"] == "/tmp" for m in container["volumeMounts"]), "news-ingest: /tmp must be writable as in the Deployment")
    check(service.get("cap_drop") == container["securityContext"]["capabilities"]["drop"], "news-ingest: cap_drop must match the Deployment")
    check("no-new-privileges:true" in service.get("security_opt", []) and not container["securityContext"]["allowPrivilegeEscalation"],
          "news-ingest: no-new-privileges must match allowPrivilegeEscalation: false")
    check(service.get("stop_grace_period") == f"{pod['terminationGracePeriodSeconds']}s", "news-ingest: stop_grace_period must match terminationGracePeriodSeconds")
    check(service.get("mem_limit") == container["resources"]["limits"]["memory"].replace("Mi", "m"), "news-ingest: mem_limit must match the memory limit")
    health = " ".join(service.get("healthcheck", {}).get("test", []))
    check(container["readinessProbe"]["httpGet"]["path"] in health, "news-ingest: the healthcheck must ask the readiness probe's path")

    postgres = (services.get("postgres") or {}).get("environment") or {}
    url = re.match(r"jdbc:postgresql://([^:/]+):(\d+)/(\w+)", secret["QUARKUS_DATASOURCE_JDBC_URL"])
    check(url and url.group(1) in services and url.group(3) == postgres.get("POSTGRES_DB"),
          "postgres: the service name and POSTGRES_DB must match the dev Secret's JDBC URL")
    check(postgres.get("POSTGRES_USER") == secret["QUARKUS_DATASOURCE_USERNAME"] and postgres.get("POSTGRES_PASSWORD") == secret["QUARKUS_DATASOURCE_PASSWORD"],
          "postgres: user and password must be the dev Secret's")

    topic = yaml.safe_load(open(os.path.join(DEV, "kafkatopic.yaml"), encoding="utf-8"))["spec"]
    command = " ".join((services.get("kafka-topic") or {}).get("command", []))
    check(f"--topic={settings['INGEST_KAFKA_TOPIC']}" in command and f"--topic={topic['topicName']}" in command,
          "kafka-topic: must create INGEST_KAFKA_TOPIC, the dev overlay's topic")
    check(f"--partitions={topic['partitions']}" in command and f"--replication-factor={topic['replicas']}" in command,
          "kafka-topic: partitions and replicas must be the dev overlay's")
    for key, value in topic["config"].items():
        check(f"--config={key}={value}" in command, f"kafka-topic: config {key}={value} of the dev overlay is missing")


def main():
    compose = yaml.safe_load(open(COMPOSE, encoding="utf-8"))
    services = check_shape(compose)
    check_against_k8s(services)
    if failures:
        print("compose check FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print(f"docker/compose.yaml OK: {', '.join(services)}; image, settings, mounts and security as the k8s dev overlay")


if __name__ == "__main__":
    main()
