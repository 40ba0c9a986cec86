package sns.system.faults;

import java.nio.file.Path;

/** One fault run as the checker judged it, with where its history and the nodes' logs are kept. */
record CheckedRun(String name, Verdict verdict, Path history, Path nodeLogs) {

    /** The failure message: what the checker found and where to look. */
    String report() {
        return name + "\n" + verdict.problems() + "\nhistory: " + history + ", node logs: " + nodeLogs;
    }
}
