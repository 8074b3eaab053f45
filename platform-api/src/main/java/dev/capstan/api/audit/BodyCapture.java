package dev.capstan.api.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * A copy of a body as it streams past, up to a limit: the original buffers go on untouched (nothing is held back,
 * so a streaming body is not delayed). A body over the limit is not kept: its event has no object, which is better
 * than an audit log that holds the server's memory.
 */
final class BodyCapture {

    static final int LIMIT = 3 * 1024 * 1024;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean overflow;

    synchronized DataBuffer copy(DataBuffer buffer) {
        int length = buffer.readableByteCount();
        if (overflow || bytes.size() + length > LIMIT) {
            overflow = true;
            bytes.reset();
            return buffer;
        }
        ByteBuffer copy = ByteBuffer.allocate(length);
        buffer.toByteBuffer(buffer.readPosition(), copy, 0, length);
        bytes.write(copy.array(), 0, length);
        return buffer;
    }

    /** The body, or null when it was too large or empty. */
    synchronized byte[] bytes() {
        return overflow || bytes.size() == 0 ? null : bytes.toByteArray();
    }
}
