package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The k-buckets: splitting near us, states over time, eviction of bad nodes, distance order, bounds. */
class RoutingTableTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final Random random = new Random(7);
    private final NodeId own = NodeId.random(random);
    private final RoutingTable table = new RoutingTable(own, clock::get, random);
    private int addresses;

    /** A node sharing exactly {@code prefix} leading bits with our id. */
    private NodeInfo nodeAt(int prefix) {
        NodeId id = own.randomWithPrefix(prefix, true, random);
        assertEquals(prefix, own.commonPrefix(id));
        return node(id);
    }

    private NodeInfo node(NodeId id) {
        addresses++;
        return new NodeInfo(id, new InetSocketAddress("10.0." + (addresses >> 8) + "." + (addresses & 0xff), 6881));
    }

    private void advanceMinutes(long minutes) {
        clock.addAndGet(TimeUnit.MINUTES.toNanos(minutes));
    }

    @Test
    void splitsTheBucketHoldingOurOwnIdAndKeepsFarBucketsAtK() {
        assertEquals(1, table.bucketCount());
        for (int i = 0; i < RoutingTable.K; i++) {
            table.heard(nodeAt(0), true);
        }
        assertEquals(1, table.bucketCount());
        // A ninth node in the far half: the only bucket holds our id too, so it splits, yet the far
        // half stays full, so the newcomer waits as a replacement.
        assertEquals(List.of(), table.heard(nodeAt(0), true));
        assertEquals(2, table.bucketCount());
        assertEquals(RoutingTable.K, table.size());
        assertEquals(1, table.replacementCount());
        // Nodes closer to us go in the new bucket, which may split again.
        for (int depth = 1; depth <= 5; depth++) {
            for (int i = 0; i < RoutingTable.K; i++) {
                table.heard(nodeAt(depth), true);
            }
        }
        assertEquals(6 * RoutingTable.K, table.size());
        assertTrue(table.bucketCount() >= 6, "buckets " + table.bucketCount());
    }

    @Test
    void aFarBucketNeverSplits() {
        for (int i = 0; i < 3 * RoutingTable.K; i++) {
            table.heard(nodeAt(0), true);
        }
        table.heard(nodeAt(1), true);
        assertEquals(RoutingTable.K + 1, table.size(), "the far half holds k; the near one the other node");
        assertEquals(2, table.bucketCount());
    }

    @Test
    void nodesAgeFromGoodToQuestionableAndFailuresMakeThemBad() {
        NodeInfo n = nodeAt(3);
        table.heard(n, true);
        assertEquals(RoutingTable.State.GOOD, table.stateOf(n.id()));
        advanceMinutes(14);
        assertEquals(RoutingTable.State.GOOD, table.stateOf(n.id()));
        advanceMinutes(1);
        assertEquals(RoutingTable.State.QUESTIONABLE, table.stateOf(n.id()));
        table.heard(n, true);
        assertEquals(RoutingTable.State.GOOD, table.stateOf(n.id()));
        table.failed(n);
        assertEquals(RoutingTable.State.QUESTIONABLE, table.stateOf(n.id()));
        table.failed(n);
        assertEquals(RoutingTable.State.BAD, table.stateOf(n.id()));

        NodeInfo querier = nodeAt(4);
        table.heard(querier, false);
        assertEquals(RoutingTable.State.QUESTIONABLE, table.stateOf(querier.id()), "it never answered us");
    }

    @Test
    void aNewcomerReplacesABadNodeAtOnce() {
        List<NodeInfo> far = fillFarBucket();
        table.failed(far.get(2));
        table.failed(far.get(2));
        NodeInfo newcomer = nodeAt(0);
        assertEquals(List.of(), table.heard(newcomer, true));
        assertNull(table.stateOf(far.get(2).id()));
        assertEquals(RoutingTable.State.GOOD, table.stateOf(newcomer.id()));
        assertEquals(RoutingTable.K, farCount());
    }

    @Test
    void questionableNodesArePingedBeforeANewcomerTakesTheirPlace() {
        List<NodeInfo> far = fillFarBucket();
        advanceMinutes(16);
        for (int i = 1; i < far.size(); i++) {
            table.heard(far.get(i), true); // all but the first answered again
        }
        NodeInfo newcomer = nodeAt(0);
        assertEquals(List.of(far.get(0)), table.heard(newcomer, true), "ping the questionable one");
        assertNull(table.stateOf(newcomer.id()), "the newcomer waits");
        assertEquals(List.of(), table.heard(nodeAt(0), true), "pinged once a minute at most");

        table.failed(far.get(0));
        assertEquals(RoutingTable.State.QUESTIONABLE, table.stateOf(far.get(0).id()));
        table.failed(far.get(0));
        assertNull(table.stateOf(far.get(0).id()), "it failed twice: gone");
        assertEquals(RoutingTable.K, farCount(), "a replacement took the place");
    }

    @Test
    void aQuestionableNodeThatAnswersStays() {
        List<NodeInfo> far = fillFarBucket();
        advanceMinutes(16);
        List<NodeInfo> toPing = table.heard(nodeAt(0), true);
        assertEquals(far, toPing);
        table.heard(far.get(0), true);
        assertEquals(RoutingTable.State.GOOD, table.stateOf(far.get(0).id()));
    }

    @Test
    void theSameIdFromAnotherAddressDoesNotMoveTheNode() {
        NodeInfo n = nodeAt(2);
        table.heard(n, true);
        NodeInfo impostor = new NodeInfo(n.id(), new InetSocketAddress("192.0.2.66", 1));
        table.heard(impostor, true);
        assertEquals(List.of(n), table.closest(n.id(), 1));
        table.failed(impostor);
        table.failed(impostor);
        assertEquals(RoutingTable.State.GOOD, table.stateOf(n.id()), "failures at another address do not count");
    }

    @Test
    void closestIsOrderedByXorDistanceAndSkipsBadNodes() {
        List<NodeInfo> all = new ArrayList<>();
        for (int depth = 0; depth < 20; depth++) {
            for (int i = 0; i < 3; i++) {
                NodeInfo n = nodeAt(depth);
                all.add(n);
                table.heard(n, true);
            }
        }
        NodeId target = NodeId.random(random);
        List<NodeInfo> expected = all.stream()
                .sorted(Comparator.comparing(NodeInfo::id, target::compareDistance)).limit(8).toList();
        assertEquals(expected, table.closest(target, 8));

        table.failed(expected.get(0));
        table.failed(expected.get(0));
        assertEquals(expected.subList(1, 8), table.closest(target, 8).subList(0, 7));
    }

    @Test
    void staysBoundedUnderAFloodOfNodes() {
        for (int i = 0; i < 20_000; i++) {
            table.heard(node(NodeId.random(random)), i % 2 == 0);
        }
        assertTrue(table.size() <= NodeId.BITS * RoutingTable.K);
        assertTrue(table.replacementCount() <= table.bucketCount() * RoutingTable.K);
        // Random ids share about log2(20000) ≈ 14 bits with ours at most; buckets stop splitting there.
        assertTrue(table.bucketCount() < 25, "buckets " + table.bucketCount());
        assertTrue(table.size() >= 10 * RoutingTable.K, "size " + table.size());
    }

    @Test
    void refreshesOnlyBucketsUnchangedForFifteenMinutes() {
        for (int i = 0; i < RoutingTable.K + 1; i++) {
            table.heard(nodeAt(i == RoutingTable.K ? 1 : 0), true);
        }
        assertEquals(2, table.bucketCount());
        assertEquals(List.of(), table.bucketsToRefresh());
        advanceMinutes(10);
        table.heard(nodeAt(2), true); // the near bucket changed
        advanceMinutes(6);
        List<NodeId> targets = table.bucketsToRefresh();
        assertEquals(1, targets.size());
        assertEquals(0, own.commonPrefix(targets.get(0)), "a target inside the far bucket");
        assertEquals(List.of(), table.bucketsToRefresh(), "refreshed: not again until stale again");
        advanceMinutes(15);
        assertEquals(2, table.bucketsToRefresh().size());
    }

    @Test
    void goodNodesAreThoseThatAnsweredRecently() {
        NodeInfo answered = nodeAt(1);
        NodeInfo querier = nodeAt(2);
        table.heard(answered, true);
        table.heard(querier, false);
        assertEquals(List.of(answered), table.goodNodes());
        advanceMinutes(15);
        assertEquals(List.of(), table.goodNodes());
    }

    @Test
    void ignoresItself() {
        table.heard(new NodeInfo(own, new InetSocketAddress("10.9.9.9", 1)), true);
        assertEquals(0, table.size());
    }

    private List<NodeInfo> fillFarBucket() {
        List<NodeInfo> far = new ArrayList<>();
        for (int i = 0; i < RoutingTable.K; i++) {
            NodeInfo n = nodeAt(0);
            far.add(n);
            table.heard(n, true);
        }
        table.heard(nodeAt(1), true); // splits, so that the far bucket is full and final
        return far;
    }

    /** Nodes in the far half of the space, the bucket {@link #fillFarBucket} fills. */
    private long farCount() {
        return table.closest(own, 10_000).stream().filter(n -> own.commonPrefix(n.id()) == 0).count();
    }
}
