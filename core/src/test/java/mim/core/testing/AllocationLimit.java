package mim.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;

/**
 * Fails a decoder that allocates far more than its input is long, as one whose length field it
 * trusted would: a run of {@code n} input bytes may allocate {@value #FIXED} bytes plus
 * {@value #PER_INPUT_BYTE} per input byte on the calling thread. Heap buffers count (see
 * {@link TrackingAllocator}); garbage collected along the way counts too, so the figure is what a
 * hostile peer could make us churn through, not only what we keep.
 *
 * <p>The first run of a decoder in a JVM also pays for loading its classes (and, while fuzzing,
 * instrumenting them), so a run over the limit is repeated once and only the repeat is judged. The
 * work must therefore give the same result every time it runs on the same input.
 *
 * <p>While Jazzer fuzzes with its hooks, every hooked call allocates (an array of its arguments,
 * copies for libFuzzer): a magnet link's parse then allocated 45 times, the MSE handshake 12 times
 * what they do without. The limit is then {@value #FUZZING_FACTOR} times higher, which still
 * catches a small input that makes a decoder allocate tens of megabytes; bench/fuzz.sh replays
 * each corpus without the hooks afterwards, where the exact limit holds.
 */
public final class AllocationLimit {
    /** The decoder's own fixed structures, a pipeline, an exception's stack trace. */
    public static final long FIXED = 1 << 20;
    /** Decoded values take several times their encoded size (a peer address is an object of its own). */
    public static final long PER_INPUT_BYTE = 128;
    /** How much more may be allocated under Jazzer's hooks. */
    public static final long FUZZING_FACTOR = 64;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What one fuzz input does; its own assertions may fail it. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private AllocationLimit() {}

    /** Runs {@code work} over an input of {@code inputLength} bytes and fails it if it allocated too much. */
    public static void check(int inputLength, Work work) throws Exception {
        long limit = (FIXED + PER_INPUT_BYTE * inputLength) * (hooked() ? FUZZING_FACTOR : 1);
        long allocated = measure(work);
        if (allocated > limit) {
            allocated = measure(work);
        }
        if (allocated > limit) {
            fail(inputLength + " bytes of input made the decoder allocate " + allocated
                    + " bytes; the limit is " + limit);
        }
    }

    /** Whether Jazzer fuzzes here with its hooks, which {@code -Djazzer.hooks=false} leaves out. */
    private static boolean hooked() {
        return RegressionInputs.fuzzing() && !"false".equals(System.getProperty("jazzer.hooks"));
    }

    private static long measure(Work work) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
