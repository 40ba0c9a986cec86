package sns.system.faults;

/** When a nemesis episode began (before its fault) and ended (everything healed and running). */
public record FaultPeriod(long startMillis, long endMillis) {}
