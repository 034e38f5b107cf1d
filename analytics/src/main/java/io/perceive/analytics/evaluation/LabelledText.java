package io.perceive.analytics.evaluation;

/**
 * One human-labelled text.
 *
 * @param id identifier within its set
 * @param text the text
 * @param label negative, neutral or positive, or null where the set has no such label
 * @param intensity human sentiment intensity on the set's own scale, or null
 * @param dimension the competency dimension of its theme, "other" for a theme that maps to
 *     none, or null where the set has no themes
 * @param fitExcluded true where the label is known to be unreliable for fitting
 */
record LabelledText(
    String id, String text, String label, Double intensity, String dimension, boolean fitExcluded) {}
