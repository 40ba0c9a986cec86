package sns.cli.connection;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Who this client is: its client id from the coordinator and the logged-in user's token. Kept in
 * memory, and in the session file when one is configured so that separate runs of
 * {@code sns-cli <command>} share a login.
 */
public final class Session {

    private final Path file;
    private long clientId;
    private int homeCluster;
    private String username;
    private String token;

    public Session(Path file) {
        this.file = file;
        load();
    }

    public synchronized long clientId() {
        return clientId;
    }

    public synchronized int homeCluster() {
        return homeCluster;
    }

    public synchronized void assignClient(long id, int cluster) {
        clientId = id;
        homeCluster = cluster;
        save();
    }

    public synchronized Optional<String> username() {
        return Optional.ofNullable(username);
    }

    public synchronized Optional<String> token() {
        return Optional.ofNullable(token);
    }

    public synchronized void login(String name, String newToken) {
        username = name;
        token = newToken;
        save();
    }

    public synchronized void logout() {
        username = null;
        token = null;
        save();
    }

    private void load() {
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        Properties stored = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            stored.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read session file " + file, e);
        }
        clientId = Long.parseLong(stored.getProperty("client-id", "0"));
        homeCluster = Integer.parseInt(stored.getProperty("home-cluster", "0"));
        username = stored.getProperty("username");
        token = stored.getProperty("token");
    }

    private void save() {
        if (file == null) {
            return;
        }
        Properties stored = new Properties();
        stored.setProperty("client-id", Long.toString(clientId));
        stored.setProperty("home-cluster", Integer.toString(homeCluster));
        if (username != null) {
            stored.setProperty("username", username);
            stored.setProperty("token", token);
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                stored.store(writer, "sns-cli session");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write session file " + file, e);
        }
    }
}
