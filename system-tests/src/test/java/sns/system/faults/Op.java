package sns.system.faults;

/**
 * One operation of the workload as a client saw it.
 *
 * @param client         the workload client (0..K-1)
 * @param user           that client's user (the follower, for FOLLOW and UNFOLLOW)
 * @param type           what it asked for
 * @param value          the post's text, or the user registered, followed or unfollowed
 * @param outcome        ok, failed (definitely not done) or unknown (maybe done)
 * @param invokeMillis   wall time before the first attempt was sent
 * @param completeMillis wall time when the outcome was known
 * @param server         address of the server that answered last ("" if none did)
 * @param cluster        that server's cluster (0 if none)
 * @param epoch          the epoch that server took the call under (its {@code sns-epoch} header; 0 if unknown)
 * @param detail         the last error, if any
 */
public record Op(int client, String user, Type type, String value, Outcome outcome, long invokeMillis, long completeMillis,
                 String server, int cluster, long epoch, String detail) {

    public enum Type { REGISTER, FOLLOW, UNFOLLOW, POST }

    public enum Outcome { OK, FAILED, UNKNOWN }

    boolean ok() {
        return outcome == Outcome.OK;
    }

    @Override
    public String toString() {
        return invokeMillis + ".." + completeMillis + " client " + client + " " + type + " " + value + " -> "
                + outcome + (server.isEmpty() ? "" : " by " + server + " (cluster " + cluster + ", epoch " + epoch + ")")
                + (detail.isEmpty() ? "" : " [" + detail + "]");
    }
}
