package sns.timeline.store;

/**
 * Work run on the store's single writer thread: reads see every earlier write, including
 * uncommitted ones of the same group commit, so check-then-append is atomic. Throwing undoes
 * everything the transaction wrote and fails its future with the exception.
 */
@FunctionalInterface
public interface Transaction<R> {

    R run(WriteContext context);
}
