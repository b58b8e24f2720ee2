package org.bonemonitor.guideline;

/** Administrative gender as recorded (FHIR Patient.gender). */
public enum Gender { MALE, FEMALE, OTHER, UNKNOWN }
