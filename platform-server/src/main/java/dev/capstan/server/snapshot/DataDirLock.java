package dev.capstan.server.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An operating-system lock on {@code DATA/server.lock}, held by a running server for its whole life. It is how
 * {@code capstan etcd-snapshot restore} knows the server is running (and how a second server on the same data
 * directory is refused). The kernel drops the lock when the process dies, even by SIGKILL, so it is never stale.
 */
public final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "server.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} (creating the directory if needed).
     *
     * @throws DataDirInUseException if another process, or another server in this one, holds it
     */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new DataDirInUseException(dataDir);
            }
            return new DataDirLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new DataDirInUseException(dataDir);
        } catch (DataDirInUseException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing held
            }
        }
    }

    /** A running server holds the data directory. */
    public static final class DataDirInUseException extends IllegalStateException {

        DataDirInUseException(Path dataDir) {
            super("a Capstan server is running on " + dataDir + " (it holds " + dataDir.resolve(FILE_NAME)
                    + "); stop it first");
        }
    }
}
