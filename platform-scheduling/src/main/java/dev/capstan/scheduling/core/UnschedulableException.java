package dev.capstan.scheduling.core;

/** No node fits the pod in this cycle; carries the diagnosis. */
public final class UnschedulableException extends Exception {

    private final transient FitError fitError;

    public UnschedulableException(FitError fitError) {
        super(fitError.message(), null, false, false);
        this.fitError = fitError;
    }

    public FitError fitError() {
        return fitError;
    }
}
