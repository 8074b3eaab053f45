package dev.capstan.scheduling.core;

/**
 * Where a pod goes.
 *
 * @param nodeName the chosen node
 * @param evaluatedNodes nodes filtered (feasible plus rejected)
 * @param feasibleNodes nodes that passed the filters
 */
public record ScheduleResult(String nodeName, int evaluatedNodes, int feasibleNodes) {
}
