package dev.capstan.api.encryption;

import java.nio.file.Path;

/** The encryption configuration cannot be used: the server does not start (upstream exits too). */
public final class InvalidEncryptionConfigException extends IllegalStateException {

    public InvalidEncryptionConfigException(Path file, String problem) {
        super("invalid encryption provider configuration " + file + ": " + problem);
    }
}
