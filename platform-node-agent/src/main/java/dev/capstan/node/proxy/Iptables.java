package dev.capstan.node.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The iptables command-line tools, run as child processes, which is how kube-proxy drives iptables too (the
 * binaries own the kernel ABI and the nf_tables / legacy backend choice). Every call passes {@code -w} to wait for
 * the xtables lock instead of failing when another program (a CNI plugin, Docker) holds it.
 *
 * <p>Thread-safe; each method blocks until the command exits.
 */
public final class Iptables {

    /** The iptables tables Capstan writes to. */
    public enum Table {
        FILTER("filter"), NAT("nat");

        private final String tableName;

        Table(String tableName) {
            this.tableName = tableName;
        }

        public String tableName() {
            return tableName;
        }
    }

    private static final long TIMEOUT_SECONDS = 120;

    private final List<String> commandPrefix;

    /** Runs the tools in the agent's own network namespace. */
    public Iptables() {
        this(List.of());
    }

    /**
     * @param commandPrefix prepended to every command, e.g. {@code ip netns exec NAME} to program another network
     *                      namespace (tests use this to stay off the host's rules)
     */
    public Iptables(List<String> commandPrefix) {
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    /** {@code iptables -w -t table -C chain rule...}: whether the rule exists. */
    public boolean exists(Table table, String chain, List<String> rule) {
        return run(iptables(table, "-C", chain, rule), null).exitCode() == 0;
    }

    /** {@code iptables -w -t table -I chain rule...}: inserts the rule at the top of the chain. */
    public void insert(Table table, String chain, List<String> rule) {
        run(iptables(table, "-I", chain, rule), null).orThrow();
    }

    /** {@code iptables -w -t table -D chain rule...}; returns false when no such rule (or chain) exists. */
    public boolean delete(Table table, String chain, List<String> rule) {
        return run(iptables(table, "-D", chain, rule), null).exitCode() == 0;
    }

    /** {@code iptables-save -t table}: the table's current chains and rules. */
    public String save(Table table) {
        return run(command("iptables-save", "-t", table.tableName()), null).orThrow().stdout();
    }

    /**
     * {@code iptables-restore -w --noflush} with {@code input} on stdin: applies it as one transaction (all or
     * nothing); chains the input does not declare are left as they are.
     *
     * @throws IptablesException when the tool rejects the input; its message carries iptables' own error
     */
    public void restore(String input) {
        run(command("iptables-restore", "-w", "--noflush"), input).orThrow();
    }

    private List<String> iptables(Table table, String verb, String chain, List<String> rule) {
        List<String> args = command("iptables", "-w", "-t", table.tableName(), verb, chain);
        args.addAll(rule);
        return args;
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of(args));
        return command;
    }

    private Result run(List<String> command, String stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IptablesException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The tool exited early (e.g. a bad option); its exit code and stderr explain why.
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IptablesException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s", null);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IptablesException("interrupted while running " + String.join(" ", command), e);
        }
        return new Result(command, process.exitValue(), stdout.join(), stderr.join());
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(List<String> command, int exitCode, String stdout, String stderr) {
        Result orThrow() {
            if (exitCode != 0) {
                throw new IptablesException(String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip(), null);
            }
            return this;
        }
    }
}
