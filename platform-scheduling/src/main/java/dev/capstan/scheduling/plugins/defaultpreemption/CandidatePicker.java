package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.PodInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Upstream's {@code pickOneNodeForPreemption}: scores the candidates with each criterion in turn and keeps only
 * the best; the first criterion that leaves a single candidate decides. The criteria, most significant first:
 * fewest PDB violations, lowest highest-victim priority, smallest sum of victim priorities, fewest victims,
 * latest start of the highest-priority victims; a remaining tie goes to the first candidate.
 */
final class CandidatePicker {

    /** Shifts every priority to be non-negative so many negative-priority victims do not look cheap. */
    private static final long PRIORITY_OFFSET = (long) Integer.MAX_VALUE + 1;

    private CandidatePicker() {
    }

    /** The candidate to preempt on, or null when there are none. Victims must be most important first. */
    static Candidate pick(List<Candidate> candidates, Instant now) {
        if (candidates.isEmpty()) {
            return null;
        }
        List<ToLongFunction<Candidate>> scores = List.of(
                c -> -c.pdbViolations(),
                c -> -(long) c.victims().get(0).priority(),
                c -> -sumOfPriorities(c),
                c -> -(long) c.victims().size(),
                c -> earliestStartOfHighestPriority(c, now));
        List<Candidate> remaining = candidates;
        for (ToLongFunction<Candidate> score : scores) {
            List<Candidate> best = new ArrayList<>();
            long bestScore = Long.MIN_VALUE;
            for (Candidate candidate : remaining) {
                long value = score.applyAsLong(candidate);
                if (value > bestScore) {
                    bestScore = value;
                    best.clear();
                }
                if (value == bestScore) {
                    best.add(candidate);
                }
            }
            if (best.size() == 1) {
                return best.get(0);
            }
            remaining = best;
        }
        return remaining.get(0);
    }

    private static long sumOfPriorities(Candidate candidate) {
        long sum = 0;
        for (PodInfo victim : candidate.victims()) {
            sum += victim.priority() + PRIORITY_OFFSET;
        }
        return sum;
    }

    /** Upstream's {@code GetEarliestPodStartTime}, in nanoseconds: later is better (less work is lost). */
    private static long earliestStartOfHighestPriority(Candidate candidate, Instant now) {
        int highest = Integer.MIN_VALUE;
        Instant earliest = null;
        for (PodInfo victim : candidate.victims()) {
            Instant start = PodOrdering.startTime(victim.pod(), now);
            if (victim.priority() > highest) {
                highest = victim.priority();
                earliest = start;
            } else if (victim.priority() == highest && start.isBefore(earliest)) {
                earliest = start;
            }
        }
        return earliest == null ? Long.MIN_VALUE : earliest.getEpochSecond() * 1_000_000_000L + earliest.getNano();
    }
}
