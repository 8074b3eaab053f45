package dev.capstan.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatchTypeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "application/json-patch+json|JSON",
            "application/merge-patch+json|MERGE",
            "application/strategic-merge-patch+json|STRATEGIC",
            "application/merge-patch+json; charset=utf-8|MERGE",
            "Application/JSON-Patch+JSON|JSON",
            "application/json|NONE",
            "application/apply-patch+yaml|NONE",
            "NONE|NONE"})
    void contentTypeSelectsThePatchTypeIgnoringParametersAndCase(String contentType, PatchType expected) {
        assertThat(PatchType.fromContentType(contentType)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest
    @CsvSource({"JSON,application/json-patch+json", "MERGE,application/merge-patch+json",
            "STRATEGIC,application/strategic-merge-patch+json"})
    void mediaTypeRoundTripsThroughFromContentType(PatchType type, String mediaType) {
        assertThat(type.mediaType()).isEqualTo(mediaType);
        assertThat(PatchType.fromContentType(type.mediaType())).contains(type);
    }
}
