package dev.capstan.node.proxy;

/** An iptables tool could not be run or rejected its input; the message carries the tool's stderr. */
public class IptablesException extends RuntimeException {

    public IptablesException(String message, Throwable cause) {
        super(message, cause);
    }
}
