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
 * <p>While Jazzer fuzzes, its hooks on comparisons allocate at every call (an array of the
 * arguments, copies for libFuzzer): a magnet link's parse then allocated 45 times what it does
 * without them. Each input byte may then cost {@value #FUZZING_FACTOR} times as much; the fixed part
 * stays, so a small input that makes a decoder allocate megabytes is still caught.
 */
public final class AllocationLimit {
    /** The decoder's own fixed structures, a pipeline, an exception's stack trace. */
    public static final long FIXED = 1 << 20;
    /** Decoded values take several times their encoded size (a peer address is an object of its own). */
    public static final long PER_INPUT_BYTE = 128;
    /** How much more an input byte may cost while fuzzing. */
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
        long limit = FIXED + PER_INPUT_BYTE * inputLength * (RegressionInputs.fuzzing() ? FUZZING_FACTOR : 1);
        long allocated = measure(work);
        if (allocated > limit) {
            allocated = measure(work);
        }
        if (allocated > limit) {
            fail(inputLength + " bytes of input made the decoder allocate " + allocated
                    + " bytes; the limit is " + limit);
        }
    }

    private static long measure(Work work) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
