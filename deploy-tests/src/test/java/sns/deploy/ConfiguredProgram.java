package sns.deploy;

import jakarta.validation.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * One SNS program as a deployment file starts it: its environment variables and {@code --name=value}
 * arguments over its own application.yml, bound the way Spring Boot binds them at start-up (relaxed
 * names, conversion, the program's own {@code @ConfigurationProperties} records with their checks).
 */
final class ConfiguredProgram {

    /** Variables that configure the image, not the program (see the Dockerfile). */
    static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS");

    private final ProgramSettings settings;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private final Binder binder;

    ConfiguredProgram(ProgramSettings settings, Map<String, String> environment, List<String> arguments) {
        this.settings = settings;
        this.environment = new LinkedHashMap<>(environment);
        this.arguments = List.copyOf(arguments);
        MutablePropertySources sources = new MutablePropertySources();
        if (!arguments.isEmpty()) {
            sources.addLast(new SimpleCommandLinePropertySource(arguments.toArray(String[]::new)));
        }
        sources.addLast(environmentSource(environment));
        settings.defaults().forEach(sources::addLast);
        this.binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources), ApplicationConversionService.getSharedInstance());
    }

    /**
     * Everything the program would not accept: a variable or argument that names no property of
     * it, a value that does not convert to the property's type, a configuration record that
     * refuses the combination. Empty when the program takes the settings as they are.
     */
    List<String> problems(Set<String> helperVariables) {
        List<String> problems = new ArrayList<>();
        Set<ProgramSettings.Property> set = new java.util.LinkedHashSet<>();
        environment.forEach((name, value) -> {
            if (IMAGE_VARIABLES.contains(name) || helperVariables.contains(name)) {
                return;
            }
            List<ProgramSettings.Property> named = named(environmentSource(Map.of(name, value)));
            if (named.isEmpty()) {
                problems.add(settings.program() + ": environment variable " + name + " names no property of the program");
            }
            set.addAll(named);
        });
        for (String argument : arguments) {
            String name = argument.replaceFirst("^--", "").replaceFirst("=.*$", "");
            List<ProgramSettings.Property> named = argument.startsWith("--")
                    ? named(new MapPropertySource("argument", Map.of(name, "x"))) : List.of();
            if (named.isEmpty()) {
                problems.add(settings.program() + ": argument " + argument + " names no property of the program");
            }
            set.addAll(named);
        }
        for (ProgramSettings.Property property : set) {
            if (!property.isMap()) {
                bindingProblem(() -> binder.bind(property.name(), Bindable.of(typeOf(property))), problems);
            }
        }
        ValidationBindHandler validation = new ValidationBindHandler(
                new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));
        for (ProgramSettings.Group group : settings.snsGroups()) {
            Class<?> type = ClassUtils.resolveClassName(group.type(), getClass().getClassLoader());
            bindingProblem(() -> binder.bindOrCreate(group.prefix(), Bindable.of(type), validation), problems);
        }
        return problems;
    }

    int grpcPort() {
        return binder.bind("grpc.server.port", Integer.class).orElse(9090);
    }

    int httpPort() {
        return binder.bind("server.port", Integer.class).orElse(8080);
    }

    String string(String property) {
        return binder.bind(property, String.class).orElse(null);
    }

    /** Actuator paths the program serves over HTTP: health (and its probe groups), prometheus. */
    Set<String> actuatorPaths() {
        String base = binder.bind("management.endpoints.web.base-path", String.class).orElse("/actuator");
        List<String> exposed = binder.bind("management.endpoints.web.exposure.include", Bindable.listOf(String.class))
                .orElse(List.of("health"));
        Set<String> paths = new java.util.TreeSet<>();
        if (exposed.contains("health") || exposed.contains("*")) {
            paths.add(base + "/health");
            if (binder.bind("management.endpoint.health.probes.enabled", Boolean.class).orElse(false)) {
                paths.add(base + "/health/liveness");
                paths.add(base + "/health/readiness");
            }
        }
        if (exposed.contains("prometheus") || exposed.contains("*")) {
            paths.add(base + "/prometheus");
        }
        return paths;
    }

    /** The program's properties that this one-entry source sets (relaxed names, as Spring Boot reads them). */
    private List<ProgramSettings.Property> named(PropertySource<?> single) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(single);
        return settings.properties().values().stream().filter(property -> {
            ConfigurationPropertyName name = ConfigurationPropertyName.of(property.name());
            return property.isMap()
                    ? source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT
                    : source.getConfigurationProperty(name) != null;
        }).toList();
    }

    private static Class<?> typeOf(ProgramSettings.Property property) {
        String type = property.type();
        if (type == null || type.contains("<")) {
            return String.class;
        }
        return ClassUtils.isPresent(type, ConfiguredProgram.class.getClassLoader())
                ? ClassUtils.resolveClassName(type, ConfiguredProgram.class.getClassLoader())
                : String.class;
    }

    private static void bindingProblem(Runnable binding, List<String> problems) {
        try {
            binding.run();
        } catch (BindException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            problems.add(e.getMessage() + ": " + cause.getMessage());
        }
    }

    private static PropertySource<?> environmentSource(Map<String, String> environment) {
        return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.copyOf(environment));
    }
}
