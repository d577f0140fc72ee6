package org.newsingest.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A JVM the fault tests start, kill (SIGKILL) or stop (SIGTERM), with its output in a log file. */
final class ChildProcess {

    private final Process process;
    final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new ChildProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** CPU time the process has used so far (user and system), where the OS reports it. */
    Optional<Duration> cpuTime() {
        return process.info().totalCpuDuration();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code; only once the process has exited. */
    int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, no flushing, as in a crash or an OOM kill. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /**
     * SIGTERM: a clean shutdown, as Kubernetes does it: SIGKILL after 30 s. Returns how long the
     * process took to exit, or empty when it had to be killed.
     */
    Optional<Duration> stop() {
        long started = System.nanoTime();
        process.destroy();
        try {
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - started));
            }
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void await(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not ready after " + timeout + "; see " + log);
            }
            Faults.sleep(Duration.ofMillis(200));
        }
    }

    boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
