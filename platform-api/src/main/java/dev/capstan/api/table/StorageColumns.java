package dev.capstan.api.table;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** PersistentVolume and PersistentVolumeClaim. */
final class StorageColumns {

    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    static final KindPrinter PERSISTENT_VOLUME = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Capacity", "string", "capacity is the description of the persistent volume's resources"
                    + " and capacity."),
            Column.of("Access Modes", "string", "accessModes contains all ways the volume can be mounted."),
            Column.of("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a"
                    + " persistent volume when released from its claim."),
            Column.of("Status", "string", "phase indicates if a volume is available, bound to a claim, or"
                    + " released by a claim."),
            Column.of("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume"
                    + " and PersistentVolumeClaim."),
            Column.of("StorageClass", "string", "StorageClass of the pv"),
            Column.of("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
            Column.of("Reason", "string", "reason is a brief CamelCase string that describes any failure and is"
                    + " meant for machine parsing and tidy display in the CLI."),
            Column.ageColumn(),
            Column.wide("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a"
                    + " formatted filesystem or to remain in raw block state.")),
            (o, now, cells) -> {
                JsonNode spec = o.path("spec");
                String claim = spec.path("claimRef").isObject()
                        ? Fields.str(spec, "claimRef", "namespace") + "/" + Fields.str(spec, "claimRef", "name")
                        : "";
                String phase = Fields.deleting(o) ? "Terminating" : Fields.str(o, "status", "phase");
                cells.add(Fields.name(o))
                        .add(Fields.str(spec, "capacity", "storage"))
                        .add(accessModes(spec.path("accessModes")))
                        .add(Fields.str(spec, "persistentVolumeReclaimPolicy"))
                        .add(phase)
                        .add(claim)
                        .add(storageClass(o))
                        .add(orUnset(Fields.strOrNull(spec, "volumeAttributesClassName")))
                        .add(Fields.str(o, "status", "reason"))
                        .add(Fields.age(o, now))
                        .add(orUnset(Fields.strOrNull(spec, "volumeMode")));
            });

    static final KindPrinter PERSISTENT_VOLUME_CLAIM = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
            Column.of("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing"
                    + " this claim."),
            Column.of("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
            Column.of("Access Modes", "string", "accessModes contains the actual access modes the volume backing"
                    + " the PVC has."),
            Column.of("StorageClass", "string", "StorageClass of the pvc"),
            Column.of("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
            Column.ageColumn(),
            Column.wide("VolumeMode", "string", "volumeMode defines what type of volume is required by the"
                    + " claim.")),
            (o, now, cells) -> {
                JsonNode spec = o.path("spec");
                String phase = Fields.deleting(o) ? "Terminating" : Fields.str(o, "status", "phase");
                String volume = Fields.str(spec, "volumeName");
                // Capacity and access modes are the bound volume's, so they stay empty until bound.
                boolean bound = !volume.isEmpty();
                cells.add(Fields.name(o))
                        .add(phase)
                        .add(volume)
                        .add(bound ? Fields.str(o, "status", "capacity", "storage") : "")
                        .add(bound ? accessModes(o.path("status").path("accessModes")) : "")
                        .add(storageClass(o))
                        .add(orUnset(Fields.strOrNull(spec, "volumeAttributesClassName")))
                        .add(Fields.age(o, now))
                        .add(orUnset(Fields.strOrNull(spec, "volumeMode")));
            });

    private StorageColumns() {
    }

    /** Upstream's GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, duplicates dropped. */
    static String accessModes(JsonNode modes) {
        Set<String> present = new LinkedHashSet<>();
        if (modes.isArray()) {
            modes.forEach(m -> present.add(m.asString("")));
        }
        StringBuilder out = new StringBuilder();
        String[][] abbreviations = {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"},
            {"ReadWriteOncePod", "RWOP"}};
        for (String[] a : abbreviations) {
            if (present.contains(a[0])) {
                out.append(out.isEmpty() ? "" : ",").append(a[1]);
            }
        }
        return out.toString();
    }

    /** The beta storage-class annotation wins over spec.storageClassName, as upstream's helpers read it. */
    private static String storageClass(JsonNode o) {
        JsonNode annotation = o.path("metadata").path("annotations").path(BETA_STORAGE_CLASS);
        if (annotation.isString()) {
            return annotation.stringValue();
        }
        return Fields.str(o, "spec", "storageClassName");
    }

    private static String orUnset(String s) {
        return s == null ? "<unset>" : s;
    }
}
