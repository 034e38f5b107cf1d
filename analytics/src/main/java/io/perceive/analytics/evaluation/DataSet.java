package io.perceive.analytics.evaluation;

import java.util.List;

/**
 * A labelled set.
 *
 * @param name folder/file name
 * @param classes the label classes the set distinguishes (two for binary sets)
 * @param rows the rows
 * @param rejected rows whose label could not be read, with the reason
 */
record DataSet(String name, List<String> classes, List<LabelledText> rows, List<String> rejected) {}
