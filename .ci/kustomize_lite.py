"""A small subset of kustomize, for machines without kubectl: enough to render k8s/overlays/*.

Supported (Deployments and Jobs): resources (files and directories), namespace, labels (pairs, includeTemplates),
configMapGenerator and secretGenerator (envs, files, literals, behavior merge, options), images
(newName, newTag) and patches given as strategic-merge files (lists of maps merged by name).
Generated names get a content hash suffix, and Deployment references to them are rewritten, as
kustomize does. When kubectl is present, check-k8s.py compares both renders, so this file cannot
silently drift from the real tool.
"""
import base64
import copy
import hashlib
import json
import os
import sys

import yaml

KUSTOMIZATION = "kustomization.yaml"
# Kinds with a pod template: labels (includeTemplates) and images reach their containers.
WORKLOADS = ("Deployment", "Job")


def render(directory, top=True):
    """The resources of the kustomization in directory, with every transformation applied.

    Generated objects keep their generator's name until the top level, so overlays can merge
    into them; only then do they get their hash suffix and are references rewritten."""
    spec = yaml.safe_load(open(os.path.join(directory, KUSTOMIZATION), encoding="utf-8"))
    documents = []
    for resource in spec.get("resources", []):
        path = os.path.normpath(os.path.join(directory, resource))
        if os.path.isdir(path):
            documents.extend(render(path, top=False))
        else:
            documents.extend(d for d in yaml.safe_load_all(open(path, encoding="utf-8")) if d)
    for kind, key in (("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator")):
        for generator in spec.get(key, []):
            _generate(directory, kind, generator, documents)
    for patch in spec.get("patches", []):
        _patch(documents, yaml.safe_load(open(os.path.join(directory, patch["path"]), encoding="utf-8")))
    if "namespace" in spec:
        for document in documents:
            if document["kind"] == "Namespace":
                document["metadata"]["name"] = spec["namespace"]
            else:
                document["metadata"]["namespace"] = spec["namespace"]
    for label in spec.get("labels", []):
        for document in documents:
            document["metadata"].setdefault("labels", {}).update(label["pairs"])
            if label.get("includeTemplates") and document["kind"] in WORKLOADS:
                document["spec"]["template"]["metadata"].setdefault("labels", {}).update(label["pairs"])
    for image in spec.get("images", []):
        for container in _containers(documents):
            if container["image"].split(":")[0] == image["name"]:
                container["image"] = image.get("newName", image["name"]) + ":" + image["newTag"]
    if top:
        for kind, old, new in list(_finish_generated(documents)):
            _rename_references(documents, kind, old, new)
    return documents


def _generate(directory, kind, generator, documents):
    data = {}
    for env_file in generator.get("envs", []):
        for line in open(os.path.join(directory, env_file), encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, value = line.partition("=")
                data[name] = value
    for file in generator.get("files", []):
        data[os.path.basename(file)] = open(os.path.join(directory, file), encoding="utf-8").read()
    for literal in generator.get("literals", []):
        name, _, value = literal.partition("=")
        data[name] = value
    options = generator.get("options", {})
    name = generator["name"]
    existing = next((d for d in documents if d["kind"] == kind and d["metadata"].get("generatedFrom") == name), None)
    if generator.get("behavior") == "merge":
        if existing is None:
            raise SystemExit(f"{kind} {name}: behavior merge, but no generator of that name in the resources")
        existing["data"].update(_encode(kind, data))
        document = existing
    else:
        document = {"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "generatedFrom": name}, "data": _encode(kind, data)}
        if kind == "Secret":
            document["type"] = "Opaque"
        documents.append(document)
    if options.get("labels"):
        document["metadata"].setdefault("labels", {}).update(options["labels"])
    document["metadata"]["hashed"] = not options.get("disableNameSuffixHash", False)


def _encode(kind, data):
    if kind == "Secret":
        return {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    return dict(data)


def _finish_generated(documents):
    for document in documents:
        metadata = document["metadata"]
        if "generatedFrom" not in metadata:
            continue
        name = metadata.pop("generatedFrom")
        if metadata.pop("hashed"):
            digest = hashlib.sha256(json.dumps(document["data"], sort_keys=True).encode()).hexdigest()[:10]
            metadata["name"] = f"{name}-{digest}"
            yield document["kind"], name, metadata["name"]


def _rename_references(documents, kind, old, new):
    for document in documents:
        if document["kind"] != "Deployment":
            continue
        pod = document["spec"]["template"]["spec"]
        for container in pod["containers"]:
            for source in container.get("envFrom", []):
                reference = source.get("configMapRef" if kind == "ConfigMap" else "secretRef")
                if reference and reference["name"] == old:
                    reference["name"] = new
            for variable in container.get("env", []):
                reference = variable.get("valueFrom", {}).get("configMapKeyRef" if kind == "ConfigMap" else "secretKeyRef")
                if reference and reference["name"] == old:
                    reference["name"] = new
        for volume in pod.get("volumes", []):
            if kind == "ConfigMap" and volume.get("configMap", {}).get("name") == old:
                volume["configMap"]["name"] = new
            if kind == "Secret" and volume.get("secret", {}).get("secretName") == old:
                volume["secret"]["secretName"] = new


def _containers(documents):
    for document in documents:
        if document["kind"] in WORKLOADS:
            yield from document["spec"]["template"]["spec"]["containers"]


def _patch(documents, patch):
    target = next((d for d in documents if d["kind"] == patch["kind"] and d["metadata"]["name"] == patch["metadata"]["name"]), None)
    if target is None:
        raise SystemExit(f"patch target {patch['kind']} {patch['metadata']['name']} not found")
    _merge(target, patch)


def _merge(target, patch):
    """Strategic merge, simplified: maps merge, lists of maps with a name merge by name, other lists replace."""
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        elif isinstance(value, list) and isinstance(target.get(key), list) and value and all(isinstance(v, dict) and "name" in v for v in value):
            added = []
            for item in value:
                existing = next((t for t in target[key] if isinstance(t, dict) and t.get("name") == item["name"]), None)
                if existing is None:
                    added.append(copy.deepcopy(item))
                else:
                    _merge(existing, item)
            # kustomize puts the patch's new entries first
            target[key][:0] = added
        else:
            target[key] = copy.deepcopy(value)


if __name__ == "__main__":
    yaml.safe_dump_all(render(sys.argv[1]), sys.stdout, sort_keys=False)
