package dev.capstan.store;

/**
 * What the store accepts, checked before anything is written so that every implementation refuses the same
 * input the same way.
 */
public final class StorageLimits {

    /** etcd's default request limit ({@code --max-request-bytes}), 1.5 MiB. */
    public static final int MAX_VALUE_BYTES = 1536 * 1024;

    /** Longer keys are certainly a bug: Kubernetes names are at most 253 characters. */
    public static final int MAX_KEY_LENGTH = 1024;

    private StorageLimits() {
    }

    /**
     * Checks a key: it starts with '/', has no empty, '.' or '..' segment and no control character.
     *
     * @throws InvalidStoreRequestException if it does not
     */
    public static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidStoreRequestException("key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new InvalidStoreRequestException("key longer than " + MAX_KEY_LENGTH + " characters");
        }
        if (key.charAt(0) != '/' || key.endsWith("/")) {
            throw new InvalidStoreRequestException("key must start with '/' and not end with it: " + key);
        }
        checkSegments(key);
    }

    /** Checks a list or watch prefix: like a key, but it may end with '/'. */
    public static void checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.charAt(0) != '/') {
            throw new InvalidStoreRequestException("prefix must start with '/': " + prefix);
        }
        checkSegments(prefix.endsWith("/") && prefix.length() > 1 ? prefix.substring(0, prefix.length() - 1) : prefix);
    }

    /** Checks a value's size. */
    public static void checkValue(byte[] value) {
        if (value == null) {
            throw new InvalidStoreRequestException("value must not be null");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new InvalidStoreRequestException(
                    "value of " + value.length + " bytes is over the limit of " + MAX_VALUE_BYTES + " bytes");
        }
    }

    private static void checkSegments(String path) {
        if (path.equals("/")) {
            return;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidStoreRequestException("malformed key (empty, '.' or '..' segment): " + path);
            }
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new InvalidStoreRequestException("key contains a control character: " + path);
            }
        }
    }
}
