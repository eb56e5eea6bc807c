package mim.plugin.tracker.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a leaked ByteBuf fail the test rather than write a log line nobody reads (tests have no
 * logging backend). Registered for every test of the module through JUnit's extension
 * auto-detection, so the detector factory is in place before Netty creates its first detector.
 *
 * <p>Netty notices a leak when the collector has reclaimed an unreleased buffer and a later buffer is
 * tracked; after each test we collect and track a probe, so a leak shows in its own test or, at
 * worst, the next one.
 */
public final class NoLeaks implements AfterEachCallback {
    private static final List<String> REPORTS = new ArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation") // the one abstract method; Netty calls it
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                    long maxActive) {
                return new Recording<>(resource, samplingInterval);
            }
        });
    }

    private static final class Recording<T> extends ResourceLeakDetector<T> {
        Recording(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            add(resourceType + " leaked:" + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            add(resourceType + " leaked");
        }
    }

    private static void add(String report) {
        synchronized (REPORTS) {
            REPORTS.add(report);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int round = 0; round < 3; round++) {
            System.gc();
            ByteBufAllocator.DEFAULT.buffer(1).release();
        }
        List<String> found;
        synchronized (REPORTS) {
            found = List.copyOf(REPORTS);
            REPORTS.clear();
        }
        assertEquals(List.of(), found, "buffers collected without being released");
    }
}
