package sns.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.springframework.core.env.PropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/**
 * What one SNS program accepts as settings, read from its runnable jar: the configuration metadata
 * that {@code spring-boot-configuration-processor} generated for its own {@code @ConfigurationProperties}
 * and that every library in the jar ships, plus the program's {@code application.yml} (its defaults).
 * A renamed property changes the metadata, so a deployment file still using the old name is caught.
 */
final class ProgramSettings {

    private static final Map<SnsProgram, ProgramSettings> LOADED = Collections.synchronizedMap(new EnumMap<>(SnsProgram.class));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    /** A property the program declares: its name (canonical kebab case) and Java type. */
    record Property(String name, String type) {
        boolean isMap() {
            return type != null && type.startsWith("java.util.Map<");
        }
    }

    /** A {@code @ConfigurationProperties} class of the program: its prefix and class name. */
    record Group(String prefix, String type) {
    }

    private final SnsProgram program;
    private final Map<String, Property> properties;
    private final List<Group> groups;
    private final List<PropertySource<?>> defaults;

    private ProgramSettings(SnsProgram program, Map<String, Property> properties, List<Group> groups,
                            List<PropertySource<?>> defaults) {
        this.program = program;
        this.properties = properties;
        this.groups = groups;
        this.defaults = defaults;
    }

    static ProgramSettings of(SnsProgram program) {
        return LOADED.computeIfAbsent(program, ProgramSettings::load);
    }

    SnsProgram program() {
        return program;
    }

    Map<String, Property> properties() {
        return properties;
    }

    /** The program's own configuration classes (prefix {@code sns.}); libraries' are checked per property. */
    List<Group> snsGroups() {
        return groups.stream().filter(group -> group.prefix().startsWith("sns.")).toList();
    }

    /** The program's application.yml, lowest precedence. */
    List<PropertySource<?>> defaults() {
        return defaults;
    }

    /** The program with these environment variables and {@code --name=value} arguments. */
    ConfiguredProgram configure(Map<String, String> environment, List<String> arguments) {
        return new ConfiguredProgram(this, environment, arguments);
    }

    private static ProgramSettings load(SnsProgram program) {
        Path jar = program.jar();
        Map<String, Property> properties = new LinkedHashMap<>();
        List<Group> groups = new ArrayList<>();
        List<PropertySource<?>> defaults = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().equals(METADATA)) {
                    readMetadata(zip.getInputStream(entry).readAllBytes(), properties, groups);
                } else if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                    readNestedMetadata(zip.getInputStream(entry), properties, groups);
                } else if (entry.getName().equals("BOOT-INF/classes/application.yml")) {
                    byte[] yaml = zip.getInputStream(entry).readAllBytes();
                    defaults.addAll(new YamlPropertySourceLoader().load("application.yml",
                            new ByteArrayResource(yaml, program + " application.yml")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        if (properties.keySet().stream().noneMatch(name -> name.startsWith("sns."))) {
            throw new IllegalStateException(jar + " has no metadata for sns.* properties: is the configuration processor on?");
        }
        return new ProgramSettings(program, Map.copyOf(properties), List.copyOf(groups), List.copyOf(defaults));
    }

    private static void readNestedMetadata(InputStream nestedJar, Map<String, Property> properties, List<Group> groups)
            throws IOException {
        ZipInputStream zip = new ZipInputStream(nestedJar);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.getName().equals(METADATA)) {
                readMetadata(zip.readAllBytes(), properties, groups);
                return;
            }
        }
    }

    private static void readMetadata(byte[] json, Map<String, Property> properties, List<Group> groups) throws IOException {
        JsonNode metadata = JSON.readTree(new ByteArrayInputStream(json));
        for (JsonNode property : metadata.path("properties")) {
            String name = property.path("name").asText();
            properties.putIfAbsent(name, new Property(name, property.path("type").asText(null)));
        }
        for (JsonNode group : metadata.path("groups")) {
            groups.add(new Group(group.path("name").asText(), group.path("type").asText(null)));
        }
    }
}
