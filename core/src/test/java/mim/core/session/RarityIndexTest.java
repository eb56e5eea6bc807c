package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class RarityIndexTest {

    @Test
    void rarestAgreesWithABruteForceScanUnderRandomChanges() {
        int n = 300;
        SplittableRandom random = new SplittableRandom(11);
        RarityIndex index = new RarityIndex(n);
        int[] availability = new int[n];
        boolean[] candidate = new boolean[n];
        for (int step = 0; step < 20_000; step++) {
            int p = random.nextInt(n);
            switch (random.nextInt(5)) {
                case 0 -> {
                    index.include(p);
                    candidate[p] = true;
                }
                case 1 -> {
                    index.exclude(p);
                    candidate[p] = false;
                }
                case 2, 3 -> {
                    index.increment(p);
                    availability[p]++;
                }
                default -> {
                    if (availability[p] > 0) {
                        index.decrement(p);
                        availability[p]--;
                    }
                }
            }
            if (step % 50 == 0) {
                int count = 0;
                for (int i = 0; i < n; i++) {
                    assertEquals(candidate[i], index.isCandidate(i));
                    assertEquals(availability[i], index.availability(i));
                    count += candidate[i] ? 1 : 0;
                }
                assertEquals(count, index.candidateCount());
                // a "peer" holding every third piece
                int residue = step % 3;
                IntPredicate has = i -> i % 3 == residue;
                int best = Integer.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    if (candidate[i] && has.test(i)) {
                        best = Math.min(best, availability[i]);
                    }
                }
                int got = index.rarest(has, random);
                if (got >= 0) {
                    assertTrue(candidate[got] && has.test(got));
                    assertEquals(best, availability[got], "step " + step);
                } else {
                    assertTrue(best == Integer.MAX_VALUE || count > RarityIndex.PROBE_BUDGET,
                            "gave up without exhausting its budget at step " + step);
                }
            }
        }
    }

    @Test
    void growsPastItsFirstBuckets() {
        RarityIndex index = new RarityIndex(3);
        index.include(0);
        index.include(1);
        for (int i = 0; i < 500; i++) {
            index.increment(0);
        }
        index.increment(1);
        assertEquals(1, index.rarest(p -> true, new SplittableRandom(1)));
        for (int i = 0; i < 500; i++) {
            index.decrement(0);
        }
        assertEquals(0, index.rarest(p -> true, new SplittableRandom(1)));
        assertEquals(2, index.candidateCount());
    }

    @Test
    void randomPicksOnlyCandidatesThePeerHas() {
        RarityIndex index = new RarityIndex(100);
        for (int p = 0; p < 100; p += 2) {
            index.include(p);
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            int p = index.random(q -> q % 4 == 0, random);
            assertEquals(0, p % 4);
        }
        assertEquals(-1, index.random(q -> q % 2 == 1, random));
    }
}
