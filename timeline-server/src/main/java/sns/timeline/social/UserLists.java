package sns.timeline.social;

import java.util.List;

/** What List returns: every user, the caller's followers and whom the caller follows, each sorted by name. */
public record UserLists(List<String> allUsers, List<String> followers, List<String> following) {}
