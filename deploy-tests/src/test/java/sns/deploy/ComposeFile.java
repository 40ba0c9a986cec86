package sns.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as Compose reads it: {@code ${VAR:-default}} interpolated from the given
 * variables (defaults where unset), YAML anchors and merge keys resolved, one {@link Service} per service.
 */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}");

    /** One service: its image, environment, command arguments, published ports and health check. */
    record Service(String name, String image, Map<String, String> environment, List<String> command,
                   List<String> ports, List<String> healthCheck, List<String> profiles) {

        Optional<SnsProgram> program() {
            return image == null ? Optional.empty() : SnsProgram.forImage(image);
        }

        /** Container ports of {@code [address:]host:container} entries. */
        List<Integer> containerPorts() {
            return ports.stream().map(port -> Integer.parseInt(port.replaceFirst("^.*:", "").replaceFirst("/.*$", "")))
                    .toList();
        }
    }

    private final Map<String, Service> services;

    private ComposeFile(Map<String, Service> services) {
        this.services = services;
    }

    static ComposeFile read(Path file, Map<String, String> variables) {
        try {
            return parse(interpolate(Files.readString(file), variables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Service> services() {
        return services;
    }

    Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in the compose file");
        }
        return service;
    }

    static String interpolate(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            boolean unset = value == null || (value.isEmpty() && matcher.group(0).contains(":"));
            if (unset && "?".equals(matcher.group(2))) {
                throw new IllegalArgumentException("compose needs " + matcher.group(1) + ": " + matcher.group(3));
            }
            String replacement = unset ? (matcher.group(3) == null ? "" : matcher.group(3)) : value;
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static ComposeFile parse(String yaml) {
        Map<String, Object> root = new Yaml().load(yaml);
        Map<String, Service> services = new LinkedHashMap<>();
        ((Map<String, Object>) root.get("services")).forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            Map<String, Object> health = (Map<String, Object>) service.getOrDefault("healthcheck", Map.of());
            services.put(name, new Service(name, (String) service.get("image"), environment(service.get("environment")),
                    strings(service.get("command")), strings(service.get("ports")), strings(health.get("test")),
                    strings(service.get("profiles"))));
        });
        return new ComposeFile(services);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Object environment) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((name, value) -> variables.put(String.valueOf(name), value == null ? "" : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (String entry : (List<String>) list) {
                int equals = entry.indexOf('=');
                variables.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
            }
        }
        return variables;
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> strings.add(String.valueOf(item)));
        } else if (value != null) {
            strings.addAll(List.of(String.valueOf(value).trim().split("\\s+")));
        }
        return strings;
    }
}
