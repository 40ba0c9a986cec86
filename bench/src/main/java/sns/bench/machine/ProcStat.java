package sns.bench.machine;

/**
 * Parses the parts of Linux's /proc files the bench needs: a process's user + system CPU time
 * from /proc/PID/stat, its resident set from /proc/PID/status, and the machine's busy and total
 * CPU time from the first line of /proc/stat.
 */
public final class ProcStat {

    private ProcStat() {
    }

    /**
     * utime + stime of /proc/PID/stat, in clock ticks. The command name (field 2) is in parentheses
     * and may itself hold spaces and parentheses, so fields are counted after its last ')'.
     */
    public static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** VmRSS of /proc/PID/status, in kilobytes (0 when absent, e.g. for a zombie). */
    public static long rssKilobytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** [busy, total] clock ticks over all CPUs from the "cpu" line of /proc/stat (idle and iowait are not busy). */
    public static long[] machineTicks(String procStat) {
        String first = procStat.lines().findFirst().orElseThrow();
        if (!first.startsWith("cpu ")) {
            throw new IllegalArgumentException("not /proc/stat: " + first);
        }
        String[] fields = first.substring(4).trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user/nice]
        for (int i = 0; i < Math.min(8, fields.length); i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[3]) + Long.parseLong(fields[4]);
        return new long[] {total - idle, total};
    }

    /** Total memory in kilobytes from /proc/meminfo. */
    public static long memTotalKilobytes(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.substring(9).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalArgumentException("no MemTotal in /proc/meminfo");
    }
}
