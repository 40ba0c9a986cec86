package sns.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Network partitions as iptables DROP rules between node addresses, in both directions. Only ever
 * inside the private network namespace the fault tests' JVM was started in (system-tests'
 * {@code src/test/netns/bin/java}, which marks it with {@code SNS_FAULTS_NETNS=private}): never on the host.
 */
final class Partitions implements AutoCloseable {

    private final List<List<String>> rules = new ArrayList<>();

    /** Why partitions cannot be made here, or null when they can. */
    static String unavailableReason() {
        if (!"private".equals(System.getenv("SNS_FAULTS_NETNS"))) {
            return "this JVM does not run in a private network namespace (needs unshare -n and ip: see system-tests/src/test/netns/bin/java)";
        }
        try {
            if (run(List.of("iptables", "-S")) != 0) {
                return "iptables -S fails in this network namespace";
            }
        } catch (UncheckedIOException e) {
            return "no iptables: " + e.getMessage();
        }
        return null;
    }

    /** Drops every packet between each host of one side and each host of the other. */
    void cut(Collection<String> side, Collection<String> otherSide) {
        if (unavailableReason() != null) {
            throw new IllegalStateException(unavailableReason());
        }
        for (String a : side) {
            for (String b : otherSide) {
                add(a, b);
                add(b, a);
            }
        }
    }

    /** Removes every rule this object added. */
    void heal() {
        for (List<String> rule : rules) {
            List<String> delete = new ArrayList<>(rule);
            delete.set(1, "-D");
            if (run(delete) != 0) {
                throw new IllegalStateException("cannot remove " + rule);
            }
        }
        rules.clear();
    }

    private void add(String from, String to) {
        List<String> rule = List.of("iptables", "-A", "OUTPUT", "-s", from, "-d", to, "-j", "DROP");
        if (run(rule) != 0) {
            throw new IllegalStateException("cannot add " + rule);
        }
        rules.add(rule);
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                System.err.println(String.join(" ", command) + ": " + output);
            }
            return exit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        heal();
    }
}
