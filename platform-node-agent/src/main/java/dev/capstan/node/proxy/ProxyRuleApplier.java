package dev.capstan.node.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link ProxyRuleSet} to the kernel and removes it again. Not thread-safe: one caller (the proxy's sync
 * thread) at a time, as the read-modify-write of Capstan chains is not atomic across calls.
 */
public final class ProxyRuleApplier {

    private static final Logger log = LoggerFactory.getLogger(ProxyRuleApplier.class);

    private final Iptables iptables;

    public ProxyRuleApplier(Iptables iptables) {
        this.iptables = iptables;
    }

    /**
     * Replaces all Capstan rules with {@code rules} in one {@code iptables-restore --noflush} transaction, deleting
     * Capstan chains the set no longer has, then makes sure the built-in chains jump to Capstan's. Idempotent.
     *
     * @throws IptablesException when iptables rejects the rules; the previous rules then stay in force
     */
    public void apply(ProxyRuleSet rules) {
        iptables.restore(rules.toRestoreInput(capstanChains()));
        // After the restore, because a jump to a chain that does not exist yet is refused.
        for (JumpRule jump : JumpRule.ALL) {
            if (!iptables.exists(jump.table(), jump.builtin(), jump.rule())) {
                iptables.insert(jump.table(), jump.builtin(), jump.rule());
                log.info("msg=\"inserted jump rule\" table={} chain={} target={}",
                        jump.table().tableName(), jump.builtin(), jump.target());
            }
        }
    }

    /**
     * Removes every Capstan jump rule and chain from the nat and filter tables; leaves other rules alone.
     * Idempotent: a clean system stays clean.
     */
    public void cleanup() {
        for (JumpRule jump : JumpRule.ALL) {
            // A crashed agent may have inserted a jump twice; -D removes one copy per call.
            while (iptables.delete(jump.table(), jump.builtin(), jump.rule())) {
                log.debug("msg=\"deleted jump rule\" table={} chain={}", jump.table().tableName(), jump.builtin());
            }
        }
        Map<Iptables.Table, Set<String>> chains = capstanChains();
        StringBuilder input = new StringBuilder();
        for (var entry : chains.entrySet()) {
            if (entry.getValue().isEmpty()) {
                continue;
            }
            // Flush all first (declaring flushes), so that chains referring to each other can then be deleted.
            input.append('*').append(entry.getKey().tableName()).append('\n');
            entry.getValue().forEach(chain -> input.append(':').append(chain).append(" - [0:0]\n"));
            entry.getValue().forEach(chain -> input.append("-X ").append(chain).append('\n'));
            input.append("COMMIT\n");
        }
        if (!input.isEmpty()) {
            iptables.restore(input.toString());
        }
        log.info("msg=\"removed capstan iptables rules\" chains={}", chains.values().stream().mapToInt(Set::size).sum());
    }

    /** The proxy's chains that currently exist, per table, read from {@code iptables-save}. */
    public Map<Iptables.Table, Set<String>> capstanChains() {
        Map<Iptables.Table, Set<String>> chains = new EnumMap<>(Iptables.Table.class);
        for (Iptables.Table table : Iptables.Table.values()) {
            Set<String> names = new LinkedHashSet<>();
            for (String line : iptables.save(table).split("\n")) {
                if (line.startsWith(":" + ChainNames.PREFIX)) {
                    String chain = line.substring(1, line.indexOf(' '));
                    if (ChainNames.ownedByProxy(chain)) {
                        names.add(chain);
                    }
                }
            }
            chains.put(table, names);
        }
        return chains;
    }
}
