package sns.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/ renders with kustomize, every object passes the Kubernetes API schema, and every setting,
 * port, probe and address in it is one the SNS programs really have and serve.
 */
class KubernetesManifestsTest {

    private static KubernetesManifests manifests;

    @BeforeAll
    static void render() {
        assumeTrue(Repository.hasCommand("kubectl"), "kubectl is not installed: cannot render k8s/ with kustomize");
        manifests = KubernetesManifests.render("k8s");
    }

    @Test
    void rendersTheNamespaceSecretsCoordinatorAndTwoClustersWithServicesAndDisruptionBudgets() {
        Set<String> objects = new TreeSet<>();
        manifests.objects().forEach(object -> objects.add(object.get("kind") + "/"
                + ((Map<?, ?>) object.get("metadata")).get("name")));
        assertThat(objects).contains("Namespace/sns", "Deployment/sns-coordinator", "Service/sns-coordinator",
                "StatefulSet/sns-c1", "Service/sns-c1", "PodDisruptionBudget/sns-c1",
                "StatefulSet/sns-c2", "Service/sns-c2", "PodDisruptionBudget/sns-c2");
        assertThat(objects).anyMatch(name -> name.startsWith("Secret/sns-secrets"));
    }

    @Test
    void everyObjectMatchesTheKubernetesApiSchema() throws Exception {
        for (Map<String, Object> object : manifests.objects()) {
            KubernetesManifests.validate(object);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchemaCheckRefusesAnUnknownFieldAndAMissingRequiredOne() {
        Map<String, Object> statefulSet = manifests.objects().stream()
                .filter(object -> "StatefulSet".equals(object.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> misspelled = deepCopy(statefulSet);
        ((Map<String, Object>) misspelled.get("spec")).put("replica", 2);
        assertThatThrownBy(() -> KubernetesManifests.validate(misspelled)).hasMessageContaining("replica");

        Map<String, Object> incomplete = deepCopy(statefulSet);
        ((Map<String, Object>) incomplete.get("spec")).remove("selector");
        assertThatThrownBy(() -> KubernetesManifests.validate(incomplete)).hasMessageContaining("selector");
    }

    @Test
    void everySettingNamesAPropertyOfItsProgramWithAValueTheProgramAccepts() {
        List<String> problems = new ArrayList<>();
        for (KubernetesManifests.SnsContainer container : manifests.snsContainers()) {
            problems.addAll(configure(container).problems(container.helperVariables()).stream()
                    .map(problem -> container.owner() + ": " + problem).toList());
        }
        assertThat(manifests.snsContainers()).hasSize(3);
        assertThat(problems).isEmpty();
    }

    @Test
    void portsProbesAndScrapeAnnotationsAreTheOnesTheProgramsServe() {
        for (KubernetesManifests.SnsContainer snsContainer : manifests.snsContainers()) {
            ConfiguredProgram program = configure(snsContainer);
            V1Container container = snsContainer.container();
            String owner = snsContainer.owner();
            assertThat(portNamed(container, "grpc")).as(owner + " grpc port").isEqualTo(program.grpcPort());
            assertThat(portNamed(container, "http")).as(owner + " http port").isEqualTo(program.httpPort());
            for (V1Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                    container.getReadinessProbe())) {
                assertThat(resolve(container, probe.getHttpGet().getPort())).as(owner + " probe port")
                        .isEqualTo(program.httpPort());
                assertThat(program.actuatorPaths()).as(owner + " serves").contains(probe.getHttpGet().getPath());
            }
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).endsWith("/health/readiness");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).endsWith("/health/liveness");
            Map<String, String> annotations = snsContainer.template().getMetadata().getAnnotations();
            assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", Integer.toString(program.httpPort()));
            assertThat(program.actuatorPaths()).contains(annotations.get("prometheus.io/path"));
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        }
    }

    @Test
    void servicesSelectTheirPodsAndTargetPortsThosePodsHave() {
        for (V1Service service : manifests.all("Service", V1Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            KubernetesManifests.SnsContainer target = manifests.snsContainers().stream()
                    .filter(c -> c.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " selects no pod"));
            for (V1ServicePort port : service.getSpec().getPorts()) {
                assertThat(resolve(target.container(), port.getTargetPort())).as(service.getMetadata().getName())
                        .isEqualTo(port.getPort());
            }
        }
    }

    @Test
    void serversAdvertiseTheirStableDnsNameAndReachTheCoordinatorThroughItsService() {
        for (KubernetesManifests.SnsContainer container : manifests.snsContainers()) {
            ConfiguredProgram program = configure(container);
            if (container.program() == SnsProgram.TIMELINE_SERVER) {
                V1StatefulSet set = statefulSet(container.owner());
                V1Service headless = manifests.service(set.getSpec().getServiceName()).orElseThrow();
                assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
                assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
                assertThat(program.string("sns.server.advertised-address")).isEqualTo(container.owner() + "-"
                        + container.firstOrdinal() + "." + headless.getMetadata().getName() + ".sns.svc.cluster.local:"
                        + program.grpcPort());
            }
            if (container.program() != SnsProgram.COORDINATOR) {
                String[] address = program.string("sns.coordinator.address").split(":");
                V1Service coordinator = manifests.service(address[0]).orElseThrow();
                KubernetesManifests.SnsContainer target = manifests.snsContainers().stream()
                        .filter(c -> c.program() == SnsProgram.COORDINATOR).findFirst().orElseThrow();
                V1ServicePort port = coordinator.getSpec().getPorts().stream()
                        .filter(p -> p.getPort() == Integer.parseInt(address[1])).findFirst().orElseThrow();
                assertThat(resolve(target.container(), port.getTargetPort())).isEqualTo(configure(target).grpcPort());
            }
        }
    }

    @Test
    void theCoordinatorChecksTheClusterSecretEveryServerSends() {
        ConfiguredProgram coordinator = manifests.snsContainers().stream()
                .filter(c -> c.program() == SnsProgram.COORDINATOR).map(KubernetesManifestsTest::configure)
                .findFirst().orElseThrow();
        String secret = coordinator.string("sns.security.cluster-secret");

        assertThat(secret).isNotBlank();
        assertThat(manifests.snsContainers().stream().filter(c -> c.program() == SnsProgram.TIMELINE_SERVER)
                .map(c -> configure(c).string("sns.security.cluster-secret"))).isNotEmpty().containsOnly(secret);
    }

    @Test
    void eachClusterIsAStatefulSetOfTwoServersNumberedFromOneWithItsOwnVolumeAndBudget() {
        ConfiguredProgram coordinator = manifests.snsContainers().stream()
                .filter(c -> c.program() == SnsProgram.COORDINATOR).map(KubernetesManifestsTest::configure)
                .findFirst().orElseThrow();
        int clusters = Integer.parseInt(coordinator.string("sns.coordinator.clusters"));
        Set<Integer> clusterIds = new TreeSet<>();
        for (V1StatefulSet set : manifests.all("StatefulSet", V1StatefulSet.class)) {
            KubernetesManifests.SnsContainer container = manifests.snsContainers().stream()
                    .filter(c -> c.owner().equals(set.getMetadata().getName())).findFirst().orElseThrow();
            ConfiguredProgram server = configure(container);
            clusterIds.add(Integer.parseInt(server.string("sns.server.cluster-id")));
            assertThat(set.getSpec().getReplicas()).isEqualTo(2);
            assertThat(server.string("sns.server.server-id")).isEqualTo(Integer.toString(container.firstOrdinal()));
            String dataDir = server.string("sns.server.data-dir");
            assertThat(container.container().getVolumeMounts()).anySatisfy(mount -> {
                assertThat(mount.getMountPath()).isEqualTo(dataDir);
                assertThat(set.getSpec().getVolumeClaimTemplates())
                        .anySatisfy(claim -> assertThat(claim.getMetadata().getName()).isEqualTo(mount.getName()));
            });
            assertThat(manifests.all("PodDisruptionBudget", V1PodDisruptionBudget.class)).anySatisfy(budget ->
                    assertThat(budget.getSpec().getSelector().getMatchLabels())
                            .isEqualTo(set.getSpec().getSelector().getMatchLabels()));
        }
        assertThat(clusterIds).hasSize(clusters).allMatch(id -> id >= 1 && id <= clusters);
        V1Deployment deployment = manifests.all("Deployment", V1Deployment.class).get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }

    private V1StatefulSet statefulSet(String name) {
        return manifests.all("StatefulSet", V1StatefulSet.class).stream()
                .filter(set -> set.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static ConfiguredProgram configure(KubernetesManifests.SnsContainer container) {
        return ProgramSettings.of(container.program()).configure(container.environment(), container.arguments());
    }

    private static int portNamed(V1Container container, String name) {
        return container.getPorts().stream().filter(port -> name.equals(port.getName()))
                .mapToInt(V1ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + name));
    }

    private static int resolve(V1Container container, IntOrString port) {
        return port.isInteger() ? port.getIntValue() : portNamed(container, port.getStrValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> object) {
        Map<String, Object> copy = new HashMap<>();
        object.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> map
                ? deepCopy((Map<String, Object>) map) : value));
        return copy;
    }
}
