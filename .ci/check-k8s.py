"""Checks the rendered k8s manifests for what the service relies on: probes, limits, non-root."""
import sys

import yaml

documents = [d for d in yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")) if d]
kinds = {d["kind"] for d in documents}
missing = {"Deployment", "Service", "ConfigMap"} - kinds
assert not missing, f"missing kinds: {missing}"
for deployment in (d for d in documents if d["kind"] == "Deployment"):
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True, "pods must run as non-root"
    for container in pod["containers"]:
        for probe, path in (("livenessProbe", "/q/health/live"), ("readinessProbe", "/q/health/ready")):
            assert container[probe]["httpGet"]["path"] == path, f"{probe} must use {path}"
        assert "memory" in container["resources"]["limits"], "a memory limit is required"
print(f"k8s: {len(documents)} manifests OK ({', '.join(sorted(kinds))})")
