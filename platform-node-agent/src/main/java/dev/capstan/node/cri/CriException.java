package dev.capstan.node.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A CRI call that failed: the rpc, the gRPC code and the runtime's message (what ends up in pod events). */
public final class CriException extends RuntimeException {

    private final Status.Code code;

    CriException(String rpc, StatusRuntimeException cause) {
        super(rpc + ": " + cause.getStatus().getCode() + ": " + cause.getStatus().getDescription(), cause);
        this.code = cause.getStatus().getCode();
    }

    public Status.Code code() {
        return code;
    }

    public boolean notFound() {
        return code == Status.Code.NOT_FOUND;
    }

    /** The runtime's own words, without the rpc and code prefix. */
    public String runtimeMessage() {
        Status status = ((StatusRuntimeException) getCause()).getStatus();
        return status.getDescription() == null ? status.getCode().toString() : status.getDescription();
    }
}
