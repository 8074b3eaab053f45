package dev.capstan.store.metrics;

/**
 * Reads the resource out of a key for the {@code type} tag: the first segment after {@code /registry/}, or the
 * second when the first is an API group (it contains a dot, as upstream stores custom resources under
 * {@code /registry/<group>/<resource>/}). Anything else is tagged {@code "other"}, so a stray key cannot
 * blow up the number of series.
 */
final class ResourceTypes {

    private static final String ROOT = "/registry/";

    private ResourceTypes() {
    }

    static String ofKey(String key) {
        if (key == null || !key.startsWith(ROOT)) {
            return "other";
        }
        String[] segments = key.substring(ROOT.length()).split("/");
        if (segments.length == 0 || segments[0].isEmpty()) {
            return "other";
        }
        if (segments[0].contains(".") && segments.length > 1 && !segments[1].isEmpty()) {
            return segments[1];
        }
        return segments[0];
    }
}
