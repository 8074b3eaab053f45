package dev.capstan.server.snapshot;

import dev.capstan.store.InvalidStoreRequestException;
import dev.capstan.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

/**
 * {@code capstan etcd-snapshot save|restore}, named and shaped after k3s' command. Exit codes: 0 done, 1 failed
 * (nothing changed unless the message says otherwise), 2 wrong flags.
 */
public final class SnapshotCommand {

    public static final String USAGE = """
            usage: capstan etcd-snapshot save [--data-dir DIR] [--etcd-servers URL[,URL...]] [--name NAME]
                                              [--snapshot-dir SNAPDIR]
                   capstan etcd-snapshot restore --snapshot FILE [--data-dir DIR] [--etcd-servers URL[,URL...]]
                                              [--snapshot-dir SNAPDIR]
              save     writes a consistent snapshot of the store (while the server runs) to
                       SNAPDIR/NAME-<unix seconds> (SNAPDIR defaults to DIR/snapshots, NAME to on-demand)
                       and prints its path
              restore  replaces the store's contents with FILE; the server on DIR must be stopped.
                       Embedded store: the old database is kept in DIR/db-old-<unix seconds>/.
                       etcd: the old keys are saved to SNAPDIR/pre-restore-<unix seconds> first.
            """;

    private SnapshotCommand() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Clock clock = Clock.systemUTC();
        try {
            if (args.isEmpty()) {
                throw new SnapshotOptions.UsageException("save or restore?");
            }
            if (args.get(0).equals("--help") || args.get(0).equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            SnapshotOptions options = SnapshotOptions.parse(args.subList(1, args.size()));
            switch (args.get(0)) {
                case "save" -> new SnapshotSave(clock, out, err).run(options);
                case "restore" -> restore(options, clock, err);
                default -> throw new SnapshotOptions.UsageException("unknown subcommand: " + args.get(0));
            }
            return 0;
        } catch (SnapshotOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (CommandFailure | DataDirLock.DataDirInUseException | InvalidStoreRequestException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (StoreException | IOException | IllegalStateException e) {
            err.println("error: " + e);
            return 1;
        }
    }

    private static void restore(SnapshotOptions options, Clock clock, PrintStream err) throws IOException {
        if (options.snapshot() == null) {
            throw new SnapshotOptions.UsageException("restore needs --snapshot FILE");
        }
        if (!Files.isRegularFile(options.snapshot())) {
            throw new CommandFailure("snapshot " + options.snapshot() + " does not exist or is not a file");
        }
        // held for the whole restore: a server starting meanwhile is refused instead of opening a half-swapped store
        try (DataDirLock lock = DataDirLock.acquire(options.dataDir())) {
            if (options.usesEtcd()) {
                new EtcdSnapshotRestore(clock, err).run(options, options.snapshot());
            } else {
                new EmbeddedSnapshotRestore(clock, err).run(options, options.snapshot());
            }
        }
    }
}
