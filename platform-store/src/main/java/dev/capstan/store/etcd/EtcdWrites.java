package dev.capstan.store.etcd;

import dev.capstan.store.KeyExistsException;
import dev.capstan.store.KeyNotFoundException;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.Storage;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.List;

/**
 * The compare-and-swap writes of {@link EtcdStorage}, each one etcd transaction: {@code If(compare on the key's
 * create or mod revision) Then(write) Else(get)}. The Else branch reads the key in the same transaction, so a
 * failed compare tells "absent" from "changed" and carries the current value without a second round trip.
 *
 * <p>Arguments are already validated. Each write is sent once (see {@link EtcdCalls}); the revision returned is
 * the transaction's header revision, which for a successful write is the revision etcd gave it.
 */
final class EtcdWrites {

    private final EtcdConnection connection;
    private final EtcdCalls calls;

    EtcdWrites(EtcdConnection connection, EtcdCalls calls) {
        this.connection = connection;
        this.calls = calls;
    }

    /** Puts the key if it has no create revision (does not exist). */
    long create(String key, byte[] value) {
        ByteSequence k = EtcdKeys.key(key);
        TxnResponse response = calls.write("create " + key, () -> connection.kv().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, EtcdKeys.bytes(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            throw new KeyExistsException(key);
        }
        return response.getHeader().getRevision();
    }

    /** Puts the key if its mod revision is {@code expectedRevision}. */
    long update(String key, byte[] value, long expectedRevision) {
        ByteSequence k = EtcdKeys.key(key);
        // The create-revision guard keeps an expected revision of 0 from matching an absent key (and creating it).
        TxnResponse response = calls.write("update " + key, () -> connection.kv().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision)),
                        new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0)))
                .Then(Op.put(k, EtcdKeys.bytes(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        return outcome(key, expectedRevision, response);
    }

    /** Deletes the key if its mod revision is {@code expectedRevision}, or if it exists at all for ANY_REVISION. */
    long delete(String key, long expectedRevision) {
        ByteSequence k = EtcdKeys.key(key);
        Cmp condition = expectedRevision == Storage.ANY_REVISION
                ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0))
                : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision));
        TxnResponse response = calls.write("delete " + key, () -> connection.kv().txn()
                .If(condition)
                .Then(Op.delete(k, DeleteOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        return outcome(key, expectedRevision, response);
    }

    private static long outcome(String key, long expectedRevision, TxnResponse response) {
        if (response.isSucceeded()) {
            return response.getHeader().getRevision();
        }
        List<io.etcd.jetcd.KeyValue> current = response.getGetResponses().isEmpty()
                ? List.of()
                : response.getGetResponses().get(0).getKvs();
        if (current.isEmpty()) {
            throw new KeyNotFoundException(key);
        }
        throw new RevisionConflictException(key, expectedRevision, EtcdKeys.toKeyValue(current.get(0)));
    }
}
