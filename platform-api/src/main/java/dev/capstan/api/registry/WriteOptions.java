package dev.capstan.api.registry;

/**
 * Options of a create or update.
 *
 * @param dryRun {@code dryRun=All}: run every step but the write
 * @param fieldManager the {@code fieldManager} parameter, or null (accepted; managed fields are not tracked yet)
 */
public record WriteOptions(boolean dryRun, String fieldManager) {

    public static WriteOptions defaults() {
        return new WriteOptions(false, null);
    }
}
