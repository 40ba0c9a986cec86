package sns.system.faults;

import java.util.Map;
import java.util.Set;

/**
 * What one server holds at the end.
 *
 * @param server    its name
 * @param postTexts every post text in the auditor's timeline, with how many times it appears
 * @param edges     every follow edge "follower->followee" among the workload users
 * @param users     every user name it knows
 */
public record ServerRead(String server, Map<String, Integer> postTexts, Set<String> edges, Set<String> users) {

    static String edge(String follower, String followee) {
        return follower + "->" + followee;
    }
}
