package sns.deploy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * k8s/ as {@code kubectl kustomize} renders it, each object checked against the Kubernetes API
 * schema by the official Java client's models (generated from Kubernetes' OpenAPI document: they
 * refuse a field the API does not define and a missing required one), then read as typed objects.
 */
final class KubernetesManifests {

    /** The schema check of one kind: the model's own {@code validateJsonElement}. */
    @FunctionalInterface
    interface SchemaCheck {
        void validate(JsonElement object) throws IOException;
    }

    static final Map<String, SchemaCheck> SCHEMAS = Map.of(
            "Namespace", V1Namespace::validateJsonElement,
            "Secret", V1Secret::validateJsonElement,
            "Service", V1Service::validateJsonElement,
            "Deployment", V1Deployment::validateJsonElement,
            "StatefulSet", V1StatefulSet::validateJsonElement,
            "PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement);

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Gson GSON = new Gson();

    /** One pod template's container, where it lives and what the SNS program in it is given. */
    record SnsContainer(String owner, V1PodTemplateSpec template, V1Container container, SnsProgram program,
                        Map<String, String> environment, Set<String> helperVariables, List<String> arguments,
                        int firstOrdinal) {
    }

    private final List<Map<String, Object>> objects;

    private KubernetesManifests(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    /** Renders the kustomization in the given folder of this repository with kubectl. */
    static KubernetesManifests render(String folder) {
        Command rendered = Command.run(List.of("kubectl", "kustomize", folder), Duration.ofSeconds(60))
                .requireSuccess("kubectl kustomize " + folder);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(rendered.output())) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) document;
                objects.add(object);
            }
        }
        return new KubernetesManifests(objects);
    }

    List<Map<String, Object>> objects() {
        return objects;
    }

    static JsonElement json(Map<String, Object> object) {
        return GSON.toJsonTree(object);
    }

    /** Checks one object against the schema of its kind; throws what the schema refuses. */
    static void validate(Map<String, Object> object) throws IOException {
        String kind = String.valueOf(object.get("kind"));
        SchemaCheck check = SCHEMAS.get(kind);
        if (check == null) {
            throw new IllegalArgumentException("no schema check for kind " + kind);
        }
        check.validate(json(object));
    }

    <T> List<T> all(String kind, Class<T> type) {
        return objects.stream().filter(object -> kind.equals(object.get("kind")))
                .map(object -> JSON.<T>deserialize(GSON.toJson(object), type)).toList();
    }

    Optional<V1Service> service(String name) {
        return all("Service", V1Service.class).stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst();
    }

    /** Every container that runs an SNS image, with its environment resolved as the kubelet would. */
    List<SnsContainer> snsContainers() {
        List<SnsContainer> containers = new ArrayList<>();
        for (V1Deployment deployment : all("Deployment", V1Deployment.class)) {
            addContainers(deployment.getMetadata().getName(), deployment.getSpec().getTemplate(), 0, containers);
        }
        for (V1StatefulSet set : all("StatefulSet", V1StatefulSet.class)) {
            int first = set.getSpec().getOrdinals() == null ? 0 : set.getSpec().getOrdinals().getStart();
            addContainers(set.getMetadata().getName(), set.getSpec().getTemplate(), first, containers);
        }
        return containers;
    }

    private void addContainers(String owner, V1PodTemplateSpec template, int firstOrdinal, List<SnsContainer> out) {
        for (V1Container container : template.getSpec().getContainers()) {
            SnsProgram.forImage(container.getImage()).ifPresent(program -> {
                Map<String, String> environment = new LinkedHashMap<>();
                Set<String> helpers = new HashSet<>();
                for (V1EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                    String value = variable.getValue() != null
                            ? expand(variable.getValue(), environment, helpers)
                            : valueFrom(variable, owner, firstOrdinal);
                    environment.put(variable.getName(), value);
                }
                List<String> arguments = new ArrayList<>();
                for (String argument : Optional.ofNullable(container.getArgs()).orElse(List.of())) {
                    arguments.add(expand(argument, environment, helpers));
                }
                out.add(new SnsContainer(owner, template, container, program, environment, helpers, arguments,
                        firstOrdinal));
            });
        }
    }

    /** {@code $(NAME)} references to earlier variables, expanded as the kubelet does; NAME is a helper. */
    private static String expand(String value, Map<String, String> environment, Set<String> helpers) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            helpers.add(matcher.group(1));
            String replacement = environment.getOrDefault(matcher.group(1), matcher.group(0));
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** What a {@code valueFrom} gives the first pod: the Secret's value, or the pod's own field. */
    private String valueFrom(V1EnvVar variable, String owner, int firstOrdinal) {
        var from = variable.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            String name = from.getSecretKeyRef().getName();
            V1Secret secret = all("Secret", V1Secret.class).stream()
                    .filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(variable.getName() + " refers to a missing Secret " + name));
            byte[] value = Optional.ofNullable(secret.getData()).map(data -> data.get(from.getSecretKeyRef().getKey()))
                    .orElseThrow(() -> new AssertionError(name + " has no key " + from.getSecretKeyRef().getKey()));
            return new String(value, StandardCharsets.UTF_8);
        }
        if (from.getFieldRef() != null) {
            String path = from.getFieldRef().getFieldPath();
            return switch (path) {
                case "metadata.labels['apps.kubernetes.io/pod-index']" -> Integer.toString(firstOrdinal);
                case "metadata.name" -> owner + "-" + firstOrdinal;
                case "metadata.namespace" -> "sns";
                default -> throw new AssertionError("no sample value for field " + path);
            };
        }
        throw new AssertionError(variable.getName() + ": unsupported valueFrom " + from);
    }
}
