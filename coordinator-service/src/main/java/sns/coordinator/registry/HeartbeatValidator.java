package sns.coordinator.registry;

import java.util.regex.Pattern;
import sns.coordinator.text.Quote;

/** Rejects a heartbeat that can never be valid, before it changes anything. */
final class HeartbeatValidator {

    private static final Pattern HOST_PORT = Pattern.compile(
            "^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):(\\d{1,5})$");
    private static final Pattern UID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private final int clusterCount;

    HeartbeatValidator(int clusterCount) {
        this.clusterCount = clusterCount;
    }

    void validate(Heartbeat heartbeat) {
        requireCluster(heartbeat.key().clusterId(), clusterCount);
        if (heartbeat.key().serverId() <= 0) {
            throw new InvalidRequestException("server id must be at least 1, got " + heartbeat.key().serverId());
        }
        requireAddress(heartbeat.address());
        if (!UID.matcher(heartbeat.serverUid()).matches()) {
            throw new InvalidRequestException("server uid must be 1-128 characters of [A-Za-z0-9._:-], got "
                    + Quote.of(heartbeat.serverUid()));
        }
        if (heartbeat.maxEpochSeen() < 0) {
            throw new InvalidRequestException("max epoch seen must not be negative");
        }
        for (String inSync : heartbeat.inSyncServerUids()) {
            if (!UID.matcher(inSync).matches() || inSync.equals(heartbeat.serverUid())) {
                throw new InvalidRequestException("in-sync set may hold only other servers' uids "
                        + "(1-128 characters of [A-Za-z0-9._:-])");
            }
        }
    }

    static void requireCluster(int clusterId, int clusterCount) {
        if (clusterId < 1 || clusterId > clusterCount) {
            throw new InvalidRequestException("cluster id " + clusterId + " is out of range 1.." + clusterCount);
        }
    }

    static void requireAddress(String address) {
        var matcher = HOST_PORT.matcher(address);
        if (address.isBlank()) {
            throw new InvalidRequestException("address must be host:port, got an empty address");
        }
        if (!matcher.matches()) {
            throw new InvalidRequestException("address must be host:port, got " + Quote.of(address));
        }
        int port = Integer.parseInt(matcher.group(3));
        if (port < 1 || port > 65535) {
            throw new InvalidRequestException("address port must be 1..65535, got " + port);
        }
    }
}
