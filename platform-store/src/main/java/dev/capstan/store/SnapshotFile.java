package dev.capstan.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The portable backup format shared by every {@link Storage}: a gzip stream holding a header (magic, the
 * revision the snapshot was read at), one record per key (key, create and mod revision, value) and a trailer
 * (record count, CRC-32 of everything before it). A snapshot made from one implementation restores into the
 * other, which is also how a cluster moves from the embedded store to etcd.
 *
 * <p>Written by hand because it is 100 lines over {@code java.util.zip}; etcd's own snapshot format (a bbolt
 * file) cannot be read into SQLite, and SQLite's cannot be read into etcd.
 */
public final class SnapshotFile {

    private static final String MAGIC = "CAPSTAN-SNAPSHOT-1";
    private static final int PAGE = 500;

    private SnapshotFile() {
    }

    /**
     * Writes every key of {@code storage}, read page by page at one revision, to {@code file} (atomically: a
     * temporary file renamed into place).
     *
     * @return the revision of the snapshot
     */
    public static long write(Storage storage, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            long revision;
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(channel);
                GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(raw));
                CheckedOutputStream checked = new CheckedOutputStream(gzip, new CRC32());
                DataOutputStream out = new DataOutputStream(checked);
                ListResult page = storage.list("/", ListOptions.firstPage(PAGE));
                revision = page.revision();
                out.writeUTF(MAGIC);
                out.writeLong(revision);
                long count = 0;
                while (true) {
                    for (KeyValue kv : page.items()) {
                        writeRecord(out, kv);
                        count++;
                    }
                    if (!page.hasMore()) {
                        break;
                    }
                    page = storage.list("/", ListOptions.nextPage(PAGE, page.continueToken()));
                }
                out.writeInt(-1);
                out.writeLong(count);
                out.flush();
                new DataOutputStream(gzip).writeLong(checked.getChecksum().getValue());
                gzip.finish();
                gzip.flush();
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return revision;
        } catch (IOException e) {
            throw new StoreException("cannot write snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a snapshot, handing each key to {@code sink} in key order, and checks its trailer.
     *
     * @return the revision the snapshot was taken at
     * @throws InvalidStoreRequestException if the file is not a complete, intact snapshot
     */
    public static long read(Path file, Consumer<KeyValue> sink) {
        try (InputStream raw = Files.newInputStream(file)) {
            GZIPInputStream gzip = new GZIPInputStream(new BufferedInputStream(raw));
            CheckedInputStream checked = new CheckedInputStream(gzip, new CRC32());
            DataInputStream in = new DataInputStream(checked);
            if (!MAGIC.equals(in.readUTF())) {
                throw new InvalidStoreRequestException("not a Capstan snapshot: " + file);
            }
            long revision = in.readLong();
            long count = 0;
            int keyLength;
            while ((keyLength = in.readInt()) >= 0) {
                sink.accept(readRecord(in, keyLength));
                count++;
            }
            long expectedCount = in.readLong();
            long crc = checked.getChecksum().getValue();
            if (expectedCount != count || new DataInputStream(gzip).readLong() != crc) {
                throw new InvalidStoreRequestException("snapshot " + file + " is damaged (count or checksum mismatch)");
            }
            return revision;
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new InvalidStoreRequestException("snapshot " + file + " is truncated or not a snapshot");
        } catch (IOException e) {
            throw new StoreException("cannot read snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeRecord(DataOutputStream out, KeyValue kv) throws IOException {
        byte[] key = kv.key().getBytes(StandardCharsets.UTF_8);
        out.writeInt(key.length);
        out.write(key);
        out.writeLong(kv.createRevision());
        out.writeLong(kv.modRevision());
        out.writeInt(kv.value().length);
        out.write(kv.value());
    }

    private static KeyValue readRecord(DataInputStream in, int keyLength) throws IOException {
        if (keyLength > StorageLimits.MAX_KEY_LENGTH * 4) {
            throw new InvalidStoreRequestException("snapshot record has an impossible key length");
        }
        String key = new String(in.readNBytes(keyLength), StandardCharsets.UTF_8);
        long createRevision = in.readLong();
        long modRevision = in.readLong();
        int valueLength = in.readInt();
        if (valueLength < 0 || valueLength > StorageLimits.MAX_VALUE_BYTES) {
            throw new InvalidStoreRequestException("snapshot record has an impossible value length");
        }
        byte[] value = in.readNBytes(valueLength);
        if (value.length != valueLength) {
            throw new EOFException();
        }
        return new KeyValue(key, value, createRevision, modRevision);
    }
}
