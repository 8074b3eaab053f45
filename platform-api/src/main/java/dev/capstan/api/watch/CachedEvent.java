package dev.capstan.api.watch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One change as watchers receive it. The wire form — {@code {"type":"MODIFIED","object":{...}}} and a newline,
 * one per chunk of upstream's JSON watch stream — is built once, when the event enters the cache, and the same
 * bytes go to every watcher.
 *
 * @param type ADDED, MODIFIED or DELETED
 * @param current the object after the change (for DELETED: its last state, with the delete's resourceVersion)
 * @param previous the object before the change, or null
 * @param revision the store revision of the change
 * @param wire the event as sent
 */
record CachedEvent(String type, CachedObject current, CachedObject previous, long revision, byte[] wire) {

    static CachedEvent of(String type, CachedObject current, CachedObject previous, long revision) {
        return new CachedEvent(type, current, previous, revision, line(type, current.json()));
    }

    static byte[] line(String type, byte[] objectJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(objectJson.length + 32);
        out.writeBytes(("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(objectJson);
        out.writeBytes("}\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
