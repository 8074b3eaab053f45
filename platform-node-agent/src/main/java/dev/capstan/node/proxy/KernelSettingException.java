package dev.capstan.node.proxy;

/** A kernel parameter could not be read or written; the message says which, where, and the likely cause. */
public class KernelSettingException extends RuntimeException {

    public KernelSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
