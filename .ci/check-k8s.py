"""Renders every overlay in k8s/overlays and checks it against what the application reads.

Usage: python3 .ci/check-k8s.py [output-dir]   (rendered overlays are written there for reading)

Renders with `kubectl kustomize` when kubectl is installed, otherwise with .ci/kustomize_lite.py;
with kubectl present both are rendered and compared, so the fallback stays faithful. Then, per
overlay: probes and ports against application.properties, every environment variable against the
keys the service reads (IngestConfig, application.properties, Kafka client settings), mounts
against the paths in those variables, the Secret handling, the NetworkPolicy, the Kafka topic and
the image reference against the README's build command.
"""
import base64
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
import kustomize_lite  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
OVERLAYS = os.path.join(ROOT, "k8s", "overlays")
PROPERTIES = os.path.join(ROOT, "src", "main", "resources", "application.properties")
INGEST_CONFIG = os.path.join(ROOT, "src", "main", "java", "org", "newsingest", "config", "IngestConfig.java")
SOURCES = os.path.join(ROOT, "src", "main", "java")
# The schema migration Job (docs/operating.md, "Migrations"): rendered and checked beside the overlays.
MIGRATE = os.path.join(ROOT, "k8s", "migrate")

# Read by Quarkus itself although application.properties does not set them.
QUARKUS_KEYS = {"quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password", "quarkus.profile",
                "quarkus.init-and-exit"}
# Kafka client settings the bundle may pass as KAFKA_* (every kafka.* key reaches the producer).
KAFKA_KEYS = {
    "bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config", "client.id",
    "ssl.truststore.type", "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.certificates",
    "ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.password", "ssl.endpoint.identification.algorithm",
    "compression.type", "linger.ms", "batch.size", "request.timeout.ms", "delivery.timeout.ms", "max.block.ms",
}
IMAGE_ENV = {"JAVA_OPTS_APPEND", "MALLOC_ARENA_MAX"}
PLACEHOLDERS = ("change-me", "changeme", "changeit", "placeholder", "example")
# The dashboard must chart these (names from the code: MeterRegistry registrations and KafkaClientMetrics).
DASHBOARD = os.path.join(ROOT, "k8s", "base", "grafana-dashboard.json")
DASHBOARD_METRICS = ["ingest_feeds", "ingest_items_total", "ingest_event_freshness_seconds_bucket", "kafka_producer_",
                     "ingest_fetch_total", "ingest_outbox_backlog", "ingest_outbox_backlog_age_seconds", "ingest_outbox_sent_total"]
MUST_BE_DENIED = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.169.254/32", "100.100.100.200/32", "127.0.0.1/32"]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def env_name(key):
    return re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def properties():
    values = {}
    for line in open(PROPERTIES, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def mapping_files():
    """Every source file declaring a @ConfigMapping: IngestConfig and the per-stage mappings next to their users."""
    for directory, _, files in os.walk(SOURCES):
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.endswith(".java") and "@ConfigMapping(prefix" in open(path, encoding="utf-8").read():
                yield path


def ingest_keys(path=INGEST_CONFIG):
    """Every key of the @ConfigMapping in path: accessor names in kebab case, nested interfaces as groups."""
    source = open(path, encoding="utf-8").read()
    nested = set(re.findall(r"^\s*interface (\w+)\s*\{", source, re.M))
    prefix = re.search(r'@ConfigMapping\(prefix = "([^"]+)"\)', source).group(1)
    bodies = {}
    stack, name_override = [("", prefix)], None
    for line in source.splitlines():
        opened = re.match(r"^\s*(?:public )?interface (\w+)", line)
        if opened:
            stack.append((opened.group(1), None))
            bodies.setdefault(opened.group(1), [])
            continue
        if re.match(r"^\s*}\s*$", line) and len(stack) > 1:
            stack.pop()
            continue
        with_name = re.search(r'@WithName\("([^"]+)"\)', line)
        if with_name:
            name_override = with_name.group(1)
            continue
        method = re.match(r"^\s*([\w<>, ?.]+)\s+(\w+)\(\);", line)
        if method:
            kebab = name_override or re.sub(r"(?<!^)([A-Z])", r"-\1", method.group(2)).lower()
            bodies.setdefault(stack[-1][0], []).append((method.group(1).strip(), kebab))
            name_override = None
    keys = set()

    def walk(interface, path):
        for type_name, kebab in bodies.get(interface, []):
            if type_name in nested:
                walk(type_name, path + "." + kebab)
            else:
                keys.add(path + "." + kebab)

    top = re.search(r"public interface (\w+)", source).group(1)
    walk(top, prefix)
    return keys


def render_all(output):
    kubectl = shutil.which("kubectl")
    rendered = {}
    for overlay in sorted(os.listdir(OVERLAYS)):
        directory = os.path.join(OVERLAYS, overlay)
        lite = kustomize_lite.render(directory)
        if kubectl:
            text = subprocess.run([kubectl, "kustomize", directory], check=True, capture_output=True, text=True).stdout
            documents = [d for d in yaml.safe_load_all(text) if d]
            check(normalised(documents) == normalised(lite),
                  f"{overlay}: .ci/kustomize_lite.py renders differently from kubectl kustomize")
        else:
            documents = lite
        with open(os.path.join(output, f"k8s-{overlay}.yaml"), "w", encoding="utf-8") as out:
            yaml.safe_dump_all(documents, out, sort_keys=False)
        rendered[overlay] = documents
    return rendered, "kubectl kustomize" if kubectl else ".ci/kustomize_lite.py (kubectl not installed)"


def normalised(documents):
    """Comparable form: generated names without their hash, documents in a fixed order."""
    text = yaml.safe_dump_all(documents, sort_keys=True)
    text = re.sub(r"(news-ingest(?:-feeds)?)-[a-z0-9]{10}\b", r"\1-HASH", text)
    return sorted(part.strip() for part in text.split("\n---\n"))


def check_overlay(overlay, documents, props, known_env, version):
    by_kind = {}
    for document in documents:
        by_kind.setdefault(document["kind"], []).append(document)
    configmaps = {d["metadata"]["name"]: d.get("data", {}) for d in by_kind.get("ConfigMap", [])}
    secrets = {d["metadata"]["name"]: {k: base64.b64decode(v).decode() for k, v in d.get("data", {}).items()}
               for d in by_kind.get("Secret", [])}
    http_port = int(props["quarkus.http.port"])
    management_port = int(props["quarkus.management.port"])
    check(props.get("quarkus.management.enabled") == "true", "application.properties: the management interface is off")

    for deployment in by_kind.get("Deployment", []):
        pod = deployment["spec"]["template"]["spec"]
        where = f"{overlay}: Deployment {deployment['metadata']['name']}"
        check(pod["securityContext"]["runAsNonRoot"] is True, f"{where}: pods must run as non-root")
        check(any(c["topologyKey"] == "kubernetes.io/hostname" for c in pod.get("topologySpreadConstraints", [])),
              f"{where}: no topology spread over nodes")
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for container in pod["containers"]:
            ports = {p["name"]: p["containerPort"] for p in container["ports"]}
            check(ports.get("http") == http_port, f"{where}: port http must be {http_port} (quarkus.http.port)")
            check(ports.get("management") == management_port,
                  f"{where}: port management must be {management_port} (quarkus.management.port)")
            for probe, path in (("startupProbe", "/q/health/started"), ("livenessProbe", "/q/health/live"),
                                ("readinessProbe", "/q/health/ready")):
                get = container.get(probe, {}).get("httpGet", {})
                check(get.get("path") == path, f"{where}: {probe} must use {path}")
                check(ports.get(get.get("port"), get.get("port")) == management_port,
                      f"{where}: {probe} must use the management port")
                check(container.get(probe, {}).get("timeoutSeconds"), f"{where}: {probe} needs timeoutSeconds")
            check("memory" in container["resources"]["limits"], f"{where}: a memory limit is required")

            environment = {}
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    name = source["configMapRef"]["name"]
                    check(name in configmaps, f"{where}: ConfigMap {name} is not in the bundle")
                    environment.update(configmaps.get(name, {}))
                if "secretRef" in source:
                    name = source["secretRef"]["name"]
                    environment.update(secrets.get(name, {}))
            environment.update({v["name"]: v.get("value", "") for v in container.get("env", [])})
            for variable in environment:
                check(variable in known_env, f"{where}: {variable} is not a setting the service reads")
            for variable, value in environment.items():
                check(not any(p in value.lower() for p in PLACEHOLDERS) or not variable.endswith(("KEY", "PASSWORD")),
                      f"{where}: {variable} holds a placeholder")

            mounts = {m["mountPath"]: m for m in container.get("volumeMounts", [])}
            if container.get("securityContext", {}).get("readOnlyRootFilesystem"):
                check("/tmp" in mounts, f"{where}: a read-only root file system needs a writable /tmp")
            for variable in ("INGEST_FEEDS_FILE", "KAFKA_SSL_TRUSTSTORE_LOCATION"):
                if variable in environment:
                    check_mounted_file(where, variable, environment[variable], mounts, volumes, configmaps)
            image = container["image"]
            check(image == f"news-ingest:{version}" or image.endswith(f"/news-ingest:{version}"),
                  f"{where}: image {image} does not match the README's build (news-ingest:{version})")

    services = by_kind.get("Service", [])
    for service in services:
        exposes_management = any(p.get("targetPort") in ("management", management_port) for p in service["spec"]["ports"])
        check(not exposes_management or service["spec"].get("clusterIP") == "None",
              f"{overlay}: Service {service['metadata']['name']} exposes the management port")
    for monitor in by_kind.get("ServiceMonitor", []):
        selector = monitor["spec"]["selector"]["matchLabels"]
        targets = [s for s in services if selector.items() <= s["metadata"].get("labels", {}).items()]
        check(targets and all(any(p["name"] == e["port"] for p in s["spec"]["ports"]) for s in targets for e in monitor["spec"]["endpoints"]),
              f"{overlay}: ServiceMonitor {monitor['metadata']['name']} selects no Service with its port")
    check(by_kind.get("ServiceMonitor"), f"{overlay}: no ServiceMonitor")

    policies = by_kind.get("NetworkPolicy", [])
    check(policies, f"{overlay}: no NetworkPolicy")
    for policy in policies:
        check_network_policy(f"{overlay}: NetworkPolicy {policy['metadata']['name']}", policy["spec"])

    topics = by_kind.get("KafkaTopic", [])
    check(topics, f"{overlay}: no KafkaTopic")
    for topic in topics:
        spec = topic["spec"]
        min_insync = int(spec.get("config", {}).get("min.insync.replicas", 0))
        check(spec.get("partitions") and min_insync >= 1 and "retention.ms" in spec.get("config", {}),
              f"{overlay}: KafkaTopic needs partitions, min.insync.replicas and retention.ms")
        check(min_insync <= spec["replicas"] and (spec["replicas"] < 3 or min_insync >= 2),
              f"{overlay}: KafkaTopic with {spec['replicas']} replicas needs min.insync.replicas=2")

    if overlay == "prod":
        check(not by_kind.get("Secret"), "prod: the bundle must not contain a Secret (the operator creates it)")
        topic = topics[0]["spec"] if topics else {}
        check(topic.get("config", {}).get("min.insync.replicas") == 2, "prod: min.insync.replicas must be 2")


def check_mounted_file(where, variable, path, mounts, volumes, configmaps):
    directory, file = os.path.split(path)
    mount = mounts.get(directory)
    if not check(mount, f"{where}: {variable}={path} but nothing is mounted at {directory}"):
        return
    volume = volumes.get(mount["name"], {})
    if "configMap" in volume:
        check(file in configmaps.get(volume["configMap"]["name"], {}),
              f"{where}: {variable}: the mounted ConfigMap has no key {file}")
    elif "secret" in volume:
        check(any(item["path"] == file for item in volume["secret"].get("items", [])),
              f"{where}: {variable}: the mounted Secret does not project {file}")


def check_network_policy(where, spec):
    check(set(spec.get("policyTypes", [])) == {"Ingress", "Egress"}, f"{where}: must restrict ingress and egress")
    egress = spec.get("egress", [])
    check(any(p.get("port") == 53 for rule in egress for p in rule.get("ports", [])), f"{where}: DNS is not allowed")
    open_blocks = [peer["ipBlock"] for rule in egress for peer in rule.get("to", []) if "ipBlock" in peer]
    check(open_blocks, f"{where}: no egress to the internet")
    for address in MUST_BE_DENIED:
        network = ipaddress.ip_network(address)
        for block in open_blocks:
            cidr = ipaddress.ip_network(block["cidr"])
            if cidr.version == network.version and network.subnet_of(cidr):
                check(any(network.subnet_of(ipaddress.ip_network(e)) for e in block.get("except", [])
                          if ipaddress.ip_network(e).version == network.version),
                      f"{where}: egress to {address} is allowed")
    for rule in egress:
        for peer in rule.get("to", []):
            labels = peer.get("podSelector", {}).get("matchLabels", {})
            check("app.kubernetes.io/name" not in labels,
                  f"{where}: a peer selector carries the service's own labels (kustomize includeSelectors?)")


def check_migration_job(known_env, version, prod):
    """k8s/migrate: one Job that migrates and exits, with its own deadline, as the prod Deployment expects."""
    present = os.path.exists(os.path.join(MIGRATE, kustomize_lite.KUSTOMIZATION))
    documents = kustomize_lite.render(MIGRATE) if present else []
    jobs = [d for d in documents if d["kind"] == "Job"]
    if not check(len(jobs) == 1, "k8s/migrate: exactly one Job expected"):
        return
    job = jobs[0]
    where = f"k8s/migrate: Job {job['metadata']['name']}"
    check(job["metadata"].get("namespace") == "news-ingest", f"{where}: must run in the namespace news-ingest")
    check(job["spec"].get("activeDeadlineSeconds"), f"{where}: needs activeDeadlineSeconds (its own timeout)")
    pod = job["spec"]["template"]["spec"]
    check(pod["securityContext"]["runAsNonRoot"] is True, f"{where}: pods must run as non-root")
    for container in pod["containers"]:
        environment = {v["name"]: v.get("value", "") for v in container.get("env", [])}
        for variable in environment:
            check(variable in known_env, f"{where}: {variable} is not a setting the service reads")
        check(environment.get("QUARKUS_INIT_AND_EXIT") == "true", f"{where}: must run with QUARKUS_INIT_AND_EXIT=true")
        check(environment.get("QUARKUS_FLYWAY_MIGRATE_AT_START") == "true", f"{where}: must migrate")
        check(any(s.get("secretRef", {}).get("name") == "news-ingest" for s in container.get("envFrom", [])),
              f"{where}: must read the database settings from the Secret news-ingest")
        check(container["image"] == f"news-ingest:{version}" or container["image"].endswith(f"/news-ingest:{version}"),
              f"{where}: image {container['image']} does not match the README's build (news-ingest:{version})")
        check("memory" in container["resources"]["limits"], f"{where}: a memory limit is required")
    for deployment in (d for d in prod if d["kind"] == "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            env = {v["name"]: v.get("value", "") for v in container.get("env", [])}
            check(env.get("QUARKUS_FLYWAY_MIGRATE_AT_START") == "false",
                  f"prod: Deployment {deployment['metadata']['name']} must leave migrations to k8s/migrate")


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target")
    os.makedirs(output, exist_ok=True)
    props = properties()
    mapped = set().union(*(ingest_keys(path) for path in mapping_files()))
    keys = {re.sub(r"^%[\w-]+\.", "", k) for k in props} | QUARKUS_KEYS | mapped | {"kafka." + k for k in KAFKA_KEYS}
    known_env = {env_name(k) for k in keys} | IMAGE_ENV
    version = re.search(r"<artifactId>news-ingest</artifactId>\s*<version>([^<]+)</version>",
                        open(os.path.join(ROOT, "pom.xml"), encoding="utf-8").read()).group(1).replace("-SNAPSHOT", "")
    check(f"-t news-ingest:{version} " in open(os.path.join(ROOT, "README.md"), encoding="utf-8").read(),
          f"README: the build command must tag the image news-ingest:{version}")
    expressions = " ".join(t["expr"] for p in json.load(open(DASHBOARD, encoding="utf-8"))["panels"] for t in p["targets"])
    for metric in DASHBOARD_METRICS:
        check(metric in expressions, f"grafana-dashboard.json charts no {metric}")
    rendered, renderer = render_all(output)
    check(set(rendered) >= {"dev", "prod"}, "k8s/overlays must have dev and prod")
    for overlay, documents in rendered.items():
        check_overlay(overlay, documents, props, known_env, version)
    check_migration_job(known_env, version, rendered.get("prod", []))
    if failures:
        print("k8s check FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    for overlay, documents in rendered.items():
        kinds = sorted({d["kind"] for d in documents})
        print(f"k8s {overlay}: {len(documents)} manifests OK ({', '.join(kinds)})")
    print(f"rendered with {renderer}")


if __name__ == "__main__":
    main()
