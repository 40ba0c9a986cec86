package sns.system.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a history against what every server holds at the end, the way Jepsen checks a set:
 * <ul>
 * <li><b>lost</b>: an acknowledged post, registration or follow state missing on a server;</li>
 * <li><b>duplicated</b>: a post shown more than once;</li>
 * <li><b>phantom</b>: a post, user or follow edge no operation could have made (never attempted,
 *     or only attempted by operations that definitely failed);</li>
 * <li><b>stale ack</b>: an acknowledgement by a master under an epoch its cluster had already
 *     superseded before the operation was sent;</li>
 * <li><b>unavailability</b> per fault: the last acknowledgement before it to the first one after.</li>
 * </ul>
 * Follow edges: only client k follows or unfollows as its user, one call at a time,
 * so each pair's operations are ordered; an unknown one allows both its state and the one before.
 */
public final class Checker {

    private Checker() {}

    public static Verdict check(List<Op> history, List<EpochGrant> grants, List<ServerRead> reads,
                                List<FaultPeriod> faults) {
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> phantom = new ArrayList<>();
        checkPosts(history, reads, lost, duplicated, phantom);
        checkUsers(history, reads, lost, phantom);
        checkEdges(history, reads, lost, phantom);
        List<Long> windows = faults.stream().map(fault -> unavailableMillis(history, fault)).toList();
        return new Verdict(count(history, Op.Outcome.OK), count(history, Op.Outcome.FAILED),
                count(history, Op.Outcome.UNKNOWN), lost, duplicated, phantom, staleAcks(history, grants), windows);
    }

    private static void checkPosts(List<Op> history, List<ServerRead> reads, List<String> lost,
                                   List<String> duplicated, List<String> phantom) {
        Set<String> acknowledged = values(history, Op.Type.POST, EnumSet.of(Op.Outcome.OK));
        Set<String> possible = values(history, Op.Type.POST, EnumSet.of(Op.Outcome.OK, Op.Outcome.UNKNOWN));
        for (ServerRead read : reads) {
            acknowledged.stream().filter(text -> !read.postTexts().containsKey(text))
                    .forEach(text -> lost.add("post " + text + " on " + read.server()));
            read.postTexts().forEach((text, times) -> {
                if (times > 1) {
                    duplicated.add("post " + text + " x" + times + " on " + read.server());
                }
                if (!possible.contains(text)) {
                    phantom.add("post " + text + " on " + read.server());
                }
            });
        }
    }

    private static void checkUsers(List<Op> history, List<ServerRead> reads, List<String> lost,
                                   List<String> phantom) {
        Set<String> acknowledged = values(history, Op.Type.REGISTER, EnumSet.of(Op.Outcome.OK));
        Set<String> possible = values(history, Op.Type.REGISTER, EnumSet.of(Op.Outcome.OK, Op.Outcome.UNKNOWN));
        // users the workload did not register (the auditor) are the harness's, not the history's
        Set<String> workloadUsers = values(history, Op.Type.REGISTER, EnumSet.allOf(Op.Outcome.class));
        for (ServerRead read : reads) {
            acknowledged.stream().filter(user -> !read.users().contains(user))
                    .forEach(user -> lost.add("user " + user + " on " + read.server()));
            read.users().stream().filter(user -> workloadUsers.contains(user) && !possible.contains(user))
                    .forEach(user -> phantom.add("user " + user + " on " + read.server()));
        }
    }

    private static void checkEdges(List<Op> history, List<ServerRead> reads, List<String> lost,
                                   List<String> phantom) {
        Map<String, Set<Boolean>> allowed = new LinkedHashMap<>();
        history.stream().filter(op -> op.type() == Op.Type.FOLLOW || op.type() == Op.Type.UNFOLLOW)
                .sorted(Comparator.comparingLong(Op::invokeMillis))
                .forEach(op -> {
                    Set<Boolean> states = allowed.computeIfAbsent(ServerRead.edge(op.user(), op.value()),
                            edge -> new HashSet<>(Set.of(false)));
                    boolean follows = op.type() == Op.Type.FOLLOW;
                    if (op.outcome() == Op.Outcome.OK) {
                        states.clear();
                        states.add(follows);
                    } else if (op.outcome() == Op.Outcome.UNKNOWN) {
                        states.add(follows);
                    }
                });
        for (ServerRead read : reads) {
            allowed.forEach((edge, states) -> {
                boolean present = read.edges().contains(edge);
                if (!states.contains(present)) {
                    (present ? phantom : lost).add("follow " + edge + (present ? " present" : " missing")
                            + " on " + read.server());
                }
            });
            read.edges().stream().filter(edge -> !allowed.containsKey(edge))
                    .forEach(edge -> phantom.add("follow " + edge + " never attempted, on " + read.server()));
        }
    }

    private static List<String> staleAcks(List<Op> history, List<EpochGrant> grants) {
        List<String> stale = new ArrayList<>();
        for (Op op : history) {
            if (!op.ok() || op.epoch() == 0) {
                continue;
            }
            grants.stream()
                    .filter(g -> g.cluster() == op.cluster() && g.epoch() > op.epoch()
                            && g.grantedAtMillis() < op.invokeMillis())
                    .findFirst()
                    .ifPresent(g -> stale.add(op + " although epoch " + g.epoch() + " was granted at "
                            + g.grantedAtMillis()));
        }
        return stale;
    }

    /**
     * The longest time without any acknowledgement that overlaps the fault: from the last
     * acknowledgement before that gap to the first one after it (-1: none after the fault began).
     * Acknowledgements of calls in flight when the fault began do not end the window early.
     */
    static long unavailableMillis(List<Op> history, FaultPeriod fault) {
        long[] acks = history.stream().filter(Op::ok).mapToLong(Op::completeMillis).sorted().toArray();
        long longest = -1;
        long previous = fault.startMillis();
        for (long ack : acks) {
            if (ack <= fault.startMillis()) {
                previous = ack;
                continue;
            }
            longest = Math.max(longest, ack - previous);
            if (ack > fault.endMillis()) {
                break;
            }
            previous = ack;
        }
        return longest;
    }

    private static Set<String> values(List<Op> history, Op.Type type, EnumSet<Op.Outcome> outcomes) {
        Set<String> values = new HashSet<>();
        history.stream().filter(op -> op.type() == type && outcomes.contains(op.outcome()))
                .forEach(op -> values.add(op.value()));
        return values;
    }

    private static int count(List<Op> history, Op.Outcome outcome) {
        return (int) history.stream().filter(op -> op.outcome() == outcome).count();
    }
}
