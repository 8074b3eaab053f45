package dev.capstan.api.admission;

/** The admission operation, as upstream's {@code admission.Operation}. */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT
}
