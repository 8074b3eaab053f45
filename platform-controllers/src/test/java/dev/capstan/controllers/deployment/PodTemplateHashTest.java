package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {

    @Test
    void theSameTemplateAlwaysHashesTheSame() {
        String first = PodTemplateHash.compute(Fixtures.template("nginx:1"), null);
        assertThat(PodTemplateHash.compute(Fixtures.template("nginx:1"), null)).isEqualTo(first);
        // Pinned: a change of hashing would rename every ReplicaSet and restart every pod on upgrade.
        assertThat(first).isEqualTo(PINNED);
        assertThat(first).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    }

    private static final String PINNED = "75f67448f4";

    @Test
    void aDifferentImageOrCollisionCountHashesDifferently() {
        String base = PodTemplateHash.compute(Fixtures.template("nginx:1"), null);
        assertThat(PodTemplateHash.compute(Fixtures.template("nginx:2"), null)).isNotEqualTo(base);
        assertThat(PodTemplateHash.compute(Fixtures.template("nginx:1"), 1)).isNotEqualTo(base);
        assertThat(PodTemplateHash.compute(Fixtures.template("nginx:1"), 2))
                .isNotEqualTo(PodTemplateHash.compute(Fixtures.template("nginx:1"), 1));
    }

    @Test
    void labelOrderAndEmptyFieldsDoNotMatter() {
        PodTemplateSpec a = new PodTemplateSpecBuilder(Fixtures.template("nginx:1")).editMetadata()
                .addToLabels("tier", "front").endMetadata().build();
        String json = "{\"metadata\":{\"labels\":{\"tier\":\"front\",\"app\":\"web\"},\"annotations\":{}},"
                + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1\",\"env\":[]}]}}";
        PodTemplateSpec b = Serialization.unmarshal(json, PodTemplateSpec.class);
        assertThat(PodTemplateHash.compute(b, null)).isEqualTo(PodTemplateHash.compute(a, null));
    }

    @Test
    void equalIgnoreHashIgnoresOnlyThePodTemplateHashLabel() {
        PodTemplateSpec withHash = new PodTemplateSpecBuilder(Fixtures.template("nginx:1")).editMetadata()
                .addToLabels(PodTemplateHash.LABEL, "abc").endMetadata().build();
        assertThat(PodTemplateHash.equalIgnoreHash(withHash, Fixtures.template("nginx:1"))).isTrue();
        assertThat(PodTemplateHash.equalIgnoreHash(withHash, Fixtures.template("nginx:2"))).isFalse();
    }

    @Test
    void safeEncodingMapsEachDigitToTheSafeAlphabet() {
        // '0' is byte 48: 48 % 27 = 21 -> '4'; '9' is 57: 57 % 27 = 3 -> 'f'.
        assertThat(PodTemplateHash.safeEncode("09")).isEqualTo("4f");
    }
}
