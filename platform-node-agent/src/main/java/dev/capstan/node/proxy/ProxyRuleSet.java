package dev.capstan.node.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The complete set of Capstan chains and rules for the nat and filter tables, rendered as one
 * {@code iptables-restore --noflush} input. Every Capstan chain is declared ({@code :CHAIN - [0:0]}), which creates
 * or flushes it, so the input rewrites all Capstan rules atomically while leaving everybody else's rules alone.
 */
public final class ProxyRuleSet {

    private final Map<Iptables.Table, Set<String>> chains = new EnumMap<>(Iptables.Table.class);
    private final Map<Iptables.Table, List<String>> rules = new EnumMap<>(Iptables.Table.class);

    ProxyRuleSet() {
        for (Iptables.Table table : Iptables.Table.values()) {
            chains.put(table, new LinkedHashSet<>());
            rules.put(table, new ArrayList<>());
        }
    }

    void declare(Iptables.Table table, String chain) {
        chains.get(table).add(chain);
    }

    /** Adds {@code -A chain args} (args already in iptables-restore syntax) and declares the chain. */
    void append(Iptables.Table table, String chain, String args) {
        declare(table, chain);
        rules.get(table).add("-A " + chain + " " + args);
    }

    /** The chains this set declares in a table, in declaration order. */
    public Set<String> chains(Iptables.Table table) {
        return Collections.unmodifiableSet(chains.get(table));
    }

    /** The {@code -A ...} lines of a table, in order. */
    public List<String> rules(Iptables.Table table) {
        return Collections.unmodifiableList(rules.get(table));
    }

    /** The restore input when no Capstan chain exists yet. */
    public String toRestoreInput() {
        return toRestoreInput(Map.of());
    }

    /**
     * The restore input. Capstan chains listed in {@code existingChains} (as read from {@code iptables-save}) that
     * this set no longer declares - a deleted service's SVC chain, a gone endpoint's SEP chain - are flushed and
     * deleted ({@code -X}) in the same transaction, after the rules that referenced them were rewritten.
     */
    public String toRestoreInput(Map<Iptables.Table, Set<String>> existingChains) {
        StringBuilder out = new StringBuilder();
        for (Iptables.Table table : Iptables.Table.values()) {
            Set<String> stale = new TreeSet<>(existingChains.getOrDefault(table, Set.of()));
            stale.removeIf(chain -> !ChainNames.ownedByProxy(chain) || chains.get(table).contains(chain));
            out.append('*').append(table.tableName()).append('\n');
            for (String chain : chains.get(table)) {
                out.append(':').append(chain).append(" - [0:0]\n");
            }
            for (String chain : stale) {
                out.append(':').append(chain).append(" - [0:0]\n");
            }
            for (String rule : rules.get(table)) {
                out.append(rule).append('\n');
            }
            for (String chain : stale) {
                out.append("-X ").append(chain).append('\n');
            }
            out.append("COMMIT\n");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toRestoreInput();
    }
}
