package sns.bench.load;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Counts requests in flight; lets the driver wait (bounded) for the last answers. */
final class InFlight {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition empty = lock.newCondition();
    private long count;

    boolean tryAcquire(long limit) {
        lock.lock();
        try {
            if (count >= limit) {
                return false;
            }
            count++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            if (--count == 0) {
                empty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is in flight or {@code timeoutNanos} passed; returns what is still in flight. */
    long awaitEmpty(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (count > 0 && left > 0) {
                left = empty.awaitNanos(left);
            }
            return count;
        } finally {
            lock.unlock();
        }
    }
}
