package dev.capstan.store;

/** A running watch. Closing it stops the deliveries; closing twice is harmless. */
public interface Watch extends AutoCloseable {

    @Override
    void close();
}
