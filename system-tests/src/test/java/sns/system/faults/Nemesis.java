package sns.system.faults;

/**
 * One fault episode under load: it injects the fault, waits for what the fault must bring about,
 * and heals it, leaving every node running again.
 *
 * @param name            its name in the table
 * @param needsPartitions whether it cuts the network (and so needs the private namespace)
 * @param episode         what it does
 */
record Nemesis(String name, boolean needsPartitions, Episode episode) {

    interface Episode {
        void run(FaultCluster cluster, Workload workload, Partitions network);
    }
}
