package org.bonemonitor.guideline;

import java.util.Optional;

/** A7 status of one lab with the reading it rests on. */
public record LabStatus<S extends Enum<S>>(S status, Optional<LabReading> reading) {

    public enum VitaminD { DEFICIENT, INSUFFICIENT, SUFFICIENT, UNKNOWN }

    public enum Calcium { LOW, NORMAL, UNKNOWN }

    public enum Renal { SEVERELY_REDUCED, REDUCED, NORMAL, UNKNOWN }
}
