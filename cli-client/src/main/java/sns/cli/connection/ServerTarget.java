package sns.cli.connection;

/** The server the coordinator sent this client to. */
public record ServerTarget(String address, int clusterId, int serverId, long epoch, int homeCluster) {}
