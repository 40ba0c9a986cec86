package sns.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import sns.system.NodeProcess;

/** Every nemesis of the fault suite; each leaves the whole system running when it ends. */
final class Nemeses {

    /** Acknowledged operations each episode lets through while its fault holds (where writes can go on). */
    static final int OPS_DURING_FAULT = 40;

    private Nemeses() {}

    static final Nemesis KILL_MASTER = new Nemesis("kill -9 master", false, (cluster, workload, network) -> {
        NodeProcess master = cluster.master(1);
        NodeProcess slave = cluster.slave(1);
        master.kill9();
        cluster.awaitMaster(slave, 1);
        workload.awaitMoreOk(OPS_DURING_FAULT);
        master.start().awaitReady(FaultCluster.PATIENCE);
    });

    static final Nemesis KILL_SLAVE = new Nemesis("kill -9 slave, write, restart", false, (cluster, workload, network) -> {
        NodeProcess slave = cluster.slave(1);
        slave.kill9();
        cluster.awaitInSync(1, slave, false);
        workload.awaitMoreOk(OPS_DURING_FAULT);
        slave.start().awaitReady(FaultCluster.PATIENCE);
        cluster.awaitInSync(1, slave, true);
    });

    static final Nemesis PAUSE_MASTER = new Nemesis("SIGSTOP master past its lease, SIGCONT", false,
            (cluster, workload, network) -> {
                NodeProcess master = cluster.master(1);
                NodeProcess slave = cluster.slave(1);
                master.pause();
                cluster.awaitMaster(slave, 1);
                workload.awaitMoreOk(OPS_DURING_FAULT);
                master.resume();
                master.awaitReady(FaultCluster.PATIENCE);
            });

    static final Nemesis RESTART_COORDINATOR = new Nemesis("kill -9 and restart the coordinator", false,
            (cluster, workload, network) -> {
                cluster.coordinator().kill9();
                cluster.startWhatIsDown();
            });

    static final Nemesis KILL_CLUSTER = new Nemesis("kill -9 a whole cluster, restart it", false,
            (cluster, workload, network) -> {
                cluster.cluster(1).forEach(NodeProcess::kill9);
                await().atMost(FaultCluster.PATIENCE).ignoreExceptions() // its clients are sent to the other cluster
                        .until(() -> cluster.system().serverFor(1).getServer().getClusterId() == 2);
                workload.awaitMoreOk(OPS_DURING_FAULT);
                cluster.startWhatIsDown();
            });

    static final Nemesis RESTART_EVERYTHING = new Nemesis("kill -9 everything, restart", false,
            (cluster, workload, network) -> {
                cluster.servers().forEach(NodeProcess::kill9);
                cluster.coordinator().kill9();
                cluster.startWhatIsDown();
            });

    static final Nemesis PARTITION_MASTER_FROM_COORDINATOR = new Nemesis("partition master from coordinator", true,
            (cluster, workload, network) -> {
                NodeProcess master = cluster.master(1);
                NodeProcess slave = cluster.slave(1);
                network.cut(List.of(master.host()), List.of(FaultCluster.COORDINATOR_HOST));
                // the cut master must stop acknowledging within its lease: the checker's stale-ack count
                cluster.awaitMaster(slave, 1);
                workload.awaitMoreOk(OPS_DURING_FAULT);
                network.heal();
                master.awaitReady(FaultCluster.PATIENCE);
            });

    static final Nemesis PARTITION_MASTER_FROM_SLAVE = new Nemesis("partition master from slave", true,
            (cluster, workload, network) -> {
                NodeProcess master = cluster.master(1);
                NodeProcess slave = cluster.slave(1);
                long epoch = cluster.system().serverFor(1).getServer().getEpoch();
                network.cut(List.of(master.host()), List.of(slave.host()));
                cluster.awaitInSync(1, slave, false);
                workload.awaitMoreOk(OPS_DURING_FAULT);
                assertThat(cluster.master(1)).as("the slave, behind, must not be promoted").isSameAs(master);
                assertThat(cluster.system().serverFor(1).getServer().getEpoch()).as("no election").isEqualTo(epoch);
                network.heal();
                cluster.awaitInSync(1, slave, true);
            });

    static final Nemesis PARTITION_CLUSTERS = new Nemesis("partition cluster 1 from cluster 2", true,
            (cluster, workload, network) -> {
                long cutAt = System.currentTimeMillis();
                network.cut(cluster.hosts(1), cluster.hosts(2));
                workload.awaitMoreOk(OPS_DURING_FAULT);
                workload.awaitOkFrom(1, cutAt); // both clusters keep serving
                workload.awaitOkFrom(2, cutAt);
                network.heal();
            });

    static final List<Nemesis> ALL = List.of(KILL_MASTER, KILL_SLAVE, PAUSE_MASTER, RESTART_COORDINATOR, KILL_CLUSTER,
            RESTART_EVERYTHING, PARTITION_MASTER_FROM_COORDINATOR, PARTITION_MASTER_FROM_SLAVE, PARTITION_CLUSTERS);
}
