package sns.bench.machine;

/** One process's CPU and memory at the end of a phase: CPU used during it, resident set at its end. */
public record ProcessUsage(String name, long pid, double cpuSeconds, double cpuMillisPerPost, double rssMegabytes) {
}
