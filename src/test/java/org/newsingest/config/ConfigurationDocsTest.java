package org.newsingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration table of docs/configuration.md lists exactly the {@code ingest.*} settings the
 * {@code @ConfigMapping}s define, each with the mapping's default: a key added, renamed or given a
 * new default in code without the table (or the other way round) fails here.
 */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| (`[A-Z_<>]+`(?:, `[A-Z_<>]+`)*) \\|.*\\| ([^|]*) \\|$");
    private static final Pattern NAME = Pattern.compile("`([A-Z_<>]+)`");

    @Test
    void theTableListsEveryMappedSettingWithItsDefault() throws IOException, URISyntaxException {
        Map<String, Optional<String>> mapped = mappedSettings();
        Map<String, String> documented = documentedSettings();

        assertThat(documented.keySet()).as("settings in %s", DOC).containsExactlyInAnyOrderElementsOf(mapped.keySet());
        mapped.forEach((variable, defaultValue) -> defaultValue.ifPresent(value ->
                assertThat(documented.get(variable)).as("default of %s in %s", variable, DOC).contains("`" + value + "`")));
    }

    /** Every leaf of every mapping under org.newsingest, as its environment variable, with its default. */
    private static Map<String, Optional<String>> mappedSettings() throws IOException, URISyntaxException {
        Path classes = Path.of(IngestConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Optional<String>> settings = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve("org/newsingest"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = load(name);
                ConfigMapping mapping = type == null ? null : type.getAnnotation(ConfigMapping.class);
                if (mapping != null) {
                    collect(type, mapping.prefix(), settings);
                }
            }
        }
        assertThat(settings).as("mapped settings found in %s", classes).isNotEmpty();
        return settings;
    }

    private static void collect(Class<?> group, String prefix, Map<String, Optional<String>> settings) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String key = prefix + "." + (named != null ? named.value() : kebab(method.getName()));
            Type returned = method.getGenericReturnType();
            Class<?> raw = method.getReturnType();
            if (raw == Map.class && returned instanceof ParameterizedType map && isGroup(map.getActualTypeArguments()[1])) {
                collect((Class<?>) map.getActualTypeArguments()[1], key + ".<name>", settings);
            } else if (isGroup(returned)) {
                collect(raw, key, settings);
            } else {
                WithDefault fallback = method.getAnnotation(WithDefault.class);
                settings.put(variable(key), Optional.ofNullable(fallback).map(WithDefault::value));
            }
        }
    }

    private static boolean isGroup(Type type) {
        return type instanceof Class<?> c && c.isInterface() && c.getName().startsWith("org.newsingest.");
    }

    /** The table's rows: each variable named in the first column (`_SUFFIX` names a sibling of the one before), with the default column. */
    private static Map<String, String> documentedSettings() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Matcher name = NAME.matcher(row.group(1));
            while (name.find()) {
                String value = name.group(1);
                if (value.startsWith("_") && !names.isEmpty()) {
                    String first = names.get(0);
                    value = first.substring(0, first.lastIndexOf('_')) + value;
                }
                names.add(value);
            }
            names.stream().filter(n -> n.startsWith("INGEST_")).forEach(n -> documented.put(n, row.group(2)));
        }
        return documented;
    }

    private static String variable(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ConfigurationDocsTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
