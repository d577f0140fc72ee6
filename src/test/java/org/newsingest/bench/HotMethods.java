package org.newsingest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the service's CPU went, from the {@code jdk.ExecutionSample} events of a flight recording
 * (the same events {@code jfr print --events jdk.ExecutionSample} prints), counted over a time
 * window: the top frames (self time), the methods on the stack (total time), and the total time of
 * our own code by pipeline stage (the package under {@code org.newsingest}).
 */
final class HotMethods {

    private final int samples;
    private final Map<String, Integer> self;
    private final Map<String, Integer> total;
    private final Map<String, Integer> stages;
    private final Map<String, Integer> libraries;

    private HotMethods(int samples, Map<String, Integer> self, Map<String, Integer> total, Map<String, Integer> stages, Map<String, Integer> libraries) {
        this.samples = samples;
        this.self = self;
        this.total = total;
        this.stages = stages;
        this.libraries = libraries;
    }

    static HotMethods read(Path recording, Instant from, Instant to) {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> stages = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1, Integer::sum);
                libraries.merge(library(frames.get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                Set<String> stagesSeen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame);
                    if (seen.add(method)) {
                        total.merge(method, 1, Integer::sum);
                    }
                    String type = frame.getMethod() == null ? "" : frame.getMethod().getType().getName();
                    if (type.startsWith("org.newsingest.")) {
                        String stage = type.substring("org.newsingest.".length());
                        stage = stage.contains(".") ? stage.substring(0, stage.indexOf('.')) : stage;
                        if (stagesSeen.add(stage)) {
                            stages.merge(stage, 1, Integer::sum);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + recording, e);
        }
        return new HotMethods(samples, self, total, stages, libraries);
    }

    /** The library a frame belongs to: its package cut to the part that names the project. */
    private static String library(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return "?";
        }
        String type = frame.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        if (type.startsWith("org.newsingest.") && parts.length > 3) {
            return "org.newsingest." + parts[2];
        }
        if (type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
            return parts.length > 2 ? parts[0] + "." + parts[1] : parts[0];
        }
        int keep = type.startsWith("com.fasterxml.") || type.startsWith("io.quarkus.") || type.startsWith("org.apache.") ? 3 : 2;
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(keep, parts.length - 1)));
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method == null ? "?" : method.getType().getName() + "." + method.getName();
    }

    int samples() {
        return samples;
    }

    /** Markdown: three tables, each with the share of all samples in the window. */
    String markdown(int top) {
        if (samples == 0) {
            return "No execution samples in the window.\n";
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%,d execution samples (JFR `profile` settings: one every 10 ms per running thread).%n%n", samples));
        md.append("Our code by stage (share of samples with a method of `org.newsingest.<stage>` on the stack):\n\n");
        table(md, "stage", stages, top);
        md.append("\nSelf time by library (the package of the method running when sampled):\n\n");
        table(md, "package", libraries, top);
        md.append("\nTop frames (self time: the method running when sampled):\n\n");
        table(md, "method", self, top);
        md.append("\nOur methods on the stack (total time, including what they call):\n\n");
        Map<String, Integer> ours = new LinkedHashMap<>();
        total.forEach((method, count) -> {
            if (method.startsWith("org.newsingest.") && !method.contains("$$") && !method.contains("_ClientProxy") && !method.contains("_Subclass")) {
                ours.put(method, count);
            }
        });
        table(md, "method", ours, top);
        md.append("\nAll methods on the stack (total time), without thread, proxy and transaction plumbing:\n\n");
        table(md, "method", withoutPlumbing(total), 2 * top);
        return md.toString();
    }

    /** Threads' entry points are on every stack and say nothing: keep the frames below them. */
    private Map<String, Integer> withoutPlumbing(Map<String, Integer> methods) {
        Map<String, Integer> kept = new LinkedHashMap<>();
        methods.forEach((method, count) -> {
            boolean plumbing = method.startsWith("java.lang.Thread.") || method.startsWith("java.util.concurrent.")
                    || method.startsWith("io.netty.") || method.startsWith("io.vertx.core.") || method.startsWith("org.jboss.threads.")
                    || method.startsWith("io.smallrye.context.") || method.startsWith("io.quarkus.arc.")
                    || method.contains("_Subclass") || method.contains("_ClientProxy") || method.startsWith("jdk.internal.reflect.")
                    || method.startsWith("java.lang.reflect.") || method.startsWith("io.quarkus.scheduler.")
                    || method.startsWith("io.quarkus.narayana.") || method.startsWith("com.arjuna.") || method.contains("$$Lambda")
                    || method.startsWith("org.newsingest.");
            if (!plumbing && count * 100 >= samples) {
                kept.put(method, count);
            }
        });
        return kept;
    }

    private void table(StringBuilder md, String what, Map<String, Integer> counts, int top) {
        md.append("| ").append(what).append(" | samples | share |\n|---|---:|---:|\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %,d | %.1f %% |%n", e.getKey(), e.getValue(), 100.0 * e.getValue() / samples)));
    }
}
