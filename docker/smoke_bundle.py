"""Turns runc's default config.json (`runc spec`) into the image's container, for docker/smoke.sh.

Usage: smoke_bundle.py CONFIG_JSON IMAGE_CONFIG_JSON ROOTFS WORKDIR [NAME=VALUE ...]

From the image (`podman image inspect --format '{{json .Config}}'`): user, environment, working
directory, entry point and command. As the k8s bundle runs it: read-only root filesystem, a
writable /tmp, no capabilities, no new privileges. For this machine (../shared/research/containers.md):
no rlimits (the sandbox refuses to set them), the host's network namespace (the engines listen on
loopback), no cgroup namespace, mount or resources. WORKDIR/config is mounted read-only at /mnt
(the feed list) and WORKDIR/hosts as /etc/hosts. NAME=VALUE pairs add to or replace the environment.
"""
import json
import os
import sys

config_path, image_path, rootfs, work, *extra_env = sys.argv[1:]
config = json.load(open(config_path))
image = json.load(open(image_path))

user = image.get("User") or "0"
uid, _, gid = user.partition(":")
if not gid:  # the user's primary group, as a container engine takes it from the image's /etc/passwd
    gid = next((line.split(":")[3] for line in open(os.path.join(rootfs, "etc", "passwd"))
                if line.split(":")[2] == uid), uid)

env = dict(item.split("=", 1) for item in image.get("Env") or [])
env.update(item.split("=", 1) for item in extra_env)

process = config["process"]
process.update({
    "terminal": False,
    "user": {"uid": int(uid), "gid": int(gid)},
    "env": [f"{name}={value}" for name, value in env.items()],
    "cwd": image.get("WorkingDir") or "/",
    "args": (image.get("Entrypoint") or []) + (image.get("Cmd") or []),
    "noNewPrivileges": True,
    "capabilities": {kind: [] for kind in ("bounding", "effective", "inheritable", "permitted", "ambient")},
})
process.pop("rlimits", None)

config["hostname"] = "news-ingest"
config["root"] = {"path": rootfs, "readonly": True}
config["mounts"] = [m for m in config["mounts"] if m["destination"] != "/sys/fs/cgroup"] + [
    {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "mode=1777", "size=256m"]},
    {"destination": "/etc/hosts", "type": "bind", "source": os.path.join(work, "hosts"), "options": ["bind", "ro"]},
    {"destination": "/etc/resolv.conf", "type": "bind", "source": "/etc/resolv.conf", "options": ["bind", "ro"]},
    {"destination": "/mnt", "type": "bind", "source": os.path.join(work, "config"), "options": ["bind", "ro"]},
]
linux = config["linux"]
linux["namespaces"] = [ns for ns in linux["namespaces"] if ns["type"] not in ("network", "cgroup")]
linux.pop("resources", None)

json.dump(config, open(config_path, "w"), indent=2)
