package org.newsingest.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One section of the benchmark report, as every benchmark writes it to
 * {@code target/benchmarks/<name>.json}: the report (BenchmarkReport) includes every fragment
 * present, so benchmarks in other packages add sections without touching this one.
 *
 * @param rows each figure with its limit and target; {@code limit}, {@code ratio}, {@code target}
 *     and {@code met} may be null when the figure has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Fragment(String name, String title, List<Row> rows, String notes) {

    static final Path DIR = Path.of("target", "benchmarks");
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Row(String figure, Double value, String unit, String limit, Double ratio, String target, Boolean met) {

        static Row of(String figure, double value, String unit) {
            return new Row(figure, value, unit, null, null, null, null);
        }

        Row against(String limit, double limitValue) {
            return new Row(figure, value, unit, limit, limitValue > 0 ? value / limitValue : null, target, met);
        }

        Row target(String target, boolean met) {
            return new Row(figure, value, unit, limit, ratio, target, met);
        }
    }

    /** Writes the fragment, its notes ending with the machine's load average (other processes share the cores). */
    void write() {
        try {
            Files.createDirectories(DIR);
            String load = Files.exists(LOADAVG) ? String.join(" / ", Arrays.copyOf(Files.readString(LOADAVG).split(" "), 3)) : "unknown";
            String withLoad = (notes == null ? "" : notes.strip() + "\n\n") + "Load average (1 / 5 / 15 min) when this section was written: " + load + ".";
            JSON.writeValue(DIR.resolve(name + ".json").toFile(), new Fragment(name, title, rows, withLoad));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
