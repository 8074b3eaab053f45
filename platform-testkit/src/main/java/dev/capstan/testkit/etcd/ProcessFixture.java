package dev.capstan.testkit.etcd;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fixture of real processes a test starts and closes: usable as a plain {@link AutoCloseable} or as a JUnit 5
 * extension ({@code @RegisterExtension static}: started before the class, closed after it).
 */
public interface ProcessFixture extends AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** Starts the processes and waits until they serve. */
    ProcessFixture start();

    /** Stops the processes and deletes what the fixture made. */
    @Override
    void close();

    @Override
    default void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    default void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts {@code fixture}, closing it again if it does not come up. */
    static <T extends ProcessFixture> T started(T fixture) {
        try {
            fixture.start();
            return fixture;
        } catch (RuntimeException e) {
            fixture.close();
            throw e;
        }
    }
}
