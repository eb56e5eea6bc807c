package mim.core.tracker;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import mim.core.MimException;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TrackerClient;

/**
 * A {@link TrackerClient} whose trackers the test plays: each announce waits, in order, until the
 * test answers it with {@link Announce#succeed} or {@link Announce#fail}.
 */
final class ScriptedTrackers implements TrackerClient {
    private final Set<String> schemes;
    private final List<Announce> announces = new ArrayList<>();

    ScriptedTrackers(String... schemes) {
        this.schemes = Set.of(schemes);
    }

    /** One announce the code under test made. */
    record Announce(URI tracker, AnnounceRequest request, CompletableFuture<AnnounceResponse> answer) {
        String url() {
            return tracker.toString();
        }

        void succeed(AnnounceResponse response) {
            answer.complete(response);
        }

        void fail(String message) {
            answer.completeExceptionally(new MimException.Network(message));
        }
    }

    /** An answer with this interval and peers, and nothing else. */
    static AnnounceResponse answer(Duration interval, InetSocketAddress... peers) {
        return new AnnounceResponse(interval, null, null, null, List.of(peers), -1, -1);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public boolean supports(URI tracker) {
        return schemes.contains(tracker.getScheme());
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        Announce a = new Announce(tracker, request, new CompletableFuture<>());
        announces.add(a);
        return a.answer;
    }

    /** Every announce so far, in order. */
    List<Announce> all() {
        return List.copyOf(announces);
    }

    /** The announces not answered yet, oldest first. */
    List<Announce> waiting() {
        return announces.stream().filter(a -> !a.answer.isDone()).toList();
    }

    /** The one announce waiting for an answer. */
    Announce only() {
        List<Announce> w = waiting();
        if (w.size() != 1) {
            throw new AssertionError("expected one announce waiting, found " + w);
        }
        return w.get(0);
    }

    @Override
    public void close() {}
}
