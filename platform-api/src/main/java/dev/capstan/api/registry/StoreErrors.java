package dev.capstan.api.registry;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.store.CompactedException;
import dev.capstan.store.InvalidStoreRequestException;
import dev.capstan.store.KeyExistsException;
import dev.capstan.store.KeyNotFoundException;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.StoreException;
import dev.capstan.store.StoreUnavailableException;

/** Turns the store's failures into the API's: which Status each one is. */
final class StoreErrors {

    private StoreErrors() {
    }

    static ApiException translate(StoreException e, ResourceDefinition def, String name) {
        if (e instanceof KeyExistsException) {
            return ApiErrors.alreadyExists(def, name);
        }
        if (e instanceof KeyNotFoundException) {
            return ApiErrors.notFound(def, name);
        }
        if (e instanceof RevisionConflictException) {
            return ApiErrors.conflict(def, name);
        }
        if (e instanceof CompactedException c) {
            return ApiErrors.expired("too old resource version: " + c.getMessage());
        }
        if (e instanceof StoreUnavailableException) {
            return ApiErrors.unavailable("the storage backend is unavailable: " + e.getMessage());
        }
        if (e instanceof InvalidStoreRequestException) {
            return ApiErrors.badRequest(e.getMessage());
        }
        return ApiErrors.internal(e.getMessage());
    }
}
