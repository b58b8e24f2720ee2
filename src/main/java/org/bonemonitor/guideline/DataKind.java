package org.bonemonitor.guideline;

/** Kinds of record that may be unobtainable (a CDS Hooks prefetch key that is null, §5 A8). */
public enum DataKind { CONDITIONS, MEDICATIONS }
