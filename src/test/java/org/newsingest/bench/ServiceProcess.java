package org.newsingest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.newsingest.fault.Faults;
import org.newsingest.testing.LoopbackHttp;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process, driven
 * only through its environment and its HTTP port. Reads its CPU time and memory from
 * {@code /proc/<pid>}, so the figures are the service's alone, not the benchmark's.
 */
final class ServiceProcess implements AutoCloseable {

    static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private final Process process;
    private final long startedNanos;
    /** Wall-clock time of the start, to place the service's own log timestamps. */
    final Instant startedAt;
    final int httpPort;
    final int managementPort;
    final Path log;

    private ServiceProcess(Process process, long startedNanos, int httpPort, int managementPort, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.startedAt = Instant.now().minusNanos(System.nanoTime() - startedNanos);
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = log;
    }

    /**
     * Starts the service with {@code env} added to this process' environment. The HTTP port (and
     * a management port, in case health moves there) are chosen here and passed as env too.
     */
    static ServiceProcess start(Map<String, String> env, List<String> jvmOptions, Path log) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the benchmarks with ./mvnw verify -Pbenchmark (it packages first)");
        }
        int httpPort = Engines.freePort();
        int managementPort = Engines.freePort();
        Map<String, String> withPorts = new java.util.HashMap<>(env);
        withPorts.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        withPorts.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        withPorts.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        withPorts.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        return launch(jvmOptions, List.of("-jar", jar.toString()), withPorts, httpPort, managementPort, log);
    }

    /** Another program on the test class path (the Camel peer), measured the same way; it has no HTTP port. */
    static ServiceProcess startMain(String mainClass, List<String> args, List<String> jvmOptions, Path log) {
        List<String> program = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        program.addAll(args);
        return launch(jvmOptions, program, Map.of(), -1, -1, log);
    }

    private static ServiceProcess launch(List<String> jvmOptions, List<String> program, Map<String, String> env, int httpPort, int managementPort, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(program);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(env);
            long started = System.nanoTime();
            return new ServiceProcess(builder.start(), started, httpPort, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the process' log has a line containing {@code marker}; returns the time since its start. */
    Duration awaitLogLine(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!read(log).contains(marker)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + marker + "' after " + timeout + "; see " + log);
            }
            Faults.sleep(Duration.ofMillis(20));
        }
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until {@code /q/health/ready} answers 200, on the HTTP port or the management port,
     * and returns the time since the process was started.
     */
    Duration awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int port : new int[] {httpPort, managementPort}) {
                if (LoopbackHttp.status(port, "/q/health/ready", Duration.ofSeconds(2)) == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service was not ready after " + timeout + "; see " + log);
            }
            Faults.sleep(Duration.ofMillis(20));
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** User plus system CPU time of the service process so far ({@code /proc/<pid>/stat} utime + stime). */
    long cpuMillis() {
        String stat = read(Path.of("/proc", String.valueOf(pid()), "stat"));
        // Fields after the command name, which sits in parentheses and may contain spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * CPU time of each thread so far, by thread id, with the thread's name ({@code /proc/<pid>/task/<tid>/stat});
     * two snapshots give where the CPU of a window went, JIT and GC threads included (which no Java profile samples).
     */
    Map<Long, Map.Entry<String, Long>> cpuMillisByThread() {
        Map<Long, Map.Entry<String, Long>> threads = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    threads.put(Long.parseLong(task.getFileName().toString()), Map.entry(name, ticks * 1000 / CLOCK_TICKS_PER_SECOND));
                } catch (IOException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return threads;
    }

    /** Resident memory now ({@code VmRSS}), in MiB. */
    double rssMiB() {
        return statusKiB("VmRSS:") / 1024.0;
    }

    /** Peak resident memory so far ({@code VmHWM}), in MiB. */
    double peakRssMiB() {
        return statusKiB("VmHWM:") / 1024.0;
    }

    private long statusKiB(String field) {
        for (String line : read(Path.of("/proc", String.valueOf(pid()), "status")).split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException(field + " missing in /proc/" + pid() + "/status");
    }

    /** SIGTERM and wait: a clean shutdown, which also writes a flight recording started with dumponexit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100; // the Linux default (USER_HZ)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
