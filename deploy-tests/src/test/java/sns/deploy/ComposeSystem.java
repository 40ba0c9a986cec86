package sns.deploy;

import com.github.dockerjava.api.DockerClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetServerRequest;
import sns.api.v1.ClusterMaster;

/**
 * The repository's docker-compose.yml brought up by Testcontainers with the local docker-compose:
 * images built from the Dockerfile, every service healthy, host ports chosen free for this run
 * (through the file's SNS_PORT_* variables) so a local system on the default ports does not collide.
 */
final class ComposeSystem implements AutoCloseable {

    static final List<String> SERVERS = List.of("c1-s1", "c1-s2", "c2-s1", "c2-s2");
    private static final String PROJECT_LABEL = "com.docker.compose.project";

    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final DockerComposeContainer<?> compose;
    private String project;

    ComposeSystem() {
        variables.put("SNS_IMAGE_TAG", "compose-test");
        String baseImage = System.getenv("SNS_BASE_IMAGE");
        if (baseImage != null && !baseImage.isBlank()) {
            variables.put("SNS_BASE_IMAGE", baseImage);
        }
        variables.put("SNS_PORT_COORDINATOR_GRPC", freePort());
        variables.put("SNS_PORT_COORDINATOR_HTTP", freePort());
        for (String server : SERVERS) {
            variables.put(portVariable(server, "GRPC"), freePort());
            variables.put(portVariable(server, "HTTP"), freePort());
        }
        DockerComposeContainer<?> container = new DockerComposeContainer<>("sns", new File(
                Repository.file("docker-compose.yml").toString()))
                .withLocalCompose(true)
                .withBuild(true)
                .withPull(false)
                .withRemoveVolumes(true)
                .withEnv(variables)
                .waitingFor("coordinator", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)));
        for (String server : SERVERS) {
            container = container.waitingFor(server, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(8)));
        }
        this.compose = container;
    }

    ComposeSystem start() {
        compose.start();
        project = compose.getContainerByServiceName("coordinator").orElseThrow()
                .getContainerInfo().getConfig().getLabels().get(PROJECT_LABEL);
        return this;
    }

    String project() {
        return project;
    }

    /**
     * The cluster's ready master as the coordinator names it now; throws while the cluster has
     * none (GetServer would then name another cluster's master).
     */
    ClusterMaster masterOf(int cluster) {
        // GetServer routes client id c to cluster (c mod N) + 1; N = 2 here.
        ClusterMaster master = CoordinatorGrpc.newBlockingStub(channel("coordinator"))
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getServer(GetServerRequest.newBuilder().setClientId(cluster == 1 ? 2 : 1).build()).getServer();
        if (master.getClusterId() != cluster) {
            throw new IllegalStateException("cluster " + cluster + " has no ready master now");
        }
        return master;
    }

    /** A channel from this JVM to a service's published gRPC port (an advertised address's host). */
    ManagedChannel channel(String service) {
        String port = variables.get(service.equals("coordinator") ? "SNS_PORT_COORDINATOR_GRPC" : portVariable(service, "GRPC"));
        return channels.computeIfAbsent(service,
                s -> ManagedChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(port)).usePlaintext().build());
    }

    /** SIGKILL of a service's container, as {@code docker kill} does. */
    void kill(String service) {
        String id = compose.getContainerByServiceName(service).orElseThrow().getContainerId();
        docker().killContainerCmd(id).withSignal("KILL").exec();
    }

    /** One command of the shell client, run as the compose file's {@code cli} service. */
    Command cli(Map<String, String> environment, String... command) {
        List<String> arguments = new ArrayList<>(List.of("docker-compose", "-p", project, "-f", "docker-compose.yml",
                "--profile", "cli", "run", "--rm", "-T"));
        environment.keySet().forEach(name -> arguments.addAll(List.of("-e", name)));
        arguments.add("cli");
        arguments.addAll(List.of(command));
        Map<String, String> processEnvironment = new LinkedHashMap<>(variables);
        processEnvironment.putAll(environment);
        return Command.run(arguments, processEnvironment, Duration.ofMinutes(5));
    }

    /** Containers, networks and volumes of this project that still exist. */
    List<String> leftovers() {
        List<String> left = new ArrayList<>();
        String filter = PROJECT_LABEL + "=" + project;
        docker().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(PROJECT_LABEL, project)).exec()
                .forEach(c -> left.add("container " + String.join(",", c.getNames())));
        docker().listNetworksCmd().withFilter("label", List.of(filter)).exec()
                .forEach(n -> left.add("network " + n.getName()));
        var volumes = docker().listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> left.add("volume " + v.getName()));
        }
        return left;
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        compose.stop();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static String portVariable(String server, String kind) {
        return "SNS_PORT_" + server.toUpperCase().replace('-', '_') + "_" + kind;
    }

    private static String freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
