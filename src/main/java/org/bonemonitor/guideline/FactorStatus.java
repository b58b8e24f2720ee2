package org.bonemonitor.guideline;

/** Present, absent, or unknown (unknown never counts, §0). */
public enum FactorStatus { PRESENT, ABSENT, UNKNOWN }
