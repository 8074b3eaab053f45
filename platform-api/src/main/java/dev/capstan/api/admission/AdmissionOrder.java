package dev.capstan.api.admission;

/** Upstream's recommended plugin order, as {@link AdmissionPlugin#order()} values with room in between. */
public final class AdmissionOrder {

    public static final int NAMESPACE_LIFECYCLE = 100;
    public static final int LIMIT_RANGER = 200;
    public static final int SERVICE_ACCOUNT = 300;
    public static final int NODE_RESTRICTION = 400;
    public static final int TAINT_NODES_BY_CONDITION = 500;
    public static final int PRIORITY = 600;
    public static final int DEFAULT_TOLERATION_SECONDS = 700;
    public static final int POD_SECURITY = 800;
    public static final int CERTIFICATE_APPROVAL = 850;
    public static final int CERTIFICATE_SIGNING = 860;
    public static final int CERTIFICATE_SUBJECT_RESTRICTION = 870;
    public static final int MUTATING_ADMISSION_WEBHOOK = 900;
    public static final int VALIDATING_ADMISSION_WEBHOOK = 1000;
    public static final int RESOURCE_QUOTA = 1100;

    private AdmissionOrder() {
    }
}
