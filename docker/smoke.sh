#!/usr/bin/env bash
# Smoke test of the container image, on a machine without Docker (.ci/run runs it).
#
# Builds docker/Dockerfile from the packaged application on a Debian JRE base made with mmdebstrap
# (no registry is reachable here; ../shared/research/containers.md), starts the image as a real
# container with runc against a PostgreSQL and a Kafka broker started for the test (the project's
# embedded engines, org.newsingest.local.LocalStack), and checks that it
#   (a) becomes ready, (b) runs as a non-root user, (c) turns a local feed into events on the topic,
#   (d) stops gracefully on SIGTERM; and (a') that the JVM mapped the image's AppCDS archive.
# One PASS/FAIL line per check; exits non-zero when any fails. Installs mmdebstrap, podman and runc
# from Debian's packages when missing (needs root) and caches the base image in $SMOKE_CACHE.
#
# Usage: docker/smoke.sh            (packages the application first when the sources are newer)
# Env:   SMOKE_CACHE (default /var/cache/news-ingest-smoke), SMOKE_KEEP=1 keeps the work directory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CACHE=${SMOKE_CACHE:-/var/cache/news-ingest-smoke}
BASE_TAR=$CACHE/base-bookworm-jre17.tar
BASE_IMAGE=localhost/news-ingest-smoke-base:bookworm-jre17
IMAGE=localhost/news-ingest:smoke
NAME=news-ingest-smoke-$$
WORK=$(mktemp -d /tmp/news-ingest-smoke.XXXXXX)
ITEMS=5
RUN_ID=$(date +%s)-$$
failed=0
pids=()

log() { printf '%s smoke: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
result() { # result PASS|FAIL text
    printf 'SMOKE %s: %s\n' "$1" "$2"
    [ "$1" = PASS ] || failed=1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cleanup() {
    set +e
    if runc state "$NAME" >/dev/null 2>&1; then
        runc kill "$NAME" KILL >/dev/null 2>&1
        sleep 1
        runc delete --force "$NAME" >/dev/null 2>&1
    fi
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    mkdir -p "$ROOT/target/smoke"
    cp "$WORK"/*.log "$ROOT/target/smoke/" 2>/dev/null
    if [ "${SMOKE_KEEP:-0}" = 1 ]; then
        log "work directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

# --- tools and base image (cached) -------------------------------------------------------------
missing=()
for tool in mmdebstrap podman runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    apt-get install -y -q "${missing[@]}" >"$WORK/apt.log" 2>&1 \
        || { apt-get update -q >>"$WORK/apt.log" 2>&1 && apt-get install -y -q "${missing[@]}" >>"$WORK/apt.log" 2>&1; }
fi
if ! podman image exists "$BASE_IMAGE"; then
    if [ ! -s "$BASE_TAR" ]; then
        log "making the base image (Debian bookworm, openjdk-17-jre-headless) into $BASE_TAR"
        mkdir -p "$CACHE"
        mmdebstrap --variant=minbase --format=tar --include=openjdk-17-jre-headless,ca-certificates \
            bookworm "$BASE_TAR.partial" >"$WORK/mmdebstrap.log" 2>&1
        mv "$BASE_TAR.partial" "$BASE_TAR"
    fi
    podman import "$BASE_TAR" "$BASE_IMAGE" >"$WORK/import.log" 2>&1
fi

# --- the application, the image and its root filesystem -----------------------------------------
JAR=target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    log "packaging the application"
    ./mvnw -B -q -ntp -DskipTests package >"$WORK/package.log" 2>&1
fi
if [ ! -d target/test-classes/org/newsingest/local ] || [ -n "$(find src/test -newer target/test-classes/org/newsingest/local -print -quit)" ]; then
    ./mvnw -B -q -ntp test-compile >"$WORK/test-compile.log" 2>&1
fi
# The engines and the consumer run from the test classpath (the embedded engines are test-scoped).
CLASSPATH_FILE=target/smoke-classpath.txt
if [ ! -s "$CLASSPATH_FILE" ] || [ pom.xml -nt "$CLASSPATH_FILE" ]; then
    ./mvnw -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE" >"$WORK/classpath.log" 2>&1
fi
CLASSPATH_TEST="target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")"

log "building the image (podman build --isolation=chroot, base $BASE_IMAGE)"
started=$(date +%s)
podman build --isolation=chroot --build-arg BASE_IMAGE="$BASE_IMAGE" -f docker/Dockerfile -t "$IMAGE" . >"$WORK/build.log" 2>&1 \
    || { tail -n 30 "$WORK/build.log"; result FAIL "image build (log: target/smoke/build.log)"; exit 1; }
log "image built in $(( $(date +%s) - started )) s"

# The image's own root filesystem, mounted read-only as the k8s bundle runs it (readOnlyRootFilesystem, /tmp writable).
ROOTFS=$(podman image mount "$IMAGE")
trap 'cleanup; podman image unmount "$IMAGE" >/dev/null 2>&1' EXIT

# --- engines and a local feed --------------------------------------------------------------------
KAFKA_PORT=$(free_port)
log "starting PostgreSQL and Kafka (org.newsingest.local.LocalStack, engines only; broker on $KAFKA_PORT)"
(cd "$WORK" && LOCAL_ENGINES_ONLY=true LOCAL_KAFKA_PORT=$KAFKA_PORT exec java -Xmx512m -cp "$(sed "s#target/#$ROOT/target/#g" <<<"$CLASSPATH_TEST")" \
    org.newsingest.local.LocalStack >"$WORK/engines.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 180); do grep -q "export KAFKA_BOOTSTRAP_SERVERS" "$WORK/engines.log" 2>/dev/null && break; sleep 1; done
grep -q "export KAFKA_BOOTSTRAP_SERVERS" "$WORK/engines.log" || { tail -n 30 "$WORK/engines.log"; result FAIL "engines did not start"; exit 1; }
engine() { sed -n "s/^  export $1='\(.*\)'$/\1/p" "$WORK/engines.log"; }
JDBC_URL=$(engine QUARKUS_DATASOURCE_JDBC_URL)
BOOTSTRAP=$(engine KAFKA_BOOTSTRAP_SERVERS)

FEED_PORT=$(free_port)
mkdir -p "$WORK/www" "$WORK/config"
{
    echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Smoke</title><link>http://127.0.0.1/</link><description>smoke test</description>'
    for i in $(seq 1 $ITEMS); do
        echo "<item><title>Smoke story $i of run $RUN_ID</title><link>http://127.0.0.1:$FEED_PORT/smoke-$RUN_ID-item-$i.html</link>"
        echo "<guid>smoke-$RUN_ID-item-$i</guid><pubDate>$(date -u -R)</pubDate><description>Story number $i of the container smoke test.</description></item>"
    done
    echo '</channel></rss>'
} >"$WORK/www/feed.xml"
(cd "$WORK/www" && exec python3 -m http.server "$FEED_PORT" --bind 127.0.0.1 >"$WORK/feed-server.log" 2>&1) &
pids+=($!)
# A short interval: a listed feed's first poll comes at a random time within it (FeedRegistry.firstPollOfListEntry).
printf 'feeds:\n  - url: http://127.0.0.1:%s/feed.xml\n    title: Smoke\n    pollInterval: PT5S\n' "$FEED_PORT" >"$WORK/config/feeds.yaml"

# --- the container -------------------------------------------------------------------------------
HTTP_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)
printf '127.0.0.1 localhost news-ingest\n::1 localhost\n' >"$WORK/hosts"
mkdir -p "$WORK/bundle"
(cd "$WORK/bundle" && runc spec)
podman image inspect "$IMAGE" --format '{{json .Config}}' >"$WORK/image-config.json"
python3 docker/smoke_bundle.py "$WORK/bundle/config.json" "$WORK/image-config.json" "$ROOTFS" "$WORK" \
    "QUARKUS_DATASOURCE_JDBC_URL=$JDBC_URL" \
    "QUARKUS_DATASOURCE_USERNAME=$(engine QUARKUS_DATASOURCE_USERNAME)" \
    "QUARKUS_DATASOURCE_PASSWORD=$(engine QUARKUS_DATASOURCE_PASSWORD)" \
    "KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP" \
    "QUARKUS_HTTP_HOST=127.0.0.1" "QUARKUS_HTTP_PORT=$HTTP_PORT" \
    "QUARKUS_MANAGEMENT_HOST=127.0.0.1" "QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT" \
    "INGEST_API_KEY=smoke-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    "INGEST_FEEDS_FILE=/mnt/feeds.yaml" \
    "INGEST_FETCH_ALLOW_PRIVATE_NETWORKS=true" "INGEST_POLL_MIN_INTERVAL=PT5S"

log "starting the container $NAME (runc; API on $HTTP_PORT, management on $MANAGEMENT_PORT)"
container_started=$(date +%s%N)
runc run --bundle "$WORK/bundle" "$NAME" >"$WORK/container.log" 2>&1 </dev/null &
runc_pid=$!
pids+=("$runc_pid")

# (a) ready
ready=""
for _ in $(seq 1 360); do
    if curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 2>/dev/null | grep -q '"status": *"UP"'; then
        ready=$(( ($(date +%s%N) - container_started) / 1000000 )); break
    fi
    kill -0 "$runc_pid" 2>/dev/null || break
    sleep 0.5
done
if [ -n "$ready" ]; then
    result PASS "(a) ready: /q/health/ready UP on the management port $(awk "BEGIN{printf \"%.1f\", $ready/1000}") s after runc run"
else
    tail -n 30 "$WORK/container.log"
    result FAIL "(a) ready: /q/health/ready never answered UP (log: target/smoke/container.log)"
fi

# (b) non-root: the container's process (sh execs java) as the kernel sees it
pid=$(runc state "$NAME" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])' 2>/dev/null || true)
if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
    uids=$(awk '/^Uid:/{print $2, $3, $4, $5}' "/proc/$pid/status")
    comm=$(cat "/proc/$pid/comm")
    if [ "$uids" = "185 185 185 185" ] && [ "$comm" = java ]; then
        result PASS "(b) non-root: the container's java process (host pid $pid) runs as uid 185 (real, effective, saved, fs)"
    else
        result FAIL "(b) non-root: process $comm (host pid $pid) has uids $uids, expected 185 ×4"
    fi
else
    result FAIL "(b) non-root: no running container process"
fi

# The image's class-data archive: mapped by the JVM, or the start lost its speed-up (docker/Dockerfile).
if [ -n "$pid" ] && grep -q '/deployments/app-cds.jsa' "/proc/$pid/maps" 2>/dev/null; then
    result PASS "(a') AppCDS: /deployments/app-cds.jsa is mapped by the container's JVM"
else
    result FAIL "(a') AppCDS: /deployments/app-cds.jsa is not mapped (archive missing, or written by another JVM)"
fi

# (c) a local feed becomes events on the topic
(cd "$ROOT" && KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP exec java -Xmx128m -cp "$CLASSPATH_TEST" org.newsingest.local.TailEvents \
    >"$WORK/events.log" 2>&1) &
tail_pid=$!
pids+=("$tail_pid")
seen=0
for _ in $(seq 1 180); do
    seen=$( (grep -o "smoke-$RUN_ID-item-[0-9]*" "$WORK/events.log" 2>/dev/null || true) | sort -u | wc -l)
    [ "$seen" -ge "$ITEMS" ] && break
    sleep 1
done
if [ "$seen" -ge "$ITEMS" ]; then
    result PASS "(c) feed to events: all $ITEMS items of the local feed arrived on news.items ($(grep -c '^partition ' "$WORK/events.log") records read)"
else
    result FAIL "(c) feed to events: $seen of $ITEMS items arrived on news.items within 180 s (logs: target/smoke/)"
fi

# (d) graceful stop on SIGTERM
stop_started=$(date +%s)
runc kill "$NAME" TERM 2>/dev/null || true
stopped=""
for _ in $(seq 1 50); do
    if ! kill -0 "$runc_pid" 2>/dev/null; then stopped=yes; break; fi
    sleep 0.5
done
exit_code=-
if [ -n "$stopped" ]; then exit_code=0; wait "$runc_pid" || exit_code=$?; fi
# The service's own stop lines: the scheduler, the relay, and Quarkus' final one.
graceful=()
for line in 'poll scheduler stopped in [0-9]+ ms' 'relay stopped, producer flushed and closed' 'stopped in [0-9.]+s'; do
    grep -q -E "$line" "$WORK/container.log" && graceful+=("$(grep -o -E "[a-z -]*$line" "$WORK/container.log" | head -n 1)")
done
if [ -n "$stopped" ] && [ ${#graceful[@]} = 3 ]; then
    result PASS "(d) SIGTERM: stopped within $(( $(date +%s) - stop_started )) s, exit code $exit_code; log: $(IFS=';'; echo "${graceful[*]}")"
else
    result FAIL "(d) SIGTERM: stopped=${stopped:-no, not within 25 s}; graceful stop lines found: ${#graceful[@]} of 3 (log: target/smoke/container.log)"
fi

if [ "$failed" = 0 ]; then log "all checks passed"; else log "FAILED"; fi
exit "$failed"
